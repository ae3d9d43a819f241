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

use super::criteria::{prune, Context, Criterion};
use super::Mask;
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

/// Runs the experiment; round 0 is the dense network (all three columns the same run).
pub fn lottery(config: &RunConfig, lc: &LotteryConfig) -> Result<Vec<LotteryRound>, String> {
    if !(1..=30).contains(&lc.rounds) {
        return Err(format!("rounds: {} is outside 1..=30", lc.rounds));
    }
    if !(lc.rate > 0.0 && lc.rate < 1.0) {
        return Err(format!("rate: {} is outside (0, 1)", lc.rate));
    }
    if !matches!(lc.criterion, Criterion::Magnitude | Criterion::GlobalMagnitude) {
        return Err(format!("criterion: {} is not magnitude or global-magnitude", lc.criterion.name()));
    }
    let config = RunConfig { prune: Criterion::None, sparse_training: Default::default(), ..config.clone() };
    config.validate().map_err(|e| e.to_string())?;
    let mut t = Trainer::new(config.clone());
    let total = t.total_steps();
    if lc.rewind >= total {
        return Err(format!("rewind: step {} is not before the end of the run ({total} steps)", lc.rewind));
    }
    t.run(lc.rewind).map_err(|d| d.to_string())?;
    let theta_k = t.params.clone();
    t.run(total - lc.rewind).map_err(|d| d.to_string())?;
    let dense = outcome(&mut t);
    let mut rows = vec![LotteryRound { round: 0, sparsity: 0.0, nonzeros: t.sparsity_report().nonzeros, ticket: dense, reinit: dense, random_mask: dense }];
    let layout = t.mlp.layout.clone();
    let mut fresh = vec![0.0; theta_k.len()];
    config.init.fill(&layout, &mut Rng::stream(config.seed as u64, 9), &mut fresh);
    let mut mask = Mask::dense(&layout);
    let mut trained = t.params.clone();
    for round in 1..=lc.rounds {
        let s = 1.0 - (1.0 - lc.rate).powi(round as i32);
        let cx = Context { mlp: &t.mlp, params: &trained, mask: Some(&mask), batch: None, n_m: (2, 4) };
        mask = prune(lc.criterion, s, &cx, &mut Rng::new(0))?;
        let ticket = train_from(&mut t, &theta_k, lc.rewind, &mask, total)?;
        trained = t.params.clone();
        let nonzeros = t.sparsity_report().nonzeros;
        let reinit = train_from(&mut t, &fresh, lc.rewind, &mask, total)?;
        let random = random_like(&mask, &layout, &mut Rng::stream(config.seed as u64 ^ round as u64, 10));
        let random_mask = train_from(&mut t, &theta_k, lc.rewind, &random, total)?;
        rows.push(LotteryRound { round, sparsity: mask.sparsity(&layout), nonzeros, ticket, reinit, random_mask });
    }
    Ok(rows)
}

fn train_from(t: &mut Trainer, params: &[f32], k: u64, mask: &Mask, total: u64) -> Result<Outcome, String> {
    t.restart_from(params, k, Some(mask.clone()))?;
    t.run(total - k).map_err(|d| d.to_string())?;
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
