//! RAdam (Liu et al. 2019, arXiv:1908.03265, Alg. 2): ρ∞ = 2/(1−β2) − 1,
//! ρ_t = ρ∞ − 2 t β2^t / (1 − β2^t). While ρ_t ≤ threshold (5, as optax) the variance
//! estimate is not trusted and the step is η m̂; after it, η r_t m̂ / (√v̂ + ε) with
//! r_t = √((ρ_t − 4)(ρ_t − 2) ρ∞ / ((ρ∞ − 4)(ρ∞ − 2) ρ_t)).

use super::{adam_moments, correction, f32_or, Hyper, Optimizer};

pub struct Radam {
    b1: f32,
    b2: f32,
    eps: f32,
    threshold: f64,
    m: Vec<f32>,
    v: Vec<f32>,
    t: i32,
}

impl Radam {
    pub fn new(h: &Hyper, n: usize) -> Radam {
        let mut r = Radam { b1: 0.0, b2: 0.0, eps: 0.0, threshold: 0.0, m: vec![0.0; n], v: vec![0.0; n], t: 0 };
        r.configure(h);
        r
    }
}

impl Optimizer for Radam {
    fn step(&mut self, params: &mut [f32], grad: &[f32], lr: f32) {
        self.t += 1;
        let (c1, c2) = (correction(self.b1, self.t), correction(self.b2, self.t));
        let b2 = self.b2 as f64;
        let rho_inf = 2.0 / (1.0 - b2) - 1.0;
        let b2t = b2.powi(self.t);
        let rho = rho_inf - 2.0 * self.t as f64 * b2t / (1.0 - b2t);
        let rect = if rho > self.threshold {
            Some((((rho - 4.0) * (rho - 2.0) * rho_inf) / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho)).sqrt() as f32)
        } else {
            None
        };
        let (b1, b2, eps) = (self.b1, self.b2, self.eps);
        // Zipped slices and one loop per case: no bounds checks or branch inside, so each
        // vectorizes (same arithmetic per lane).
        let each = params.iter_mut().zip(grad).zip(self.m.iter_mut().zip(&mut self.v));
        let moments = |g: f32, m: &mut f32, v: &mut f32| {
            adam_moments(b1, b2, g, m, v);
            *m / c1
        };
        match rect {
            Some(r) => each.for_each(|((p, &g), (m, v))| {
                let m_hat = moments(g, m, v);
                *p -= lr * (r * m_hat / ((*v / c2).sqrt() + eps));
            }),
            None => each.for_each(|((p, &g), (m, v))| *p -= lr * moments(g, m, v)),
        }
    }

    fn configure(&mut self, h: &Hyper) {
        self.b1 = f32_or(h.b1, 0.9);
        self.b2 = f32_or(h.b2, 0.999);
        self.eps = f32_or(h.eps, 1e-8);
        self.threshold = f32_or(h.threshold, 5.0) as f64;
    }

    fn buffers(&mut self) -> Vec<&mut Vec<f32>> {
        vec![&mut self.m, &mut self.v]
    }

    fn restart(&mut self) {
        self.t = 0;
    }
}
