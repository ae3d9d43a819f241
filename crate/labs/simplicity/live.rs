//! The lab's experiments as stepped runs for the page (train a few steps, read the
//! measurement, draw, repeat), each with the settings of the test that checks it:
//! - `slab_projection`: a slab model's decision map over (simple coordinate 0, complex
//!   coordinate 1) in the canonical basis, the other coordinates held at one test row's;
//! - `SpectralRun`: Rahaman et al. 2019's readout over training;
//! - `CloneRun`: accuracy on real test data and on its Gaussian clones over training
//!   (Refinetti et al. 2023);
//! - `shortcut_bias`: Hermann et al. 2024's shortcut bias of trained MLPs of each depth.

use super::clones::{CloneKind, GaussianClone};
use super::experiment::{lab_trainer, SlabTrainer};
use super::SimplicityError;
use super::hermann::HermannConfig;
use super::probes;
use super::spectral::{Amplitudes, SpectralConfig, SpectralTarget};
use crate::data::{Dataset, Task};
use crate::nn::{Activation, Init, Workspace};
use crate::optim::OptimizerKind;
use crate::tensor::{Mat, Rng};
use crate::train::config::{NetworkConfig, TrainingConfig};
use crate::train::{RunConfig, Trainer};
use serde::Serialize;

/// The labs' PyTorch-style training: ReLU hidden layers, init `torch`, DataLoader
/// minibatches, `auto` loss (softmax cross-entropy on class labels, MSE on regression).
fn torch_style(seed: u64, hidden: Vec<usize>, optimizer: OptimizerKind, lr: f64, batch: usize) -> RunConfig {
    let mut c = RunConfig::default();
    c.training = TrainingConfig { seed: seed as u32, batch_size: batch, short_last_batch: true, ..c.training };
    c.network = NetworkConfig { hidden, activation: Activation::Relu, init: Init::Torch, ..c.network };
    c.optimizer.kind = optimizer;
    c.optimizer.lr = lr;
    c
}

/// Class-1 scores (logit₁ − logit₀, or the single output) of a trainer's model on x.
fn scores(t: &Trainer, x: &Mat) -> Vec<f64> {
    probes::scores(&t.mlp, &t.params, x, &mut Workspace::default())
}

/// The slab model's P(class 1) on a res × res grid over canonical coordinates 0 (x, left to
/// right) and 1 (y, bottom to top) in [−W, W], the others held at test row `row`'s values;
/// and up to `max_points` test rows as (z0, z1, label).
pub fn slab_projection(t: &mut SlabTrainer, res: usize, row: usize, max_points: usize) -> (Vec<f32>, Vec<[f32; 3]>) {
    let res = res.clamp(2, 256);
    // Only the rows drawn (and the held row) go back to the canonical basis, not the whole
    // test set on every frame.
    let test = t.test_set();
    let rows = test.len().min(max_points.max(row + 1));
    let z = t.data.rotation.unrotate(&test.x.slice(ndarray::s![..rows, ..]).to_owned());
    let w = t.data.config.width as f32;
    let base = z.row(row.min(z.nrows() - 1)).to_owned();
    let at = |j: usize| -w + 2.0 * w * j as f32 / (res - 1) as f32;
    let mut grid = Mat::zeros((res * res, z.ncols()));
    for (i, mut r) in grid.rows_mut().into_iter().enumerate() {
        r.assign(&base);
        r[0] = at(i % res);
        r[1] = at(res - 1 - i / res);
    }
    let x = t.data.rotation.rotate(&grid);
    let p = scores(&t.trainer, &x).into_iter().map(|s| 1.0 / (1.0 + (-s).exp()) as f32).collect();
    let points = (0..z.nrows().min(max_points)).map(|i| [z[[i, 0]], z[[i, 1]], t.test_set().y[i]]).collect();
    (p, points)
}

/// Spectral bias live: a 3×64 ReLU MLP fitting a sum of sinusoids with Adam (lr 1e-3, full
/// batch of 200 points); tests/simplicity.rs checks it learns low frequencies first.
pub struct SpectralRun {
    pub target: SpectralTarget,
    pub trainer: Trainer,
}

impl SpectralRun {
    pub fn new(amplitudes: Amplitudes, seed: u64) -> Result<SpectralRun, SimplicityError> {
        let target = SpectralConfig { amplitudes, seed, ..Default::default() }.generate()?;
        let data = target.dataset();
        let config = torch_style(seed, vec![64, 64, 64], OptimizerKind::Adam, 1e-3, data.len());
        let trainer = lab_trainer(config, Task::Regression, data, Dataset::default())?;
        Ok(SpectralRun { target, trainer })
    }

    /// `steps` full-batch steps; the last loss (NaN once the numbers stop being finite).
    pub fn train(&mut self, steps: usize) -> f64 {
        (0..steps).map(|_| self.trainer.step().map_or(f64::NAN, |s| s.batch_loss)).last().unwrap_or(f64::NAN)
    }

    /// The current prediction at the sample points.
    pub fn prediction(&mut self) -> Vec<f64> {
        scores(&self.trainer, &self.trainer.data.train.x)
    }

    /// Normalized amplitude per target frequency (1 = learned).
    pub fn readout(&mut self) -> Vec<f64> {
        let yhat = self.prediction();
        self.target.readout(&yhat)
    }
}

/// Distributional simplicity bias live: a 64-64-10 ReLU MLP trained on the digits
/// training split (SGD lr 0.1, batch 32), evaluated on the real test split and on Gaussian
/// clones fitted to the training split and sampled with the test split's labels.
pub struct CloneRun {
    pub trainer: Trainer,
    means: Dataset,
    covariances: Dataset,
}

#[derive(Clone, Copy, Debug, Serialize)]
pub struct CloneAccuracy {
    pub step: u64,
    pub real: f64,
    pub means: f64,
    pub covariances: f64,
}

impl CloneRun {
    pub fn new(seed: u64) -> Result<CloneRun, SimplicityError> {
        let (train, test) = crate::data::digits::load()?.split(0.7, &mut Rng::stream(seed, 1));
        // A clone keeps the statistics of the training split; its rows take the test labels.
        let clone = |kind: CloneKind, stream: u64| -> Result<Dataset, SimplicityError> {
            let fitted = GaussianClone::fit(&train, 10, kind)?;
            fitted.sample(&test.y, &mut Rng::stream(seed, stream))
        };
        let (means, covariances) = (clone(CloneKind::Means, 6)?, clone(CloneKind::MeansCovariances, 7)?);
        let config = torch_style(seed, vec![64], OptimizerKind::Sgd, 0.1, 32);
        let trainer = lab_trainer(config, Task::Multiclass(10), train, test)?;
        Ok(CloneRun { trainer, means, covariances })
    }

    pub fn train(&mut self, steps: usize) {
        for _ in 0..steps {
            if self.trainer.step().is_err() {
                break;
            }
        }
    }

    pub fn accuracy(&mut self) -> CloneAccuracy {
        let real = self.trainer.evaluate_test().accuracy.unwrap_or(f64::NAN);
        let mut acc = |d: &Dataset| self.trainer.evaluate_on(d).accuracy.unwrap_or(f64::NAN);
        let (means, covariances) = (acc(&self.means), acc(&self.covariances));
        CloneAccuracy { step: self.trainer.step, real, means, covariances }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct ShortcutRow {
    pub hidden_layers: usize,
    pub test_accuracy: f64,
    pub shortcut_bias: f64,
}

/// Shortcut bias (Hermann et al. 2024) of MLPs with 0..=`max_layers` hidden ReLU layers of
/// width 64, each trained `epochs` epochs (SGD lr 0.05, batch 64, 2 logits) on `config`'s
/// data; the Bayes-optimal reliance is subtracted.
pub fn shortcut_bias(config: &HermannConfig, max_layers: usize, epochs: usize) -> Result<Vec<ShortcutRow>, SimplicityError> {
    let data = config.generate()?;
    (0..=max_layers.min(4))
        .map(|layers| {
            let config = torch_style(config.seed, vec![64; layers], OptimizerKind::Sgd, 0.05, 64);
            let mut t = lab_trainer(config, Task::Multiclass(2), data.train.clone(), data.test.clone())?;
            let steps = epochs.clamp(1, 1000) * t.steps_per_epoch();
            // (A diverged run keeps its last good weights; the row reports them.)
            let _ = t.run(steps as u64);
            let test_accuracy = t.evaluate_test().accuracy.unwrap_or(f64::NAN);
            Ok(ShortcutRow { hidden_layers: layers, test_accuracy, shortcut_bias: data.shortcut_bias(&t.mlp, &t.params) })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn models_lean_on_an_amplified_shortcut_beyond_the_bayes_rule() {
        // The shortcut is less predictive (0.8 vs 0.9) but amplified 3×: the Bayes rule
        // leans to the core feature, trained networks towards the shortcut. Measured (seed 0):
        // bias 0.32 with no hidden layer, 0.57 with one. At d = 100 and 3,200 rows the
        // same settings gave 0.12 at every depth, and other settings no consistent trend
        // with depth: Hermann et al.'s "depth amplifies it" is not reproduced robustly by
        // this generator (its parameters are ours, to verify), so it is not asserted.
        let config = HermannConfig { rho_shortcut: 0.8, alpha_shortcut: 3.0, train: 1600, test: 400, dim: 20, ..Default::default() };
        let rows = shortcut_bias(&config, 1, 5).unwrap();
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().all(|r| r.test_accuracy > 0.8 && r.shortcut_bias > 0.05), "{rows:?}");
    }

    #[test]
    fn the_projection_covers_the_grid_with_probabilities() {
        let mut cfg = super::super::SlabRunConfig::preset(super::super::Preset::Lms5, true, 2);
        cfg.set("samples", "512").unwrap();
        let mut t = SlabTrainer::new(cfg).unwrap();
        for _ in 0..40 {
            t.step();
        }
        let (p, points) = slab_projection(&mut t, 20, 0, 50);
        assert_eq!(p.len(), 400);
        assert!(p.iter().all(|v| (0.0..=1.0).contains(v)));
        assert_eq!(points.len(), 50);
        assert!(points.iter().all(|q| q[0].abs() <= 1.0 && q[1].abs() <= 1.0));
    }
}
