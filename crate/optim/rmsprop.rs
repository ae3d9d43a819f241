//! RMSProp (Tieleman & Hinton 2012, Coursera lecture 6.5): v ← ρ v + (1−ρ) g²;
//! θ ← θ − η g / (√v + ε), PyTorch's form (ε outside the root, v starts at 0; `decay` is
//! PyTorch's alpha). Centered (Graves 2013, arXiv:1308.0850): also a ← ρ a + (1−ρ) g and
//! the denominator √(v − a²) + ε. Defaults: decay 0.9 (Hinton's lecture), ε 1e-8.
//! eps_inside=true puts ε under the root instead, √(v + ε), as optax and TensorFlow do.

use super::{f32_or, max, Hyper, Optimizer};

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
        let (rho, eps, eps_inside) = (self.decay, self.eps, self.eps_inside);
        // max without a call (`super::max`), so the loops vectorize.
        let root = move |d: f32| {
            let d = max(d, 0.0);
            if eps_inside { (d + eps).sqrt() } else { d.sqrt() + eps }
        };
        // Zipped slices, one loop per form: no bounds checks or branch inside, so each
        // vectorizes (same arithmetic per lane).
        if self.centered {
            for ((p, &g), (v, a)) in params.iter_mut().zip(grad).zip(self.v.iter_mut().zip(&mut self.a)) {
                *v = rho * *v + (1.0 - rho) * g * g;
                *a = rho * *a + (1.0 - rho) * g;
                *p -= lr * g / root(*v - *a * *a);
            }
        } else {
            for ((p, &g), v) in params.iter_mut().zip(grad).zip(&mut self.v) {
                *v = rho * *v + (1.0 - rho) * g * g;
                *p -= lr * g / root(*v);
            }
        }
    }

    fn configure(&mut self, h: &Hyper) {
        self.decay = f32_or(h.decay, 0.9);
        self.eps = f32_or(h.eps, 1e-8);
        self.centered = h.centered.unwrap_or(false);
        self.eps_inside = h.eps_inside.unwrap_or(false);
    }

    fn buffers(&mut self) -> Vec<&mut Vec<f32>> {
        vec![&mut self.v, &mut self.a]
    }
}
