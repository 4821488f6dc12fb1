#!/usr/bin/env bash
# Crawl speed and peak memory over loopback, rate limit lifted, release build.
#   bash benches/crawl_demo.sh [runs] [extra-documents]
# Builds a large portal (the demo portal plus `extra-documents` generated 政策文件, default 3000,
# in TRS-paginated lists), serves it with `gongkai serve`, crawls and checks it `runs` times
# (default 3), and prints pages/s (from the report's own crawl stats) and peak RSS of each run.
# Needs python3 and GNU time (apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
extra=${2:-3000}
portal=$(mktemp -d)
trap 'rm -rf "$portal"; if [ -n "${server:-}" ]; then kill "$server" 2>/dev/null || true; fi' EXIT
python3 fixtures/tools/build_demo_portal.py --out "$portal" --extra "$extra"
cargo build --release --quiet
bin=target/release/gongkai
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
$bin serve "$portal" --port "$port" 2>/dev/null &
server=$!
sleep 0.5
echo "portal: $(find "$portal" -name '*.html' | wc -l) pages"
for i in $(seq "$runs"); do
  /usr/bin/time -f '%M %e' -o /tmp/gongkai-bench-time "$bin" check "http://127.0.0.1:$port/" --rate 0 --concurrency 8 \
    --max-pages 100000 --as-of 2025-12-01 --format json --quiet --fail-on never -o /tmp/gongkai-bench.json
  python3 - "$i" <<'PY'
import json, sys
r = json.load(open("/tmp/gongkai-bench.json"))
s = r["crawl"]["stats"]
pages = s["pages_fetched"] + s["pages_failed"]
secs = max(s["elapsed_ms"], 1) / 1000
rss, wall = open("/tmp/gongkai-bench-time").read().split()[-2:]
print(f"run {sys.argv[1]}: {pages} pages crawled in {secs:.2f}s = {pages/secs:.0f} pages/s; "
      f"whole check {float(wall):.2f}s; peak RSS {int(rss)/1024:.1f} MiB; {len(r['findings'])} findings")
PY
done
