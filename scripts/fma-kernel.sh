# Sourced by build-web.sh, test.sh and bench.sh for the `fma` wasm build (pkg/fma/): compiles
# the GEMM microkernel alone, no_std, with relaxed SIMD (crate/tensor/simd_kernel_fma.rs)
# into target/fma/simd_kernel_fma.o and sets FMA_RUSTFLAGS, the flags that link it in. Apart
# because LLVM gives a wasm function's target features to its whole module (simd_kernel.rs).
# A script rather than a build.rs: a build script, even one doing nothing, changes the
# default build's symbol hashes and so its bytes. Use: RUSTFLAGS="$FMA_RUSTFLAGS" cargo …
# --features fma --target wasm32-unknown-unknown --target-dir target/fma.
mkdir -p target/fma
rustc --edition 2021 --crate-type lib --emit obj --target wasm32-unknown-unknown -C opt-level=3 \
  -C panic=abort -C target-feature=+simd128,+relaxed-simd -o target/fma/simd_kernel_fma.o crate/tensor/simd_kernel_fma.rs
# The default build's flags (.cargo/config.toml, which RUSTFLAGS replaces) plus the object.
FMA_RUSTFLAGS="-C target-feature=+simd128 -C link-arg=$PWD/target/fma/simd_kernel_fma.o"
