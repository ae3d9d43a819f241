//! Adam (Kingma & Ba 2014, arXiv:1412.6980, Algorithm 1): m ← β1 m + (1−β1) g;
//! v ← β2 v + (1−β2) g²; θ ← θ − η m̂ / (√v̂ + ε) with m̂ = m/(1−β1^t), v̂ = v/(1−β2^t).
//! ε sits outside the square root, as in the paper, PyTorch and optax.

use super::{Hyper, Optimizer};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdamConfig {
    /// β1; default 0.9.
    pub b1: f32,
    /// β2; default 0.999.
    pub b2: f32,
    /// ε; default 1e-8.
    pub eps: f32,
}

impl Default for AdamConfig {
    fn default() -> Self {
        AdamConfig { b1: 0.9, b2: 0.999, eps: 1e-8 }
    }
}

impl From<&Hyper> for AdamConfig {
    fn from(h: &Hyper) -> Self {
        AdamConfig { b1: h.b1, b2: h.b2, eps: h.eps }
    }
}

pub struct Adam {
    pub config: AdamConfig,
    m: Vec<f32>,
    v: Vec<f32>,
    t: i32,
}

impl Adam {
    pub fn new(config: AdamConfig, n: usize) -> Adam {
        Adam { config, m: vec![0.0; n], v: vec![0.0; n], t: 0 }
    }
}

impl Optimizer for Adam {
    fn step(&mut self, params: &mut [f32], grad: &[f32], lr: f32) {
        let AdamConfig { b1, b2, eps } = self.config;
        self.t += 1;
        // Bias corrections in f64: 1 − β^t loses digits in f32 for β2 near 1.
        let c1 = (1.0 - (b1 as f64).powi(self.t)) as f32;
        let c2 = (1.0 - (b2 as f64).powi(self.t)) as f32;
        for (((p, &g), m), v) in params.iter_mut().zip(grad).zip(&mut self.m).zip(&mut self.v) {
            *m = b1 * *m + (1.0 - b1) * g;
            *v = b2 * *v + (1.0 - b2) * g * g;
            *p -= lr * (*m / c1) / ((*v / c2).sqrt() + eps);
        }
    }

    fn configure(&mut self, hyper: &Hyper) {
        self.config = AdamConfig::from(hyper);
    }

    fn reset(&mut self) {
        self.m.fill(0.0);
        self.v.fill(0.0);
        self.t = 0;
    }
}
