//! AdaBound and AMSBound (Luo et al. 2019, arXiv:1902.09843), as in the authors' code
//! (Luolc/AdaBound): step size η √(1−β2^t)/(1−β1^t) divided by (√v + ε), clipped to
//! [η_l(t), η_u(t)], times m, with η_l = f (1 − 1/(γt + 1)), η_u = f (1 + 1/(γt)) and
//! f = final_lr · η / η₀ (η₀ = the learning rate at the first step). The code drops the
//! paper's 1/√t. AMSBound uses the running max of v. Defaults final_lr 0.1, γ 1e-3.

use super::{adam_moments, correction, f32_or, max, Hyper, Optimizer};

pub struct AdaBound {
    ams: bool,
    b1: f32,
    b2: f32,
    eps: f32,
    final_lr: f32,
    gamma: f32,
    base_lr: Option<f32>,
    m: Vec<f32>,
    v: Vec<f32>,
    v_max: Vec<f32>,
    t: i32,
}

impl AdaBound {
    pub fn new(ams: bool, h: &Hyper, n: usize) -> AdaBound {
        let mut a = AdaBound {
            ams,
            b1: 0.0,
            b2: 0.0,
            eps: 0.0,
            final_lr: 0.0,
            gamma: 0.0,
            base_lr: None,
            m: vec![0.0; n],
            v: vec![0.0; n],
            v_max: if ams { vec![0.0; n] } else { Vec::new() },
            t: 0,
        };
        a.configure(h);
        a
    }
}

impl Optimizer for AdaBound {
    fn step(&mut self, params: &mut [f32], grad: &[f32], lr: f32) {
        self.t += 1;
        let base = *self.base_lr.get_or_insert(lr);
        let t = self.t as f32;
        let step = lr * correction(self.b2, self.t).sqrt() / correction(self.b1, self.t);
        let f = if base > 0.0 { self.final_lr * lr / base } else { 0.0 };
        let (lower, upper) = (f * (1.0 - 1.0 / (self.gamma * t + 1.0)), f * (1.0 + 1.0 / (self.gamma * t)));
        let (b1, b2, eps) = (self.b1, self.b2, self.eps);
        let bounded = move |v: f32| (step / (v.sqrt() + eps)).clamp(lower, upper);
        // Zipped slices, one loop per form, a max without a call (`super::max`): each
        // vectorizes (same arithmetic per lane).
        let each = params.iter_mut().zip(grad).zip(self.m.iter_mut().zip(&mut self.v));
        if self.ams {
            each.zip(&mut self.v_max).for_each(|(((p, &g), (m, v)), v_max)| {
                adam_moments(b1, b2, g, m, v);
                *v_max = max(*v_max, *v);
                *p -= bounded(*v_max) * *m;
            });
        } else {
            each.for_each(|((p, &g), (m, v))| {
                adam_moments(b1, b2, g, m, v);
                *p -= bounded(*v) * *m;
            });
        }
    }

    fn configure(&mut self, h: &Hyper) {
        self.b1 = f32_or(h.b1, 0.9);
        self.b2 = f32_or(h.b2, 0.999);
        self.eps = f32_or(h.eps, 1e-8);
        self.final_lr = f32_or(h.final_lr, 0.1);
        self.gamma = f32_or(h.gamma, 1e-3);
    }

    fn buffers(&mut self) -> Vec<&mut Vec<f32>> {
        vec![&mut self.m, &mut self.v, &mut self.v_max]
    }

    fn restart(&mut self) {
        self.base_lr = None;
        self.t = 0;
    }
}
