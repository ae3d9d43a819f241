//! Curvature of the loss from Hessian-vector products (`autodiff::hvp`): the top eigenvalue
//! (the sharpness λ_max) by power iteration, the top-k spectrum by Lanczos, and the share of
//! the gradient in the top-k eigenspace (Gur-Ari et al. 2018, "Gradient descent happens in
//! a tiny subspace", arXiv:1812.04754: after a short while the gradient lies mostly in the
//! span of the top k eigenvectors, k = the number of classes).
//!
//! Each routine takes the Hessian as an operator `hv(v, out)`, so the tests run them on a
//! quadratic with known eigenvalues and the lab on a network's loss over a fixed batch.

use crate::autodiff::hvp::hvp;
use crate::nn::{Loss, Mlp};
use crate::tensor::Rng;
use ndarray::ArrayView2;

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn normalize(v: &mut [f64]) -> f64 {
    let n = dot(v, v).sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
    n
}

/// The eigenvalue of largest magnitude by `iters` steps of power iteration from `start`
/// (warm-started: `start` is left holding the last vector, so tracking the sharpness over
/// training needs few steps each time). Returns the Rayleigh quotient vᵀHv of the last v.
/// At the edge of stability the top eigenvalue is positive and the largest in magnitude.
pub fn power_iteration(mut hv: impl FnMut(&[f64], &mut [f64]), start: &mut [f64], iters: usize) -> f64 {
    let n = start.len();
    if normalize(start) == 0.0 {
        start.iter_mut().for_each(|x| *x = 1.0 / (n as f64).sqrt());
    }
    let mut w = vec![0.0; n];
    let mut value = 0.0;
    for _ in 0..iters.max(1) {
        hv(start, &mut w);
        value = dot(start, &w);
        start.copy_from_slice(&w);
        if normalize(start) == 0.0 {
            break;
        }
    }
    value
}

/// The k largest Ritz values and vectors after `steps` Lanczos steps (Lanczos 1950) with
/// full reorthogonalization (cheap at our sizes, and it keeps ghost copies of converged
/// eigenvalues out), from a seeded random start. Ritz values come out largest first.
pub struct Spectrum {
    pub values: Vec<f64>,
    pub vectors: Vec<Vec<f64>>,
}

pub fn lanczos(mut hv: impl FnMut(&[f64], &mut [f64]), n: usize, k: usize, steps: usize, seed: u64) -> Spectrum {
    let m = steps.clamp(k.max(1), n.max(1));
    let mut rng = Rng::stream(seed, 11);
    let mut q: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
    normalize(&mut q);
    let mut basis: Vec<Vec<f64>> = Vec::with_capacity(m);
    let (mut alpha, mut beta) = (Vec::with_capacity(m), Vec::with_capacity(m));
    let mut w = vec![0.0; n];
    for j in 0..m {
        basis.push(q.clone());
        hv(&q, &mut w);
        let a = dot(&q, &w);
        alpha.push(a);
        // Full reorthogonalization (twice is enough: Giraud et al. 2005).
        for _ in 0..2 {
            for b in &basis {
                let c = dot(b, &w);
                w.iter_mut().zip(b).for_each(|(x, y)| *x -= c * y);
            }
        }
        let b = normalize(&mut w);
        if j + 1 == m || b < 1e-12 {
            break;
        }
        beta.push(b);
        q.copy_from_slice(&w);
    }
    let size = alpha.len();
    let mut t = vec![vec![0.0; size]; size];
    for i in 0..size {
        t[i][i] = alpha[i];
        if i + 1 < size {
            t[i][i + 1] = beta[i];
            t[i + 1][i] = beta[i];
        }
    }
    let (values, vectors) = symmetric_eigen(t);
    let mut order: Vec<usize> = (0..size).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    let top = &order[..k.min(size)];
    Spectrum {
        values: top.iter().map(|&i| values[i]).collect(),
        vectors: top
            .iter()
            .map(|&i| {
                let mut y = vec![0.0; n];
                for (c, b) in basis.iter().enumerate() {
                    y.iter_mut().zip(b).for_each(|(o, &x)| *o += vectors[c][i] * x);
                }
                y
            })
            .collect(),
    }
}

/// Eigenvalues and eigenvectors (as columns: vectors[row][col]) of a small symmetric matrix
/// by cyclic Jacobi rotations (Golub & Van Loan, sec. 8.5): simple and accurate for the
/// Lanczos matrices here (tens of rows).
pub(crate) fn symmetric_eigen(mut a: Vec<Vec<f64>>) -> (Vec<f64>, Vec<Vec<f64>>) {
    let n = a.len();
    let mut v = vec![vec![0.0; n]; n];
    (0..n).for_each(|i| v[i][i] = 1.0);
    for _sweep in 0..100 {
        let off: f64 = (0..n).flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j))).map(|(i, j)| a[i][j] * a[i][j]).sum();
        if off < 1e-30 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                if a[p][q].abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[k][p], a[k][q]);
                    a[k][p] = c * akp - s * akq;
                    a[k][q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p][k], a[q][k]);
                    a[p][k] = c * apk - s * aqk;
                    a[q][k] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let (vkp, vkq) = (v[k][p], v[k][q]);
                    v[k][p] = c * vkp - s * vkq;
                    v[k][q] = s * vkp + c * vkq;
                }
            }
        }
    }
    ((0..n).map(|i| a[i][i]).collect(), v)
}

/// ‖P g‖² / ‖g‖²: the share of g's squared norm in the span of orthonormal `vectors`.
pub fn share_in(vectors: &[Vec<f64>], g: &[f64]) -> f64 {
    let total = dot(g, g);
    if total == 0.0 {
        return 0.0;
    }
    vectors.iter().map(|u| dot(u, g).powi(2)).sum::<f64>() / total
}

/// A network's loss over one fixed batch (the full batch or a probe batch) as a Hessian
/// operator, with the gradient at θ (computed once, on the first product).
pub struct NetworkHessian<'a> {
    pub mlp: &'a Mlp,
    pub params: &'a [f32],
    pub x: ArrayView2<'a, f32>,
    pub y: &'a [f32],
    pub loss: Loss,
    /// Added to every Hessian-vector product: λv for coupled weight decay λ‖θ‖²/2.
    pub ridge: f64,
    pub grad: Vec<f64>,
}

impl<'a> NetworkHessian<'a> {
    pub fn new(mlp: &'a Mlp, params: &'a [f32], x: ArrayView2<'a, f32>, y: &'a [f32], loss: Loss) -> Self {
        NetworkHessian { mlp, params, x, y, loss, ridge: 0.0, grad: vec![0.0; params.len()] }
    }

    pub fn apply(&mut self, v: &[f64], out: &mut [f64]) {
        hvp(self.mlp, self.params, v, self.x, self.y, self.loss, &mut self.grad, out);
        if self.ridge != 0.0 {
            out.iter_mut().zip(v).for_each(|(o, &x)| *o += self.ridge * x);
        }
    }

    /// The gradient at θ (one product with v = 0).
    pub fn gradient(&mut self) -> Vec<f64> {
        let n = self.params.len();
        let mut out = vec![0.0; n];
        self.apply(&vec![0.0; n], &mut out);
        self.grad.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// H = Q diag(λ) Qᵀ for a random orthogonal Q (Householder products), n = 40.
    fn quadratic(eigen: &[f64], seed: u64) -> Vec<Vec<f64>> {
        let n = eigen.len();
        let mut rng = Rng::new(seed);
        let mut q: Vec<Vec<f64>> = (0..n).map(|i| (0..n).map(|j| (i == j) as u8 as f64).collect()).collect();
        for _ in 0..3 {
            let mut u: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
            normalize(&mut u);
            // Q ← (I − 2uuᵀ) Q
            for col in 0..n {
                let c: f64 = (0..n).map(|r| u[r] * q[r][col]).sum();
                (0..n).for_each(|r| q[r][col] -= 2.0 * c * u[r]);
            }
        }
        (0..n).map(|i| (0..n).map(|j| (0..n).map(|k| q[i][k] * eigen[k] * q[j][k]).sum()).collect()).collect()
    }

    fn op(h: &[Vec<f64>]) -> impl FnMut(&[f64], &mut [f64]) + '_ {
        move |v, out| {
            for (o, row) in out.iter_mut().zip(h) {
                *o = dot(row, v);
            }
        }
    }

    fn eigen() -> Vec<f64> {
        // 40 known eigenvalues: a top 5 well apart (12, 9, 7, 5.5, 4.5) above a bulk in
        // [−1, 2] (negative ones included, as a network's Hessian has).
        let mut e = vec![12.0, 9.0, 7.0, 5.5, 4.5];
        e.extend((0..35).map(|i| -1.0 + 3.0 * i as f64 / 34.0));
        e
    }

    #[test]
    fn power_iteration_finds_the_top_eigenvalue_of_a_quadratic() {
        let h = quadratic(&eigen(), 3);
        let mut v = vec![1.0; 40];
        let top = power_iteration(op(&h), &mut v, 200);
        assert!((top - 12.0).abs() < 1e-6, "{top}");
        // Warm-started from its own vector, a few steps give it again.
        let again = power_iteration(op(&h), &mut v, 3);
        assert!((again - 12.0).abs() < 1e-9, "{again}");
    }

    #[test]
    fn lanczos_finds_the_top_k_eigenvalues_and_the_share_of_a_vector_in_their_span() {
        let e = eigen();
        let h = quadratic(&e, 5);
        let s = lanczos(op(&h), 40, 5, 25, 1);
        for (got, want) in s.values.iter().zip(&e[..5]) {
            assert!((got - want).abs() < 1e-6, "{:?}", s.values);
        }
        // All 40 steps: every eigenvalue, the bottom one (−1) included.
        let all = lanczos(op(&h), 40, 40, 40, 2);
        assert!((all.values[39] + 1.0).abs() < 1e-8, "{:?}", all.values);
        // The share of H's own top eigenvector is 1; of a vector half in, half out, 1/2.
        let u0 = s.vectors[0].clone();
        assert!((share_in(&s.vectors, &u0) - 1.0).abs() < 1e-8);
        let mut bottom = vec![0.0; 40];
        power_iteration(
            |v, out| {
                op(&h)(v, out);
                out.iter_mut().zip(v).for_each(|(o, &x)| *o = 20.0 * x - *o); // 20 − λ: the bottom on top
            },
            &mut bottom,
            500,
        );
        let half: Vec<f64> = u0.iter().zip(&bottom).map(|(a, b)| a + b).collect();
        assert!((share_in(&s.vectors, &half) - 0.5).abs() < 1e-6, "{}", share_in(&s.vectors, &half));
    }
}
