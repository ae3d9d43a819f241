//! Lion (Chen et al. 2023, "Symbolic discovery of optimization algorithms",
//! arXiv:2302.06675, Program 1): θ ← θ − η (sign(β1 m + (1−β1) g) + λ θ);
//! m ← β2 m + (1−β2) g. Defaults β (0.9, 0.99), λ 1e-3 (optax); the paper advises an η
//! 3–10× smaller and a λ 3–10× larger than AdamW's.

use super::{f32_or, Hyper, Optimizer};

pub struct Lion {
    b1: f32,
    b2: f32,
    wd: f32,
    m: Vec<f32>,
}

impl Lion {
    pub fn new(h: &Hyper, n: usize) -> Lion {
        let mut l = Lion { b1: 0.0, b2: 0.0, wd: 0.0, m: vec![0.0; n] };
        l.configure(h);
        l
    }
}

impl Optimizer for Lion {
    fn step(&mut self, params: &mut [f32], grad: &[f32], lr: f32) {
        for ((p, &g), m) in params.iter_mut().zip(grad).zip(&mut self.m) {
            let c = self.b1 * *m + (1.0 - self.b1) * g;
            let u = if c > 0.0 { 1.0 } else if c < 0.0 { -1.0 } else { 0.0 };
            *p -= lr * (u + self.wd * *p);
            *m = self.b2 * *m + (1.0 - self.b2) * g;
        }
    }

    fn configure(&mut self, h: &Hyper) {
        self.b1 = f32_or(h.b1, 0.9);
        self.b2 = f32_or(h.b2, 0.99);
        self.wd = f32_or(h.weight_decay, 1e-3);
    }

    fn buffers(&mut self) -> Vec<&mut Vec<f32>> {
        vec![&mut self.m]
    }
}
