#!/usr/bin/env bash
# Takes the README's screenshots from the real site built from input/.
# Needs Chromium, python3 and a CJK font (Debian: sudo apt-get install -y chromium python3 fonts-noto-cjk).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=docs/screenshots
port=5099
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

# A plain static server (the preview server's live-reload stream would keep the page busy forever).
dotnet run --project src/Archive.Cli -- build --output "$work/output" --cache "$work/cache" --content "$work/content"
python3 -m http.server $port --bind 127.0.0.1 --directory "$work/output" > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 30); do curl -sf "http://127.0.0.1:$port/" > /dev/null && break; sleep 1; done

# A report with an outline, signature and provenance: the first 民政局 report in reports.json.
report=$(python3 -c "import json,sys; r=json.load(open('$work/output/reports.json')); print(next(x['id'] for x in r if x['department']=='民政局'))")

shot() { # name width height path
  "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/profile-$1" --hide-scrollbars \
    --window-size="$2,$3" --virtual-time-budget=5000 --screenshot="$out/$1.png" "http://127.0.0.1:$port/$4" > /dev/null 2>&1
}
shot home-desktop 1280 1100 ""
shot report-desktop 1280 1400 "reports/$report/"
shot department-desktop 1280 900 "department/%E8%B4%A2%E6%94%BF%E5%B1%80/"
shot search-desktop 1280 1000 "search/?q=%E8%80%81%E6%97%A7%E5%B0%8F%E5%8C%BA%E6%94%B9%E9%80%A0"
shot report-phone 390 1300 "reports/$report/"
shot search-phone 390 1300 "search/?q=%E6%9E%97%E9%95%BF%E5%88%B6"
ls -la "$out"/*.png
