//! Gradient descent happens in a tiny subspace (Gur-Ari, Roberts & Dyer 2018,
//! arXiv:1812.04754): after a short while of training, the gradient lies mostly in the span
//! of the Hessian's top k eigenvectors, k = the number of classes, and the top k
//! eigenvalues stand apart from the bulk. Here: the 8×8 digits (k = 10) on the crate's one
//! trainer (SGD), with the top-k spectrum (Lanczos) and the gradient's share in its span
//! measured on a fixed probe batch every `every` steps.

use super::curvature::{lanczos, share_in, NetworkHessian};
use super::{Curves, DynamicsError};
use crate::tensor::Mat;
use crate::train::{RunConfig, Trainer};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", default, deny_unknown_fields)]
pub struct SubspaceConfig {
    /// Hidden widths; default [32].
    pub hidden: Vec<usize>,
    /// SGD step; default 0.1.
    pub lr: f64,
    /// Default 32.
    pub batch_size: usize,
    /// Default 1500.
    pub steps: u64,
    /// Default 100.
    pub every: u64,
    /// Eigenvalues tracked (Gur-Ari et al.: the number of classes); default 10.
    pub k: usize,
    /// Lanczos steps; default 40.
    pub lanczos_steps: usize,
    /// Rows of the fixed probe batch; default 256.
    pub probe: usize,
    /// Default 1.
    pub seed: u32,
}

impl Default for SubspaceConfig {
    fn default() -> Self {
        SubspaceConfig { hidden: vec![32], lr: 0.1, batch_size: 32, steps: 1500, every: 100, k: 10, lanczos_steps: 40, probe: 256, seed: 1 }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SubspaceSeries {
    /// The loss: on the probe batch.
    #[serde(flatten)]
    pub curves: Curves,
    pub train_acc: Vec<f64>,
    /// The top k eigenvalues at each measurement, largest first.
    pub top_eigenvalues: Vec<Vec<f64>>,
    /// ‖P_k g‖²/‖g‖²: the probe gradient's share in the top-k eigenspace.
    pub grad_share: Vec<f64>,
    /// The same share for a random direction (about k / parameters): the baseline.
    pub random_share: Vec<f64>,
    /// All Ritz values of the last measurement (the top k and an outline of the bulk).
    pub last_spectrum: Vec<f64>,
}

/// The experiment step by step (the page draws it live); `run` is one `advance` to the end.
pub struct SubspaceRun {
    c: SubspaceConfig,
    t: Trainer,
    /// The fixed probe batch.
    x: Mat,
    y: Vec<f32>,
    rng: crate::tensor::Rng,
    finished: bool,
    pub out: SubspaceSeries,
}

impl SubspaceRun {
    pub fn new(c: &SubspaceConfig) -> Result<SubspaceRun, DynamicsError> {
        super::check("lr", c.lr, 1e-9, 10.0)?;
        super::check("steps", c.steps as f64, 1.0, 1e6)?;
        super::check("every", c.every as f64, 1.0, 1e6)?;
        super::check("k", c.k as f64, 1.0, 100.0)?;
        super::check("lanczos-steps", c.lanczos_steps as f64, c.k as f64, 500.0)?;
        super::check("probe", c.probe as f64, 1.0, 10_000.0)?;
        let json = serde_json::json!({
            "dataset": "digits", "train-ratio": 0.7, "hidden": c.hidden, "activation": "tanh", "init": "glorot",
            "optimizer": "sgd", "lr": c.lr, "batch-size": c.batch_size, "seed": c.seed,
        });
        let config = RunConfig::from_json(&json.to_string())?;
        let mut t = Trainer::new(config);
        t.epoch_metrics = false;
        let rows = c.probe.min(t.data.train.len());
        let idx: Vec<usize> = (0..rows).collect();
        let (mut x, mut y) = (Mat::zeros((0, 0)), Vec::new());
        t.data.train.gather_into(&idx, &mut x, &mut y);
        Ok(SubspaceRun { c: c.clone(), t, x, y, rng: crate::tensor::Rng::stream(c.seed as u64, 51), finished: false, out: SubspaceSeries::default() })
    }

    fn one(&mut self) -> Result<(), DynamicsError> {
        let (c, t, out) = (&self.c, &mut self.t, &mut self.out);
        let n = t.params.len();
        if t.step % c.every == 0 {
            let mut h = NetworkHessian::new(&t.mlp, &t.params, self.x.view(), &self.y, t.loss);
            let g = h.gradient();
            let loss = t.mlp.loss(&t.params, self.x.view(), &self.y, t.loss, &mut Default::default());
            let s = lanczos(|a, b| h.apply(a, b), n, c.lanczos_steps, c.lanczos_steps, c.seed as u64 ^ t.step);
            let top: Vec<Vec<f64>> = s.vectors[..c.k.min(s.vectors.len())].to_vec();
            let random: Vec<f64> = (0..n).map(|_| self.rng.normal()).collect();
            out.curves.steps.push(t.step);
            out.curves.loss.push(loss);
            out.train_acc.push(t.evaluate_train().accuracy.unwrap_or(0.0));
            out.top_eigenvalues.push(s.values[..c.k.min(s.values.len())].to_vec());
            out.grad_share.push(share_in(&top, &g));
            out.random_share.push(share_in(&top, &random));
            out.last_spectrum = s.values.clone();
        }
        if t.step >= c.steps {
            self.finished = true;
            return Ok(());
        }
        t.step()?;
        Ok(())
    }
}

stepwise!(SubspaceRun, SubspaceConfig, SubspaceSeries, "SGD steps (measuring every `every`)");
