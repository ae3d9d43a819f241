#!/usr/bin/env bash
# The core the tests load where they need test-only exports (crate/wasm/testing.rs: the CPU
# loss and gradient on given rows, which tests/e2e/pages/gpu-kernels.js checks the WebGPU
# kernels against): the full core with the `testing` feature, into pkg/testing/. The
# product cores (scripts/build-web.sh) lack those exports. Same target dir as the full core:
# only the crate itself is compiled again, and cargo keeps both builds' artifacts.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --target wasm32-unknown-unknown --lib --no-default-features --features full,testing
wasm-bindgen --target web --out-dir pkg/testing target/wasm32-unknown-unknown/release/gradlab.wasm
echo "build-testing-core: pkg/testing/ ready"
