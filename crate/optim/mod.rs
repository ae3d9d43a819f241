//! Optimizers over the flat parameter buffer. Each keeps its configuration (a small
//! Copy struct with Default: the paper's or the reference implementation's defaults)
//! apart from its state (buffers in the parameter layout); the learning rate is passed at
//! every step, so a slider can change it mid-run, and `configure` swaps hyperparameters
//! without resetting the state. Update rules and the convention chosen where libraries
//! disagree are stated in each file; tests/optimizers.rs checks them against optax.

pub mod adabelief;
pub mod adabound;
pub mod adagrad;
pub mod adam;
pub mod adamax;
pub mod ademamix;
pub mod gravity;
pub mod lion;
pub mod lookahead;
pub mod madgrad;
pub mod radam;
pub mod rmsprop;
pub mod schedule;
pub mod sgd;

pub use adam::{Adam, AdamConfig};
pub use sgd::{Sgd, SgdConfig};


pub trait Optimizer {
    /// θ ← update(θ, g) with learning rate `lr`.
    fn step(&mut self, params: &mut [f32], grad: &[f32], lr: f32);
    /// New hyperparameters, state kept.
    fn configure(&mut self, hyper: &Hyper);
    /// The state kept per parameter, in the parameter layout (moments, accumulators): what
    /// `reset` zeroes, and `reset_at` at some indices. None by default.
    fn buffers(&mut self) -> Vec<&mut Vec<f32>> {
        Vec::new()
    }
    /// Forget the state kept outside those buffers (the step count, …); `reset` calls it.
    fn restart(&mut self) {}
    /// Forget all state (moments, step count).
    fn reset(&mut self) {
        for buffer in self.buffers() {
            buffer.fill(0.0);
        }
        self.restart();
    }
    /// Forget the state of the parameters at `idx` only (connections regrown by dynamic
    /// sparse training start without stale moments); step counts stay. A rule without
    /// per-parameter buffers forgets everything, which is always safe.
    fn reset_at(&mut self, idx: &[usize]) {
        let mut buffers = self.buffers();
        if buffers.is_empty() {
            return self.reset();
        }
        for buffer in &mut buffers {
            for &i in idx {
                if let Some(x) = buffer.get_mut(i) {
                    *x = 0.0;
                }
            }
        }
    }
    /// The state in the form another trainer of the same rule keeps it (the page's WebGPU
    /// trainer, www/shared/gpu/mlp.js), so a run moves between them without restarting its
    /// moments. None for the rules that trainer lacks (only SGD and Adam have this form).
    fn moments(&self) -> Option<Moments> {
        None
    }
    /// Takes state back in that form (the first `m.len()` entries of each buffer). False,
    /// with the state unchanged, for the rules without it or buffers longer than its own.
    fn set_moments(&mut self, moments: &Moments) -> bool {
        let _ = moments;
        false
    }
}

/// An optimizer's state as the WebGPU trainer keeps it: the step count t (Adam's bias
/// correction) and two buffers in the parameter layout. SGD: its momentum buffer b in m,
/// v empty and t 0. Adam: m and v.
#[derive(Clone, Debug, PartialEq)]
pub struct Moments {
    pub t: u64,
    pub m: Vec<f32>,
    pub v: Vec<f32>,
}

names! {
    /// Every optimizer the run configuration accepts, by its public name.
    pub enum OptimizerKind {
        Sgd,
        Adagrad,
        Rmsprop,
        Adam,
        Adamw,
        Amsgrad,
        Adamax,
        Radam,
        Adabelief,
        Adabound,
        Amsbound,
        Diffgrad,
        Grams,
        Lion,
        Ademamix,
        Madgrad,
        Gravity,
    }
}

impl OptimizerKind {
    /// The optimizer for a flat buffer of `n` parameters, seen as one tensor.
    pub fn build(self, hyper: &Hyper, n: usize) -> Box<dyn Optimizer + Send> {
        self.build_for(hyper, &[0..n], 0)
    }

    /// The optimizer for a buffer made of `tensors` (per-tensor rules such as Gravity's
    /// need them; `seed` feeds the ones that draw random numbers).
    pub fn build_for(self, hyper: &Hyper, tensors: &[std::ops::Range<usize>], seed: u64) -> Box<dyn Optimizer + Send> {
        use adam::Variant;
        let n = tensors.iter().map(|r| r.end).max().unwrap_or(0);
        match self {
            OptimizerKind::Sgd => Box::new(Sgd::new(SgdConfig::from(hyper), n)),
            OptimizerKind::Adam => Box::new(Adam::with_variant(Variant::Adam, hyper, n)),
            // The lite core refuses the others where a config enters (train::lite).
            _ if !cfg!(feature = "full") => unreachable!("the lite core has SGD and Adam only"),
            OptimizerKind::Adagrad => Box::new(adagrad::Adagrad::new(hyper, n)),
            OptimizerKind::Rmsprop => Box::new(rmsprop::Rmsprop::new(hyper, n)),
            OptimizerKind::Adamw => Box::new(Adam::with_variant(Variant::AdamW, hyper, n)),
            OptimizerKind::Amsgrad => Box::new(Adam::with_variant(Variant::AmsGrad, hyper, n)),
            OptimizerKind::Diffgrad => Box::new(Adam::with_variant(Variant::DiffGrad, hyper, n)),
            OptimizerKind::Grams => Box::new(Adam::with_variant(Variant::Grams, hyper, n)),
            OptimizerKind::Adamax => Box::new(adamax::Adamax::new(hyper, n)),
            OptimizerKind::Radam => Box::new(radam::Radam::new(hyper, n)),
            OptimizerKind::Adabelief => Box::new(adabelief::AdaBelief::new(hyper, n)),
            OptimizerKind::Adabound => Box::new(adabound::AdaBound::new(false, hyper, n)),
            OptimizerKind::Amsbound => Box::new(adabound::AdaBound::new(true, hyper, n)),
            OptimizerKind::Lion => Box::new(lion::Lion::new(hyper, n)),
            OptimizerKind::Ademamix => Box::new(ademamix::AdEMAMix::new(hyper, n)),
            OptimizerKind::Madgrad => Box::new(madgrad::Madgrad::new(hyper, n)),
            OptimizerKind::Gravity => Box::new(gravity::Gravity::new(hyper, tensors, seed, n)),
        }
    }
}

/// Every optimizer hyperparameter under one flat set of names (those of the optax
/// reference file), shared by the run config, the URL hash and the CLI. None means "the
/// optimizer's own default"; each optimizer reads the ones it uses (`f32_or`). The run
/// config stores this struct itself (`train::config::OptimizerConfig::hyper`), so the
/// numbers are f64, as the user typed them (0.03 prints back as 0.03); the update rules
/// compute in f32.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Hyper {
    pub momentum: Option<f64>,
    pub nesterov: Option<bool>,
    pub centered: Option<bool>,
    pub b1: Option<f64>,
    pub b2: Option<f64>,
    pub b3: Option<f64>,
    pub alpha: Option<f64>,
    pub eps: Option<f64>,
    pub eps_root: Option<f64>,
    pub weight_decay: Option<f64>,
    pub decay: Option<f64>,
    pub initial_accumulator_value: Option<f64>,
    pub threshold: Option<f64>,
    pub final_lr: Option<f64>,
    pub gamma: Option<f64>,
    pub alpha_warmup: Option<f64>,
    pub b3_warmup: Option<f64>,
    /// ε inside the square root (Adagrad default true, as optax; RMSProp default false, as PyTorch).
    pub eps_inside: Option<bool>,
    /// AMSGrad keeps the max of the bias-corrected v̂ (default true, as optax) or of the raw
    /// v, corrected afterwards (false, as PyTorch).
    pub max_corrected: Option<bool>,
}

/// A hyperparameter as the f32 an update rule computes in, or the rule's `default` when
/// None. (One rounding, f64 to f32, where the value is read.)
#[inline]
pub(crate) fn f32_or(value: Option<f64>, default: f32) -> f32 {
    value.map_or(default, |x| x as f32)
}

/// Adam's moment updates in place (Kingma & Ba 2014, Alg. 1), shared by the rules built on
/// them (Adam and its variants, RAdam, AdaBound): m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g².
#[inline(always)]
pub(crate) fn adam_moments(b1: f32, b2: f32, g: f32, m: &mut f32, v: &mut f32) {
    *m = b1 * *m + (1.0 - b1) * g;
    *v = b2 * *v + (1.0 - b2) * g * g;
}

/// `a.max(b)` as a select: the same value (a NaN operand gives the other), but in wasm
/// `f32::max` is a call to `fmaxf` per element, which keeps the loop around it scalar.
#[inline(always)]
pub(crate) fn max(a: f32, b: f32) -> f32 {
    if a >= b || b.is_nan() { a } else { b }
}

/// 1 − β^t in f64: in f32 it loses digits for β near 1.
pub(crate) fn correction(beta: f32, t: i32) -> f32 {
    (1.0 - (beta as f64).powi(t)) as f32
}
