//! C ← α·A·B + β·C for f32 on wasm SIMD128 (compiled only with `+simd128`): the Goto/BLIS
//! scheme. B is packed into panels of NR = 8 columns, A into panels of MR = 4 rows (both
//! k-major, zero-padded at the edges, see simd_pack.rs), and a 4×8 register-blocked
//! microkernel multiplies one A panel by one B panel over a k-block of at most KC.
//! Shapes: A (m, k), B (k, n), C (m, n), each with arbitrary strides (transposed views,
//! column slices); β = 0 overwrites C without reading it (NaN in C does not leak through).
//!
//! Why this and not matrixmultiply's simd128 kernel: theirs is 8×8, 16 accumulators plus
//! operands, more than the 15 XMM registers V8 allocates from on x64, so it spills, and it
//! splats with shuffles; it also allocates a packing buffer per call. Here 8 accumulators,
//! 2 B vectors and 4 A values splatted by `v128.load32_splat` (a broadcast load) fit in
//! registers, and the packing buffers live in a thread-local scratch that only grows.
//! Multiply-add: mul + add (same bits on every engine), or fused in the `fma` build (pkg/fma/,
//! simd_kernel.rs). Deterministic: the summation order depends on the shape only
//! (k in order within a block, blocks added to C in order).

use super::simd_pack::pack;
use core::arch::wasm32::*;
use std::cell::RefCell;

/// Microkernel rows (A values splatted per k).
const MR: usize = 4;
/// Microkernel columns (two v128 of B per k).
const NR: usize = 8;
/// k-block: an A panel (KC·MR) and a B panel (KC·NR, 8 KiB) stay in L1 during a kernel call.
const KC: usize = 256;
/// Rows of A packed at once (MC·KC·4 B = 64 KiB, in L2 while a B panel is in L1).
const MC: usize = 64;
/// Columns of B packed at once (KC·NC·4 B = 256 KiB, in L2).
const NC: usize = 256;

thread_local! {
    /// Packed panels of B then of A; grows to the largest product seen, never shrinks,
    /// so training steps allocate nothing after their first.
    static SCRATCH: RefCell<Vec<v128>> = const { RefCell::new(Vec::new()) };
}

/// A matrix operand: element (i, j) at `ptr + i·rows + j·cols` (strides in elements).
#[derive(Clone, Copy)]
pub struct Strided {
    pub ptr: *const f32,
    pub rows: isize,
    pub cols: isize,
}

/// C ← α·A·B + β·C with A (m, k), B (k, n) and C (m, n) given by pointer and strides.
///
/// # Safety
/// Every (i, p) of A with i < m, p < k, every (p, j) of B and every (i, j) of C must be a
/// valid f32 by its strides; C's elements must be distinct and overlap neither A nor B.
#[allow(clippy::too_many_arguments)]
pub unsafe fn gemm(m: usize, k: usize, n: usize, alpha: f32, a: Strided, b: Strided, beta: f32, c: *mut f32, rsc: isize, csc: isize) {
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        for i in 0..m as isize {
            for j in 0..n as isize {
                let o = unsafe { &mut *c.offset(i * rsc + j * csc) };
                *o = if beta == 0.0 { 0.0 } else { beta * *o };
            }
        }
        return;
    }
    let (kc_max, nc_max, mc_max) = (k.min(KC), round_up(n.min(NC), NR), round_up(m.min(MC), MR));
    SCRATCH.with(|scratch| {
        let mut scratch = scratch.borrow_mut();
        let need = (kc_max * (nc_max + mc_max)).div_ceil(4);
        if scratch.len() < need {
            scratch.resize(need, f32x4_splat(0.0));
        }
        let bp = scratch.as_mut_ptr() as *mut f32;
        // SAFETY: the scratch holds kc_max·nc_max floats for B's panels, then kc_max·mc_max for A's.
        let ap = unsafe { bp.add(kc_max * nc_max) };
        for jc in (0..n).step_by(NC) {
            let nc = NC.min(n - jc);
            for pc in (0..k).step_by(KC) {
                let kc = KC.min(k - pc);
                // Later k-blocks add to what the first one wrote.
                let beta = if pc == 0 { beta } else { 1.0 };
                for jr in (0..nc).step_by(NR) {
                    // SAFETY: B's panel (pc.., jc + jr..) within (k, n); destination within the scratch.
                    unsafe { pack::<NR>(b.at(pc, jc + jr), b.cols, b.rows, NR.min(nc - jr), kc, bp.add(jr * kc)) };
                }
                for ic in (0..m).step_by(MC) {
                    let mc = MC.min(m - ic);
                    for ir in (0..mc).step_by(MR) {
                        // SAFETY: as for B.
                        unsafe { pack::<MR>(a.at(ic + ir, pc), a.rows, a.cols, MR.min(mc - ir), kc, ap.add(ir * kc)) };
                    }
                    for jr in (0..nc).step_by(NR) {
                        for ir in (0..mc).step_by(MR) {
                            // SAFETY: packed panels of kc·MR and kc·NR floats; the C tile's
                            // corner (ic + ir, jc + jr) and its size are within (m, n).
                            unsafe {
                                let acc = kernel(kc, ap.add(ir * kc), bp.add(jr * kc));
                                let corner = c.offset((ic + ir) as isize * rsc + (jc + jr) as isize * csc);
                                store(acc, corner, rsc, csc, MR.min(mc - ir), NR.min(nc - jr), alpha, beta);
                            }
                        }
                    }
                }
            }
        }
    });
}

impl Strided {
    /// Pointer to element (i, j).
    unsafe fn at(&self, i: usize, j: usize) -> *const f32 {
        unsafe { self.ptr.offset(i as isize * self.rows + j as isize * self.cols) }
    }
}

fn round_up(x: usize, to: usize) -> usize {
    x.div_ceil(to) * to
}

// The microkernel, `kernel` (and its `madd`), is in a file of its own because the `fma` build
// compiles it apart, with relaxed SIMD (simd_kernel.rs says why), and calls that instead.
#[cfg(not(feature = "fma"))]
include!("simd_kernel.rs");

/// The `fma` build's kernel: simd_kernel.rs with relaxed madd, an object apart
/// (simd_kernel_fma.rs; scripts/fma-kernel.sh builds it and the flags that link it in); one
/// call per 4×8 tile of kc steps.
///
/// # Safety
/// `a` must be valid for kc·MR floats and `b` for kc·NR.
#[cfg(feature = "fma")]
#[inline(always)]
unsafe fn kernel(kc: usize, a: *const f32, b: *const f32) -> [[v128; 2]; MR] {
    extern "C" {
        fn gradlab_fma_kernel(kc: usize, a: *const f32, b: *const f32, out: *mut f32);
    }
    // The object is built from these files: this makes cargo rebuild, and relink, on a change.
    const _: [&str; 2] = [include_str!("simd_kernel.rs"), include_str!("simd_kernel_fma.rs")];
    let mut acc = core::mem::MaybeUninit::<[[v128; 2]; MR]>::uninit();
    // SAFETY: the caller's guarantee; `acc` is one tile, which the call writes whole.
    unsafe {
        gradlab_fma_kernel(kc, a, b, acc.as_mut_ptr().cast());
        acc.assume_init()
    }
}

/// Writes an accumulated tile to C: C ← α·acc + β·C on its first `rows` × `cols`, reading
/// C only when β ≠ 0.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn store(acc: [[v128; 2]; MR], c: *mut f32, rsc: isize, csc: isize, rows: usize, cols: usize, alpha: f32, beta: f32) {
    let scaled = |v: v128| if alpha == 1.0 { v } else { f32x4_mul(v, f32x4_splat(alpha)) };
    if rows == MR && cols == NR && csc == 1 {
        for (i, row) in acc.iter().enumerate() {
            for (h, &v) in row.iter().enumerate() {
                // SAFETY: a full tile of C with contiguous rows.
                unsafe {
                    let p = c.offset(i as isize * rsc).add(4 * h) as *mut v128;
                    let v = scaled(v);
                    let out = if beta == 0.0 {
                        v
                    } else if beta == 1.0 {
                        f32x4_add(v128_load(p), v)
                    } else {
                        f32x4_add(f32x4_mul(v128_load(p), f32x4_splat(beta)), v)
                    };
                    v128_store(p, out);
                }
            }
        }
        return;
    }
    // Edge tiles and C with non-contiguous rows: element by element, the same arithmetic.
    let mut tile = [0.0f32; MR * NR];
    for (i, row) in acc.iter().enumerate() {
        for (h, &v) in row.iter().enumerate() {
            // SAFETY: 4 floats at 8i + 4h within the 32-float tile.
            unsafe { v128_store(tile.as_mut_ptr().add(NR * i + 4 * h) as *mut v128, scaled(v)) };
        }
    }
    for i in 0..rows {
        for j in 0..cols {
            // SAFETY: (i, j) within the valid part of the tile.
            let o = unsafe { &mut *c.offset(i as isize * rsc + j as isize * csc) };
            let v = tile[NR * i + j];
            *o = if beta == 0.0 {
                v
            } else if beta == 1.0 {
                *o + v
            } else {
                *o * beta + v
            };
        }
    }
}
