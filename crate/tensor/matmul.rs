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
    if m * k * n > SMALL {
        general_mat_mul(alpha, a, b, beta, c);
        return;
    }
    for i in 0..m {
        let mut row = c.row_mut(i);
        if beta == 0.0 {
            row.fill(0.0);
        } else if beta != 1.0 {
            row.map_inplace(|v| *v *= beta);
        }
        let a_row = a.row(i);
        match row.as_slice_mut() {
            // Row-major B: C[i, :] += α A[i, p] · B[p, :], contiguous inner loops.
            Some(out) if b.strides()[1] == 1 || n == 1 => {
                for p in 0..k {
                    let s = alpha * a_row[p];
                    let b_row = b.row(p);
                    match b_row.as_slice() {
                        Some(b_row) => out.iter_mut().zip(b_row).for_each(|(o, &v)| *o += s * v),
                        None => out.iter_mut().zip(b_row.iter()).for_each(|(o, &v)| *o += s * v),
                    }
                }
            }
            // Otherwise (B = Wᵀ, a transposed weight matrix): C[i, j] += α ⟨A[i, :], B[:, j]⟩.
            _ => {
                for (j, o) in row.iter_mut().enumerate() {
                    let col = b.column(j);
                    let dot: f32 = match (a_row.as_slice(), col.as_slice()) {
                        (Some(x), Some(y)) => x.iter().zip(y).map(|(&x, &y)| x * y).sum(),
                        _ => a_row.iter().zip(col.iter()).map(|(&x, &y)| x * y).sum(),
                    };
                    *o += alpha * dot;
                }
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
