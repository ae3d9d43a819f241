//! The run configuration: one serde type used by the page, the URL hash, the CLI and
//! the tests. It is validated once, where it enters (`RunConfig::from_json`,
//! `hash::parse`), against the key table in `schema`; an error names the key, the value
//! and the allowed range.

use crate::autodiff::estimator::{Guess, Method, TangentDist};
use crate::data::{DataSpec, DatasetKind, Feature, Task, UserData};
use crate::nn::{Activation, Init, Loss, ModelConfig, Penalty};
use crate::optim::schedule::{Schedule, ScheduleKind};
use crate::optim::{Hyper, OptimizerKind};
use crate::sparsity::{Criterion, SparseTraining};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

mod validate;

pub use validate::ConfigError;

names! {
    pub enum LossChoice {
        Auto = "auto",
        Mse = "mse",
        Bce = "bce",
        SoftmaxCe = "softmax-ce",
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", default, deny_unknown_fields)]
/// Numbers the user types are f64 so they print back exactly as written (0.03, not
/// 0.029999999329447746); the core converts them to f32 where it computes.
pub struct RunConfig {
    /// Initial weights and minibatch order; default 1.
    pub seed: u32,
    /// Generated points and the train/test split; default 1.
    pub data_seed: u32,
    /// Default circle.
    pub dataset: DatasetKind,
    /// Default 500.
    pub samples: usize,
    /// Default 0.
    pub noise: f64,
    /// Default 0.5.
    pub train_ratio: f64,
    /// Arms of multi-spiral; default 3.
    pub classes: usize,
    /// Default [x1, x2].
    pub features: Vec<Feature>,
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
    /// Default sgd.
    pub optimizer: OptimizerKind,
    /// Default 0.03.
    pub lr: f64,
    // Optimizer hyperparameters, named as in the optax reference file (so the multi-word
    // ones are snake_case). None, the default, means the chosen optimizer's own default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub momentum: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nesterov: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub centered: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub b1: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub b2: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub b3: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alpha: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eps: Option<f64>,
    #[serde(rename = "eps_root", skip_serializing_if = "Option::is_none")]
    pub eps_root: Option<f64>,
    #[serde(rename = "weight_decay", skip_serializing_if = "Option::is_none")]
    pub weight_decay: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decay: Option<f64>,
    #[serde(rename = "initial_accumulator_value", skip_serializing_if = "Option::is_none")]
    pub initial_accumulator_value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    #[serde(rename = "final_lr", skip_serializing_if = "Option::is_none")]
    pub final_lr: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gamma: Option<f64>,
    #[serde(rename = "alpha_warmup", skip_serializing_if = "Option::is_none")]
    pub alpha_warmup: Option<f64>,
    #[serde(rename = "b3_warmup", skip_serializing_if = "Option::is_none")]
    pub b3_warmup: Option<f64>,
    #[serde(rename = "eps_inside", skip_serializing_if = "Option::is_none")]
    pub eps_inside: Option<bool>,
    #[serde(rename = "max_corrected", skip_serializing_if = "Option::is_none")]
    pub max_corrected: Option<bool>,
    /// Gradient source; default backprop.
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
    /// Lookahead period k (0 = off); default 0.
    pub lookahead_k: u32,
    /// Lookahead's α; default 0.8.
    pub lookahead_alpha: f64,
    /// SAM's neighbourhood radius ρ (0 = off; Foret et al. use 0.05); default 0.
    pub sam_rho: f64,
    /// Learning-rate schedule; default constant.
    pub schedule: ScheduleKind,
    /// Period of the schedule in steps (step, cosine T, SGDR T_0); default 1000.
    pub schedule_steps: u64,
    /// Decay factor of `step`, rate k of `exponential`; default 0.5.
    pub schedule_rate: f64,
    /// η_min of cosine and SGDR; default 0.
    pub min_lr: f64,
    /// SGDR's period multiplier; default 2.
    pub t_mult: f64,
    /// Linear warm-up steps; default 0.
    pub warmup_steps: u64,
    /// Clip the gradient's global norm to this (0 = off); default 0.
    pub clip_norm: f64,
    /// Default 10.
    pub batch_size: usize,
    /// Each epoch ends with a smaller batch of the rows left, as PyTorch's
    /// DataLoader(shuffle=True, drop_last=False), instead of carrying them into the next
    /// epoch's first batch; default false. (Left out of the JSON when false, so configs
    /// and run files read as before.)
    #[serde(skip_serializing_if = "is_false")]
    pub short_last_batch: bool,
    /// Default none.
    pub regularization: Penalty,
    /// Default 0.
    pub reg_rate: f64,
    /// PyTorch's `weight_decay` of SGD and Adam: λθ added to the gradient of every
    /// parameter, biases included, before the optimizer; default 0 (left out of the JSON).
    #[serde(skip_serializing_if = "is_zero")]
    pub coupled_decay: f64,
    /// Default 100.
    pub epochs: usize,
    /// Pruning criterion; default none (dense, and bit-identical to a run without pruning).
    pub prune: Criterion,
    /// Target fraction of the layers' weights pruned, 0 ≤ s < 1; default 0.8.
    pub sparsity: f64,
    /// Step at which pruning starts (0 = at initialization); default 0.
    pub prune_at: u64,
    /// Length of the gradual (cubic) ramp in steps, 0 = one-shot; default 0.
    pub prune_steps: u64,
    /// Steps between prunings of the ramp; default 100.
    pub prune_every: u64,
    /// N of N:M; default 2.
    pub prune_n: usize,
    /// M of N:M; default 4.
    pub prune_m: usize,
    /// Dynamic sparse training: none, set or rigl; default none.
    pub sparse_training: SparseTraining,
    /// SET's ζ / RigL's α; default 0.3.
    pub drop_fraction: f64,
    /// Steps between drop-and-regrow updates; default 100.
    pub update_every: u64,
    /// The rows of `dataset=custom` (an uploaded CSV or drawn points). Not a key: a link
    /// or a config file cannot carry data, so it is attached where the data arrive.
    #[serde(skip)]
    pub user_data: Option<Arc<UserData>>,
}

impl Default for RunConfig {
    /// The TensorFlow Playground's opening experiment: circle, x1 and x2, 4-2 tanh,
    /// SGD at 0.03, batch 10, half the points for training.
    fn default() -> Self {
        RunConfig {
            seed: 1,
            data_seed: 1,
            dataset: DatasetKind::Circle,
            samples: 500,
            noise: 0.0,
            train_ratio: 0.5,
            classes: 3,
            features: vec![Feature::X1, Feature::X2],
            hidden: vec![4, 2],
            activation: Activation::Tanh,
            activations: Vec::new(),
            init: Init::Uniform,
            loss: LossChoice::Auto,
            optimizer: OptimizerKind::Sgd,
            lr: 0.03,
            momentum: None,
            nesterov: None,
            centered: None,
            b1: None,
            b2: None,
            b3: None,
            alpha: None,
            eps: None,
            eps_root: None,
            weight_decay: None,
            decay: None,
            initial_accumulator_value: None,
            threshold: None,
            final_lr: None,
            gamma: None,
            alpha_warmup: None,
            b3_warmup: None,
            eps_inside: None,
            max_corrected: None,
            method: Method::Backprop,
            tangents: 1,
            tangent_dist: TangentDist::Gaussian,
            spsa_h: 1e-3,
            local_losses: false,
            guess: Guess::Random,
            ff_threshold: 2.0,
            lookahead_k: 0,
            lookahead_alpha: 0.8,
            sam_rho: 0.0,
            schedule: ScheduleKind::Constant,
            schedule_steps: 1000,
            schedule_rate: 0.5,
            min_lr: 0.0,
            t_mult: 2.0,
            warmup_steps: 0,
            clip_norm: 0.0,
            batch_size: 10,
            short_last_batch: false,
            regularization: Penalty::None,
            reg_rate: 0.0,
            coupled_decay: 0.0,
            epochs: 100,
            prune: Criterion::None,
            sparsity: 0.8,
            prune_at: 0,
            prune_steps: 0,
            prune_every: 100,
            prune_n: 2,
            prune_m: 4,
            sparse_training: SparseTraining::None,
            drop_fraction: 0.3,
            update_every: 100,
            user_data: None,
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

impl RunConfig {
    pub fn task(&self) -> Task {
        match (&self.user_data, self.dataset) {
            (Some(u), DatasetKind::Custom) => u.task(),
            (_, kind) => kind.task(self.classes),
        }
    }

    /// Whether the inputs are 2-D points: input features apply, a decision map is drawn.
    pub fn is_2d(&self) -> bool {
        match (&self.user_data, self.dataset) {
            (Some(u), DatasetKind::Custom) => u.is_2d(),
            (_, kind) => kind.is_2d(),
        }
    }

    pub fn loss(&self) -> Loss {
        self.loss_for(self.task())
    }

    /// The loss on data of `task` (`auto` follows the task).
    pub fn loss_for(&self, task: Task) -> Loss {
        match (self.loss, task) {
            (LossChoice::Mse, _) | (LossChoice::Auto, Task::Regression) => Loss::Mse,
            (LossChoice::Bce, _) | (LossChoice::Auto, Task::Binary) => Loss::Bce,
            (LossChoice::SoftmaxCe, _) | (LossChoice::Auto, Task::Multiclass(_)) => Loss::SoftmaxCe,
        }
    }

    pub fn data_spec(&self) -> DataSpec {
        DataSpec {
            kind: self.dataset,
            samples: self.samples,
            noise: self.noise,
            train_ratio: self.train_ratio,
            classes: self.classes,
            seed: self.data_seed as u64,
            features: self.features.clone(),
            user: self.user_data.clone().filter(|_| self.dataset == DatasetKind::Custom),
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
        sizes.extend(&self.hidden);
        sizes.push(outputs);
        let mut activations: Vec<Activation> =
            if self.activations.is_empty() { vec![self.activation; self.hidden.len()] } else { self.activations.clone() };
        activations.push(Activation::Linear);
        ModelConfig {
            sizes,
            activations,
            loss: self.loss_for(task),
            features: feature_names.to_vec(),
            penalty: self.regularization,
            penalty_rate: self.reg_rate as f32,
            local_heads: self.needs_local_heads(),
            label_classes: if self.method == Method::ForwardForward { task.classes() } else { 0 },
        }
    }

    /// Local losses, or guesses from local-loss gradients, train a head per hidden layer.
    pub fn needs_local_heads(&self) -> bool {
        self.local_losses || (self.method == Method::GuessedDirection && self.guess == Guess::Local)
    }

    pub fn lr_schedule(&self) -> Schedule {
        Schedule {
            kind: self.schedule,
            steps: self.schedule_steps,
            rate: self.schedule_rate,
            min_lr: self.min_lr,
            t_mult: self.t_mult,
            warmup: self.warmup_steps,
        }
    }

    pub fn hyper(&self) -> Hyper {
        let f = |v: Option<f64>| v.map(|x| x as f32);
        Hyper {
            momentum: f(self.momentum),
            nesterov: self.nesterov,
            centered: self.centered,
            b1: f(self.b1),
            b2: f(self.b2),
            b3: f(self.b3),
            alpha: f(self.alpha),
            eps: f(self.eps),
            eps_root: f(self.eps_root),
            weight_decay: f(self.weight_decay),
            decay: f(self.decay),
            initial_accumulator_value: f(self.initial_accumulator_value),
            threshold: f(self.threshold),
            final_lr: f(self.final_lr),
            gamma: f(self.gamma),
            alpha_warmup: f(self.alpha_warmup),
            b3_warmup: f(self.b3_warmup),
            eps_inside: self.eps_inside,
            max_corrected: self.max_corrected,
        }
    }
}
