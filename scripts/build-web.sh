#!/usr/bin/env bash
# Builds what the page loads: the core as wasm (pkg/, via wasm-bindgen --target web; and
# pkg/fma/gradlab_bg.wasm, the same core with fused multiply-add in GEMM)
# and the chart library copied from node_modules into www/vendor/ (served locally).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --target wasm32-unknown-unknown --lib --no-default-features # the digits are fetched when needed (www/digits.js)
# No name section: it is debug info (function names in a panic trace), 32 KB gzipped.
wasm-bindgen --target web --remove-name-section --out-dir pkg target/wasm32-unknown-unknown/release/gradlab.wasm
# The second core, GEMM with relaxed SIMD's fused multiply-add (the `fma` feature; the page
# loads it where the madd is fused, www/core-wasm.js), in its own target dir so neither build
# invalidates the other. wasm-bindgen's JS glue is the same for both (checked here), so only
# its .wasm ships, as pkg/fma/gradlab_bg.wasm, loaded through pkg/gradlab.js.
source scripts/fma-kernel.sh
RUSTFLAGS="$FMA_RUSTFLAGS" cargo build --release --target wasm32-unknown-unknown --lib --no-default-features --features fma --target-dir target/fma
wasm-bindgen --target web --remove-name-section --out-dir target/fma/pkg target/fma/wasm32-unknown-unknown/release/gradlab.wasm
cmp -s target/fma/pkg/gradlab.js pkg/gradlab.js || { echo "build-web: the fma build's JS glue differs from pkg/gradlab.js" >&2; exit 1; }
mkdir -p pkg/fma
cp target/fma/pkg/gradlab_bg.wasm pkg/fma/
mkdir -p www/vendor
# uPlot ships no minified ES module: its minified browser build (which defines `var uPlot`)
# plus an export line is one, 22 KB gzipped instead of 42 for the unminified uPlot.esm.js.
{ cat node_modules/uplot/dist/uPlot.iife.min.js; printf '\nexport default uPlot;\n'; } > www/vendor/uPlot.esm.js
cp node_modules/uplot/dist/uPlot.min.css www/vendor/
echo "build-web: pkg/ and www/vendor/ ready ($(du -k pkg/gradlab_bg.wasm | cut -f1) KiB wasm, fma build $(du -k pkg/fma/gradlab_bg.wasm | cut -f1) KiB)"
