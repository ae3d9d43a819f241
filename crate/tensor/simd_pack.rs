//! Packing for the wasm SIMD128 GEMM (simd_gemm.rs): copies a strip of W lanes (rows of A
//! or columns of B) over kc steps of k into a k-major panel, `dst[p·W + w] = src[w·sw + p·sk]`,
//! zero in lanes w ≥ width, so the microkernel always runs on full tiles.
//! Three cases: lanes contiguous (sw = 1: row-major B, a transposed view of A) are copied
//! as v128; k contiguous (sk = 1: row-major A, B = Wᵀ as the forward pass uses) is
//! transposed 4×4 in registers; anything else (and edges) goes element by element.

use core::arch::wasm32::*;

/// Packs `width` ≤ W lanes (W a multiple of 4) of kc steps each into `dst` (kc·W floats).
///
/// # Safety
/// `src + w·sw + p·sk` must be a valid f32 for w < width, p < kc; `dst` valid for kc·W.
#[inline(always)]
pub unsafe fn pack<const W: usize>(src: *const f32, sw: isize, sk: isize, width: usize, kc: usize, dst: *mut f32) {
    // SAFETY (whole body): every read is (w, p) with w < width, p < kc; every write is
    // below kc·W.
    unsafe {
        if width == W && sw == 1 {
            for p in 0..kc {
                let s = src.offset(p as isize * sk);
                for q in (0..W).step_by(4) {
                    v128_store(dst.add(p * W + q) as *mut v128, v128_load(s.add(q) as *const v128));
                }
            }
            return;
        }
        let mut p0 = 0;
        if width == W && sk == 1 {
            while p0 + 4 <= kc {
                for q in (0..W).step_by(4) {
                    let lane = |w: usize| v128_load(src.offset((q + w) as isize * sw + p0 as isize) as *const v128);
                    let t = transpose4(lane(0), lane(1), lane(2), lane(3));
                    for (dp, v) in t.into_iter().enumerate() {
                        v128_store(dst.add((p0 + dp) * W + q) as *mut v128, v);
                    }
                }
                p0 += 4;
            }
        }
        for p in p0..kc {
            for w in 0..W {
                *dst.add(p * W + w) = if w < width { *src.offset(w as isize * sw + p as isize * sk) } else { 0.0 };
            }
        }
    }
}

/// Rows r0..r3 → columns: out[j] = [r0[j], r1[j], r2[j], r3[j]].
#[inline(always)]
fn transpose4(r0: v128, r1: v128, r2: v128, r3: v128) -> [v128; 4] {
    let lo01 = i32x4_shuffle::<0, 4, 1, 5>(r0, r1);
    let lo23 = i32x4_shuffle::<0, 4, 1, 5>(r2, r3);
    let hi01 = i32x4_shuffle::<2, 6, 3, 7>(r0, r1);
    let hi23 = i32x4_shuffle::<2, 6, 3, 7>(r2, r3);
    [
        i32x4_shuffle::<0, 1, 4, 5>(lo01, lo23),
        i32x4_shuffle::<2, 3, 6, 7>(lo01, lo23),
        i32x4_shuffle::<0, 1, 4, 5>(hi01, hi23),
        i32x4_shuffle::<2, 3, 6, 7>(hi01, hi23),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// Every path (lane copy, 4×4 transpose, element by element) against the definition,
    /// with partial strips and kc not a multiple of 4. Run with `cargo test --target
    /// wasm32-unknown-unknown --lib` (wasm-bindgen-test-runner).
    #[wasm_bindgen_test]
    fn pack_matches_its_definition_on_every_path() {
        let src: Vec<f32> = (0..40 * 40).map(|i| i as f32).collect();
        for (sw, sk) in [(1, 40), (40, 1), (3, 41)] {
            for width in [8, 5, 4, 1] {
                for kc in [1, 4, 7, 13] {
                    let mut dst = vec![f32::NAN; kc * 8];
                    // SAFETY: (w, p) with w < 8, p < 13 stays below 7·41 + 13·41 < 1600.
                    unsafe { pack::<8>(src.as_ptr(), sw, sk, width, kc, dst.as_mut_ptr()) };
                    for p in 0..kc {
                        for w in 0..8 {
                            let want = if w < width { src[(w as isize * sw + p as isize * sk) as usize] } else { 0.0 };
                            assert_eq!(dst[p * 8 + w], want, "sw {sw} sk {sk} width {width} kc {kc} (p {p}, w {w})");
                        }
                    }
                }
            }
        }
    }
}
