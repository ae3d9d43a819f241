//! Losses on the network's raw outputs (logits), each returning the mean over the rows
//! of a batch and, on request, its gradient with respect to the logits.
//! Shapes: logits (batch, k); targets: one f32 per row (a value for mse / bce, a class
//! index for softmax-ce).

use crate::tensor::Float;
use ndarray::{ArrayView2, ArrayViewMut2};

names! {
    pub enum Loss {
        /// mean over rows of (ŷ − y)², as PyTorch's `nn.MSELoss()`; one output.
        Mse = "mse",
        /// Binary cross-entropy on a logit z with y ∈ {0, 1}, as `nn.BCEWithLogitsLoss()`.
        Bce = "bce",
        /// Softmax cross-entropy on k logits with y a class index, as `nn.CrossEntropyLoss()`.
        SoftmaxCe = "softmax-ce",
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
