//! Optimizers over the flat parameter buffer. Each keeps its configuration (a small
//! Copy struct with Default) apart from its state (buffers in the parameter layout);
//! the learning rate is passed at every step, so a slider can change it mid-run, and
//! `configure` swaps hyperparameters without resetting the state.

pub mod adam;
pub mod sgd;

pub use adam::{Adam, AdamConfig};
pub use sgd::{Sgd, SgdConfig};

use serde::{Deserialize, Serialize};

pub trait Optimizer {
    /// θ ← update(θ, g) with learning rate `lr`.
    fn step(&mut self, params: &mut [f32], grad: &[f32], lr: f32);
    /// New hyperparameters, state kept.
    fn configure(&mut self, hyper: &Hyper);
    /// Forget all state (moments, step count).
    fn reset(&mut self);
}

/// Names of the optimizers the run configuration accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OptimizerKind {
    Sgd,
    Adam,
}

impl OptimizerKind {
    pub const ALL: [OptimizerKind; 2] = [OptimizerKind::Sgd, OptimizerKind::Adam];

    pub fn name(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Adam => "adam",
        }
    }

    pub fn build(self, hyper: &Hyper, n: usize) -> Box<dyn Optimizer + Send> {
        match self {
            OptimizerKind::Sgd => Box::new(Sgd::new(SgdConfig::from(hyper), n)),
            OptimizerKind::Adam => Box::new(Adam::new(AdamConfig::from(hyper), n)),
        }
    }
}

/// Every optimizer hyperparameter under one flat set of names (those of the optax
/// reference file), so the run config, the URL hash and the CLI share them. Each
/// optimizer reads the ones it uses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hyper {
    pub momentum: f32,
    pub nesterov: bool,
    pub b1: f32,
    pub b2: f32,
    pub eps: f32,
}
