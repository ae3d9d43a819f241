//! C ← α·A·B + β·C for f32 matrices: every matmul of the training loop goes through here.
//! Small products, the Playground's nets, run a direct loop that packs and allocates
//! nothing. Larger ones go, in the wasm SIMD128 build, to our own packed kernel
//! (simd_gemm.rs, which allocates only when its scratch grows), and natively to ndarray's
//! `general_mat_mul` (matrixmultiply's FMA kernels, which allocate one packing buffer per
//! call). Thresholds: docs/BENCHMARKS.md.

use ndarray::{ArrayBase, Data, DataMut, Ix2};

/// Products of at most this many multiply-adds (m·k·n) take the direct loop (natively).
pub const SMALL: usize = 16 * 1024;

/// In the wasm SIMD128 build, products above this many multiply-adds take the packed
/// kernel: measured in Chromium 156 it beats the direct loop 1.5–4× from 8×4×8 up
/// (2.6× at 32×16×32), and loses below about 5×5×5 and on a single row of A
/// (1×64×64: the direct loop's vectorized row update is 2× faster; docs/BENCHMARKS.md).
pub const SIMD_MIN: usize = 256;

pub fn gemm<S1, S2, S3>(alpha: f32, a: &ArrayBase<S1, Ix2>, b: &ArrayBase<S2, Ix2>, beta: f32, c: &mut ArrayBase<S3, Ix2>)
where
    S1: Data<Elem = f32>,
    S2: Data<Elem = f32>,
    S3: DataMut<Elem = f32>,
{
    let (m, k, n) = shapes(a.dim(), b.dim(), c.dim());
    // The direct loop needs non-negative strides and C's rows contiguous (a column slice
    // of a wider buffer is fine).
    let fits = a.strides().iter().chain(b.strides()).all(|&s| s >= 0) && (c.strides()[1] == 1 || n == 1) && c.strides()[0] >= 0;
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    if !(fits && (m * k * n <= SIMD_MIN || m == 1 && b.strides()[1] == 1)) {
        return gemm_simd128(alpha, a, b, beta, c);
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    if !(fits && m * k * n <= SMALL) {
        return ndarray::linalg::general_mat_mul(alpha, a, b, beta, c);
    }
    let c0 = c.strides()[0] as usize;
    let c_ptr = c.as_mut_ptr();
    let (a0, a1) = (a.strides()[0] as usize, a.strides()[1] as usize);
    let (b0, b1) = (b.strides()[0] as usize, b.strides()[1] as usize);
    // SAFETY: every offset below addresses an element of the view it is taken from
    // ((i, p) of A with i < m, p < k; (p, j) of B with p < k, j < n), by its strides.
    let at = |i: usize, p: usize| unsafe { *a.as_ptr().add(i * a0 + p * a1) };
    for i in 0..m {
        // SAFETY: row i of C, n contiguous elements; rows do not overlap (c0 ≥ n) and
        // nothing else borrows C while this slice lives.
        let row = unsafe { std::slice::from_raw_parts_mut(c_ptr.add(i * c0), n) };
        if beta == 0.0 {
            row.fill(0.0);
        } else if beta != 1.0 {
            row.iter_mut().for_each(|v| *v *= beta);
        }
        if b1 == 1 || n == 1 {
            // Rows of B contiguous: C[i, :] += α A[i, p] · B[p, :].
            for p in 0..k {
                let s = alpha * at(i, p);
                // SAFETY: row p of B, n contiguous elements (stride 1, or a single one).
                let b_row = unsafe { std::slice::from_raw_parts(b.as_ptr().add(p * b0), n) };
                row.iter_mut().zip(b_row).for_each(|(o, &v)| *o += s * v);
            }
        } else {
            // B = Wᵀ (columns contiguous when W is row-major): C[i, j] += α ⟨A[i, :], B[:, j]⟩.
            for (j, o) in row.iter_mut().enumerate() {
                let mut dot = 0.0f32;
                for p in 0..k {
                    // SAFETY: (p, j) of B.
                    dot += at(i, p) * unsafe { *b.as_ptr().add(p * b0 + j * b1) };
                }
                *o += alpha * dot;
            }
        }
    }
}

/// The wasm SIMD128 kernel on any views (any strides, transposed or sliced), whatever the
/// size: what `gemm` calls for large products, public so tests can call it on small ones.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub fn gemm_simd128<S1, S2, S3>(alpha: f32, a: &ArrayBase<S1, Ix2>, b: &ArrayBase<S2, Ix2>, beta: f32, c: &mut ArrayBase<S3, Ix2>)
where
    S1: Data<Elem = f32>,
    S2: Data<Elem = f32>,
    S3: DataMut<Elem = f32>,
{
    use super::simd_gemm::{gemm, Strided};
    let (m, k, n) = shapes(a.dim(), b.dim(), c.dim());
    let view = |ptr, s: &[isize]| Strided { ptr, rows: s[0], cols: s[1] };
    let (a, b) = (view(a.as_ptr(), a.strides()), view(b.as_ptr(), b.strides()));
    let (rsc, csc) = (c.strides()[0], c.strides()[1]);
    // SAFETY: the views' pointers and strides address exactly their elements, and C is a
    // unique borrow (its elements are distinct: a mutable view cannot broadcast).
    unsafe { gemm(m, k, n, alpha, a, b, beta, c.as_mut_ptr(), rsc, csc) }
}

/// (m, k, n) of C (m, n) = A (m, k) · B (k, n); panics naming the shapes when they do not chain.
fn shapes((m, k): (usize, usize), (k2, n): (usize, usize), c: (usize, usize)) -> (usize, usize, usize) {
    assert!(k == k2 && c == (m, n), "matmul shapes ({m}, {k}) × ({k2}, {n}) → {c:?}");
    (m, k, n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tensor::Rng;
    use ndarray::Array2;

    fn random(rows: usize, cols: usize, rng: &mut Rng) -> Array2<f32> {
        Array2::from_shape_fn((rows, cols), |_| rng.uniform(-1.0, 1.0) as f32)
    }

    /// Column-sliced views (forward mode reads part of a wider buffer) take the direct loop too.
    #[test]
    fn sliced_views_match_a_triple_loop() {
        let mut rng = Rng::new(5);
        let wide = random(6, 9, &mut rng);
        let h = wide.slice(ndarray::s![.., ..4]);
        let w = random(3, 4, &mut rng);
        let mut out = Array2::from_elem((6, 5), 7.0f32);
        let mut c = out.slice_mut(ndarray::s![.., ..3]);
        gemm(1.0, &h, &w.t(), 0.0, &mut c);
        for i in 0..6 {
            for j in 0..3 {
                let want: f32 = (0..4).map(|p| h[[i, p]] * w[[j, p]]).sum();
                assert!((out[[i, j]] - want).abs() < 1e-5);
            }
            assert_eq!((out[[i, 3]], out[[i, 4]]), (7.0, 7.0), "columns outside the slice are untouched");
        }
    }

    /// Both paths, every transposition the training loop uses, against a plain triple loop.
    #[test]
    fn matches_a_triple_loop_for_every_layout() {
        let mut rng = Rng::new(3);
        for &(m, k, n) in &[(1, 1, 1), (10, 2, 4), (10, 4, 1), (7, 13, 5), (64, 64, 10), (30, 40, 50)] {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                let a = if ta { random(k, m, &mut rng) } else { random(m, k, &mut rng) };
                let b = if tb { random(n, k, &mut rng) } else { random(k, n, &mut rng) };
                let (av, bv) = (if ta { a.t() } else { a.view() }, if tb { b.t() } else { b.view() });
                let c0 = random(m, n, &mut rng);
                let mut c = c0.clone();
                gemm(0.5, &av, &bv, 0.25, &mut c);
                for i in 0..m {
                    for j in 0..n {
                        let want = 0.25 * c0[[i, j]] as f64 + 0.5 * (0..k).map(|p| av[[i, p]] as f64 * bv[[p, j]] as f64).sum::<f64>();
                        assert!((c[[i, j]] as f64 - want).abs() < 1e-4, "{m}x{k}x{n} {ta} {tb}: {} vs {want}", c[[i, j]]);
                    }
                }
            }
        }
    }
}
