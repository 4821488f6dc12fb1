#!/usr/bin/env bash
# Crawl speed and peak memory on the bundled demo portal served from loopback, rate limit lifted.
#   bash benches/crawl_demo.sh [runs]
# Prints pages/s per run (from the report's own crawl stats) and the peak RSS of the check.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cargo build --release --quiet
bin=target/release/gongkai
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
$bin serve fixtures/demo-portal --port "$port" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null' EXIT
sleep 0.5
for i in $(seq "$runs"); do
  /usr/bin/time -f '%M' -o /tmp/gongkai-bench-rss "$bin" check "http://127.0.0.1:$port/" --rate 0 --concurrency 8 \
    --as-of 2025-12-01 --format json --quiet -o /tmp/gongkai-bench.json
  python3 - "$i" <<'PY'
import json, sys
r = json.load(open("/tmp/gongkai-bench.json"))
s = r["crawl"]["stats"]
pages = s["pages_fetched"] + s["pages_failed"]
secs = max(s["elapsed_ms"], 1) / 1000
rss = int(open("/tmp/gongkai-bench-rss").read().strip().splitlines()[-1])
print(f"run {sys.argv[1]}: {pages} pages in {secs:.3f}s = {pages/secs:.0f} pages/s, peak RSS {rss/1024:.1f} MiB")
PY
done
