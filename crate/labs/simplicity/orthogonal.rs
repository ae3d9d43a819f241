//! A random orthogonal matrix Q (d × d, f64, row-major) from the QR decomposition of a
//! standard Gaussian matrix, as Shah et al. 2020 (arXiv:2006.07710) rotate their slab
//! data. Convention (the official code's `X.dot(W)`): a row of canonical coordinates z
//! becomes x = z Q, and x Qᵀ takes it back.
//!
//! QR by Householder reflections in f64; the columns of Q are then multiplied by
//! sign(R_ii) so Q is Haar-distributed (Mezzadri 2007, arXiv:math-ph/0609050), rather
//! than biased by the reflections' sign convention.

use crate::tensor::{Mat, Rng};

#[derive(Clone, Debug, PartialEq)]
pub struct Orthogonal {
    pub dim: usize,
    /// Row-major d × d.
    pub q: Vec<f64>,
}

impl Orthogonal {
    pub fn identity(dim: usize) -> Orthogonal {
        let mut q = vec![0.0; dim * dim];
        for i in 0..dim {
            q[i * dim + i] = 1.0;
        }
        Orthogonal { dim, q }
    }

    /// Q of the QR decomposition of a d × d matrix of standard normals drawn from `rng`.
    pub fn random(dim: usize, rng: &mut Rng) -> Orthogonal {
        let a: Vec<f64> = (0..dim * dim).map(|_| rng.normal()).collect();
        Orthogonal { dim, q: householder_q(dim, a) }
    }

    pub fn at(&self, i: usize, j: usize) -> f64 {
        self.q[i * self.dim + j]
    }

    /// x = z Q for every row of z.
    pub fn rotate(&self, z: &Mat) -> Mat {
        self.apply(z, false)
    }

    /// z = x Qᵀ for every row of x.
    pub fn unrotate(&self, x: &Mat) -> Mat {
        self.apply(x, true)
    }

    fn apply(&self, m: &Mat, transpose: bool) -> Mat {
        let d = self.dim;
        assert_eq!(m.ncols(), d, "rotation of {d} dims applied to {} columns", m.ncols());
        let mut out = Mat::zeros(m.dim());
        let mut row = vec![0.0f64; d];
        for (r, src) in m.rows().into_iter().enumerate() {
            row.iter_mut().for_each(|v| *v = 0.0);
            for (i, &v) in src.iter().enumerate() {
                let v = v as f64;
                for (j, acc) in row.iter_mut().enumerate() {
                    // (z Q)_j = Σ_i z_i Q_ij ; (x Qᵀ)_j = Σ_i x_i Q_ji
                    *acc += v * if transpose { self.q[j * d + i] } else { self.q[i * d + j] };
                }
            }
            for (j, &v) in row.iter().enumerate() {
                out[[r, j]] = v as f32;
            }
        }
        out
    }
}

/// Q (row-major) of A = QR by Householder reflections, with sign(R_ii) folded into Q.
fn householder_q(n: usize, mut a: Vec<f64>) -> Vec<f64> {
    let mut vs: Vec<Vec<f64>> = Vec::with_capacity(n);
    let mut signs = vec![1.0; n];
    for k in 0..n {
        let norm = (k..n).map(|i| a[i * n + k].powi(2)).sum::<f64>().sqrt();
        let mut v = vec![0.0; n];
        if norm == 0.0 {
            vs.push(v);
            continue;
        }
        let alpha = if a[k * n + k] > 0.0 { -norm } else { norm };
        for i in k..n {
            v[i] = a[i * n + k];
        }
        v[k] -= alpha;
        let vv: f64 = v.iter().map(|x| x * x).sum();
        if vv > 0.0 {
            for j in k..n {
                let dot: f64 = (k..n).map(|i| v[i] * a[i * n + j]).sum();
                let f = 2.0 * dot / vv;
                for i in k..n {
                    a[i * n + j] -= f * v[i];
                }
            }
        }
        signs[k] = if a[k * n + k] < 0.0 { -1.0 } else { 1.0 };
        vs.push(v);
    }
    // Q = H_0 H_1 … H_{n−1} applied to I, then column k times sign(R_kk).
    let mut q = vec![0.0; n * n];
    for i in 0..n {
        q[i * n + i] = 1.0;
    }
    for k in (0..n).rev() {
        let v = &vs[k];
        let vv: f64 = v.iter().map(|x| x * x).sum();
        if vv == 0.0 {
            continue;
        }
        for j in 0..n {
            let dot: f64 = (k..n).map(|i| v[i] * q[i * n + j]).sum();
            let f = 2.0 * dot / vv;
            for i in k..n {
                q[i * n + j] -= f * v[i];
            }
        }
    }
    for i in 0..n {
        for j in 0..n {
            q[i * n + j] *= signs[j];
        }
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_rotation_is_orthogonal_and_reproduces_the_gaussian_matrix_as_qr() {
        let d = 12;
        let q = Orthogonal::random(d, &mut Rng::new(5));
        for i in 0..d {
            for j in 0..d {
                let dot: f64 = (0..d).map(|k| q.at(k, i) * q.at(k, j)).sum();
                assert!((dot - if i == j { 1.0 } else { 0.0 }).abs() < 1e-12, "QᵀQ[{i},{j}] = {dot}");
            }
        }
        // R = Qᵀ A must be upper triangular with a positive diagonal.
        let mut rng = Rng::new(5);
        let a: Vec<f64> = (0..d * d).map(|_| rng.normal()).collect();
        for i in 0..d {
            for j in 0..=i {
                let r: f64 = (0..d).map(|k| q.at(k, i) * a[k * d + j]).sum();
                if j < i {
                    assert!(r.abs() < 1e-10, "R[{i},{j}] = {r}");
                } else {
                    assert!(r > 0.0);
                }
            }
        }
    }

    #[test]
    fn unrotate_undoes_rotate() {
        let q = Orthogonal::random(5, &mut Rng::new(1));
        let z = Mat::from_shape_fn((3, 5), |(i, j)| (i * 5 + j) as f32 * 0.1 - 0.7);
        let back = q.unrotate(&q.rotate(&z));
        assert!(back.iter().zip(z.iter()).all(|(a, b)| (a - b).abs() < 1e-6));
        // Convention: x = z Q, so the first canonical axis e₀ maps to row 0 of Q.
        let e0 = Mat::from_shape_fn((1, 5), |(_, j)| (j == 0) as u8 as f32);
        let x = q.rotate(&e0);
        assert!((0..5).all(|j| (x[[0, j]] as f64 - q.at(0, j)).abs() < 1e-6));
    }
}
