//! SGD with optional momentum and Nesterov momentum, in PyTorch's form
//! (Sutskever et al. 2013, "On the importance of initialization and momentum"):
//! b ← μ b + g; θ ← θ − η b, or with Nesterov θ ← θ − η (g + μ b). b starts at 0,
//! so the first step is plain SGD, as in torch.optim.SGD with dampening 0.

use super::{f32_or, Hyper, Moments, Optimizer};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SgdConfig {
    /// μ; default 0 (plain SGD).
    pub momentum: f32,
    /// Nesterov look-ahead; default false.
    pub nesterov: bool,
}

impl Default for SgdConfig {
    fn default() -> Self {
        SgdConfig { momentum: 0.0, nesterov: false }
    }
}

impl From<&Hyper> for SgdConfig {
    fn from(h: &Hyper) -> Self {
        let d = SgdConfig::default();
        SgdConfig { momentum: f32_or(h.momentum, d.momentum), nesterov: h.nesterov.unwrap_or(d.nesterov) }
    }
}

pub struct Sgd {
    pub config: SgdConfig,
    buf: Vec<f32>,
}

impl Sgd {
    pub fn new(config: SgdConfig, n: usize) -> Sgd {
        Sgd { config, buf: vec![0.0; n] }
    }
}

impl Optimizer for Sgd {
    fn step(&mut self, params: &mut [f32], grad: &[f32], lr: f32) {
        let SgdConfig { momentum: mu, nesterov } = self.config;
        if mu == 0.0 {
            for (p, &g) in params.iter_mut().zip(grad) {
                *p -= lr * g;
            }
            return;
        }
        for ((p, &g), b) in params.iter_mut().zip(grad).zip(&mut self.buf) {
            *b = mu * *b + g;
            *p -= lr * if nesterov { g + mu * *b } else { *b };
        }
    }

    fn configure(&mut self, hyper: &Hyper) {
        self.config = SgdConfig::from(hyper);
    }

    fn moments(&self) -> Option<Moments> {
        Some(Moments { t: 0, m: self.buf.clone(), v: Vec::new() })
    }

    fn set_moments(&mut self, moments: &Moments) -> bool {
        let Some(buf) = self.buf.get_mut(..moments.m.len()) else { return false };
        buf.copy_from_slice(&moments.m);
        true
    }

    fn buffers(&mut self) -> Vec<&mut Vec<f32>> {
        vec![&mut self.buf]
    }
}
