//! AdaBelief (Zhuang et al. 2020, arXiv:2010.07468): Adam with the "belief"
//! s ← β2 s + (1−β2)(g − m)² + ε_root in place of v; θ ← θ − η m̂ / (√ŝ + ε).
//! The prediction error uses this step's m, as the paper's Algorithm 2 and optax do. Defaults ε = ε_root = 1e-16.

use super::{correction, f32_or, Hyper, Optimizer};

pub struct AdaBelief {
    b1: f32,
    b2: f32,
    eps: f32,
    eps_root: f32,
    m: Vec<f32>,
    s: Vec<f32>,
    t: i32,
}

impl AdaBelief {
    pub fn new(h: &Hyper, n: usize) -> AdaBelief {
        let mut a = AdaBelief { b1: 0.0, b2: 0.0, eps: 0.0, eps_root: 0.0, m: vec![0.0; n], s: vec![0.0; n], t: 0 };
        a.configure(h);
        a
    }
}

impl Optimizer for AdaBelief {
    fn step(&mut self, params: &mut [f32], grad: &[f32], lr: f32) {
        self.t += 1;
        let (c1, c2) = (correction(self.b1, self.t), correction(self.b2, self.t));
        let (b1, b2, eps, eps_root) = (self.b1, self.b2, self.eps, self.eps_root);
        // Zipped slices: no bounds checks, so the loop vectorizes (same arithmetic per lane).
        for ((p, &g), (m, s)) in params.iter_mut().zip(grad).zip(self.m.iter_mut().zip(&mut self.s)) {
            *m = b1 * *m + (1.0 - b1) * g;
            let err = g - *m;
            *s = b2 * *s + (1.0 - b2) * err * err + eps_root;
            *p -= lr * (*m / c1) / ((*s / c2).sqrt() + eps);
        }
    }

    fn configure(&mut self, h: &Hyper) {
        self.b1 = f32_or(h.b1, 0.9);
        self.b2 = f32_or(h.b2, 0.999);
        self.eps = f32_or(h.eps, 1e-16);
        self.eps_root = f32_or(h.eps_root, 1e-16);
    }

    fn buffers(&mut self) -> Vec<&mut Vec<f32>> {
        vec![&mut self.m, &mut self.s]
    }

    fn restart(&mut self) {
        self.t = 0;
    }
}
