//! Adagrad (Duchi, Hazan & Singer 2011, JMLR 12): s ← s + g²; θ ← θ − η g / √(s + ε).
//! Convention: optax's — the accumulator starts at `initial_accumulator_value` (0.1) and
//! ε (1e-7) sits inside the root. PyTorch starts at 0 with ε = 1e-10 outside the root;
//! set initial_accumulator_value=0 to get its start.

use super::{f32_or, Hyper, Optimizer};

pub struct Adagrad {
    eps: f32,
    eps_inside: bool,
    initial: f32,
    s: Vec<f32>,
}

impl Adagrad {
    pub fn new(h: &Hyper, n: usize) -> Adagrad {
        let mut a = Adagrad { eps: 0.0, eps_inside: true, initial: 0.0, s: vec![0.0; n] };
        a.configure(h);
        a.reset();
        a
    }
}

impl Optimizer for Adagrad {
    fn step(&mut self, params: &mut [f32], grad: &[f32], lr: f32) {
        for ((p, &g), s) in params.iter_mut().zip(grad).zip(&mut self.s) {
            *s += g * g;
            let denom = if self.eps_inside { (*s + self.eps).sqrt() } else { s.sqrt() + self.eps };
            *p -= lr * g / denom;
        }
    }

    fn configure(&mut self, h: &Hyper) {
        self.eps = f32_or(h.eps, 1e-7);
        self.eps_inside = h.eps_inside.unwrap_or(true);
        self.initial = f32_or(h.initial_accumulator_value, 0.1);
    }

    fn buffers(&mut self) -> Vec<&mut Vec<f32>> {
        vec![&mut self.s]
    }

    /// Back to the starting accumulator, not 0.
    fn reset(&mut self) {
        self.s.fill(self.initial);
    }

    /// The buffers at `idx` only (back to the starting accumulator); step counts stay.
    fn reset_at(&mut self, idx: &[usize]) {
        for &i in idx {
            if let Some(x) = self.s.get_mut(i) {
                *x = self.initial;
            }
        }
    }
}
