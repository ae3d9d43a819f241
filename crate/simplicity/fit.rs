//! A small trainer over any `Dataset` (the lab's sets are not `DataSpec`s, which
//! `train::Trainer` builds from): an MLP initialized as PyTorch's nn.Linear (weights and
//! biases U(−1/√fan_in, 1/√fan_in), He et al. 2015's kaiming_uniform with a = √5), one of
//! the crate's optimizers, PyTorch-style weight decay (g += λθ on every parameter, as
//! torch.optim.SGD/Adam's `weight_decay`), and DataLoader(shuffle=True) minibatches: a
//! fresh permutation each epoch, the last batch smaller. Seed streams: init 2, batches 3.
//! Shapes: x (batch, sizes[0]) → logits (batch, sizes[last]).

use super::probes;
use crate::autodiff::loss_and_gradient;
use crate::data::Dataset;
use crate::nn::{Activation, Loss, Mlp, Workspace};
use crate::optim::{Hyper, Optimizer, OptimizerKind};
use crate::tensor::{Mat, Rng};
use crate::train::metrics::{evaluate, Evaluation};
use serde::Serialize;

/// Defaults: none (every caller states its paper's settings).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct FitConfig {
    /// Layer widths, inputs first, outputs last.
    pub sizes: Vec<usize>,
    /// Activation of every hidden layer (the output layer is linear).
    pub activation: Activation,
    pub loss: Loss,
    pub optimizer: OptimizerKind,
    pub lr: f64,
    /// Momentum (SGD, RMSprop); 0 for none.
    pub momentum: f64,
    /// λ of g += λθ; 0 for none.
    pub weight_decay: f64,
    /// Minibatch size (the whole set when larger).
    pub batch: usize,
    pub seed: u64,
}

pub struct Fit {
    pub config: FitConfig,
    pub mlp: Mlp,
    pub params: Vec<f32>,
    grad: Vec<f32>,
    optimizer: Box<dyn Optimizer + Send>,
    order: Vec<usize>,
    cursor: usize,
    batch_rng: Rng,
    ws: Workspace,
    bx: Mat,
    by: Vec<f32>,
    /// Optimizer steps taken.
    pub step: u64,
}

impl Fit {
    /// A fresh model for a training set of `rows` rows.
    pub fn new(config: FitConfig, rows: usize) -> Result<Fit, String> {
        if config.sizes.len() < 2 || config.sizes.iter().any(|&s| s == 0 || s > 4096) {
            return Err(format!("sizes: {:?} needs an input and an output width, each in 1..=4096", config.sizes));
        }
        if !(config.lr.is_finite() && config.lr > 0.0) {
            return Err(format!("lr: {} must be a finite number > 0", config.lr));
        }
        if !(0.0..1.0).contains(&config.momentum) || !(0.0..=1.0).contains(&config.weight_decay) {
            return Err(format!("momentum, weight-decay: {} and {} must be in [0, 1) and [0, 1]", config.momentum, config.weight_decay));
        }
        if config.batch == 0 || rows == 0 {
            return Err("batch: need at least one row per batch and a non-empty training set".into());
        }
        let mut acts = vec![config.activation; config.sizes.len() - 2];
        acts.push(Activation::Linear);
        let mlp = Mlp::new(&config.sizes, &acts);
        let mut params = vec![0.0f32; mlp.layout.len];
        let mut init = Rng::stream(config.seed, 2);
        for s in &mlp.layout.layers {
            let bound = 1.0 / (s.inputs as f64).sqrt();
            for p in &mut params[s.weight.start..s.bias.end] {
                *p = init.uniform(-bound, bound) as f32;
            }
        }
        let hyper = Hyper { momentum: (config.momentum > 0.0).then_some(config.momentum as f32), ..Hyper::default() };
        Ok(Fit {
            grad: vec![0.0; params.len()],
            optimizer: config.optimizer.build(&hyper, params.len()),
            order: (0..rows).collect(),
            cursor: rows, // a fresh permutation at the first step
            batch_rng: Rng::stream(config.seed, 3),
            ws: Workspace::default(),
            bx: Mat::zeros((0, 0)),
            by: Vec::new(),
            step: 0,
            config,
            mlp,
            params,
        })
    }

    /// Minibatches per pass over `rows` rows.
    pub fn steps_per_epoch(&self) -> usize {
        self.order.len().div_ceil(self.config.batch)
    }

    /// One optimizer step on the next minibatch of `data` (the set given to `new`);
    /// returns the minibatch's mean loss.
    pub fn step(&mut self, data: &Dataset) -> f64 {
        assert_eq!(data.len(), self.order.len(), "the training set given to Fit::new");
        if self.cursor >= self.order.len() {
            self.batch_rng.shuffle(&mut self.order);
            self.cursor = 0;
        }
        let end = (self.cursor + self.config.batch).min(self.order.len());
        data.gather_into(&self.order[self.cursor..end], &mut self.bx, &mut self.by);
        self.cursor = end;
        let loss = loss_and_gradient(&self.mlp, &self.params, self.bx.view(), &self.by, self.config.loss, &mut self.ws, &mut self.grad);
        let wd = self.config.weight_decay as f32;
        if wd > 0.0 {
            self.grad.iter_mut().zip(&self.params).for_each(|(g, &p)| *g += wd * p);
        }
        self.optimizer.step(&mut self.params, &self.grad, self.config.lr as f32);
        self.step += 1;
        loss
    }

    /// One pass over `data`; the mean minibatch loss.
    pub fn epoch(&mut self, data: &Dataset) -> f64 {
        let n = self.steps_per_epoch();
        (0..n).map(|_| self.step(data)).sum::<f64>() / n as f64
    }

    /// Class-1 scores (logit₁ − logit₀, or the single output) for every row of x.
    pub fn scores(&mut self, x: &Mat) -> Vec<f64> {
        probes::scores(&self.mlp, &self.params, x, &mut self.ws)
    }

    /// Loss and accuracy on a whole set (accuracy None for regression).
    pub fn evaluate(&mut self, data: &Dataset) -> Evaluation {
        evaluate(&self.mlp, &self.params, self.config.loss, data, &mut self.ws)
    }
}
