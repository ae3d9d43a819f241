//! MADGRAD (Defazio & Jelassi 2021, arXiv:2101.11075, Alg. 1; facebookresearch/madgrad):
//! dual averaging with a cube-root denominator. With k from 0: λ_k = (η + ε)√(k+1);
//! s ← s + λ_k g; ν ← ν + λ_k g²; z = x₀ − s / (ν^(1/3) + ε); x ← (1−c) x + c z with
//! c = 1 − momentum (x₀ = the weights at the first step). Defaults momentum 0.9, ε 1e-6.

use super::{f32_or, Hyper, Optimizer};

pub struct Madgrad {
    momentum: f32,
    eps: f32,
    x0: Vec<f32>,
    s: Vec<f32>,
    nu: Vec<f32>,
    k: u32,
}

impl Madgrad {
    pub fn new(h: &Hyper, n: usize) -> Madgrad {
        let mut m = Madgrad { momentum: 0.0, eps: 0.0, x0: Vec::with_capacity(n), s: vec![0.0; n], nu: vec![0.0; n], k: 0 };
        m.configure(h);
        m
    }
}

impl Optimizer for Madgrad {
    fn step(&mut self, params: &mut [f32], grad: &[f32], lr: f32) {
        if self.k == 0 {
            self.x0.clear();
            self.x0.extend_from_slice(params);
        }
        let lamb = (lr + self.eps) * ((self.k + 1) as f32).sqrt();
        let c = 1.0 - self.momentum;
        for i in 0..params.len() {
            let g = grad[i];
            self.s[i] += lamb * g;
            self.nu[i] += lamb * g * g;
            let z = self.x0[i] - self.s[i] / (self.nu[i].cbrt() + self.eps);
            params[i] = (1.0 - c) * params[i] + c * z;
        }
        self.k += 1;
    }

    fn configure(&mut self, h: &Hyper) {
        self.momentum = f32_or(h.momentum, 0.9);
        self.eps = f32_or(h.eps, 1e-6);
    }

    /// The anchor x0 too, so a regrown weight is not pulled back to its old value (after a
    /// full reset the first step takes x0 afresh).
    fn buffers(&mut self) -> Vec<&mut Vec<f32>> {
        vec![&mut self.s, &mut self.nu, &mut self.x0]
    }

    fn restart(&mut self) {
        self.k = 0;
    }
}
