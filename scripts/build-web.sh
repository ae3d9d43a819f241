#!/usr/bin/env bash
# Builds what the page loads: the core as wasm (pkg/, via wasm-bindgen --target web)
# and the chart library copied from node_modules into www/vendor/ (served locally).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --target wasm32-unknown-unknown --lib --no-default-features # the digits are fetched when needed (www/digits.js)
# No name section: it is debug info (function names in a panic trace), 32 KB gzipped.
wasm-bindgen --target web --remove-name-section --out-dir pkg target/wasm32-unknown-unknown/release/gradlab.wasm
mkdir -p www/vendor
# uPlot ships no minified ES module: its minified browser build (which defines `var uPlot`)
# plus an export line is one, 22 KB gzipped instead of 42 for the unminified uPlot.esm.js.
{ cat node_modules/uplot/dist/uPlot.iife.min.js; printf '\nexport default uPlot;\n'; } > www/vendor/uPlot.esm.js
cp node_modules/uplot/dist/uPlot.min.css www/vendor/
echo "build-web: pkg/ and www/vendor/ ready ($(du -k pkg/gradlab_bg.wasm | cut -f1) KiB wasm)"
