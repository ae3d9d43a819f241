//! Lookahead (Zhang et al. 2019, arXiv:1907.08610, Alg. 1) around any optimizer: the
//! inner optimizer takes k fast steps, then the slow weights move φ ← φ + α(θ − φ) and
//! the fast weights restart from them (θ ← φ). Defaults k 5, α 0.8 (the reference
//! table; the paper's experiments use α 0.5 or 0.8). The inner state is kept across syncs.

use super::{Hyper, Optimizer};

pub struct Lookahead {
    inner: Box<dyn Optimizer + Send>,
    k: u32,
    alpha: f32,
    slow: Vec<f32>,
    t: u32,
}

impl Lookahead {
    pub fn new(inner: Box<dyn Optimizer + Send>, k: u32, alpha: f32) -> Lookahead {
        Lookahead { inner, k: k.max(1), alpha, slow: Vec::new(), t: 0 }
    }
}

impl Optimizer for Lookahead {
    fn step(&mut self, params: &mut [f32], grad: &[f32], lr: f32) {
        if self.t == 0 {
            self.slow.clear();
            self.slow.extend_from_slice(params);
        }
        self.inner.step(params, grad, lr);
        self.t += 1;
        if self.t % self.k == 0 {
            for (p, s) in params.iter_mut().zip(&mut self.slow) {
                *s += self.alpha * (*p - *s);
                *p = *s;
            }
        }
    }

    fn configure(&mut self, hyper: &Hyper) {
        self.inner.configure(hyper);
    }

    fn reset(&mut self) {
        self.inner.reset();
        self.t = 0;
    }

    /// Also zeroes the slow weights there: a stale slow weight would pull a regrown
    /// connection back towards its old value at the next sync.
    fn reset_at(&mut self, idx: &[usize]) {
        self.inner.reset_at(idx);
        for &i in idx {
            if let Some(s) = self.slow.get_mut(i) {
                *s = 0.0;
            }
        }
    }
}
