//! The accuracy-vs-sparsity experiment behind `gradlab prune` and the page's chart: one
//! dense baseline, then one run per (criterion, sparsity), all from the same seed, data
//! and budget (`epochs`). Criteria that need trained weights (magnitude, global-magnitude,
//! erk, lamp, n-m) prune at a fraction `after` of the run and fine-tune for the rest;
//! criteria meant for initialization (random, random-erk, snip, synflow) prune at step 0
//! and train sparse from there. With `after` = None every run prunes at the config's
//! `prune-at`.

use crate::sparsity::Criterion;
use crate::train::config::PruningConfig;
use super::CompactError;
use crate::train::{RunConfig, Trainer};
use serde::Serialize;

/// One row of the table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// The criterion's name, or "dense" for the baseline.
    pub method: String,
    /// Target sparsity (N:M: 1 − N/M).
    pub sparsity: f64,
    /// Measured fraction of zero weights at the end.
    pub measured: f64,
    pub prune_at: u64,
    pub steps: u64,
    pub weights: usize,
    pub nonzeros: usize,
    /// Forward-pass FLOPs per example, sparse and dense (see `metrics`).
    pub flops: u64,
    pub flops_dense: u64,
    pub bytes_sparse: u64,
    pub test_accuracy: Option<f64>,
    pub test_loss: f64,
    pub train_loss: f64,
}

/// Trains `config` for its `epochs` and reports it as a row named `method`.
pub fn run_row(config: &RunConfig, method: &str) -> Result<Row, CompactError> {
    config.validate()?;
    let mut t = Trainer::new(config.clone());
    let steps = t.total_steps();
    t.run(steps)?;
    let (train, test) = (t.evaluate_train(), t.evaluate_test());
    let r = t.sparsity_report();
    let sparsity = match config.pruning.criterion {
        Criterion::None => 0.0,
        Criterion::NM => 1.0 - config.pruning.n as f64 / config.pruning.m as f64,
        _ => config.pruning.sparsity,
    };
    Ok(Row {
        method: method.to_string(),
        sparsity,
        measured: r.sparsity,
        prune_at: if config.pruning.criterion == Criterion::None { 0 } else { config.pruning.at },
        steps,
        weights: r.weights,
        nonzeros: r.nonzeros,
        flops: r.flops_sparse,
        flops_dense: r.flops_dense,
        bytes_sparse: r.bytes_sparse,
        test_accuracy: test.accuracy,
        test_loss: test.loss,
        train_loss: train.loss,
    })
}

/// The dense baseline, then every criterion at every sparsity (N:M once, at 1 − N/M).
pub fn sweep(base: &RunConfig, methods: &[Criterion], sparsities: &[f64], after: Option<f64>) -> Result<Vec<Row>, CompactError> {
    let mut s = Sweep::new(base, methods, sparsities, after)?;
    let mut rows = Vec::with_capacity(s.len());
    while let Some(row) = s.next_row()? {
        rows.push(row);
    }
    Ok(rows)
}

/// The same experiment one run at a time (the page draws each point as it arrives).
pub struct Sweep {
    runs: Vec<(RunConfig, String)>,
    next: usize,
}

impl Sweep {
    pub fn new(base: &RunConfig, methods: &[Criterion], sparsities: &[f64], after: Option<f64>) -> Result<Sweep, CompactError> {
        if let Some(&s) = sparsities.iter().find(|s| !(0.0..1.0).contains(*s)) {
            return Err(CompactError::Sparsities(s));
        }
        if let Some(a) = after.filter(|a| !(0.0..1.0).contains(a)) {
            return Err(CompactError::After(a));
        }
        let mut dense = base.clone();
        dense.pruning = PruningConfig { criterion: Criterion::None, sparse_training: Default::default(), ..base.pruning.clone() };
        dense.validate()?;
        let total = Trainer::new(dense.clone()).total_steps();
        let mut runs = vec![(dense, "dense".to_string())];
        for &m in methods {
            let list: Vec<f64> = if m == Criterion::NM { vec![base.pruning.sparsity] } else { sparsities.to_vec() };
            for &s in &list {
                let prune_at = match after {
                    Some(_) if m.at_init() => 0,
                    Some(a) => (a * total as f64).round() as u64,
                    None => base.pruning.at,
                };
                let mut c = base.clone();
                c.pruning = PruningConfig { criterion: m, sparsity: s, at: prune_at, ..base.pruning.clone() };
                c.validate().map_err(|e| CompactError::Run { method: m.name().to_string(), sparsity: s, source: Box::new(e.into()) })?;
                runs.push((c, m.name().to_string()));
            }
        }
        Ok(Sweep { runs, next: 0 })
    }

    /// Every run's configuration and name, the dense baseline first (for running them in
    /// parallel workers, each with `run_row`).
    pub fn runs(&self) -> &[(RunConfig, String)] {
        &self.runs
    }

    /// Runs in the experiment, the dense baseline included.
    pub fn len(&self) -> usize {
        self.runs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// Trains the next run and returns its row; None when all are done.
    pub fn next_row(&mut self) -> Result<Option<Row>, CompactError> {
        let Some((config, name)) = self.runs.get(self.next) else { return Ok(None) };
        let row = run_row(config, name).map_err(|e| CompactError::Run { method: name.clone(), sparsity: config.pruning.sparsity, source: Box::new(e) })?;
        self.next += 1;
        Ok(Some(row))
    }
}
