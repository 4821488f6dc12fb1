#!/usr/bin/env bash
# `gongkai probe` over a loopback portfolio: how long one round of home-page probes takes.
#   bash benches/probe.sh [portals] [servers] [concurrency]
# Writes `portals` home pages (default 1000) into one folder, one sub-folder each, serves the
# folder with `gongkai serve` on `servers` ports (default 4), writes a portfolio whose entries
# are the distinct URLs http://127.0.0.1:PORT/pNNNN/ (each its own portal), and runs
# `gongkai probe` once under GNU time with a fresh SQLite history (`concurrency` visits at
# once, default the command's 64). Prints the summary line, the wall time, the peak RSS and
# the probes recorded. GONGKAI_BIN=path uses that binary instead of a release build. Needs
# python3 and GNU time (apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."
portals=${1:-1000}
nservers=${2:-4}
concurrency=${3:-64}
work=$(mktemp -d)
servers=()
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
if [ -n "${GONGKAI_BIN:-}" ]; then
  bin=$GONGKAI_BIN
else
  cargo build --release --quiet
  bin=target/release/gongkai
fi
python3 - "$work" "$portals" "$nservers" <<'PY'
import os, socket, sys
work, portals, nservers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
held = []
for _ in range(nservers):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); held.append(s)
ports = [s.getsockname()[1] for s in held]
page = open("fixtures/rules/site-unreachable/pass/index.html", encoding="utf-8").read()
with open(os.path.join(work, "ports"), "w") as f:
    f.write(" ".join(map(str, ports)))
with open(os.path.join(work, "portfolio.toml"), "w", encoding="utf-8") as f:
    f.write('db = "history.sqlite"\n')
    for i in range(1, portals + 1):
        folder = os.path.join(work, "site", f"p{i:04d}")
        os.makedirs(folder)
        with open(os.path.join(folder, "index.html"), "w", encoding="utf-8") as page_file:
            page_file.write(page)
        port = ports[i % nservers]
        f.write(f'\n[[portal]]\nname = "网站{i:04d}"\nurl = "http://127.0.0.1:{port}/p{i:04d}/"\n')
PY
for port in $(cat "$work/ports"); do
  "$bin" serve "$work/site" --port "$port" 2>/dev/null &
  servers+=($!)
done
sleep 1
echo "portfolio: $portals portals on $nservers loopback servers, $concurrency visits at once"
status=0
/usr/bin/time -v -o "$work/time.txt" "$bin" probe "$work/portfolio.toml" --concurrency "$concurrency" \
  > "$work/stdout.txt" || status=$?
tail -n 1 "$work/stdout.txt"
wall=$(grep 'Elapsed (wall clock)' "$work/time.txt" | awk '{print $NF}')
rss=$(grep 'Maximum resident set size' "$work/time.txt" | awk '{print $NF}')
echo "exit code $status; wall time $wall; peak RSS $((rss / 1024)) MiB"
echo "probes recorded: $(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from probes').fetchone()[0])" "$work/history.sqlite")"
