#!/usr/bin/env bash
# Hostile inputs (issue 12), release build: each scenario is a saved mirror holding one
# generated page, checked end to end with `gongkai check`; prints scenario, seconds and peak
# RSS. A run that does not end within the time limit is killed and shown as such.
#   bash benches/bounded.sh [binary] [time-limit-seconds]
# With no binary, builds and uses target/release/gongkai. Needs python3 and GNU time
# (apt-get install -y time).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
limit=${2:-120}
if [ -z "$bin" ]; then
  cargo build --release --quiet
  bin=target/release/gongkai
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import os, sys
root = sys.argv[1]
def page(name, html):
    os.makedirs(os.path.join(root, name), exist_ok=True)
    with open(os.path.join(root, name, "index.html"), "w", encoding="utf-8") as f:
        f.write(html)
head = '<html><head><meta name="SiteDomain" content="bench.gov.cn"><meta name="ColumnName" content="政策文件"></head><body>'
links = "".join(
    f'<a href="./2024{k%12+1:02d}/t2024{k%12+1:02d}{k%28+1:02d}_{k}.html">关于第{k}号文件的通知</a> 2024-{k%12+1:02d}-{k%28+1:02d}<br>'
    for k in range(20000))
page("links-20000", head + '<div class="list">' + links + "</div></body></html>")
page("tables-10000", head + "<table><tr><td>" * 10000 + "深处" + "</td></tr></table>" * 10000 + "</body></html>")
page("divs-200000", head + "<div>" * 200000 + '<a href="/deep.html">最深处的链接</a>' + "</div>" * 200000 + "</body></html>")
page("trs-999999", head + '<ul><li><a href="./202405/t20240510_1.html">关于印发办法的通知</a><span>2024-05-10</span></li></ul>'
     '<script>createPageHTML(999999, 0, "index", "html");</script></body></html>')
PY
printf '%-28s %10s %14s\n' scenario seconds "peak RSS MiB"
for scenario in links-20000 tables-10000 divs-200000 trs-999999; do
  status=0
  /usr/bin/time -f '%e %M' -o "$work/time" timeout -s KILL "$limit" "$bin" check "$work/$scenario" \
    --site-url http://bench.gov.cn/ --as-of 2025-12-01 --format json --quiet --fail-on never \
    -o "$work/$scenario.json" >/dev/null 2>"$work/$scenario.err" || status=$?
  read -r secs rss < <(tail -n 1 "$work/time")
  note=""
  if [ "$status" -ne 0 ]; then
    note="  (exit $status$( [ "$status" -eq 137 ] && echo ": killed after ${limit}s" ))"
  fi
  printf '%-28s %10s %14.1f%s\n' "$scenario" "$secs" "$(echo "$rss / 1024" | bc -l)" "$note"
done
