//! Benign overfitting, then grokking, on XOR-cluster data (Xu et al., ICLR 2024, "Benign
//! overfitting and grokking in ReLU networks for XOR cluster data", arXiv:2310.02541).
//! Data: x = ±μ₁ + ξ (label +1) or ±μ₂ + ξ (label −1), μ₁ ⟂ μ₂ with ‖μ‖ = `signal`,
//! ξ ~ N(0, I_d), d large against n; a `flip` fraction of the training labels flipped.
//! Model: f(x) = Σ_j a_j ReLU(⟨w_j, x⟩), a_j = ±1/√m fixed, w_j ~ N(0, `init`² I); GD with
//! step `lr` on the mean logistic loss, first layer only. The claim: after one step the
//! network fits every training label (flipped ones too) with near-chance test accuracy;
//! later the test accuracy becomes near optimal while the flipped labels stay fit.
//! Written out here (fixed second layer, no biases); the test set's labels are clean, so
//! its optimum is 100% (1 − flip on noisy test labels).

use super::{Curves, DynamicsError};
use crate::tensor::Rng;
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", default, deny_unknown_fields)]
pub struct XorConfig {
    /// Training points n; default 100.
    pub samples: usize,
    /// Dimension d; default 1000.
    pub dim: usize,
    /// ‖μ‖; default 9.
    pub signal: f64,
    /// Share of training labels flipped; default 0.1.
    pub flip: f64,
    /// Hidden units m; default 100.
    pub width: usize,
    /// Standard deviation of the first layer's initial weights; default 1e-4.
    pub init: f64,
    /// GD step; default 1.
    pub lr: f64,
    /// Default 300.
    pub steps: u64,
    /// Test points (clean labels); default 1000.
    pub test_samples: usize,
    /// Default 1.
    pub seed: u32,
}

impl Default for XorConfig {
    fn default() -> Self {
        XorConfig { samples: 100, dim: 1000, signal: 9.0, flip: 0.1, width: 100, init: 1e-4, lr: 1.0, steps: 300, test_samples: 1000, seed: 1 }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct XorSeries {
    #[serde(flatten)]
    pub curves: Curves,
    /// Accuracy on the training labels as given (flipped ones included).
    pub train_acc: Vec<f64>,
    /// Accuracy on the flipped training examples against their flipped labels (1 = memorized).
    pub flipped_fit: Vec<f64>,
    /// Accuracy on clean test labels.
    pub test_acc: Vec<f64>,
    pub weight_movement: Vec<Vec<f64>>,
}

/// (x, clean label ±1) for `n` points.
fn sample(n: usize, c: &XorConfig, rng: &mut Rng) -> (Array2<f64>, Vec<f64>) {
    let mut x = Array2::from_shape_fn((n, c.dim), |_| rng.normal());
    let mut y = vec![0.0; n];
    for i in 0..n {
        let k = rng.below(4);
        let (axis, sign) = (k / 2, if k % 2 == 0 { 1.0 } else { -1.0 });
        x[[i, axis]] += sign * c.signal;
        y[i] = if axis == 0 { 1.0 } else { -1.0 };
    }
    (x, y)
}

/// The experiment step by step (the page draws it live); `run` is one `advance` to the end.
pub struct XorRun {
    c: XorConfig,
    x: Array2<f64>,
    /// Training labels as given (a `flip` share flipped).
    y: Vec<f64>,
    xt: Array2<f64>,
    yt: Vec<f64>,
    flipped: Vec<usize>,
    /// The fixed second layer, ±1/√m.
    a: Array1<f64>,
    w: Array2<f64>,
    w0: Array2<f64>,
    step: u64,
    finished: bool,
    pub out: XorSeries,
}

impl XorRun {
    pub fn new(c: &XorConfig) -> Result<XorRun, DynamicsError> {
        super::check("samples", c.samples as f64, 2.0, 10_000.0)?;
        super::check("dim", c.dim as f64, 2.0, 100_000.0)?;
        super::check("signal", c.signal, 0.0, 1e4)?;
        super::check("flip", c.flip, 0.0, 0.5)?;
        super::check("width", c.width as f64, 1.0, 4096.0)?;
        super::check("init", c.init, 0.0, 10.0)?;
        super::check("lr", c.lr, 1e-9, 1e6)?;
        super::check("steps", c.steps as f64, 1.0, 1e5)?;
        super::check("test-samples", c.test_samples as f64, 1.0, 100_000.0)?;
        let mut rng = Rng::stream(c.seed as u64, 41);
        let (x, clean) = sample(c.samples, c, &mut rng);
        let (xt, yt) = sample(c.test_samples, c, &mut rng);
        let flips = (c.flip * c.samples as f64).round() as usize;
        let mut order: Vec<usize> = (0..c.samples).collect();
        rng.shuffle(&mut order);
        let mut y = clean;
        order[..flips].iter().for_each(|&i| y[i] = -y[i]);
        let m = c.width;
        let a = Array1::from_shape_fn(m, |j| if j % 2 == 0 { 1.0 } else { -1.0 } / (m as f64).sqrt());
        let w = Array2::from_shape_fn((m, c.dim), |_| rng.normal() * c.init);
        Ok(XorRun { c: c.clone(), x, y, xt, yt, flipped: order[..flips].to_vec(), a, w0: w.clone(), w, step: 0, finished: false, out: XorSeries::default() })
    }

    fn one(&mut self) -> Result<(), DynamicsError> {
        let (c, step, a) = (&self.c, self.step, &self.a);
        let (x, y) = (&self.x, &self.y);
        let f = |w: &Array2<f64>, x: &Array2<f64>| -> (Array2<f64>, Array1<f64>) {
            let z = x.dot(&w.t());
            let out = z.mapv(|v| v.max(0.0)).dot(a);
            (z, out)
        };
        let acc = |out: &Array1<f64>, y: &[f64], idx: &mut dyn Iterator<Item = usize>| {
            let (mut right, mut total) = (0, 0);
            for i in idx {
                right += (out[i] * y[i] > 0.0) as usize;
                total += 1;
            }
            right as f64 / total.max(1) as f64
        };
        let out = &mut self.out;
        let n = c.samples as f64;
        let (z, fx) = f(&self.w, x);
        let loss = (0..c.samples).map(|i| libm::log1p(libm::exp(-y[i] * fx[i]))).sum::<f64>() / n;
        out.curves.steps.push(step);
        out.curves.loss.push(loss);
        out.train_acc.push(acc(&fx, y, &mut (0..c.samples)));
        out.flipped_fit.push(acc(&fx, y, &mut self.flipped.iter().copied()));
        out.test_acc.push(acc(&f(&self.w, &self.xt).1, &self.yt, &mut (0..c.test_samples)));
        let moved = (&self.w - &self.w0).mapv(|v| v * v).sum().sqrt() / self.w0.mapv(|v| v * v).sum().sqrt().max(1e-300);
        out.weight_movement.push(vec![moved]);
        if step == c.steps {
            self.finished = true;
            return Ok(());
        }
        // ∂L/∂f_i = −y_i σ(−y_i f_i)/n; ∂L/∂w_j = Σ_i ∂L/∂f_i · a_j 1[z_ij > 0] x_i.
        let g: Vec<f64> = (0..c.samples).map(|i| -y[i] / (1.0 + libm::exp(y[i] * fx[i])) / n).collect();
        let mut dz = z.mapv(|v| (v > 0.0) as u8 as f64);
        for (i, mut row) in dz.rows_mut().into_iter().enumerate() {
            row.iter_mut().zip(a.iter()).for_each(|(d, &aj)| *d *= g[i] * aj);
        }
        let gw = dz.t().dot(x);
        self.w.scaled_add(-c.lr, &gw);
        if !loss.is_finite() {
            return Err(DynamicsError::DivergedAtStep(step));
        }
        self.step += 1;
        Ok(())
    }
}

stepwise!(XorRun, XorConfig, XorSeries, "steps");
