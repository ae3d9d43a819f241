//! The run configuration: one type used by the page, the URL hash, the CLI and the tests,
//! grouped in memory (`config.optimizer.lr`, `config.network.hidden`) and flat outside
//! (`lr`, `hidden`: json.rs, through the key table in `schema`). It is validated once,
//! where it enters (`RunConfig::from_json`, `hash::parse`), against that table; an error
//! names the key, the value and the allowed range (validate.rs).

use crate::autodiff::estimator::{Guess, Method, TangentDist};
use crate::data::{DataSpec, DatasetKind, Task};
use crate::nn::{Activation, Init, Loss, ModelConfig, Penalty};
use crate::optim::schedule::Schedule;
use crate::optim::{Hyper, OptimizerKind};
use crate::sparsity::{Criterion, SparseTraining};

mod json;
mod validate;

pub use validate::ConfigError;

names! {
    pub enum LossChoice {
        Auto,
        Mse,
        Bce,
        SoftmaxCe,
    }
}

/// A run's settings, grouped by what they set: the data, the network, the gradient source,
/// the optimizer, the training loop and the pruning. Each value is stored once: the
/// optimizer's hyperparameters are the `Hyper` the update rules read, its schedule the
/// `Schedule` the trainer asks. The JSON, URL-hash and CLI form is flat (`lr`,
/// `batch-size`, …): the key table (`schema::FIELDS`) maps each key to its place here, and
/// the JSON is read and written through it (`json.rs`), so the key list exists once.
///
/// Numbers the user types are f64 so they print back exactly as written (0.03, not
/// 0.029999999329447746); the core converts them to f32 where it computes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunConfig {
    /// The data (`DataSpec`, what `build` generates): which set, how many points, how
    /// noisy, how split, with which seed (`data-seed`); the user's rows of `custom`, which
    /// are not a key (a link or a config file cannot carry data: they are attached where
    /// they arrive).
    pub data: DataSpec,
    pub network: NetworkConfig,
    pub gradient: GradientConfig,
    pub optimizer: OptimizerConfig,
    pub training: TrainingConfig,
    pub pruning: PruningConfig,
}

/// The network and its objective.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkConfig {
    /// Default [4, 2].
    pub hidden: Vec<usize>,
    /// Default tanh.
    pub activation: Activation,
    /// Per-hidden-layer override; default empty.
    pub activations: Vec<Activation>,
    /// Default uniform.
    pub init: Init,
    /// Default auto.
    pub loss: LossChoice,
    /// Default none.
    pub regularization: Penalty,
    /// Default 0.
    pub reg_rate: f64,
}

/// The gradient source and its settings.
#[derive(Clone, Debug, PartialEq)]
pub struct GradientConfig {
    /// Default backprop.
    pub method: Method,
    /// Tangents averaged per step by the forward-gradient methods; default 1.
    pub tangents: usize,
    /// Distribution of the tangents; default gaussian.
    pub tangent_dist: TangentDist,
    /// SPSA's finite-difference step h; default 1e-3.
    pub spsa_h: f64,
    /// Train each layer on its own linear head's loss; default false.
    pub local_losses: bool,
    /// Guessed-direction's guess: random or local; default random.
    pub guess: Guess,
    /// Forward-Forward's goodness threshold θ; default 2.
    pub ff_threshold: f64,
}

/// The update rule, its learning rate and schedule, and what wraps it.
#[derive(Clone, Debug, PartialEq)]
pub struct OptimizerConfig {
    /// `optimizer`; default sgd.
    pub kind: OptimizerKind,
    /// Default 0.03.
    pub lr: f64,
    /// The rule's hyperparameters, named as in the optax reference file (so the
    /// multi-word keys are snake_case). None, the default, means the rule's own default.
    pub hyper: Hyper,
    /// Lookahead period k (0 = off); default 0.
    pub lookahead_k: u32,
    /// Lookahead's α; default 0.8.
    pub lookahead_alpha: f64,
    /// SAM's neighbourhood radius ρ (0 = off; Foret et al. use 0.05); default 0.
    pub sam_rho: f64,
    /// The learning-rate schedule (keys schedule, schedule-steps, schedule-rate, min-lr,
    /// t-mult, warmup-steps); default constant.
    pub schedule: Schedule,
    /// Clip the gradient's global norm to this (0 = off); default 0.
    pub clip_norm: f64,
}

/// The training loop: seed, batches, run length.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainingConfig {
    /// Initial weights and minibatch order; default 1.
    pub seed: u32,
    /// Default 10.
    pub batch_size: usize,
    /// Each epoch ends with a smaller batch of the rows left, as PyTorch's
    /// DataLoader(shuffle=True, drop_last=False), instead of carrying them into the next
    /// epoch's first batch; default false. (Left out of the JSON when false, so configs
    /// and run files read as before.)
    pub short_last_batch: bool,
    /// PyTorch's `weight_decay` of SGD and Adam: λθ added to the gradient of every
    /// parameter, biases included, before the optimizer; default 0 (left out of the JSON).
    pub coupled_decay: f64,
    /// Default 100.
    pub epochs: usize,
}

/// Pruning and dynamic sparse training.
#[derive(Clone, Debug, PartialEq)]
pub struct PruningConfig {
    /// `prune`: the criterion; default none (dense, and bit-identical to a run without pruning).
    pub criterion: Criterion,
    /// Target fraction of the layers' weights pruned, 0 ≤ s < 1; default 0.8.
    pub sparsity: f64,
    /// `prune-at`: step at which pruning starts (0 = at initialization); default 0.
    pub at: u64,
    /// `prune-steps`: length of the gradual (cubic) ramp in steps, 0 = one-shot; default 0.
    pub steps: u64,
    /// `prune-every`: steps between prunings of the ramp; default 100.
    pub every: u64,
    /// `prune-n`: N of N:M; default 2.
    pub n: usize,
    /// `prune-m`: M of N:M; default 4.
    pub m: usize,
    /// Dynamic sparse training: none, set or rigl; default none.
    pub sparse_training: SparseTraining,
    /// SET's ζ / RigL's α; default 0.3.
    pub drop_fraction: f64,
    /// Steps between drop-and-regrow updates; default 100.
    pub update_every: u64,
}

// The defaults are the TensorFlow Playground's opening experiment: circle, x1 and x2, 4-2
// tanh, SGD at 0.03, batch 10, half the points for training.

impl Default for NetworkConfig {
    fn default() -> Self {
        NetworkConfig {
            hidden: vec![4, 2],
            activation: Activation::Tanh,
            activations: Vec::new(),
            init: Init::Uniform,
            loss: LossChoice::Auto,
            regularization: Penalty::None,
            reg_rate: 0.0,
        }
    }
}

impl Default for GradientConfig {
    fn default() -> Self {
        GradientConfig {
            method: Method::Backprop,
            tangents: 1,
            tangent_dist: TangentDist::Gaussian,
            spsa_h: 1e-3,
            local_losses: false,
            guess: Guess::Random,
            ff_threshold: 2.0,
        }
    }
}

impl Default for OptimizerConfig {
    fn default() -> Self {
        OptimizerConfig {
            kind: OptimizerKind::Sgd,
            lr: 0.03,
            hyper: Hyper::default(),
            lookahead_k: 0,
            lookahead_alpha: 0.8,
            sam_rho: 0.0,
            schedule: Schedule::default(),
            clip_norm: 0.0,
        }
    }
}

impl Default for TrainingConfig {
    fn default() -> Self {
        TrainingConfig { seed: 1, batch_size: 10, short_last_batch: false, coupled_decay: 0.0, epochs: 100 }
    }
}

impl Default for PruningConfig {
    fn default() -> Self {
        PruningConfig {
            criterion: Criterion::None,
            sparsity: 0.8,
            at: 0,
            steps: 0,
            every: 100,
            n: 2,
            m: 4,
            sparse_training: SparseTraining::None,
            drop_fraction: 0.3,
            update_every: 100,
        }
    }
}

impl RunConfig {
    /// This config with learning rate `lr` (a sweep's runs, an entrant's label).
    pub fn with_lr(&self, lr: f64) -> RunConfig {
        let mut c = self.clone();
        c.optimizer.lr = lr;
        c
    }
}

impl OptimizerConfig {
    /// The learning rate of step `t` (0-based): `lr` through the schedule.
    pub fn lr_at(&self, t: u64) -> f64 {
        self.schedule.lr(self.lr, t)
    }
}

impl RunConfig {
    pub fn task(&self) -> Task {
        match (&self.data.user, self.data.kind) {
            (Some(u), DatasetKind::Custom) => u.task(),
            (_, kind) => kind.task(self.data.classes),
        }
    }

    /// Whether the inputs are 2-D points: input features apply, a decision map is drawn.
    pub fn is_2d(&self) -> bool {
        match (&self.data.user, self.data.kind) {
            (Some(u), DatasetKind::Custom) => u.is_2d(),
            (_, kind) => kind.is_2d(),
        }
    }

    pub fn loss(&self) -> Loss {
        self.loss_for(self.task())
    }

    /// The loss on data of `task` (`auto` follows the task).
    pub fn loss_for(&self, task: Task) -> Loss {
        match (self.network.loss, task) {
            (LossChoice::Mse, _) | (LossChoice::Auto, Task::Regression) => Loss::Mse,
            (LossChoice::Bce, _) | (LossChoice::Auto, Task::Binary) => Loss::Bce,
            (LossChoice::SoftmaxCe, _) | (LossChoice::Auto, Task::Multiclass(_)) => Loss::SoftmaxCe,
        }
    }

    /// The model this configuration trains, given the feature names of its data.
    pub fn model_config(&self, feature_names: &[String]) -> ModelConfig {
        self.model_config_for(self.task(), feature_names)
    }

    /// The model for data of `task` with these feature names.
    pub fn model_config_for(&self, task: Task, feature_names: &[String]) -> ModelConfig {
        let outputs = match task {
            Task::Multiclass(k) => k,
            _ => 1,
        };
        let mut sizes = vec![feature_names.len()];
        let n = &self.network;
        sizes.extend(&n.hidden);
        sizes.push(outputs);
        let mut activations: Vec<Activation> =
            if n.activations.is_empty() { vec![n.activation; n.hidden.len()] } else { n.activations.clone() };
        activations.push(Activation::Linear);
        ModelConfig {
            sizes,
            activations,
            loss: self.loss_for(task),
            features: feature_names.to_vec(),
            penalty: n.regularization,
            penalty_rate: n.reg_rate as f32,
            local_heads: self.needs_local_heads(),
            label_classes: if self.gradient.method == Method::ForwardForward { task.classes() } else { 0 },
        }
    }

    /// Local losses, or guesses from local-loss gradients, train a head per hidden layer.
    pub fn needs_local_heads(&self) -> bool {
        let g = &self.gradient;
        g.local_losses || (g.method == Method::GuessedDirection && g.guess == Guess::Local)
    }
}
