#!/usr/bin/env bash
# Runs every test: native unit and integration tests, wasm boundary tests in Node and in
# headless Chromium, the browser end-to-end tests of the served page, and their cross-engine
# subset in Chromium, Firefox and WebKit (tests/engines/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

echo "== native tests (cargo test, optimized)"
cargo test --release --features cli

echo "== wasm tests in Node (wasm-bindgen-test): boundary, SIMD GEMM, lib unit tests"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
cargo test --release --target wasm32-unknown-unknown --lib --test wasm_node --test wasm_gemm

echo "== the fma build's GEMM in Node: relaxed madd, fused (Node 20 runs relaxed SIMD behind a flag)"
if grep -qw fma /proc/cpuinfo; then
  source scripts/fma-kernel.sh
  NODE_ARGS=--experimental-wasm-relaxed-simd RUSTFLAGS="$FMA_RUSTFLAGS" \
    cargo test --release --target wasm32-unknown-unknown --features fma --target-dir target/fma --test wasm_gemm
else
  echo "skipped: this CPU has no FMA3 (V8 runs relaxed madd unfused; the page loads the plain build here)"
fi

echo "== wasm boundary tests in headless Chromium (wasm-bindgen-test + chromedriver)"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --release --target wasm32-unknown-unknown --test wasm_browser

cargo build --release --features cli --bin gradlab
echo "== gradlab grad against HIPS autograd (independent reverse mode, float64)"
.venv/bin/python tests/crosscheck/grad_vs_autograd.py target/release/gradlab

echo "== the sweep recipes: Ray (one task per cell, 2 local CPUs) merges to the local table"
bash tests/sweep/ray_sweep_test.sh

echo "== browser end-to-end tests (playwright-core + Debian chromium)"
bash scripts/build-web.sh
bash scripts/build-testing-core.sh
node --test tests/e2e/

echo "== the npm package: packed, installed in a scratch project, trained from Node and a plain page"
node --test tests/npm/

echo "== the Python package: wheel, API tests (pytest), the widget module in Node"
bash scripts/test-python.sh

echo "== cross-engine subset: Chromium, Firefox ESR (puppeteer-core, BiDi; and without relaxed SIMD), WebKitGTK (selenium, xvfb), WebKit again with LANG=C.UTF-8"
node --test tests/engines/
