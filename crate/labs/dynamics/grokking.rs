//! Grokking on modular addition as the transition from lazy to rich training (Kumar et al.,
//! ICLR 2024, "Grokking as the transition from lazy to rich training dynamics",
//! arXiv:2310.06110). Data: all pairs (a, b) of 0..p, input one-hot(a) ⊕ one-hot(b)
//! (D = 2p), target one-hot((a + b) mod p), a seeded `train-fraction` of the pairs for
//! training. Model: one hidden layer of N units, quadratic activation φ(z) = z², no biases,
//! N(0, 1) weights, output f(x) = α²/(D·N) · A φ(Wx) (α: the output scale; large α is lazy,
//! the network's features barely move). Loss: the squared error against the one-hot target
//! (averaged over examples and classes, as PyTorch's MSELoss) divided by α²; full-batch GD with
//! η = lr/α². The claim: training accuracy comes first and test accuracy follows after a
//! delay that grows with α (lazy at first, then rich).
//!
//! The model is written out here, not as an `nn::Mlp`: no biases and the φ(z) = z²
//! activation are this experiment's alone, and with one-hot inputs Wx is a sum of two
//! columns of W (a gather, not a product).

use super::{Accuracy, Curves, DynamicsError, log_steps};
use crate::tensor::Rng;
use ndarray::{Array2, ArrayView2};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", default, deny_unknown_fields)]
pub struct GrokConfig {
    /// The modulus p; default 23.
    pub modulus: usize,
    /// Share of the p² pairs used for training; default 0.9.
    pub train_fraction: f64,
    /// Hidden units N; default 100.
    pub width: usize,
    /// Output scale α (laziness); default 1.
    pub alpha: f64,
    /// Base learning rate: GD runs at lr/α²; default 100.
    pub lr: f64,
    /// Full-batch GD steps; default 40000.
    pub steps: u64,
    /// Measurements per decade of steps (log-spaced); default 20.
    pub per_decade: usize,
    /// Weights and the train/test split; default 1.
    pub seed: u32,
}

impl Default for GrokConfig {
    fn default() -> Self {
        GrokConfig { modulus: 23, train_fraction: 0.9, width: 100, alpha: 1.0, lr: 100.0, steps: 40_000, per_decade: 20, seed: 1 }
    }
}

impl GrokConfig {
    pub fn validate(&self) -> Result<(), DynamicsError> {
        super::check("modulus", self.modulus as f64, 2.0, 200.0)?;
        super::check("train-fraction", self.train_fraction, 0.01, 1.0)?;
        super::check("width", self.width as f64, 1.0, 4096.0)?;
        super::check("alpha", self.alpha, 1e-3, 1e3)?;
        super::check("lr", self.lr, 1e-9, 1e6)?;
        super::check("steps", self.steps as f64, 1.0, 1e7)?;
        super::check("per-decade", self.per_decade as f64, 1.0, 1000.0)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GrokSeries {
    #[serde(flatten)]
    pub curves: Curves,
    #[serde(flatten)]
    pub accuracy: Accuracy,
    /// ‖θ‖ (both layers).
    pub weight_norm: Vec<f64>,
    /// ‖W − W₀‖/‖W₀‖ for the hidden and the output layer.
    pub weight_movement: Vec<Vec<f64>>,
    /// First measured step with train accuracy ≥ 99%, and with test accuracy ≥ 99%.
    pub train_fit_step: Option<u64>,
    pub test_fit_step: Option<u64>,
}

/// Pairs (a, b) split by a seeded shuffle: (train, test).
pub fn modular_pairs(p: usize, train_fraction: f64, seed: u64) -> (Vec<(usize, usize)>, Vec<(usize, usize)>) {
    let mut pairs: Vec<(usize, usize)> = (0..p * p).map(|i| (i / p, i % p)).collect();
    Rng::stream(seed, 31).shuffle(&mut pairs);
    let n = ((pairs.len() as f64 * train_fraction).round() as usize).clamp(1, pairs.len());
    let test = pairs.split_off(n);
    (pairs, test)
}

struct Model {
    p: usize,
    n: usize,
    scale: f64,
    /// Hidden weights W, (N, 2p), row-major; readout A, (p, N).
    w: Vec<f64>,
    a: Vec<f64>,
}

impl Model {
    fn hidden(&self, j: usize, (x, y): (usize, usize)) -> f64 {
        self.w[j * 2 * self.p + x] + self.w[j * 2 * self.p + self.p + y]
    }

    /// f(x) into `out` (p values); the hidden pre-activations into `h`.
    fn forward(&self, pair: (usize, usize), h: &mut [f64], out: &mut [f64]) {
        for (j, hj) in h.iter_mut().enumerate() {
            *hj = self.hidden(j, pair);
        }
        for (k, o) in out.iter_mut().enumerate() {
            let row = &self.a[k * self.n..(k + 1) * self.n];
            *o = self.scale * row.iter().zip(h.iter()).map(|(a, z)| a * z * z).sum::<f64>();
        }
    }

    fn accuracy(&self, pairs: &[(usize, usize)]) -> f64 {
        let (mut h, mut out) = (vec![0.0; self.n], vec![0.0; self.p]);
        let right = pairs
            .iter()
            .filter(|&&pair| {
                self.forward(pair, &mut h, &mut out);
                argmax(&out) == (pair.0 + pair.1) % self.p
            })
            .count();
        right as f64 / pairs.len().max(1) as f64
    }
}

pub(crate) fn argmax(v: &[f64]) -> usize {
    (0..v.len()).fold(0, |best, j| if v[j] > v[best] { j } else { best })
}

/// The experiment step by step (the page draws it live); `run` is one `advance` to the end.
pub struct GrokRun {
    c: GrokConfig,
    m: Model,
    w0: Vec<f64>,
    a0: Vec<f64>,
    train: Vec<(usize, usize)>,
    test: Vec<(usize, usize)>,
    y: Array2<f64>,
    /// ∂L/∂f for L = Σ (f − y)² / (rows · p · α²): PyTorch's MSELoss (the mean over every
    /// entry), divided by α².
    grad_scale: f64,
    /// The hidden pre-activations, (rows, N).
    h: Array2<f64>,
    marks: Vec<u64>,
    next: usize,
    /// The next step to run (its forward pass, measurement, then update).
    step: u64,
    finished: bool,
    pub out: GrokSeries,
}

impl GrokRun {
    pub fn new(c: &GrokConfig) -> Result<GrokRun, DynamicsError> {
        c.validate()?;
        let (p, n) = (c.modulus, c.width);
        let (train, test) = modular_pairs(p, c.train_fraction, c.seed as u64);
        let mut rng = Rng::stream(c.seed as u64, 32);
        let d = 2 * p;
        let m = Model { p, n, scale: c.alpha * c.alpha / (d * n) as f64, w: (0..n * d).map(|_| rng.normal()).collect(), a: (0..p * n).map(|_| rng.normal()).collect() };
        let (w0, a0) = (m.w.clone(), m.a.clone());
        let rows = train.len();
        let mut y = Array2::<f64>::zeros((rows, p));
        train.iter().enumerate().for_each(|(i, &(a, b))| y[[i, (a + b) % p]] = 1.0);
        let grad_scale = 2.0 / (rows * p) as f64 / (c.alpha * c.alpha);
        Ok(GrokRun { c: c.clone(), m, w0, a0, train, test, y, grad_scale, h: Array2::zeros((rows, n)), marks: log_steps(c.steps, c.per_decade), next: 0, step: 0, finished: false, out: GrokSeries::default() })
    }

    fn one(&mut self) -> Result<(), DynamicsError> {
        let (c, step) = (&self.c, self.step);
        let (p, n, d) = (c.modulus, c.width, 2 * c.modulus);
        let lr = c.lr / (c.alpha * c.alpha);
        let alpha2 = c.alpha * c.alpha;
        let rows = self.train.len();
        let m = &mut self.m;
        let out = &mut self.out;
        let wv = ArrayView2::from_shape((n, d), &m.w).unwrap();
        for (i, &(a, b)) in self.train.iter().enumerate() {
            let mut hr = self.h.row_mut(i);
            hr.iter_mut().zip(wv.column(a)).zip(wv.column(p + b)).for_each(|((o, &x), &z)| *o = x + z);
        }
        let h = &self.h;
        let phi = h.mapv(|z| z * z);
        let av = ArrayView2::from_shape((p, n), &m.a).unwrap();
        let f = phi.dot(&av.t()) * m.scale;
        let e = &f - &self.y;
        let loss = e.iter().map(|v| v * v).sum::<f64>() / (rows * p) as f64 / alpha2;
        if self.next < self.marks.len() && self.marks[self.next] == step {
            self.next += 1;
            out.curves.steps.push(step);
            out.curves.loss.push(loss);
            let (tr, te) = (m.accuracy(&self.train), m.accuracy(&self.test));
            if tr >= 0.99 && out.train_fit_step.is_none() {
                out.train_fit_step = Some(step);
            }
            if te >= 0.99 && out.test_fit_step.is_none() {
                out.test_fit_step = Some(step);
            }
            out.accuracy.train_acc.push(tr);
            out.accuracy.test_acc.push(te);
            out.weight_norm.push((m.w.iter().chain(&m.a).map(|x| x * x).sum::<f64>()).sqrt());
            out.weight_movement.push(vec![rel(&m.w, &self.w0), rel(&m.a, &self.a0)]);
        }
        if !loss.is_finite() {
            return Err(DynamicsError::DivergedAtStep(step));
        }
        if step == c.steps {
            self.finished = true;
            return Ok(());
        }
        let r = e * (self.grad_scale * m.scale); // ∂L/∂(Aφ), (rows, p)
        let ga = r.t().dot(&phi); // (p, N)
        let back = r.dot(&av) * h * 2.0; // ∂L/∂h, (rows, N)
        let mut gw = vec![0.0; n * d];
        for (i, &(a, b)) in self.train.iter().enumerate() {
            for (j, &g) in back.row(i).iter().enumerate() {
                gw[j * d + a] += g;
                gw[j * d + p + b] += g;
            }
        }
        m.w.iter_mut().zip(&gw).for_each(|(x, g)| *x -= lr * g);
        m.a.iter_mut().zip(ga.iter()).for_each(|(x, g)| *x -= lr * g);
        self.step += 1;
        Ok(())
    }
}

stepwise!(GrokRun, GrokConfig, GrokSeries, "steps");

fn rel(x: &[f64], x0: &[f64]) -> f64 {
    let d: f64 = x.iter().zip(x0).map(|(a, b)| (a - b).powi(2)).sum();
    let n: f64 = x0.iter().map(|a| a * a).sum();
    (d / n.max(1e-300)).sqrt()
}
