//! Adagrad (Duchi, Hazan & Singer 2011, JMLR 12): s ← s + g²; θ ← θ − η g / √(s + ε).
//! Convention: optax's — the accumulator starts at `initial_accumulator_value` (0.1) and
//! ε (1e-7) sits inside the root. PyTorch starts at 0 with ε = 1e-10 outside the root;
//! set initial_accumulator_value=0 to get its start.

use super::{Hyper, Optimizer};

pub struct Adagrad {
    eps: f32,
    initial: f32,
    s: Vec<f32>,
}

impl Adagrad {
    pub fn new(h: &Hyper, n: usize) -> Adagrad {
        let mut a = Adagrad { eps: 0.0, initial: 0.0, s: vec![0.0; n] };
        a.configure(h);
        a.reset();
        a
    }
}

impl Optimizer for Adagrad {
    fn step(&mut self, params: &mut [f32], grad: &[f32], lr: f32) {
        for ((p, &g), s) in params.iter_mut().zip(grad).zip(&mut self.s) {
            *s += g * g;
            *p -= lr * g / (*s + self.eps).sqrt();
        }
    }

    fn configure(&mut self, h: &Hyper) {
        self.eps = h.eps.unwrap_or(1e-7);
        self.initial = h.initial_accumulator_value.unwrap_or(0.1);
    }

    fn reset(&mut self) {
        self.s.fill(self.initial);
    }
}
