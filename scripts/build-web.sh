#!/usr/bin/env bash
# Builds what the page loads: the core as wasm (pkg/, via wasm-bindgen --target web)
# and the chart library copied from node_modules into www/vendor/ (served locally).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --target wasm32-unknown-unknown --lib
# No name section: it is debug info (function names in a panic trace), 32 KB gzipped.
wasm-bindgen --target web --remove-name-section --out-dir pkg target/wasm32-unknown-unknown/release/gradlab.wasm
mkdir -p www/vendor
cp node_modules/uplot/dist/uPlot.esm.js node_modules/uplot/dist/uPlot.min.css www/vendor/
echo "build-web: pkg/ and www/vendor/ ready ($(du -k pkg/gradlab_bg.wasm | cut -f1) KiB wasm)"
