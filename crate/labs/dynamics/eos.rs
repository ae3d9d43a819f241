//! The edge of stability (Cohen et al., ICLR 2021, "Gradient descent on neural networks
//! typically occurs at the edge of stability", arXiv:2103.00065): under full-batch gradient
//! descent with step η the sharpness λ_max(H) rises (progressive sharpening) until it
//! reaches 2/η, the value above which GD on a quadratic diverges, and then hovers there
//! while the loss keeps falling, non-monotonically. Their small 1-D regression: a
//! 1 → 100 tanh → 1 network fit to the degree-4 Chebyshev polynomial T₄(x) = 8x⁴ − 8x² + 1
//! on 200 points of [−1, 1] with the squared loss, full batch.
//! Optional linear learning-rate warm-up (Gilmer et al., ICLR 2022, "A loss curvature
//! perspective on training instability", arXiv:2110.04369: warm-up keeps early training out
//! of high-curvature regions).
//!
//! Training is the crate's one trainer (SGD at batch = all 200 rows is full-batch GD);
//! the sharpness is measured every `every` steps by warm-started power iteration on exact
//! Hessian-vector products (`curvature`).

use super::curvature::{power_iteration, NetworkHessian};
use super::{Curves, DynamicsError, movement};
use crate::data::{Data, Dataset, Task};
use crate::tensor::{Mat, Rng};
use crate::train::{RunConfig, Trainer};
use serde::{Deserialize, Serialize};

names! {
    #[derive(Default)]
    pub enum EosInit {
        /// Ours: hidden weights and biases N(0, input-scale²), output weights
        /// N(0, σ_w²/width), output bias 0.
        #[default]
        Small,
        /// Cohen et al.'s `make_one_layer_network` (locuslab/edge-of-stability,
        /// src/archs.py): hidden weights Xavier-normal with gain σ_w (std σ_w·√(2/(1 + width))),
        /// hidden biases 0, output weights Xavier-normal (std √(2/(width + 1))), output bias 0
        /// (theirs has none; ours is trained).
        Cohen,
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", default, deny_unknown_fields)]
pub struct EosConfig {
    /// Step size η; default 0.2 (2/η = 10).
    pub lr: f64,
    /// Full-batch GD steps; default 4000.
    pub steps: u64,
    /// Measure the sharpness every this many steps; default 50.
    pub every: u64,
    /// Power-iteration steps per measurement (warm-started); default 20.
    pub power_iters: usize,
    /// Linear warm-up of η over this many steps (Gilmer et al.); default 0.
    pub warmup_steps: u64,
    /// Hidden width; default 100.
    pub width: usize,
    /// Points in [−1, 1]; default 200.
    pub points: usize,
    /// Weight scale σ_w: with init small, the output weights' N(0, σ_w²/width); with init
    /// cohen, the hidden weights' Xavier gain (theirs: 1.9); default 0.5.
    pub sigma_w: f64,
    /// Standard deviation of the hidden layer's weights and biases (init small); default 0.1.
    pub input_scale: f64,
    /// Initial weights; default 1.
    pub seed: u32,
    /// small or cohen (see `EosInit`); default small.
    pub init: EosInit,
}

impl Default for EosConfig {
    fn default() -> Self {
        EosConfig { lr: 0.2, steps: 4000, every: 50, power_iters: 20, warmup_steps: 0, width: 100, points: 200, sigma_w: 0.5, input_scale: 0.1, seed: 1, init: EosInit::Small }
    }
}

impl EosConfig {
    pub fn validate(&self) -> Result<(), DynamicsError> {
        super::check("lr", self.lr, 1e-6, 100.0)?;
        super::check("steps", self.steps as f64, 1.0, 1e6)?;
        super::check("every", self.every as f64, 1.0, 1e6)?;
        super::check("power-iters", self.power_iters as f64, 1.0, 1000.0)?;
        super::check("width", self.width as f64, 1.0, 4096.0)?;
        super::check("points", self.points as f64, 2.0, 100_000.0)?;
        super::check("sigma-w", self.sigma_w, 0.0, 100.0)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EosSeries {
    /// Steps from 0 (at initialization); the loss: full-batch mean squared error.
    #[serde(flatten)]
    pub curves: Curves,
    /// λ_max of the loss's Hessian at each measured step.
    pub sharpness: Vec<f64>,
    /// The learning rate in force at each measured step, and 2/η at the end.
    pub lr: Vec<f64>,
    pub two_over_lr: f64,
    /// ‖W − W₀‖ / ‖W₀‖ per layer (weights only), at each measured step.
    pub weight_movement: Vec<Vec<f64>>,
    /// The loss at every step (the non-monotone descent).
    pub loss_every_step: Vec<f64>,
    /// Set when GD diverged (the step); the series stop there.
    pub diverged_at: Option<u64>,
}

/// T₄ on `points` evenly spaced x in [−1, 1].
pub fn chebyshev_data(points: usize) -> Data {
    let x = Mat::from_shape_fn((points, 1), |(i, _)| (-1.0 + 2.0 * i as f64 / (points - 1) as f64) as f32);
    let y: Vec<f32> = x.iter().map(|&v| {
        let v = v as f64;
        (8.0 * v.powi(4) - 8.0 * v * v + 1.0) as f32
    }).collect();
    let set = Dataset { x, y, points: Mat::zeros((points, 0)) };
    Data { task: Task::Regression, train: set.clone(), test: set, feature_names: vec!["x".into()] }
}

/// A trainer for the preset: full-batch SGD (plain GD) with MSE on T₄, and its weights set
/// to the σ_w initialization (w ~ N(0, σ_w²/fan-in), b ~ N(0, 1) in the hidden layer and
/// 0 at the output: the hidden biases let the tanh units sit anywhere in [−1, 1], which the
/// even target needs).
pub fn trainer(c: &EosConfig) -> Result<Trainer, DynamicsError> {
    c.validate()?;
    let data = chebyshev_data(c.points);
    let mut run = RunConfig::default();
    run.training.seed = c.seed;
    run.network.hidden = vec![c.width];
    run.network.activation = crate::nn::Activation::Tanh;
    run.optimizer.kind = crate::optim::OptimizerKind::Sgd;
    run.optimizer.lr = c.lr;
    run.training.batch_size = c.points;
    run.optimizer.schedule.warmup = c.warmup_steps;
    run.data.features = vec![crate::data::Feature::X1];
    let mut t = Trainer::with_data(run, data)?;
    t.epoch_metrics = false;
    init(&t.mlp.layout, c, &mut Rng::stream(c.seed as u64, 21), &mut t.params);
    Ok(t)
}

fn init(layout: &crate::nn::Layout, c: &EosConfig, rng: &mut Rng, params: &mut [f32]) {
    let (sigma_w, input_scale) = (c.sigma_w, c.input_scale);
    let last = layout.layers.len() - 1;
    for (l, s) in layout.layers.iter().enumerate() {
        let outputs = (s.weight.len() / s.inputs.max(1)) as f64;
        let xavier = (2.0 / (s.inputs as f64 + outputs)).sqrt();
        let (sd, bias_sd) = match (c.init, l == last) {
            (EosInit::Small, true) => (sigma_w / (s.inputs as f64).sqrt(), None),
            (EosInit::Small, false) => (input_scale, Some(input_scale)),
            (EosInit::Cohen, true) => (xavier, None),
            (EosInit::Cohen, false) => (sigma_w * xavier, None),
        };
        params[s.weight.clone()].iter_mut().for_each(|p| *p = (rng.normal() * sd) as f32);
        params[s.bias.clone()].iter_mut().for_each(|p| *p = bias_sd.map_or(0.0, |b| (rng.normal() * b) as f32));
    }
}

pub fn run(c: &EosConfig) -> Result<EosSeries, DynamicsError> {
    let mut r = EosRun::new(c)?;
    r.advance(u64::MAX);
    Ok(r.out)
}

/// The experiment step by step (the page draws it live): `advance` trains up to n more
/// steps, measuring as `run` does; `run` is one `advance` to the end, so both give the
/// same series.
pub struct EosRun {
    config: EosConfig,
    trainer: Trainer,
    initial: Vec<f32>,
    /// The power iteration's vector, warm-started from measurement to measurement.
    vector: Vec<f64>,
    pub out: EosSeries,
}

impl EosRun {
    pub fn new(c: &EosConfig) -> Result<EosRun, DynamicsError> {
        let trainer = trainer(c)?;
        let mut r = Rng::stream(c.seed as u64, 22);
        let vector = (0..trainer.params.len()).map(|_| r.normal()).collect();
        let mut run = EosRun { config: c.clone(), initial: trainer.params.clone(), trainer, vector, out: EosSeries { two_over_lr: 2.0 / c.lr, ..Default::default() } };
        run.measure();
        Ok(run)
    }

    /// Whether the run has reached its last step or diverged.
    pub fn done(&self) -> bool {
        self.out.diverged_at.is_some() || self.trainer.step >= self.config.steps
    }

    /// Up to `n` more steps; returns `done()`.
    pub fn advance(&mut self, n: u64) -> bool {
        let end = self.trainer.step.saturating_add(n).min(self.config.steps);
        while self.trainer.step < end && self.out.diverged_at.is_none() {
            match self.trainer.step() {
                Ok(s) => self.out.loss_every_step.push(s.batch_loss),
                Err(d) => {
                    self.out.diverged_at = Some(d.step);
                    break;
                }
            }
            if self.trainer.step % self.config.every == 0 {
                self.measure();
            }
        }
        self.done()
    }

    fn measure(&mut self) {
        let t = &mut self.trainer;
        let (x, y) = (t.data.train.x.view(), &t.data.train.y);
        let mut h = NetworkHessian::new(&t.mlp, &t.params, x, y, t.loss);
        // (A cold start needs more steps than a warm one.)
        let iters = if self.out.curves.steps.is_empty() { self.config.power_iters * 5 } else { self.config.power_iters };
        let lambda = power_iteration(|a, b| h.apply(a, b), &mut self.vector, iters);
        let out = &mut self.out;
        out.curves.steps.push(t.step);
        out.sharpness.push(lambda);
        out.lr.push(t.config.optimizer.lr_at(t.step.saturating_sub(1)));
        out.weight_movement.push(movement(&t.mlp, &self.initial, &t.params));
        out.curves.loss.push(t.evaluate_train().loss);
    }
}

impl super::Stepwise for EosRun {
    fn advance(&mut self, n: u64) -> Result<bool, DynamicsError> {
        Ok(EosRun::advance(self, n))
    }
    fn series(&self) -> serde_json::Value {
        serde_json::to_value(&self.out).unwrap_or_default()
    }
}
