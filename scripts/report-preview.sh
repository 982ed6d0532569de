#!/usr/bin/env bash
# Renders `ticketd report --format html` to a PNG with headless Chromium, to look at the page as a
# person would: scripts/report-preview.sh [OUT.png] [report options...] (uses $TICKETD_CONFIG).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-report.png}
shift || true
command -v chromium >/dev/null || apt-get install -y -q chromium >/dev/null
bin=$(swift build --show-bin-path)
page=$(mktemp --suffix=.html)
trap 'rm -f "$page"' EXIT
"$bin/ticketd" report --format html --output "$page" "$@"
chromium --headless --no-sandbox --disable-gpu --window-size=800,1400 --screenshot="$out" "file://$page" 2>/dev/null
echo "wrote $out"
