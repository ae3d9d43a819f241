//! C ← α·A·B + β·C for f32 matrices: every matmul of the training loop goes through here.
//! Large products go to ndarray's `general_mat_mul` (matrixmultiply's packed SIMD kernels,
//! which allocate one packing buffer per call); small ones, the Playground's nets, run a
//! direct loop that packs nothing and allocates nothing, which is also faster at those
//! sizes (docs/BENCHMARKS.md).

use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayBase, Data, DataMut, Ix2};

/// Products of at most this many multiply-adds (m·k·n) take the direct loop.
pub const SMALL: usize = 16 * 1024;

pub fn gemm<S1, S2, S3>(alpha: f32, a: &ArrayBase<S1, Ix2>, b: &ArrayBase<S2, Ix2>, beta: f32, c: &mut ArrayBase<S3, Ix2>)
where
    S1: Data<Elem = f32>,
    S2: Data<Elem = f32>,
    S3: DataMut<Elem = f32>,
{
    let ((m, k), (k2, n)) = (a.dim(), b.dim());
    assert!(k == k2 && c.dim() == (m, n), "matmul shapes ({m}, {k}) × ({k2}, {n}) → {:?}", c.dim());
    let strides = |s: &[isize]| (s[0] as usize, s[1] as usize);
    let positive = a.strides().iter().chain(b.strides()).all(|&s| s >= 0);
    let (Some(av), Some(bv)) = (a.as_slice_memory_order(), b.as_slice_memory_order()) else {
        return general_mat_mul(alpha, a, b, beta, c);
    };
    let (Some(cv), true) = (c.as_slice_mut(), positive && m * k * n <= SMALL) else {
        return general_mat_mul(alpha, a, b, beta, c);
    };
    let ((a0, a1), (b0, b1)) = (strides(a.strides()), strides(b.strides()));
    for (i, row) in cv.chunks_exact_mut(n.max(1)).enumerate().take(m) {
        if beta == 0.0 {
            row.fill(0.0);
        } else if beta != 1.0 {
            row.iter_mut().for_each(|v| *v *= beta);
        }
        if b1 == 1 || n == 1 {
            // Row-major B: C[i, :] += α A[i, p] · B[p, :], contiguous inner loops.
            for p in 0..k {
                let s = alpha * av[i * a0 + p * a1];
                let b_row = &bv[p * b0..p * b0 + n];
                row.iter_mut().zip(b_row).for_each(|(o, &v)| *o += s * v);
            }
        } else {
            // B = Wᵀ (a transposed weight matrix, columns contiguous): C[i, j] += α ⟨A[i, :], W[j, :]⟩.
            for (j, o) in row.iter_mut().enumerate() {
                let w = &bv[j * b1..];
                let mut dot = 0.0f32;
                for p in 0..k {
                    dot += av[i * a0 + p * a1] * w[p * b0];
                }
                *o += alpha * dot;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tensor::Rng;
    use ndarray::Array2;

    fn random(rows: usize, cols: usize, rng: &mut Rng) -> Array2<f32> {
        Array2::from_shape_fn((rows, cols), |_| rng.uniform(-1.0, 1.0) as f32)
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
