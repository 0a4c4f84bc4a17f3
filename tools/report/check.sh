#!/usr/bin/env bash
# Opens HTML reports in headless Chromium (Debian's `chromium`), as a person would, and fails unless
# every picture decoded, no script error happened, and the page has at least one picture.
# With --screenshot DIR, saves a PNG of each page there (REPORTNAME.png, or --name NAME for one report).
#
#   tools/report/check.sh runs/compare-rosenbrock/report.html
#   tools/report/check.sh --screenshot docs --name compare-function runs/compare-rosenbrock/report.html
set -euo pipefail
shots=
name=
while [ $# -gt 0 ]; do
  case "$1" in
    --screenshot) shots=$2; shift 2 ;;
    --name) name=$2; shift 2 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "usage: $0 [--screenshot DIR [--name NAME]] REPORT.html..." >&2; exit 2; }
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium is not installed: apt-get install chromium" >&2; exit 3; }
flags=(--headless=new --no-sandbox --disable-gpu --hide-scrollbars --allow-file-access-from-files
  --virtual-time-budget=5000 --user-data-dir="$(mktemp -d)")
status=0
for report in "$@"; do
  url="file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
  dom=$("$browser" "${flags[@]}" --dump-dom "$url" 2>/dev/null)
  images=$(printf '%s' "$dom" | grep -o 'data-images="[a-z]*"' | head -1 | cut -d'"' -f2)
  errors=$(printf '%s' "$dom" | grep -o 'data-errors="[0-9]*"' | head -1 | cut -d'"' -f2)
  count=$(printf '%s' "$dom" | grep -o '<img ' | wc -l)
  if [ "$images" = ok ] && [ "${errors:-1}" = 0 ] && [ "$count" -gt 0 ]; then
    echo "ok: $report ($count pictures decoded, no script errors)"
  else
    echo "FAILED: $report (pictures: ${images:-not checked}, $count of them; script errors: ${errors:-unknown})" >&2
    status=1
  fi
  if [ -n "$shots" ]; then
    mkdir -p "$shots"
    out="$(cd "$shots" && pwd)/${name:-$(basename "$(dirname "$report")")}.png"
    "$browser" "${flags[@]}" --window-size=1400,1800 --screenshot="$out" "$url" >/dev/null 2>&1
    echo "   screenshot: $out"
  fi
done
exit $status
