//! Gravity (Bahrami & Zadeh 2021, arXiv:2101.09192, Alg. 1), per tensor:
//! m = 1 / max|G|; ζ = G / (1 + (G/m)²); β̂_t = (β t + 1)/(t + 2);
//! V ← β̂ V + (1 − β̂) ζ; θ ← θ − η V, with V₀ ~ N(0, (α/η)²) drawn at the first step
//! from the optimizer's own seeded stream. Defaults (paper): α 0.01, β 0.9 (our `b1`).

use super::{f32_or, Hyper, Optimizer};
use crate::tensor::Rng;
use std::ops::Range;

pub struct Gravity {
    alpha: f32,
    beta: f32,
    tensors: Vec<Range<usize>>,
    seed: u64,
    v: Vec<f32>,
    t: u32,
}

impl Gravity {
    pub fn new(h: &Hyper, tensors: &[Range<usize>], seed: u64, n: usize) -> Gravity {
        let mut g = Gravity { alpha: 0.0, beta: 0.0, tensors: tensors.to_vec(), seed, v: vec![0.0; n], t: 0 };
        g.configure(h);
        g
    }
}

impl Optimizer for Gravity {
    fn step(&mut self, params: &mut [f32], grad: &[f32], lr: f32) {
        if self.t == 0 {
            let mut rng = Rng::stream(self.seed, 7);
            let sd = if lr > 0.0 { (self.alpha / lr) as f64 } else { 0.0 };
            self.v.iter_mut().for_each(|v| *v = (rng.normal() * sd) as f32);
        }
        self.t += 1;
        let t = self.t as f32;
        let beta_hat = (self.beta * t + 1.0) / (t + 2.0);
        for r in &self.tensors {
            let max = grad[r.clone()].iter().fold(0.0f32, |m, g| m.max(g.abs()));
            let inv_m = max; // (G/m)² = (G · max)²
            for i in r.clone() {
                let g = grad[i];
                let zeta = g / (1.0 + (g * inv_m) * (g * inv_m));
                self.v[i] = beta_hat * self.v[i] + (1.0 - beta_hat) * zeta;
                params[i] -= lr * self.v[i];
            }
        }
    }

    fn configure(&mut self, h: &Hyper) {
        self.alpha = f32_or(h.alpha, 0.01);
        self.beta = f32_or(h.b1, 0.9);
    }

    fn restart(&mut self) {
        self.t = 0;
    }
}
