#!/usr/bin/env bash
# The incremental re-crawl (issue 13) over loopback: a full crawl of a 3,000-page portal against
# re-checks of the unchanged portal, in requests and body bytes (from the JSON report's
# crawl.stats). Release build, rate limit lifted.
#   bash benches/incremental.sh [runs=8] [every=7]
# 1. Generates the portal (benches/gen_trs_portal.py: home, hub, 20 TRS-paginated columns,
#    2,850 articles of 15–40 KB) into a temporary folder and serves it with `gongkai serve`.
# 2. Through the command line: `gongkai check URL --format json` without a history (the full
#    crawl), then `gongkai check URL --db FILE --format json` twice (the first run fills the
#    history, the second re-checks). `--db` comes with the history store (branch
#    history-store); where this binary lacks it, that part is skipped with a note.
# 3. Through the library (examples/incremental_bench.rs): the full crawl fills an in-memory page
#    cache the way the store does, then `runs` successive re-checks print their requests and
#    bytes: run 2 and the steady state of the rolling re-verification (1/`every` of the articles
#    re-asked per run).
# Target (issue 13): a re-check makes at most 15 % of a full crawl's requests and receives at
# most 5 % of its bytes. Needs python3.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-8}
every=${2:-7}
work=$(mktemp -d)
trap 'kill ${server:-0} 2>/dev/null || true; rm -rf "$work"' EXIT
portal="$work/portal"
python3 benches/gen_trs_portal.py "$portal"
cargo build --release --quiet --bin gongkai --example incremental_bench
bin=target/release/gongkai
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve "$portal" --port "$port" 2>/dev/null &
server=$!
sleep 0.5
url="http://127.0.0.1:$port/"
echo "portal: $(find "$portal" -name '*.html' | wc -l) pages, $(du -sh --apparent-size "$portal" | cut -f1)"

check() { # output-file [extra flags…]
  local out=$1
  shift
  "$bin" check "$url" --rate 0 --concurrency 8 --max-pages 100000 --as-of 2025-12-01 \
    --format json --quiet --fail-on never -o "$out" "$@"
}
stats() { # label report [full-report]
  python3 - "$@" <<'PY'
import json, sys
label, path = sys.argv[1], sys.argv[2]
s = json.load(open(path))["crawl"]["stats"]
line = (f"{label:<24} {s['pages_fetched']:>5} pages, {s['requests']:>5} requests, {s.get('bytes', 0):>11} bytes, "
        f"{s.get('not_modified', 0):>5} not modified, {s.get('reused', 0):>5} reused, {s['elapsed_ms'] / 1000:.2f}s")
if len(sys.argv) > 3:
    f = json.load(open(sys.argv[3]))["crawl"]["stats"]
    line += (f"  → {100 * s['requests'] / f['requests']:.1f} % of the requests, "
             f"{100 * s.get('bytes', 0) / max(f.get('bytes', 0), 1):.2f} % of the bytes")
print(line)
PY
}

echo "== command line"
check "$work/full.json"
stats "full crawl" "$work/full.json"
if "$bin" check --help 2>&1 | grep -q -- '--db'; then
  check "$work/db1.json" --db "$work/history.db"
  stats "--db run 1 (fills)" "$work/db1.json" "$work/full.json"
  check "$work/db2.json" --db "$work/history.db"
  stats "--db run 2 (re-check)" "$work/db2.json" "$work/full.json"
else
  echo "(this build has no --db: the history store is on another branch; see the library figures below)"
fi

echo "== library, in-memory cache, $runs re-checks, every article re-verified every $every runs"
target/release/examples/incremental_bench "$url" "$runs" "$every"
