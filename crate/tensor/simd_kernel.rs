// The wasm SIMD128 GEMM microkernel: the inner loop of simd_gemm.rs, which includes this
// file (`include!`, so it compiles exactly as when it was written there; MR and NR come
// from the includer). The `fma` build also compiles it alone, `no_std`, with
// `+relaxed-simd` (simd_kernel_fma.rs; scripts/fma-kernel.sh), where `madd` is
// `f32x4.relaxed_madd`. Why apart: LLVM gives a wasm function's target features to its
// whole module, and with relaxed-simd in the module LLVM 22 also turns pmax/pmin and
// vectorized f32::max/min elsewhere (the small-net lanes' clamp, optimizers, softmax) into
// relaxed_max/min, whose result for a NaN or ±0 the engine picks (x64 V8: maxps, which
// drops a NaN first operand). Compiled apart, relaxed SIMD changes this loop and nothing else.

/// The 4×8 product of an A panel (kc·4, k-major) and a B panel (kc·8, k-major): 8 v128
/// accumulators, row i in acc[i]. Per k: two loads of B, four broadcast loads of A, eight
/// multiply-adds (`madd`); 14 live v128, within V8's 15 allocatable XMM registers.
/// (Unrolling k by hand, or hiding the pointers from LLVM so the loads keep constant
/// offsets, measured slower in Chromium 156: V8 unrolls this loop itself.)
///
/// # Safety
/// `a` must be valid for kc·MR floats and `b` for kc·NR.
#[inline(always)]
unsafe fn kernel(kc: usize, a: *const f32, b: *const f32) -> [[v128; 2]; MR] {
    let zero = f32x4_splat(0.0);
    let mut acc = [[zero; 2]; MR];
    for p in 0..kc {
        // SAFETY: p < kc, within both panels.
        unsafe {
            let (a, b) = (a.add(p * MR), b.add(p * NR));
            let (b0, b1) = (v128_load(b as *const v128), v128_load(b.add(4) as *const v128));
            for (i, row) in acc.iter_mut().enumerate() {
                let ai = v128_load32_splat(a.add(i) as *const u32);
                row[0] = madd(ai, b0, row[0]);
                row[1] = madd(ai, b1, row[1]);
            }
        }
    }
    acc
}

/// a·b + c lane by lane: mul then add (two roundings), or with `+relaxed-simd`
/// `f32x4.relaxed_madd`, which V8 compiles to vfmadd231ps (one rounding) on CPUs with FMA3
/// and to mul + add on others. The page loads the build using it only where a probe shows it
/// fused (www/shared/core-wasm.js), so every machine that runs that build computes the same bits.
#[inline(always)]
fn madd(a: v128, b: v128, c: v128) -> v128 {
    #[cfg(target_feature = "relaxed-simd")]
    return f32x4_relaxed_madd(a, b, c);
    #[cfg(not(target_feature = "relaxed-simd"))]
    return f32x4_add(c, f32x4_mul(a, b));
}
