//! Adamax (Kingma & Ba 2014, arXiv:1412.6980, sec. 7.1): Adam with the infinity norm,
//! u ← max(β2 u, |g|); θ ← θ − η m̂ / (u + ε). Defaults β (0.9, 0.999), ε 1e-8 (optax).

use super::{correction, f32_or, max, Hyper, Optimizer};

pub struct Adamax {
    b1: f32,
    b2: f32,
    eps: f32,
    m: Vec<f32>,
    u: Vec<f32>,
    t: i32,
}

impl Adamax {
    pub fn new(h: &Hyper, n: usize) -> Adamax {
        let mut a = Adamax { b1: 0.0, b2: 0.0, eps: 0.0, m: vec![0.0; n], u: vec![0.0; n], t: 0 };
        a.configure(h);
        a
    }
}

impl Optimizer for Adamax {
    fn step(&mut self, params: &mut [f32], grad: &[f32], lr: f32) {
        self.t += 1;
        let c1 = correction(self.b1, self.t);
        let (b1, b2, eps) = (self.b1, self.b2, self.eps);
        // Zipped slices and a max without a call (`super::max`), so the loop vectorizes.
        for ((p, &g), (m, u)) in params.iter_mut().zip(grad).zip(self.m.iter_mut().zip(&mut self.u)) {
            *m = b1 * *m + (1.0 - b1) * g;
            *u = max(b2 * *u, g.abs());
            *p -= lr * (*m / c1) / (*u + eps);
        }
    }

    fn configure(&mut self, h: &Hyper) {
        self.b1 = f32_or(h.b1, 0.9);
        self.b2 = f32_or(h.b2, 0.999);
        self.eps = f32_or(h.eps, 1e-8);
    }

    fn buffers(&mut self) -> Vec<&mut Vec<f32>> {
        vec![&mut self.m, &mut self.u]
    }

    fn restart(&mut self) {
        self.t = 0;
    }
}
