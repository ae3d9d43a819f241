#!/usr/bin/env bash
# Writes site/: the static site bundle a course author copies to any static host, at any
# sub-path, with no server configuration. Every page (the six root .html), www/ (the pages'
# modules, the chart library in www/vendor/, the embed script www/embed.js), the wasm cores
# (pkg/, pkg/fma/, pkg/lite/, pkg/lite/fma/: only the .wasm and the JS glue), the playground's
# bundled page and worker (pkg/playground/) and data/digits.u8. Nothing else: no tests, sources, benchmark pages (bench/), .d.ts or README.
# All URLs in the pages are relative, so the bundle works under any path; a host that serves
# .wasm with a generic MIME type works too (the wasm-bindgen glue falls back from
# instantiateStreaming to WebAssembly.instantiate on the bytes; tests/e2e/site.test.mjs).
# Needs pkg/ and www/vendor/ (bash scripts/build-web.sh). OUT=dir to write elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-site}
for f in pkg/gradlab.js pkg/gradlab_bg.wasm pkg/fma/gradlab_bg.wasm pkg/lite/gradlab.js pkg/lite/gradlab_bg.wasm \
         pkg/lite/fma/gradlab_bg.wasm pkg/playground/main.js pkg/playground/worker.js \
         www/vendor/uPlot.esm.js www/vendor/uPlot.min.css data/digits.u8; do
  [ -f "$f" ] || { echo "build-site: $f is missing; run bash scripts/build-web.sh first" >&2; exit 1; }
done
rm -rf "$out"
mkdir -p "$out/data"
cp index.html optimizers.html forward.html simplicity.html compact.html dynamics.html docs.html "$out/"
# www/ as it is, minus its README (git-ignored leftovers such as editor or bench files
# are left out by copying only the page modules, styles and the vendored library).
( cd www && find . -type f \( -name '*.js' -o -name '*.css' -o -name '*.wgsl' \) ! -name '.*' ! -path ./shared/gpu/bench.js -print0 ) |
  while IFS= read -r -d '' f; do mkdir -p "$out/www/$(dirname "$f")"; cp "www/$f" "$out/www/$f"; done
for dir in pkg pkg/lite; do
  mkdir -p "$out/$dir/fma"
  cp "$dir/gradlab.js" "$dir/gradlab_bg.wasm" "$out/$dir/"
  cp "$dir/fma/gradlab_bg.wasm" "$out/$dir/fma/"
done
mkdir -p "$out/pkg/playground"
cp pkg/playground/main.js pkg/playground/worker.js "$out/pkg/playground/"
cp data/digits.u8 "$out/data/"
echo "build-site: $out/ ready ($(find "$out" -type f | wc -l) files, $(du -sk "$out" | cut -f1) KiB)"
