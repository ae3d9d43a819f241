//! AdEMAMix (Pagliardini et al. 2024, arXiv:2409.03137, Alg. 1, without the optional
//! α and β3 warm-ups): m1 ← β1 m1 + (1−β1) g (bias-corrected), m2 ← β3 m2 + (1−β3) g
//! (not corrected), ν ← β2 ν + (1−β2) g² (corrected);
//! θ ← θ − η ((m̂1 + α m2)/(√ν̂ + ε) + λ θ). Defaults β (0.9, 0.999, 0.9999), α 2
//! (the official code; its README example uses 8), ε 1e-8, λ 0.

use super::{correction, Hyper, Optimizer};

pub struct AdEMAMix {
    b1: f32,
    b2: f32,
    b3: f32,
    alpha: f32,
    eps: f32,
    wd: f32,
    m1: Vec<f32>,
    m2: Vec<f32>,
    nu: Vec<f32>,
    t: i32,
}

impl AdEMAMix {
    pub fn new(h: &Hyper, n: usize) -> AdEMAMix {
        let z = || vec![0.0; n];
        let mut a = AdEMAMix { b1: 0.0, b2: 0.0, b3: 0.0, alpha: 0.0, eps: 0.0, wd: 0.0, m1: z(), m2: z(), nu: z(), t: 0 };
        a.configure(h);
        a
    }
}

impl Optimizer for AdEMAMix {
    fn step(&mut self, params: &mut [f32], grad: &[f32], lr: f32) {
        self.t += 1;
        let (c1, c2) = (correction(self.b1, self.t), correction(self.b2, self.t));
        for i in 0..params.len() {
            let g = grad[i];
            self.m1[i] = self.b1 * self.m1[i] + (1.0 - self.b1) * g;
            self.m2[i] = self.b3 * self.m2[i] + (1.0 - self.b3) * g;
            self.nu[i] = self.b2 * self.nu[i] + (1.0 - self.b2) * g * g;
            let dir = (self.m1[i] / c1 + self.alpha * self.m2[i]) / ((self.nu[i] / c2).sqrt() + self.eps);
            params[i] -= lr * (dir + self.wd * params[i]);
        }
    }

    fn configure(&mut self, h: &Hyper) {
        self.b1 = h.b1.unwrap_or(0.9);
        self.b2 = h.b2.unwrap_or(0.999);
        self.b3 = h.b3.unwrap_or(0.9999);
        self.alpha = h.alpha.unwrap_or(2.0);
        self.eps = h.eps.unwrap_or(1e-8);
        self.wd = h.weight_decay.unwrap_or(0.0);
    }

    fn reset(&mut self) {
        self.m1.fill(0.0);
        self.m2.fill(0.0);
        self.nu.fill(0.0);
        self.t = 0;
    }
}
