#!/usr/bin/env bash
# Shipped size of the page: the wasm core, its JS glue, our ES modules, CSS and the chart
# library, raw and gzipped (gzip -9), as a markdown table. Run after scripts/build-web.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
row() { # name, files…
  local name=$1; shift
  local raw gz
  raw=$(cat "$@" | wc -c)
  gz=$(cat "$@" | gzip -9 | wc -c)
  printf "| %s | %s | %s |\n" "$name" "$raw" "$gz"
}
echo "| part | bytes | gzipped |"
echo "|---|---:|---:|"
row "wasm core (pkg/gradlab_bg.wasm)" pkg/gradlab_bg.wasm
row "wasm-bindgen JS glue (pkg/gradlab.js)" pkg/gradlab.js
mapfile -t ours < <(ls www/*.js | grep -v '/bench.js$')
row "our ES modules (www/*.js, ${#ours[@]} files)" "${ours[@]}"
row "CSS (www/style.css)" www/style.css
row "chart library (uPlot, www/vendor)" www/vendor/uPlot.esm.js www/vendor/uPlot.min.css
row "all of the above" pkg/gradlab_bg.wasm pkg/gradlab.js "${ours[@]}" www/style.css www/vendor/uPlot.esm.js www/vendor/uPlot.min.css
