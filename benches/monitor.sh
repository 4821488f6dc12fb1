#!/usr/bin/env bash
# `gongkai monitor` over a loopback portfolio: wall time and peak RSS of a whole night.
#   bash benches/monitor.sh [portals] [extra-documents] [concurrency]
# Builds one portal (the demo portal plus `extra-documents` generated 政策文件, default 500,
# about 700 pages), serves it `portals` times (default 20) with `gongkai serve`, each on its own
# port and so its own portal, writes a portfolio of them with a fresh SQLite history, and runs
# `gongkai monitor` under GNU time (`concurrency` portals at once, default 4; rate limit lifted).
# Prints the wall time, the peak RSS of the monitor process (the servers are separate
# processes) and the summary's tally. Needs python3 and GNU time (apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."
portals=${1:-20}
extra=${2:-500}
concurrency=${3:-4}
work=$(mktemp -d)
servers=()
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
python3 fixtures/tools/build_demo_portal.py --out "$work/portal" --extra "$extra" >/dev/null
cargo build --release --quiet
bin=target/release/gongkai
ports=$(python3 - "$portals" <<'PY'
import socket, sys
held = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); held.append(s)
print(" ".join(str(s.getsockname()[1]) for s in held))
PY
)
{
  echo 'db = "history.sqlite"'
  echo 'out = "reports"'
  echo "concurrency = $concurrency"
  echo 'rate = 0'
  echo 'max_pages = 100000'
  echo 'deadline = "20m"'
  echo 'requests = 8'
  i=0
  for port in $ports; do
    i=$((i + 1))
    "$bin" serve "$work/portal" --port "$port" 2>/dev/null &
    servers+=($!)
    printf '\n[[portal]]\nname = "网站%02d"\nurl = "http://127.0.0.1:%s/"\nunit = "单位%02d"\n' "$i" "$port" "$i"
  done
} > "$work/portfolio.toml"
sleep 1
echo "portfolio: $portals portals of $(find "$work/portal" -name '*.html' | wc -l) pages each, $concurrency at once"
status=0
/usr/bin/time -v -o "$work/time.txt" "$bin" monitor "$work/portfolio.toml" --as-of 2025-12-01 --quiet \
  > "$work/stdout.txt" || status=$?
cat "$work/stdout.txt"
wall=$(grep 'Elapsed (wall clock)' "$work/time.txt" | awk '{print $NF}')
rss=$(grep 'Maximum resident set size' "$work/time.txt" | awk '{print $NF}')
echo "exit code $status; wall time $wall; peak RSS $((rss / 1024)) MiB"
echo "history store: $(du -h "$work/history.sqlite" | cut -f1)"
