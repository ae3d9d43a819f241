//! The `fma` build's microkernel as an object of its own (scripts/fma-kernel.sh compiles this file
//! alone, `no_std`, with `+simd128,+relaxed-simd`; the `fma` build links it in): simd_kernel.rs's
//! `kernel` with relaxed madd, behind one C-ABI function that simd_gemm.rs calls once per
//! 4×8 tile. Everything in it inlines, so the object needs nothing from core at link time.
#![no_std]

use core::arch::wasm32::*;

/// As in simd_gemm.rs, which reads the tiles this writes (tests/wasm_gemm.rs, run on this
/// build by scripts/test.sh, would fail on a mismatch).
const MR: usize = 4;
const NR: usize = 8;

include!("simd_kernel.rs");

/// Writes `kernel(kc, a, b)` to `out` (as 32 floats: a v128 is not FFI-safe).
///
/// # Safety
/// As `kernel`, and `out` valid for 32 floats, 16-byte aligned.
#[no_mangle]
pub unsafe extern "C" fn gradlab_fma_kernel(kc: usize, a: *const f32, b: *const f32, out: *mut f32) {
    unsafe { out.cast::<[[v128; 2]; MR]>().write(kernel(kc, a, b)) }
}
