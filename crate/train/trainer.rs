//! The trainer: a model's flat parameters, its optimizer state, the data and a seeded
//! stream of minibatches. Seed stream 2 draws the initial weights and stream 3 the
//! minibatch order, so the same configuration gives bit-identical runs.
//! The minibatch stream walks a fresh permutation of the training rows each epoch and
//! carries over epoch boundaries, so every step has exactly `batch-size` rows; or, with
//! `short-last-batch`, ends each epoch with the rows left (PyTorch's DataLoader).
//! It trains on the configured dataset (`new`) or on data a lab brings (`with_data`).

use super::metrics::{evaluate, EpochMetrics, Evaluation, StepStats};
use super::lite::FULL;
use super::schema::Field;
use super::RunConfig;
use crate::autodiff::estimator::{agreement, Agreement, Estimator, Method};
use crate::autodiff::loss_and_gradient;
use crate::data::{Data, Dataset};
use crate::nn::{Loss, Mlp, ModelConfig, Workspace};
use crate::optim::schedule::clip_global_norm;
use crate::optim::lookahead::Lookahead;
use crate::optim::Optimizer;
use crate::sparsity::{Mask, Pruner};
use crate::tensor::{Mat, Rng};
use std::fmt;

mod batches;
mod error;
mod external;
mod handover;
mod sparse;
pub use error::TrainerError;
pub use handover::HandoverError;
use sparse::scale_pruned;

/// Why training stopped: non-finite numbers, with the last good weights kept.
#[derive(Clone, Debug, PartialEq)]
pub struct Divergence {
    pub step: u64,
    pub what: String,
}

impl fmt::Display for Divergence {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "training diverged at step {}: {}. The weights are those of the last good step (optimizer moments restart). \
             Lower the learning rate (or the regularization rate), then press play again or reset.",
            self.step, self.what
        )
    }
}

impl std::error::Error for Divergence {}

pub struct Trainer {
    pub config: RunConfig,
    pub data: Data,
    pub model: ModelConfig,
    pub mlp: Mlp,
    pub loss: Loss,
    pub params: Vec<f32>,
    initial: Vec<f32>,
    grad: Vec<f32>,
    previous: Vec<f32>,
    optimizer: Box<dyn Optimizer + Send>,
    estimator: Estimator,
    exact: Vec<f32>,
    /// Compare each step's gradient estimate with the exact gradient (costs a backprop).
    pub diagnose: bool,
    /// The last comparison, when `diagnose` is on and the method is not backprop.
    pub last_agreement: Option<Agreement>,
    order: Vec<usize>,
    cursor: usize,
    batch_rng: Rng,
    ws: Workspace,
    eval_ws: Workspace,
    batch_x: Mat,
    batch_y: Vec<f32>,
    batch_idx: Vec<usize>,
    pub step: u64,
    pub history: Vec<EpochMetrics>,
    /// Evaluate the full train and test sets at each epoch boundary (default true). The
    /// page turns it off: it evaluates once per drawn frame instead.
    pub epoch_metrics: bool,
    /// The sparse network's mask (None: dense). See `crate::sparsity`.
    mask: Option<Mask>,
    /// The configured pruning plan (None when the config prunes nothing).
    pruner: Option<Pruner>,
}

impl Trainer {
    /// Builds data, model and optimizer from a configuration that has passed `validate`.
    pub fn new(config: RunConfig) -> Trainer {
        let data = config.data.build();
        Trainer::build(config, data)
    }

    /// A trainer on data the caller brings (a lab's own sets): the model's outputs and the
    /// `auto` loss follow `data.task`, and the configured dataset keys are not read. The
    /// config's keys must be within their ranges (the caller's checks); the rules between
    /// keys are checked here, against `data.task`.
    pub fn with_data(config: RunConfig, data: Data) -> Result<Trainer, super::ConfigError> {
        config.validate_for(data.task)?;
        if data.train.is_empty() {
            return Err(super::ConfigError { field: "samples".into(), message: "the training set is empty".into() });
        }
        Ok(Trainer::build(config, data))
    }

    fn build(config: RunConfig, data: Data) -> Trainer {
        let model = config.model_config_for(data.task, &data.feature_names);
        let mlp = Mlp::from_config(&model);
        let mut initial = vec![0.0; mlp.layout.len];
        config.network.init.fill(&mlp.layout, &mut Rng::stream(config.training.seed as u64, 2), &mut initial);
        let n = initial.len();
        let mut t = Trainer {
            loss: model.loss,
            optimizer: build_optimizer(&config, &mlp),
            estimator: build_estimator(&config),
            exact: Vec::new(),
            diagnose: false,
            last_agreement: None,
            order: (0..data.train.len()).collect(),
            cursor: 0,
            batch_rng: Rng::stream(config.training.seed as u64, 3),
            params: initial.clone(),
            grad: vec![0.0; n],
            previous: vec![0.0; n],
            initial,
            ws: Workspace::default(),
            eval_ws: Workspace::default(),
            batch_x: Mat::zeros((0, 0)),
            batch_y: Vec::new(),
            batch_idx: Vec::new(),
            step: 0,
            history: Vec::new(),
            epoch_metrics: true,
            mask: None,
            pruner: None,
            config,
            data,
            model,
            mlp,
        };
        t.reset();
        t
    }

    /// Back to the same initial weights and the same minibatch order.
    pub fn reset(&mut self) {
        self.params.copy_from_slice(&self.initial);
        self.optimizer.reset();
        self.estimator = build_estimator(&self.config);
        self.batch_rng = Rng::stream(self.config.training.seed as u64, 3);
        self.order = (0..self.data.train.len()).collect();
        self.batch_rng.shuffle(&mut self.order);
        self.cursor = 0;
        self.step = 0;
        self.history.clear();
        self.mask = None;
        self.pruner = sparse::pruner(&self.config, self.total_steps());
    }

    /// Steps of a run of `epochs` epochs (the CLI's and the tests' run length).
    pub fn total_steps(&self) -> u64 {
        if self.config.training.short_last_batch {
            return (self.config.training.epochs * self.steps_per_epoch()) as u64;
        }
        (self.config.training.epochs * self.data.train.len()).div_ceil(self.batch_size()) as u64
    }

    /// Minibatches per pass over the training rows (the last one of each epoch smaller
    /// with `short-last-batch`).
    pub fn steps_per_epoch(&self) -> usize {
        self.data.train.len().div_ceil(self.batch_size())
    }

    pub fn batch_size(&self) -> usize {
        self.config.training.batch_size.min(self.data.train.len())
    }

    pub fn epoch(&self) -> f64 {
        if self.config.training.short_last_batch {
            return self.step as f64 / self.steps_per_epoch() as f64;
        }
        (self.step as f64 * self.batch_size() as f64) / self.data.train.len() as f64
    }

    /// Applies settings that need no rebuild (learning rate, optimizer hyperparameters,
    /// regularization); returns false when `config` changes data, network or seeds,
    /// which need a new Trainer.
    pub fn update_live(&mut self, config: &RunConfig) -> bool {
        if config.without(Field::live) != self.config.without(Field::live) {
            return false;
        }
        let user_data = config.data.user.clone().or_else(|| self.config.data.user.clone());
        self.config = config.clone();
        self.config.data.user = user_data;
        self.optimizer.configure(&config.optimizer.hyper);
        self.model.penalty = config.network.regularization;
        self.model.penalty_rate = config.network.reg_rate as f32;
        true
    }

    /// Swaps in the user's own rows (dataset `custom`: points drawn or deleted by hand,
    /// perhaps starting from a built-in set's) and keeps training the same weights with
    /// the same optimizer state: the new rows are split by the data seed and shuffled into
    /// a fresh epoch. Returns false, changing nothing, when the network would need another
    /// shape (a new class, another number of columns).
    pub fn set_user_data(&mut self, user: std::sync::Arc<crate::data::UserData>) -> bool {
        let mut config = self.config.clone();
        config.data.user = Some(user);
        config.data.kind = crate::data::DatasetKind::Custom;
        if config.task() != self.data.task || config.validate().is_err() {
            return false;
        }
        let data = config.data.build();
        if data.feature_names != self.data.feature_names {
            return false;
        }
        self.config = config;
        self.data = data;
        self.order = (0..self.data.train.len()).collect();
        self.batch_rng.shuffle(&mut self.order);
        self.cursor = 0;
        true
    }

    /// Compares this run's gradient source with the exact gradient on the next minibatch,
    /// using a separate stream of tangents so the run itself is not disturbed. None for backprop.
    pub fn probe_agreement(&mut self) -> Option<Agreement> {
        if self.estimator.is_exact() {
            return None;
        }
        let (x, y) = self.peek_batch();
        self.estimator.ensure_feedback(&self.mlp);
        let mut probe = self.estimator.probe(self.config.training.seed as u64 ^ (0x5eed << 20) ^ self.step);
        let mut estimate = vec![0.0; self.params.len()];
        probe.gradient(&self.mlp, &self.params, x.view(), &y, self.loss, &mut self.eval_ws, &mut estimate);
        self.exact.resize(self.params.len(), 0.0);
        loss_and_gradient(&self.mlp, &self.params, x.view(), &y, self.loss, &mut self.eval_ws, &mut self.exact);
        Some(agreement(&self.mlp, &estimate, &self.exact))
    }

    /// The variance experiment of Baydin et al. (sec. 3): on the next minibatch, `samples`
    /// forward-gradient estimates with K Gaussian tangents for each K, against the exact
    /// gradient. Returns (K, mean cosine, E‖g − ∇L‖²/‖∇L‖², the law (n + 1)/K). On a sparse
    /// net the tangents cover the n live parameters and ∇L is the masked gradient.
    pub fn variance_vs_k(&mut self, ks: &[usize], samples: usize) -> Vec<[f64; 4]> {
        let (x, y) = self.peek_batch();
        let n = self.params.len();
        let mut live = n;
        let mut exact = vec![0.0; n];
        loss_and_gradient(&self.mlp, &self.params, x.view(), &y, self.loss, &mut self.eval_ws, &mut exact);
        // A sparse net: tangents over the live parameters only, against the masked gradient
        // (what training follows), so the law counts the live parameters.
        if let Some(m) = &self.mask {
            m.apply(&mut exact);
            live = m.as_slice().iter().filter(|&&k| k != 0.0).count();
        }
        let norm2: f64 = exact.iter().map(|&g| (g as f64).powi(2)).sum::<f64>().max(1e-300);
        let mut g = vec![0.0; n];
        ks.iter()
            .map(|&k| {
                let mut est = Estimator::new(Method::ForwardGradient, k, Default::default(), 1e-3, self.config.training.seed as u64 ^ k as u64);
                est.set_mask(self.mask.as_ref().map(Mask::as_slice));
                let (mut cos, mut err) = (0.0, 0.0);
                for _ in 0..samples {
                    est.gradient(&self.mlp, &self.params, x.view(), &y, self.loss, &mut self.eval_ws, &mut g);
                    cos += agreement(&self.mlp, &g, &exact).cosine;
                    err += g.iter().zip(&exact).map(|(a, b)| ((a - b) as f64).powi(2)).sum::<f64>() / norm2;
                }
                [k as f64, cos / samples as f64, err / samples as f64, (live as f64 + 1.0) / k as f64]
            })
            .collect()
    }

    /// One optimizer step on the next minibatch. On non-finite loss, gradient or weights
    /// the step is undone and a Divergence returned.
    pub fn step(&mut self) -> Result<StepStats, Divergence> {
        self.step_reporting(true)
    }

    /// `step`; with `report` false the returned batch loss only says whether the loss was
    /// finite (a value with the loss's finiteness, its very ±∞ or NaN when not: so the
    /// divergence check and its message are unchanged), which spares small nets BCE's
    /// logarithm on the steps of `run` whose loss nobody reads.
    fn step_reporting(&mut self, report: bool) -> Result<StepStats, Divergence> {
        self.next_batch();
        // (`FULL`: the lite core has no pruning and no other gradient sources, and this
        // constant lets the compiler drop their code from it: see train::lite.)
        if FULL && self.pruner.is_some() {
            self.scheduled_pruning().map_err(|e| Divergence { step: self.step + 1, what: e.to_string() })?;
        }
        let (x, y) = (self.batch_x.view(), &self.batch_y);
        self.ws.loss_finiteness_only(!report);
        let batch_loss = self.estimator.gradient(&self.mlp, &self.params, x, y, self.loss, &mut self.ws, &mut self.grad);
        self.ws.loss_finiteness_only(false);
        if FULL && self.diagnose && !self.estimator.is_exact() {
            self.exact.resize(self.params.len(), 0.0);
            loss_and_gradient(&self.mlp, &self.params, x, y, self.loss, &mut self.ws, &mut self.exact);
            self.last_agreement = Some(agreement(&self.mlp, &self.grad, &self.exact));
        }
        let step = self.step + 1;
        if !batch_loss.is_finite() {
            return Err(Divergence { step, what: format!("the minibatch loss is {batch_loss}") });
        }
        self.regularize();
        if FULL && self.mask.is_some() {
            self.mask_gradient();
        }
        if self.config.optimizer.sam_rho > 0.0 {
            // On a sparse net the ascent step moves live weights only, and the gradient
            // found there is masked again.
            self.sharpness_aware_gradient();
            if let Some(m) = self.mask.as_ref().filter(|_| FULL) {
                scale_pruned(m, &mut self.grad, self.pruner.as_ref().map_or(0.0, |p| p.grad_factor(self.step)));
            }
        }
        // One pass checks the gradient and keeps the weights before the update, so that a
        // step that overflows can be undone exactly. (Apart, the copy is a memcpy call, a
        // memory.copy in wasm, which costs more than the copy itself on a Playground net.)
        let mut finite = true;
        for ((prev, &p), &g) in self.previous.iter_mut().zip(&self.params).zip(&self.grad) {
            *prev = p;
            finite &= g.is_finite();
        }
        if !finite {
            return Err(Divergence { step, what: "a gradient entry is not finite".into() });
        }
        if self.config.optimizer.clip_norm > 0.0 {
            clip_global_norm(&mut self.grad, self.config.optimizer.clip_norm);
        }
        let lr = self.config.optimizer.lr_at(self.step) as f32;
        self.optimizer.step(&mut self.params, &self.grad, lr);
        if let Some(m) = self.mask.as_ref().filter(|_| FULL) {
            // After the update, so momentum, moments and weight decay cannot revive a pruned weight.
            let factor = self.pruner.as_ref().map_or(0.0, |p| p.param_factor(self.step));
            scale_pruned(m, &mut self.params, factor);
        }
        if !self.params.iter().fold(true, |finite, p| finite & p.is_finite()) {
            self.params.copy_from_slice(&self.previous);
            // The moments saw the bad step too; they restart from zero.
            self.optimizer.reset();
            return Err(Divergence { step, what: "a weight overflowed to infinity or NaN".into() });
        }
        let before = if self.epoch_metrics { self.epoch().floor() } else { 0.0 };
        self.step = step;
        if self.epoch_metrics && self.epoch().floor() > before {
            let record = EpochMetrics { epoch: self.epoch().floor() as u64, step, train: self.evaluate_train(), test: self.evaluate_test() };
            self.history.push(record);
        }
        Ok(StepStats { step, epoch: self.epoch(), batch_loss })
    }

    /// SAM (Foret et al. 2021, arXiv:2010.01412, eq. 2–3): replaces the gradient at θ by
    /// the gradient at θ + ρ g/‖g‖ on the same minibatch; θ itself is left unchanged.
    fn sharpness_aware_gradient(&mut self) {
        let norm = self.grad.iter().map(|&g| (g as f64) * (g as f64)).sum::<f64>().sqrt();
        if !(norm > 0.0 && norm.is_finite()) {
            return;
        }
        let scale = (self.config.optimizer.sam_rho / norm) as f32;
        self.previous.copy_from_slice(&self.params);
        for (p, &g) in self.params.iter_mut().zip(&self.grad) {
            *p += scale * g;
        }
        loss_and_gradient(&self.mlp, &self.params, self.batch_x.view(), &self.batch_y, self.loss, &mut self.ws, &mut self.grad);
        self.regularize();
        self.params.copy_from_slice(&self.previous);
    }

    /// Adds the weight penalty's gradient and the coupled weight decay λθ to `grad`.
    fn regularize(&mut self) {
        self.model.penalty.apply(self.model.penalty_rate, &self.mlp.layout, &self.params, &mut self.grad);
        add_coupled_decay(self.config.training.coupled_decay, &self.params, &mut self.grad);
    }

    /// Runs `n` steps; stops early on divergence. The batch loss returned is the last
    /// step's.
    pub fn run(&mut self, n: u64) -> Result<StepStats, Divergence> {
        let mut last = StepStats { step: self.step, epoch: self.epoch(), batch_loss: f64::NAN };
        for i in 0..n {
            last = self.step_reporting(i + 1 == n)?;
        }
        Ok(last)
    }

    pub fn evaluate_train(&mut self) -> Evaluation {
        evaluate(&self.mlp, &self.params, self.loss, &self.data.train, &mut self.eval_ws)
    }

    pub fn evaluate_test(&mut self) -> Evaluation {
        evaluate(&self.mlp, &self.params, self.loss, &self.data.test, &mut self.eval_ws)
    }

    /// Loss and accuracy on any set of this model's inputs (a lab's probe sets).
    pub fn evaluate_on(&mut self, data: &Dataset) -> Evaluation {
        evaluate(&self.mlp, &self.params, self.loss, data, &mut self.eval_ws)
    }

    /// Network outputs for arbitrary inputs (rows, inputs) → (rows, outputs).
    pub fn predict(&mut self, x: ndarray::ArrayView2<f32>) -> Mat {
        crate::autodiff::predict(&self.mlp, &self.params, x, self.loss, &mut self.eval_ws).to_owned()
    }

    pub fn initial_params(&self) -> &[f32] {
        &self.initial
    }
}

/// g += λθ on every parameter (PyTorch's coupled `weight_decay`); nothing when λ is 0.
pub(super) fn add_coupled_decay(lambda: f64, params: &[f32], grad: &mut [f32]) {
    if lambda > 0.0 {
        let wd = lambda as f32;
        grad.iter_mut().zip(params).for_each(|(g, &p)| *g += wd * p);
    }
}

fn build_estimator(c: &RunConfig) -> Estimator {
    Estimator::new(c.gradient.method, c.gradient.tangents, c.gradient.tangent_dist, c.gradient.spsa_h as f32, c.training.seed as u64)
        .with_local_losses(c.gradient.local_losses)
        .with_guess(c.gradient.guess)
        .with_ff_threshold(c.gradient.ff_threshold as f32)
}

/// The configured optimizer over this model's tensors, wrapped in Lookahead if asked.
fn build_optimizer(config: &RunConfig, mlp: &Mlp) -> Box<dyn Optimizer + Send> {
    let tensors: Vec<_> = mlp.layout.tensors().into_iter().map(|(_, _, range)| range).collect();
    let inner = config.optimizer.kind.build_for(&config.optimizer.hyper, &tensors, config.training.seed as u64);
    if config.optimizer.lookahead_k > 0 {
        Box::new(Lookahead::new(inner, config.optimizer.lookahead_k, config.optimizer.lookahead_alpha as f32))
    } else {
        inner
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `run` reads only the last step's loss (the others only for finiteness, which spares
    /// small nets BCE's logarithm): the same weights, last loss and divergence (step and
    /// message) as stepping one by one, on runs that stay finite and on runs that diverge
    /// by their loss.
    #[test]
    fn run_ends_where_single_steps_end() {
        let configs = [
            r#"{"hidden": [4, 2], "activation": "tanh", "batch-size": 10}"#,
            r#"{"hidden": [3], "activation": "relu", "batch-size": 7, "lr": 10}"#,
            r#"{"hidden": [4, 4], "activation": "linear", "batch-size": 10, "lr": 10}"#,
            r#"{"dataset": "reg-plane", "hidden": [4], "activation": "linear", "batch-size": 5, "lr": 2}"#,
            r#"{"dataset": "xor", "loss": "mse", "hidden": [4], "activation": "linear", "batch-size": 3, "lr": 0.01}"#,
        ];
        let mut diverged = Vec::new();
        for json in configs {
            let new = || Trainer::new(RunConfig::from_json(json).unwrap());
            let (mut a, mut b) = (new(), new());
            let ran = a.run(600);
            let mut stepped = b.run(0);
            for _ in 0..600 {
                stepped = b.step();
                if stepped.is_err() {
                    break;
                }
            }
            match (ran, stepped) {
                (Ok(x), Ok(y)) => assert_eq!(x.batch_loss.to_bits(), y.batch_loss.to_bits(), "{json}"),
                (Err(x), Err(y)) => {
                    assert_eq!(x, y, "{json}");
                    diverged.push(x.what);
                }
                (x, y) => panic!("{json}: run gave {x:?}, single steps {y:?}"),
            }
            assert_eq!((a.step, &a.params), (b.step, &b.params), "{json}");
        }
        // (These three diverge by their loss, NaN for BCE's and ∞ for MSE's: checked here.)
        assert_eq!(diverged.iter().filter(|w| w.starts_with("the minibatch loss is NaN")).count(), 2, "{diverged:?}");
        assert!(diverged.iter().any(|w| w == "the minibatch loss is inf"), "{diverged:?}");
    }
}
