//! Adamax (Kingma & Ba 2014, arXiv:1412.6980, sec. 7.1): Adam with the infinity norm,
//! u ← max(β2 u, |g|); θ ← θ − η m̂ / (u + ε). Defaults β (0.9, 0.999), ε 1e-8 (optax).

use super::{correction, Hyper, Optimizer};

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
        for i in 0..params.len() {
            let g = grad[i];
            self.m[i] = self.b1 * self.m[i] + (1.0 - self.b1) * g;
            self.u[i] = (self.b2 * self.u[i]).max(g.abs());
            params[i] -= lr * (self.m[i] / c1) / (self.u[i] + self.eps);
        }
    }

    fn configure(&mut self, h: &Hyper) {
        self.b1 = h.b1.unwrap_or(0.9);
        self.b2 = h.b2.unwrap_or(0.999);
        self.eps = h.eps.unwrap_or(1e-8);
    }

    fn reset(&mut self) {
        self.m.fill(0.0);
        self.u.fill(0.0);
        self.t = 0;
    }

    /// The buffers at `idx` only; step counts stay.
    fn reset_at(&mut self, idx: &[usize]) {
        for &i in idx {
            if let Some(x) = self.m.get_mut(i) {
                *x = 0.0;
            }
            if let Some(x) = self.u.get_mut(i) {
                *x = 0.0;
            }
        }
    }
}
