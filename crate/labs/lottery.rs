//! Lottery tickets: iterative magnitude pruning with rewinding (Frankle & Carbin 2019,
//! arXiv:1803.03635, sec. 1 and 5; rewinding to step k: Frankle et al. 2020, "Linear Mode
//! Connectivity and the Lottery Ticket Hypothesis", arXiv:1912.05671, sec. 5).
//!
//! Round 0 trains the dense network and keeps its weights θ_k at step k (θ_0 = the
//! initialization). Round r prunes a fraction `rate` of the surviving weights by magnitude
//! (per layer, or global), so the sparsity is 1 − (1 − rate)^r, rewinds the survivors to
//! θ_k and trains from step k to the end of the budget. Each round also trains the two
//! controls on the same minibatches and budget:
//! - reinit: the ticket's mask with a fresh random initialization (Frankle & Carbin's
//!   "random reinitialization");
//! - random mask: a random mask with the ticket's per-layer sparsity, on θ_k.
//!
//! Simplification: at a rewind to k > 0 the optimizer moments restart from zero (they are
//! not stored); for SGD without momentum, as in Frankle & Carbin's MLP experiments, this
//! changes nothing.

use super::CompactError;
use crate::sparsity::{prune, Context, Criterion, Mask};
use crate::train::config::PruningConfig;
use crate::train::{RunConfig, Trainer};
use crate::tensor::Rng;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LotteryConfig {
    /// Pruning rounds after the dense one; default 5.
    pub rounds: usize,
    /// Fraction of the surviving weights pruned per round; default 0.5 (5 rounds: 96.9 %).
    pub rate: f64,
    /// Rewind to the weights of this step (0 = the initialization); default 0.
    pub rewind: u64,
    /// magnitude (per layer, default) or global-magnitude.
    pub criterion: Criterion,
}

impl Default for LotteryConfig {
    fn default() -> Self {
        LotteryConfig { rounds: 5, rate: 0.5, rewind: 0, criterion: Criterion::Magnitude }
    }
}

/// Test accuracy (None for regression), test loss and training loss of a finished run.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Outcome {
    pub test_accuracy: Option<f64>,
    pub test_loss: f64,
    pub train_loss: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LotteryRound {
    pub round: usize,
    pub sparsity: f64,
    pub nonzeros: usize,
    pub ticket: Outcome,
    pub reinit: Outcome,
    pub random_mask: Outcome,
}

/// Runs the whole experiment; round 0 is the dense network (all three columns the same run).
pub fn lottery(config: &RunConfig, lc: &LotteryConfig) -> Result<Vec<LotteryRound>, CompactError> {
    let mut run = Lottery::new(config, lc)?;
    let mut rows = Vec::new();
    while let Some(row) = run.next_round()? {
        rows.push(row);
    }
    Ok(rows)
}

/// The experiment one round at a time (the page shows each round as it finishes).
pub struct Lottery {
    lc: LotteryConfig,
    seed: u64,
    trainer: Trainer,
    total: u64,
    /// θ_k, the weights the ticket and the random-mask control rewind to.
    theta_k: Vec<f32>,
    /// The reinit control's fresh initialization (seed stream 9).
    fresh: Vec<f32>,
    mask: Mask,
    /// The last ticket's trained weights, which the next round prunes.
    trained: Vec<f32>,
    round: usize,
}

impl Lottery {
    pub fn new(config: &RunConfig, lc: &LotteryConfig) -> Result<Lottery, CompactError> {
        if !(1..=30).contains(&lc.rounds) {
            return Err(CompactError::Rounds(lc.rounds));
        }
        if !(lc.rate > 0.0 && lc.rate < 1.0) {
            return Err(CompactError::Rate(lc.rate));
        }
        if !matches!(lc.criterion, Criterion::Magnitude | Criterion::GlobalMagnitude) {
            return Err(CompactError::Criterion(lc.criterion.name()));
        }
        let mut config = config.clone();
        config.pruning = PruningConfig { criterion: Criterion::None, sparse_training: Default::default(), ..config.pruning };
        config.validate()?;
        let trainer = Trainer::new(config.clone());
        let total = trainer.total_steps();
        if lc.rewind >= total {
            return Err(CompactError::Rewind { step: lc.rewind, total });
        }
        let layout = &trainer.mlp.layout;
        let mut fresh = vec![0.0; layout.len];
        config.network.init.fill(layout, &mut Rng::stream(config.training.seed as u64, 9), &mut fresh);
        Ok(Lottery {
            lc: *lc,
            seed: config.training.seed as u64,
            mask: Mask::dense(layout),
            theta_k: Vec::new(),
            trained: Vec::new(),
            fresh,
            total,
            trainer,
            round: 0,
        })
    }

    /// Rounds done so far.
    pub fn rounds_done(&self) -> usize {
        self.round
    }

    /// The current ticket's mask (dense before round 1).
    pub fn mask(&self) -> &Mask {
        &self.mask
    }

    /// Trains the next round (the dense one first) with its controls; None when all are done.
    pub fn next_round(&mut self) -> Result<Option<LotteryRound>, CompactError> {
        let (t, total, k) = (&mut self.trainer, self.total, self.lc.rewind);
        if self.round > self.lc.rounds {
            return Ok(None);
        }
        if self.round == 0 {
            t.run(k)?;
            self.theta_k = t.params.clone();
            t.run(total - k)?;
            self.trained = t.params.clone();
            let dense = outcome(t);
            self.round = 1;
            let nonzeros = t.sparsity_report().nonzeros;
            return Ok(Some(LotteryRound { round: 0, sparsity: 0.0, nonzeros, ticket: dense, reinit: dense, random_mask: dense }));
        }
        let round = self.round;
        let s = 1.0 - (1.0 - self.lc.rate).powi(round as i32);
        let cx = Context { mlp: &t.mlp, params: &self.trained, mask: Some(&self.mask), batch: None, n_m: (2, 4) };
        self.mask = prune(self.lc.criterion, s, &cx, &mut Rng::new(0))?;
        let ticket = train_from(t, &self.theta_k, k, &self.mask, total)?;
        self.trained = t.params.clone();
        let nonzeros = t.sparsity_report().nonzeros;
        let reinit = train_from(t, &self.fresh, k, &self.mask, total)?;
        let layout = t.mlp.layout.clone();
        let random = random_like(&self.mask, &layout, &mut Rng::stream(self.seed ^ round as u64, 10));
        let random_mask = train_from(t, &self.theta_k, k, &random, total)?;
        self.round += 1;
        Ok(Some(LotteryRound { round, sparsity: self.mask.sparsity(&layout), nonzeros, ticket, reinit, random_mask }))
    }
}

fn train_from(t: &mut Trainer, params: &[f32], k: u64, mask: &Mask, total: u64) -> Result<Outcome, CompactError> {
    t.restart_from(params, k, Some(mask.clone()))?;
    t.run(total - k)?;
    Ok(outcome(t))
}

fn outcome(t: &mut Trainer) -> Outcome {
    let (train, test) = (t.evaluate_train(), t.evaluate_test());
    Outcome { test_accuracy: test.accuracy, test_loss: test.loss, train_loss: train.loss }
}

/// A random mask with the same number of live weights as `mask` in every layer.
pub fn random_like(mask: &Mask, layout: &crate::nn::Layout, rng: &mut Rng) -> Mask {
    let mut keep = vec![0.0; layout.len];
    for (l, slot) in layout.layers.iter().enumerate() {
        let live = mask.live_in_layer(layout, l);
        let mut idx: Vec<usize> = slot.weight.clone().collect();
        rng.shuffle(&mut idx);
        for &i in idx.iter().take(live) {
            keep[i] = 1.0;
        }
    }
    Mask::from_keep(layout, keep).expect("same layout")
}
