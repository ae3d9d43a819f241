//! Losses on the network's raw outputs (logits), each returning the mean over the rows
//! of a batch and, on request, its gradient with respect to the logits.
//! Shapes: logits (batch, k); targets: one f32 per row (a value for mse / bce, a class
//! index for softmax-ce).

use crate::tensor::Float;
use ndarray::{ArrayView2, ArrayViewMut2};

names! {
    pub enum Loss {
        /// mean over rows of (ŷ − y)², as PyTorch's `nn.MSELoss()`; one output.
        Mse,
        /// Binary cross-entropy on a logit z with y ∈ {0, 1}, as `nn.BCEWithLogitsLoss()`.
        Bce,
        /// Softmax cross-entropy on k logits with y a class index, as `nn.CrossEntropyLoss()`.
        SoftmaxCe,
    }
}

impl Loss {
    /// Mean loss over the rows; writes dL/dlogits into `grad` when given.
    pub fn evaluate(self, logits: ArrayView2<f32>, y: &[f32], mut grad: Option<ArrayViewMut2<f32>>) -> f64 {
        let n = logits.nrows();
        assert_eq!(n, y.len(), "one target per row");
        let inv_n = 1.0 / n as f32;
        let mut total = 0.0f64;
        // Rows that are not contiguous (a transposed view) are copied; training's never are.
        let mut g_copy = Vec::new();
        for (i, row) in logits.rows().into_iter().enumerate() {
            let z_copy;
            let z = match row.to_slice() {
                Some(z) => z,
                None => {
                    z_copy = row.to_vec();
                    &z_copy
                }
            };
            match grad.as_mut().map(|g| g.row_mut(i)) {
                None => total += self.row(z, y[i], inv_n, None, true) as f64,
                Some(mut g) => match g.as_slice_mut() {
                    Some(g) => total += self.row(z, y[i], inv_n, Some(g), true) as f64,
                    None => {
                        g_copy.resize(z.len(), 0.0);
                        total += self.row(z, y[i], inv_n, Some(&mut g_copy), true) as f64;
                        g.assign(&ndarray::ArrayView1::from(&g_copy));
                    }
                },
            }
        }
        total / n as f64
    }

    /// One row's loss (before the mean over rows); writes its gradient times `inv_n`
    /// (1 / rows, so the gradient is the mean's) into `grad` when given. `evaluate` and the
    /// small-net backprop (`autodiff::lanes`) both go through here, so they agree bit for bit.
    /// With `value` false the caller needs only to know whether the loss is finite: the
    /// result is then finite exactly when the loss is, and the same ±∞ or NaN when it is
    /// not, and BCE skips its logarithm (log1p(e^−|z|) is within [0, ln 2] for any z but
    /// NaN, and adding it never overflows).
    #[inline]
    pub fn row(self, z: &[f32], y: f32, inv_n: f32, grad: Option<&mut [f32]>, value: bool) -> f32 {
        if self == Loss::SoftmaxCe {
            return self.softmax_row(z, y, inv_n, grad);
        }
        let (term, g) = self.binary(z[0], y, inv_n, value);
        if let Some(grad) = grad {
            grad[0] = g;
        }
        term
    }

    /// MSE or BCE of one logit (T = f32) or of four rows' logits at once (T = F32x4, in
    /// `autodiff::lanes`): the row's term as `row` returns it and its gradient times `inv_n`.
    /// One definition for both, so they agree bit for bit.
    #[inline]
    pub fn binary<T: Float>(self, z: T, y: T, inv_n: f32, value: bool) -> (T, T) {
        match self {
            Loss::Mse => {
                let d = z - y;
                (d * d, T::splat(2.0) * d * T::splat(inv_n))
            }
            Loss::Bce => {
                // max(z, 0) − z·y + log(1 + e^−|z|): stable for any z. The logistic function
                // needs the same e^−|z| (see `sigmoid`), so it is computed once.
                let one = T::splat(1.0);
                let e = (-z.abs()).exp();
                let p = z.select_lt(0.0, e / (one + e), one / (one + e));
                let g = (p - y) * T::splat(inv_n);
                // (z > 0 ? z : 0, not z.max(0): the same term, as z = ±0 gives 0 either way
                // and NaN gives NaN, without wasm's call to fmaxf.)
                let t = z.select_gt(0.0, z, T::splat(0.0)) - z * y;
                (if value { t + e.map(libm::log1pf) } else { t }, g)
            }
            Loss::SoftmaxCe => panic!("softmax-ce has one logit per class: see `row`"),
        }
    }

    fn softmax_row(self, z: &[f32], y: f32, inv_n: f32, grad: Option<&mut [f32]>) -> f32 {
        let class = y as usize;
        let max = z.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
        let sum: f32 = z.iter().map(|&v| libm::expf(v - max)).sum();
        let lse = max + libm::logf(sum);
        if let Some(g) = grad {
            for j in 0..z.len() {
                let p = libm::expf(z[j] - lse);
                g[j] = (p - if j == class { 1.0 } else { 0.0 }) * inv_n;
            }
        }
        lse - z[class]
    }

    /// One row's loss in f64 with its gradient g = ∂ℓ/∂z and the gradient's directional
    /// derivative ġ = (∂²ℓ/∂z²) ż along a tangent ż of the logits, each times `inv_n` (for
    /// exact Hessian-vector products, `autodiff::hvp`). MSE: g = 2(z − y), ġ = 2ż. BCE:
    /// g = σ(z) − y, ġ = σ(1 − σ) ż. Softmax CE: g = p − e_y, ġ = p ⊙ ż − p (p · ż).
    pub fn second_order_row(self, z: &[f64], y: f32, zd: &[f64], inv_n: f64, g: &mut [f64], gd: &mut [f64]) -> f64 {
        let y = y as f64;
        match self {
            Loss::Mse => {
                let d = z[0] - y;
                g[0] = 2.0 * d * inv_n;
                gd[0] = 2.0 * zd[0] * inv_n;
                d * d
            }
            Loss::Bce => {
                let e = libm::exp(-z[0].abs());
                let p = if z[0] < 0.0 { e / (1.0 + e) } else { 1.0 / (1.0 + e) };
                g[0] = (p - y) * inv_n;
                gd[0] = p * (1.0 - p) * zd[0] * inv_n;
                z[0].max(0.0) - z[0] * y + libm::log1p(e)
            }
            Loss::SoftmaxCe => {
                let class = y as usize;
                let max = z.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                let lse = max + libm::log(z.iter().map(|&v| libm::exp(v - max)).sum::<f64>());
                let mut pzd = 0.0;
                for j in 0..z.len() {
                    let p = libm::exp(z[j] - lse);
                    g[j] = p;
                    pzd += p * zd[j];
                }
                for j in 0..z.len() {
                    let p = g[j];
                    gd[j] = p * (zd[j] - pzd) * inv_n;
                    g[j] = (p - if j == class { 1.0 } else { 0.0 }) * inv_n;
                }
                lse - z[class]
            }
        }
    }

    /// Predicted class of one row of logits (binary: logit > 0 for bce, output > 0.5 for mse).
    pub fn predict(self, row: &[f32]) -> usize {
        match self {
            Loss::Bce => (row[0] > 0.0) as usize,
            Loss::Mse => (row[0] > 0.5) as usize,
            Loss::SoftmaxCe => {
                let mut best = 0;
                for j in 1..row.len() {
                    if row[j] > row[best] {
                        best = j;
                    }
                }
                best
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn losses_match_values_computed_from_pytorch_formulas() {
        // Expected values computed in f64 with Python's math module from PyTorch's documented
        // formulas (BCEWithLogitsLoss, CrossEntropyLoss, MSELoss, reduction "mean").
        let z = array![[0.3f32], [-1.2]];
        assert!((Loss::Bce.evaluate(z.view(), &[1.0, 0.0], None) - 0.408_818_86).abs() < 1e-6);
        let z = array![[1.0f32, 2.0, 0.5], [0.1, 0.2, 3.0]];
        assert!((Loss::SoftmaxCe.evaluate(z.view(), &[0.0, 2.0], None) - 0.786_985_12).abs() < 1e-6);
        // (0.5 − 1)² and (2 − 1)², averaged: 0.625
        let z = array![[0.5f32], [2.0]];
        assert!((Loss::Mse.evaluate(z.view(), &[1.0, 1.0], None) - 0.625).abs() < 1e-6);
    }

    #[test]
    fn gradient_matches_central_difference() {
        let cases = [
            (Loss::Mse, array![[0.3f32], [-0.8], [1.4]], vec![0.5, -1.0, 1.0]),
            (Loss::Bce, array![[0.3f32], [-0.8], [4.0]], vec![1.0, 0.0, 0.0]),
            (Loss::SoftmaxCe, array![[0.3f32, -0.2, 1.0], [2.0, 0.1, -1.0], [0.0, 0.0, 0.0]], vec![2.0, 0.0, 1.0]),
        ];
        for (loss, z, y) in cases {
            let mut g = z.clone() * 0.0;
            loss.evaluate(z.view(), &y, Some(g.view_mut()));
            for idx in 0..z.len() {
                let (i, j) = (idx / z.ncols(), idx % z.ncols());
                let h = 1e-2f32;
                let mut zp = z.clone();
                zp[[i, j]] += h;
                let mut zm = z.clone();
                zm[[i, j]] -= h;
                let num = (loss.evaluate(zp.view(), &y, None) - loss.evaluate(zm.view(), &y, None)) / (2.0 * h as f64);
                assert!((num - g[[i, j]] as f64).abs() < 1e-3, "{} [{i},{j}]: {num} vs {}", loss.name(), g[[i, j]]);
            }
        }
    }

    /// The f64 second-order row: its loss and gradient agree with the f32 row, and ġ with a
    /// central difference of the gradient along ż.
    #[test]
    fn second_order_row_matches_the_row_and_a_difference_of_its_gradient() {
        let cases: [(Loss, Vec<f64>, f32); 4] =
            [(Loss::Mse, vec![0.3], 1.0), (Loss::Bce, vec![-0.8], 1.0), (Loss::Bce, vec![2.5], 0.0), (Loss::SoftmaxCe, vec![0.3, -0.2, 1.0, 0.4], 2.0)];
        for (loss, z, y) in cases {
            let k = z.len();
            let zd: Vec<f64> = (0..k).map(|j| 0.7 - 0.45 * j as f64).collect();
            let (mut g, mut gd) = (vec![0.0; k], vec![0.0; k]);
            let l = loss.second_order_row(&z, y, &zd, 0.5, &mut g, &mut gd);
            let zf: Vec<f32> = z.iter().map(|&v| v as f32).collect();
            let mut gf = vec![0.0f32; k];
            let lf = loss.row(&zf, y, 0.5, Some(&mut gf), true);
            assert!((l - lf as f64).abs() < 1e-6, "{} loss", loss.name());
            let h = 1e-5;
            let at = |s: f64| {
                let zs: Vec<f64> = z.iter().zip(&zd).map(|(a, b)| a + s * b).collect();
                let (mut g, mut gd2) = (vec![0.0; k], vec![0.0; k]);
                loss.second_order_row(&zs, y, &zd, 0.5, &mut g, &mut gd2);
                g
            };
            let (gp, gm) = (at(h), at(-h));
            for j in 0..k {
                assert!((g[j] - gf[j] as f64).abs() < 1e-6, "{} gradient {j}", loss.name());
                let numeric = (gp[j] - gm[j]) / (2.0 * h);
                assert!((numeric - gd[j]).abs() < 1e-7, "{} ġ {j}: {numeric} vs {}", loss.name(), gd[j]);
            }
        }
    }

    /// BCE's row computes e^−|z| once for the loss and the logistic, and max(z, 0) as a
    /// branch: the same bits as the formula with f32::max and `sigmoid` (NaN where it is NaN).
    #[test]
    fn bce_row_matches_the_textbook_form_bit_for_bit() {
        let same = |a: f32, b: f32| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
        for z in [0.0f32, -0.0, 1e-30, -1e-30, 0.3, -0.3, 17.0, -17.0, 88.0, -88.0, 1e30, -1e30, f32::INFINITY, f32::NEG_INFINITY, f32::NAN] {
            for y in [0.0f32, 1.0] {
                let mut g = [0.0];
                let term = Loss::Bce.row(&[z], y, 0.1, Some(&mut g), true);
                let want = z.max(0.0) - z * y + libm::log1pf(libm::expf(-z.abs()));
                assert!(same(term, want), "z {z} y {y}: {term} vs {want}");
                assert!(same(g[0], (crate::nn::activation::sigmoid(z) - y) * 0.1), "z {z} y {y}: gradient {}", g[0]);
            }
        }
    }

    #[test]
    fn bce_is_finite_for_huge_logits() {
        let z = array![[80.0f32], [-80.0]];
        let l = Loss::Bce.evaluate(z.view(), &[0.0, 1.0], None);
        assert!((l - 80.0).abs() < 1e-3);
    }
}
