//! Softmax collapse (Prieto et al., ICLR 2025, "Grokking at the edge of numerical
//! stability", arXiv:2501.04697): with cross-entropy and no weight decay, once the training
//! set is fit the logits keep growing along the "naïve loss minimization" direction until
//! float32 softmax rounds the correct class's probability to exactly 1 for many examples:
//! their loss and the correct logit's gradient are exactly 0 and they stop teaching the
//! network. Their two fixes, as options:
//! - StableMax: s(x) = x + 1 for x ≥ 0, 1/(1 − x) for x < 0, normalized like softmax
//!   (p_j = s(z_j)/Σ s(z_k)): its tails shrink polynomially, not exponentially, so
//!   probabilities round to 1 only for astronomically large logits;
//! - ⊥Grad: the gradient's component along the weights removed before the optimizer step,
//!   g⊥ = g − (g·θ/‖θ‖²) θ, so the update cannot simply scale the weights up.
//!
//! Data: modular addition (`grokking::modular_pairs`), one-hot inputs. Model: an `nn::Mlp`
//! (2p → width ReLU → p), the crate's backprop (`autodiff::backward`) and optimizers; the
//! loss and its gradient at the logits are this module's (softmax as `nn::Loss` computes it
//! in f32, or StableMax), all in f32 as the paper's point needs.

use super::grokking::modular_pairs;
use super::{Accuracy, Curves, DynamicsError};
use crate::autodiff::backward;
use crate::nn::{Activation, Init, Loss, Mlp, Workspace};
use crate::optim::{Hyper, OptimizerKind};
use crate::tensor::{Mat, Rng};
use serde::{Deserialize, Serialize};

names! {
    #[derive(Default)]
    pub enum Normalizer {
        #[default]
        Softmax,
        Stablemax,
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", default, deny_unknown_fields)]
pub struct CollapseConfig {
    /// The modulus p; default 23.
    pub modulus: usize,
    /// Share of the p² pairs used for training; default 0.5.
    pub train_fraction: f64,
    /// Hidden units; default 128.
    pub width: usize,
    /// softmax or stablemax; default softmax.
    pub normalizer: Normalizer,
    /// ⊥Grad: drop the gradient's component along the weights; default false.
    pub orthogonal_grad: bool,
    /// sgd or adam (full batch); default adam.
    pub optimizer: OptimizerKind,
    /// Default 0.1.
    pub lr: f64,
    /// Default 2000.
    pub steps: u64,
    /// Measurements per decade of steps (log-spaced); default 20.
    pub per_decade: usize,
    /// Default 1.
    pub seed: u32,
}

impl Default for CollapseConfig {
    fn default() -> Self {
        CollapseConfig {
            modulus: 23,
            train_fraction: 0.5,
            width: 128,
            normalizer: Normalizer::Softmax,
            orthogonal_grad: false,
            optimizer: OptimizerKind::Adam,
            lr: 0.1,
            steps: 2000,
            per_decade: 20,
            seed: 1,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CollapseSeries {
    /// The loss: the mean training loss, as computed in f32.
    #[serde(flatten)]
    pub curves: Curves,
    #[serde(flatten)]
    pub accuracy: Accuracy,
    /// Share of training examples whose correct-class probability is exactly 1 in f32 (their
    /// loss and their correct logit's gradient are exactly 0): softmax collapse.
    pub sc_fraction: Vec<f64>,
    /// Share of training examples whose whole logit gradient is exactly 0 in f32.
    pub zero_grad_fraction: Vec<f64>,
    /// Mean over training examples of the largest logit.
    pub max_logit: Vec<f64>,
    pub weight_norm: Vec<f64>,
    /// ‖W − W₀‖/‖W₀‖ per layer.
    pub weight_movement: Vec<Vec<f64>>,
}

/// One row's loss and its gradient (times `inv_n`) at the logits z, in f32.
fn row(normalizer: Normalizer, z: &[f32], class: usize, inv_n: f32, g: &mut [f32]) -> f32 {
    match normalizer {
        Normalizer::Softmax => Loss::SoftmaxCe.row(z, class as f32, inv_n, Some(g), true),
        Normalizer::Stablemax => {
            let s = |x: f32| if x >= 0.0 { x + 1.0 } else { 1.0 / (1.0 - x) };
            let ds = |x: f32| if x >= 0.0 { 1.0 } else { 1.0 / ((1.0 - x) * (1.0 - x)) };
            let total: f32 = z.iter().map(|&x| s(x)).sum();
            for (j, gj) in g.iter_mut().enumerate() {
                // ∂/∂z_j of −log s(z_c) + log Σ s(z_k).
                let own = if j == class { ds(z[j]) / s(z[j]) } else { 0.0 };
                *gj = (ds(z[j]) / total - own) * inv_n;
            }
            -libm::logf(s(z[class]) / total)
        }
    }
}

/// The correct class's probability is exactly 1 in f32.
fn collapsed(normalizer: Normalizer, z: &[f32], class: usize) -> bool {
    match normalizer {
        Normalizer::Softmax => Loss::SoftmaxCe.row(z, class as f32, 1.0, None, true) == 0.0,
        Normalizer::Stablemax => {
            let s = |x: f32| if x >= 0.0 { x + 1.0 } else { 1.0 / (1.0 - x) };
            s(z[class]) / z.iter().map(|&x| s(x)).sum::<f32>() == 1.0
        }
    }
}

fn one_hot(pairs: &[(usize, usize)], p: usize) -> (Mat, Vec<usize>) {
    let mut x = Mat::zeros((pairs.len(), 2 * p));
    for (i, &(a, b)) in pairs.iter().enumerate() {
        x[[i, a]] = 1.0;
        x[[i, p + b]] = 1.0;
    }
    (x, pairs.iter().map(|&(a, b)| (a + b) % p).collect())
}

/// The experiment step by step (the page draws it live); `run` is one `advance` to the end.
pub struct CollapseRun {
    c: CollapseConfig,
    mlp: Mlp,
    params: Vec<f32>,
    w0: Vec<f32>,
    opt: Box<dyn crate::optim::Optimizer + Send>,
    ws: Workspace,
    grad: Vec<f32>,
    data: [(Mat, Vec<usize>); 2],
    marks: Vec<u64>,
    next: usize,
    step: u64,
    finished: bool,
    pub out: CollapseSeries,
}

impl CollapseRun {
    pub fn new(c: &CollapseConfig) -> Result<CollapseRun, DynamicsError> {
        super::check("modulus", c.modulus as f64, 2.0, 200.0)?;
        super::check("train-fraction", c.train_fraction, 0.01, 1.0)?;
        super::check("width", c.width as f64, 1.0, 4096.0)?;
        super::check("lr", c.lr, 1e-9, 100.0)?;
        super::check("steps", c.steps as f64, 1.0, 1e6)?;
        super::check("per-decade", c.per_decade as f64, 1.0, 1000.0)?;
        if !matches!(c.optimizer, OptimizerKind::Sgd | OptimizerKind::Adam) {
            return Err(DynamicsError::Optimizer(c.optimizer.name()));
        }
        let p = c.modulus;
        let (train, test) = modular_pairs(p, c.train_fraction, c.seed as u64);
        let mlp = Mlp::new(&[2 * p, c.width, p], &[Activation::Relu, Activation::Linear]);
        let mut params = vec![0.0; mlp.layout.len];
        Init::Torch.fill(&mlp.layout, &mut Rng::stream(c.seed as u64, 2), &mut params);
        let opt = c.optimizer.build(&Hyper::default(), params.len());
        Ok(CollapseRun {
            c: c.clone(),
            w0: params.clone(),
            grad: vec![0.0f32; params.len()],
            params,
            mlp,
            opt,
            ws: Workspace::default(),
            data: [one_hot(&train, p), one_hot(&test, p)],
            marks: super::log_steps(c.steps, c.per_decade),
            next: 0,
            step: 0,
            finished: false,
            out: CollapseSeries::default(),
        })
    }

    fn one(&mut self) -> Result<(), DynamicsError> {
        let (c, step, mlp) = (&self.c, self.step, &self.mlp);
        let [(x, y), (xt, yt)] = &self.data;
        let params = &mut self.params;
        let ws = &mut self.ws;
        let inv_n = 1.0 / y.len() as f32;
        let last = mlp.depth() - 1;
        let accuracy = |params: &[f32], x: &Mat, y: &[usize], ws: &mut Workspace| {
            let z = mlp.forward(params, x.view(), ws);
            z.rows().into_iter().zip(y).filter(|(r, &c)| Loss::SoftmaxCe.predict(r.as_slice().unwrap()) == c).count() as f64 / y.len().max(1) as f64
        };
        let z = mlp.forward(params, x.view(), ws).to_owned();
        let mut loss = 0.0f64;
        let (mut sc, mut zero, mut top) = (0usize, 0usize, 0.0f64);
        for i in 0..y.len() {
            let zr = z.row(i);
            let zr = zr.as_slice().unwrap();
            let mut g = ws.d[last].row_mut(i);
            let g = g.as_slice_mut().unwrap();
            loss += row(c.normalizer, zr, y[i], inv_n, g) as f64;
            sc += collapsed(c.normalizer, zr, y[i]) as usize;
            zero += g.iter().all(|&v| v == 0.0) as usize;
            top += zr.iter().cloned().fold(f32::NEG_INFINITY, f32::max) as f64;
        }
        let n = y.len() as f64;
        if self.next < self.marks.len() && self.marks[self.next] == step {
            self.next += 1;
            let out = &mut self.out;
            out.curves.steps.push(step);
            out.curves.loss.push(loss / n);
            out.sc_fraction.push(sc as f64 / n);
            out.zero_grad_fraction.push(zero as f64 / n);
            out.max_logit.push(top / n);
            out.weight_norm.push(params.iter().map(|&w| (w as f64).powi(2)).sum::<f64>().sqrt());
            out.weight_movement.push(super::movement(mlp, &self.w0, params));
            let mut ews = Workspace::default();
            out.accuracy.train_acc.push(accuracy(params, x, y, &mut ews));
            out.accuracy.test_acc.push(accuracy(params, xt, yt, &mut ews));
        }
        if step == c.steps {
            self.finished = true;
            return Ok(());
        }
        let grad = &mut self.grad;
        backward(mlp, params, x.view(), ws, grad);
        if c.orthogonal_grad {
            // ⊥Grad (Prieto et al., sec. 5): g⊥ = g − (g·θ/‖θ‖²) θ over all parameters.
            let (gt, tt) = grad.iter().zip(params.iter()).fold((0.0f64, 0.0f64), |(a, b), (&g, &t)| (a + g as f64 * t as f64, b + t as f64 * t as f64));
            let k = (gt / tt.max(1e-30)) as f32;
            grad.iter_mut().zip(params.iter()).for_each(|(g, &t)| *g -= k * t);
        }
        if !grad.iter().all(|g| g.is_finite()) {
            return Err(DynamicsError::DivergedAtStep(step));
        }
        self.opt.step(params, grad, c.lr as f32);
        self.step += 1;
        Ok(())
    }
}

stepwise!(CollapseRun, CollapseConfig, CollapseSeries, "steps");
