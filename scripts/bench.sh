#!/usr/bin/env bash
# Benchmark (a command, not a test): training steps per second for the benchmark networks
# (crate/bench.rs), natively and as wasm (scalar, SIMD, and SIMD with fused multiply-add in
# GEMM: pkg/fma/, made by build-web.sh) in headless Chromium,
# beside a plain-JS MLP and TensorFlow.js (cpu, wasm, webgpu on SwiftShader); matmul GFLOP/s
# and each step against its FLOP limit; the playground page's frame times; race scaling
# over workers; shipped sizes; wasm against native (and native at wasm's vector width) in
# alternating windows. One run on this machine; prints the markdown tables of
# docs/BENCHMARKS.md (scripts/bench_report.py). About 8 minutes at 1 s per measurement with
# the builds up to date.
# Usage: bash scripts/bench.sh [seconds per measurement, default 2]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-2}
bash scripts/setup.sh >&2
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/build-web.sh >&2
# The scalar variant: same code without simd128, in its own target dir.
RUSTFLAGS="-C target-cpu=generic" cargo build --release --target wasm32-unknown-unknown --lib --target-dir target/scalar >&2
wasm-bindgen --target web --out-dir pkg/scalar target/scalar/wasm32-unknown-unknown/release/gradlab.wasm
bash scripts/wasm-opt.sh pkg/scalar/gradlab_bg.wasm # as the page's builds (build-web.sh)
cargo build --release --features cli --bin gradlab >&2
# Native at wasm's vector width: matrixmultiply reads MMTEST_FEATURE when compiled, and with
# sse2 it takes its 128-bit kernels (no AVX2, no FMA), in its own target dir.
MMTEST_FEATURE=sse2 cargo build --release --features cli --bin gradlab --target-dir target/native128 >&2
# The page's fma build as a package directory of its own (its JS glue is pkg/gradlab.js).
mkdir -p target/fma-pkg && cp pkg/gradlab.js target/fma-pkg/ && cp pkg/fma/gradlab_bg.wasm target/fma-pkg/

# Native runs before and after the browser's part and each native figure is the better of
# the two: native cannot take turns with the page, and this host has slow phases minutes
# long, which a single native run can fall into (it then flatters wasm / native).
# Then wasm against native in alternating windows (scripts/bench-ab.mjs), which holds up on
# such a host: both wasm builds against native and against native at wasm's vector width,
# training steps and matmul shapes.
alternating() {
  for wasm in "pkg wasm-simd" "target/fma-pkg wasm-fma"; do
    for native in "target/release/gradlab native" "target/native128/release/gradlab native-sse2"; do
      set -- $wasm $native
      GRADLAB_NATIVE=$3 BENCH_AB_JSON="$2,$4" node scripts/bench-ab.mjs "$1" native "$SECONDS_EACH"
    done
  done
}
results=$( { target/release/gradlab bench --seconds "$SECONDS_EACH"; node scripts/bench.mjs "$SECONDS_EACH"; target/release/gradlab bench --seconds "$SECONDS_EACH"; alternating; } )
echo "$results" > target/bench-results.jsonl # the raw lines, for a second look
echo "$results" | python3 scripts/bench_report.py
echo
bash scripts/size.sh
