#!/usr/bin/env bash
# Hostile servers against the release binary: wall seconds and peak RSS per scenario.
#   bash benches/hostile.sh [scenario ...]
# Each scenario (tests/hostile/scenarios.rs) is served on 127.0.0.1 by the ignored test
# `serve_for_benchmark`, with a second server on 127.0.0.2 that must see no request, and
# checked with `gongkai check URL --timeout T --retries R --rate 0`. Every scenario must end
# by itself within twice its configured timeouts, 2 x (R+1) x T seconds ("bound"), with peak
# RSS under 300 MB.
# Environment: HOSTILE_TIMEOUT (T, default 5), HOSTILE_RETRIES (R, default 1), GONGKAI_BIN
# (another build to measure), HOSTILE_ULIMIT_KB (cap the checker's virtual memory, for builds
# that would otherwise inflate a bomb whole). Needs python3 and GNU time (apt-get install time).
# A build that follows redirects by itself would request 169.254.169.254 in `off-host`: measure
# such a build with `off-host-loopback` instead (its metadata redirect stays on 127.0.0.2).
set -euo pipefail
cd "$(dirname "$0")/.."
timeout_s=${HOSTILE_TIMEOUT:-5}
retries=${HOSTILE_RETRIES:-1}
if [ $# -gt 0 ]; then
  scenarios=("$@")
else
  scenarios=(gzip-bomb 5xx-storm 429-storm drip hang encodings long-line meta-refresh
    redirects off-host robots-503 robots-404 attachments)
fi
cargo build --release --quiet
bin=${GONGKAI_BIN:-target/release/gongkai}
server_bin=$(cargo test --release --test hostile --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("executable") and m.get("target", {}).get("name") == "hostile":
        print(m["executable"])')
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
bound=$((2 * (retries + 1) * timeout_s))
echo "binary: $bin; --timeout $timeout_s --retries $retries; bound ${bound}s; RSS target 300 MB"
printf '%-17s %8s %10s %5s %9s  %s\n' scenario seconds "peak RSS" exit off-host "pages/errors, first failure"
for scenario in "${scenarios[@]}"; do
  rm -f "$work/url" "$work/hits" "$work/report.json"
  HOSTILE_SCENARIO=$scenario HOSTILE_URL_FILE=$work/url HOSTILE_HITS_FILE=$work/hits \
    HOSTILE_SECONDS=$((bound * 3 + 30)) \
    "$server_bin" --ignored --exact serve_for_benchmark --test-threads 1 >/dev/null 2>&1 &
  server=$!
  for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
  url=$(cat "$work/url")
  set +e
  (
    if [ -n "${HOSTILE_ULIMIT_KB:-}" ]; then ulimit -v "$HOSTILE_ULIMIT_KB"; fi
    exec /usr/bin/time -v -o "$work/time" "$bin" check "$url" --timeout "$timeout_s" \
      --retries "$retries" --rate 0 --quiet --fail-on never --format json -o "$work/report.json"
  ) 2>"$work/stderr"
  code=$?
  set -e
  sleep 1.2 # let the server write its off-host count once more
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=""
  python3 - "$scenario" "$code" "$work" <<'PY'
import json, os, sys
scenario, code, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
time = {}
for line in open(os.path.join(work, "time")):
    key, _, value = line.strip().rpartition(": ")
    time[key] = value
wall = time.get("Elapsed (wall clock) time (h:mm:ss or m:ss)", "0:0")
seconds = 0.0
for part in wall.split(":"):
    seconds = seconds * 60 + float(part)
rss = int(time.get("Maximum resident set size (kbytes)", "0")) / 1024
hits = open(os.path.join(work, "hits")).read().strip() if os.path.exists(os.path.join(work, "hits")) else "?"
note = ""
path = os.path.join(work, "report.json")
if os.path.exists(path) and os.path.getsize(path) > 0:
    report = json.load(open(path))
    crawl = report["crawl"]
    stats = crawl["stats"]
    first = crawl["errors"][0]["message"] if crawl["errors"] else (crawl["warnings"] or [""])[0]
    note = f'{stats["pages_fetched"]}/{stats["pages_failed"]} {first[:60]}'
else:
    lines = [l for l in open(os.path.join(work, "stderr")).read().splitlines() if l.strip()]
    note = "no report: " + (lines[-1][:90] if lines else "")
print(f"{scenario:<17} {seconds:8.1f} {rss:7.1f} MB {code:5d} {hits:>9}  {note}")
PY
done
