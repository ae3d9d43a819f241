//! RMSProp (Tieleman & Hinton 2012, Coursera lecture 6.5): v ← ρ v + (1−ρ) g²;
//! θ ← θ − η g / (√v + ε), PyTorch's form (ε outside the root, v starts at 0; `decay` is
//! PyTorch's alpha). Centered (Graves 2013, arXiv:1308.0850): also a ← ρ a + (1−ρ) g and
//! the denominator √(v − a²) + ε. Defaults: decay 0.9 (Hinton's lecture), ε 1e-8.
//! eps_inside=true puts ε under the root instead, √(v + ε), as optax and TensorFlow do.

use super::{Hyper, Optimizer};

pub struct Rmsprop {
    decay: f32,
    eps: f32,
    centered: bool,
    eps_inside: bool,
    v: Vec<f32>,
    a: Vec<f32>,
}

impl Rmsprop {
    pub fn new(h: &Hyper, n: usize) -> Rmsprop {
        let mut r = Rmsprop { decay: 0.0, eps: 0.0, centered: false, eps_inside: false, v: vec![0.0; n], a: vec![0.0; n] };
        r.configure(h);
        r
    }
}

impl Optimizer for Rmsprop {
    fn step(&mut self, params: &mut [f32], grad: &[f32], lr: f32) {
        let rho = self.decay;
        for i in 0..params.len() {
            let g = grad[i];
            self.v[i] = rho * self.v[i] + (1.0 - rho) * g * g;
            let mut denom = self.v[i];
            if self.centered {
                self.a[i] = rho * self.a[i] + (1.0 - rho) * g;
                denom -= self.a[i] * self.a[i];
            }
            let denom = if self.eps_inside { (denom.max(0.0) + self.eps).sqrt() } else { denom.max(0.0).sqrt() + self.eps };
            params[i] -= lr * g / denom;
        }
    }

    fn configure(&mut self, h: &Hyper) {
        self.decay = h.decay.unwrap_or(0.9);
        self.eps = h.eps.unwrap_or(1e-8);
        self.centered = h.centered.unwrap_or(false);
        self.eps_inside = h.eps_inside.unwrap_or(false);
    }

    fn reset(&mut self) {
        self.v.fill(0.0);
        self.a.fill(0.0);
    }

    /// The buffers at `idx` only; step counts stay.
    fn reset_at(&mut self, idx: &[usize]) {
        for &i in idx {
            if let Some(x) = self.v.get_mut(i) {
                *x = 0.0;
            }
            if let Some(x) = self.a.get_mut(i) {
                *x = 0.0;
            }
        }
    }
}
