#!/usr/bin/env bash
# Builds what the page loads: the core as wasm (pkg/, via wasm-bindgen --target web; and
# pkg/fma/gradlab_bg.wasm, the same core with fused multiply-add in GEMM; the lite core in
# pkg/lite/ likewise), the chart library copied from node_modules into www/vendor/ (served
# locally), and the playground's page and worker each bundled into one module
# (pkg/playground/, scripts/bundle.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
source scripts/fma-kernel.sh
# core TARGET_DIR OUT [FEATURES]: one build of the core, its .wasm and JS glue into OUT.
core() {
  local dir=$1 out=$2 features=${3:-}
  cargo build --release --target wasm32-unknown-unknown --lib --no-default-features $features --target-dir "$dir"
  # No name section: it is debug info (function names in a panic trace), 32 KB gzipped.
  wasm-bindgen --target web --remove-name-section --out-dir "$out" "$dir/wasm32-unknown-unknown/release/gradlab.wasm"
  bash scripts/wasm-opt.sh "$out/gradlab_bg.wasm"
}
# The full core (every export; the digits are fetched when needed, www/shared/digits.js), and the
# lite core (pkg/lite/: the playground's first download, crate/train/lite.rs), each in two
# flavours: plain SIMD128, and GEMM with relaxed SIMD's fused multiply-add (the `fma`
# feature; the page loads it where the madd is fused, www/shared/core-wasm.js). Each build has its
# own target dir, so none invalidates another. The two flavours' JS glue is the same
# (checked here), so the fma build ships only its .wasm, under fma/, loaded through the glue.
core target pkg "--features full"
RUSTFLAGS="$FMA_RUSTFLAGS" core target/fma target/fma/pkg "--features full,fma"
core target/lite pkg/lite
RUSTFLAGS="$FMA_RUSTFLAGS" core target/lite-fma target/lite-fma/pkg "--features fma"
for pair in "target/fma/pkg pkg" "target/lite-fma/pkg pkg/lite"; do
  set -- $pair
  cmp -s "$1/gradlab.js" "$2/gradlab.js" || { echo "build-web: the fma build's JS glue differs from $2/gradlab.js" >&2; exit 1; }
  mkdir -p "$2/fma"
  cp "$1/gradlab_bg.wasm" "$2/fma/"
done
mkdir -p www/vendor
# uPlot ships no minified ES module: its minified browser build (which defines `var uPlot`)
# plus an export line is one, 22 KB gzipped instead of 42 for the unminified uPlot.esm.js.
# uPlot formats numbers with `new Intl.NumberFormat(navigator.language)` when it loads, which
# throws where the browser's language is no valid tag (WebKitGTK under LANG=C reports "C"), and
# the page would never start: the vendored copy falls back to "en-US" for a tag Intl rejects.
locale_check='new Intl.NumberFormat(_?k.language:"en-US")'
safe_locale='new Intl.NumberFormat(_\&\&(()=>{try{return Intl.NumberFormat.supportedLocalesOf(k.language).length>0}catch(e){return!1}})()?k.language:"en-US")'
grep -qF "$locale_check" node_modules/uplot/dist/uPlot.iife.min.js || { echo "build-web: uPlot's locale line changed; update the locale fallback" >&2; exit 1; }
{ sed "s/new Intl.NumberFormat(_?k.language:\"en-US\")/$safe_locale/" node_modules/uplot/dist/uPlot.iife.min.js; printf '\nexport default uPlot;\n'; } > www/vendor/uPlot.esm.js
cp node_modules/uplot/dist/uPlot.min.css www/vendor/
# The playground's first-visit modules, each bundled with its imports (pkg/playground/).
node scripts/bundle.mjs
echo "build-web: pkg/ and www/vendor/ ready ($(du -k pkg/gradlab_bg.wasm | cut -f1) KiB wasm, fma build $(du -k pkg/fma/gradlab_bg.wasm | cut -f1) KiB; lite core $(du -k pkg/lite/gradlab_bg.wasm | cut -f1) KiB)"
