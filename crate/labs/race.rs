//! Fair optimizer comparisons. A race trains every entrant on the same network and data
//! from the same initial weights and the same minibatch order (both asserted, not
//! assumed), each for the same number of steps, and summarises the run. A sweep gives
//! every optimizer the same log-spaced grid of learning rates and the same budget, and
//! reports each at its best rate (AlgoPerf's equal-tuning-budget idea).

use crate::train::schema::{entrant_keys, Field};
use crate::train::{Evaluation, RunConfig, Trainer};
use serde::Serialize;
use std::time::Instant;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RaceResult {
    pub label: String,
    pub steps: u64,
    /// First evaluated step with a training loss ≤ the target.
    pub steps_to_target: Option<u64>,
    pub final_train_loss: f64,
    pub final_test_accuracy: Option<f64>,
    pub best_test_accuracy: Option<f64>,
    /// The step at which the entrant diverged (it stops there; the others go on).
    pub diverged_at: Option<u64>,
    /// Seconds spent training (evaluations excluded).
    pub seconds: f64,
    /// Training seconds until the target was reached.
    pub seconds_to_target: Option<f64>,
    /// Mean cosine between the gradient source and the exact gradient, probed at each
    /// evaluation on the next minibatch (None for backprop, which is exact).
    pub mean_cosine: Option<f64>,
}

/// Why entrants cannot race: they must differ in optimizer settings only and start from the
/// same weights on the same minibatches. The Display is the message the page and the CLI show.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RaceError {
    #[error("race: no entrants")]
    NoEntrants,
    #[error("race: entrant {entrant} ({label}) differs from the first in more than optimizer settings")]
    Settings { entrant: usize, label: String },
    #[error("race: entrant {entrant} does not start from the same weights")]
    Weights { entrant: usize },
    #[error("race: entrant {entrant} does not see the same minibatches")]
    Minibatches { entrant: usize },
}

/// A short name for an entrant: optimizer, lr and any other optimizer setting given.
pub fn label(c: &RunConfig) -> String {
    let v = c.to_value();
    let mut parts = vec![format!("{} lr={}", v["optimizer"].as_str().unwrap_or("?"), c.optimizer.lr)];
    if v["method"] != "backprop" {
        parts.insert(0, v["method"].as_str().unwrap_or("?").to_string());
    }
    let defaults = RunConfig::default().to_value();
    for key in entrant_keys().map(|f| f.key) {
        if !matches!(key, "optimizer" | "lr" | "method") && v[key] != defaults[key] {
            parts.push(format!("{key}={}", v[key]));
        }
    }
    parts.join(" ")
}

/// Runs the race. Errors if the entrants differ in anything but optimizer settings, or
/// if their initial weights or minibatch orders are not identical.
pub fn race(entrants: &[RunConfig], steps: u64, eval_every: u64, target: f64) -> Result<Vec<RaceResult>, RaceError> {
    let mut trainers = start(entrants)?;
    Ok(trainers.iter_mut().map(|t| run_one(t, steps, eval_every.max(1), target)).collect())
}

/// The entrants' trainers, after checking that they may race: they differ in optimizer
/// settings only, and start from the same weights on the same minibatches.
pub fn start(entrants: &[RunConfig]) -> Result<Vec<Trainer>, RaceError> {
    let first = entrants.first().ok_or(RaceError::NoEntrants)?;
    for (i, e) in entrants.iter().enumerate() {
        if e.without(Field::entrant) != first.without(Field::entrant) {
            return Err(RaceError::Settings { entrant: i + 1, label: label(e) });
        }
    }
    let trainers: Vec<Trainer> = entrants.iter().map(|c| Trainer::new(c.clone())).collect();
    // The model's own weights must match; auxiliary tensors (local heads, a label
    // embedding) exist only for the rules that use them.
    let model = |t: &Trainer| t.initial_params()[..t.mlp.layout.model_len()].to_vec();
    for (i, t) in trainers.iter().enumerate() {
        if model(t) != model(&trainers[0]) {
            return Err(RaceError::Weights { entrant: i + 1 });
        }
        if t.upcoming_batches(100) != trainers[0].upcoming_batches(100) {
            return Err(RaceError::Minibatches { entrant: i + 1 });
        }
    }
    Ok(trainers)
}

fn run_one(t: &mut Trainer, steps: u64, every: u64, target: f64) -> RaceResult {
    run_entrant(t, steps, every, target, &mut |_, _, _| {})
}

/// One entrant's run, as the race runs it; `seen` gets (step, train, test) at each
/// evaluation (a sweep cell keeps them as its metric history).
pub fn run_entrant(t: &mut Trainer, steps: u64, every: u64, target: f64, seen: &mut dyn FnMut(u64, Evaluation, Evaluation)) -> RaceResult {
    t.epoch_metrics = false;
    let mut r = RaceResult {
        label: label(&t.config),
        steps: 0,
        steps_to_target: None,
        final_train_loss: f64::NAN,
        final_test_accuracy: None,
        best_test_accuracy: None,
        diverged_at: None,
        seconds: 0.0,
        seconds_to_target: None,
        mean_cosine: None,
    };
    let mut cosines = Vec::new();
    while t.step < steps {
        let started = Instant::now();
        let ran = t.run(every.min(steps - t.step));
        r.seconds += started.elapsed().as_secs_f64();
        if let Err(d) = ran {
            r.diverged_at = Some(d.step);
            break;
        }
        let (train, test) = (t.evaluate_train(), t.evaluate_test());
        seen(t.step, train, test);
        if let Some(a) = t.probe_agreement() {
            cosines.push(a.cosine);
        }
        if r.steps_to_target.is_none() && train.loss <= target {
            r.steps_to_target = Some(t.step);
            r.seconds_to_target = Some(r.seconds);
        }
        r.final_train_loss = train.loss;
        r.final_test_accuracy = test.accuracy;
        r.best_test_accuracy = match (r.best_test_accuracy, test.accuracy) {
            (Some(b), Some(a)) => Some(b.max(a)),
            (b, a) => a.or(b),
        };
    }
    r.steps = t.step;
    r.mean_cosine = (!cosines.is_empty()).then(|| cosines.iter().sum::<f64>() / cosines.len() as f64);
    r
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SweepResult {
    pub label: String,
    pub lrs: Vec<f64>,
    /// Final training loss at each rate (None when that run diverged).
    pub final_loss: Vec<Option<f64>>,
    pub best_lr: Option<f64>,
    pub best_loss: Option<f64>,
    pub best_test_accuracy: Option<f64>,
}

/// `n` log-spaced rates from `lo` to `hi`.
pub fn log_grid(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    if n <= 1 {
        return vec![lo];
    }
    (0..n).map(|i| lo * (hi / lo).powf(i as f64 / (n - 1) as f64)).collect()
}

/// Every optimizer at every rate of `lrs` for `steps` steps.
pub fn sweep(entrants: &[RunConfig], lrs: &[f64], steps: u64) -> Result<Vec<SweepResult>, RaceError> {
    entrants
        .iter()
        .map(|e| {
            let runs: Vec<RunConfig> = lrs.iter().map(|&lr| e.with_lr(lr)).collect();
            let results = race(&runs, steps, steps, f64::NEG_INFINITY)?;
            Ok(at_best_rate(e, lrs, &results))
        })
        .collect()
}

/// The sweep's row for entrant `e` from its runs at each rate of `lrs` (`results[i]` at
/// `lrs[i]`): each rate's final loss, and the rate with the lowest.
pub fn at_best_rate(e: &RunConfig, lrs: &[f64], results: &[RaceResult]) -> SweepResult {
    let final_loss: Vec<Option<f64>> =
        results.iter().map(|r| if r.diverged_at.is_none() && r.final_train_loss.is_finite() { Some(r.final_train_loss) } else { None }).collect();
    let best = (0..lrs.len()).filter(|&i| final_loss[i].is_some()).min_by(|&a, &b| final_loss[a].partial_cmp(&final_loss[b]).unwrap());
    SweepResult {
        label: label(&e.with_lr(0.0)).replace(" lr=0", ""),
        lrs: lrs.to_vec(),
        best_lr: best.map(|i| lrs[i]),
        best_loss: best.and_then(|i| final_loss[i]),
        best_test_accuracy: best.and_then(|i| results[i].final_test_accuracy),
        final_loss,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entrant(json: &str) -> RunConfig {
        RunConfig::from_json(json).unwrap()
    }

    #[test]
    fn results_do_not_depend_on_the_order_of_the_entrants() {
        let a = entrant(r#"{"dataset": "xor", "hidden": [6], "optimizer": "adam", "lr": 0.01}"#);
        let b = entrant(r#"{"dataset": "xor", "hidden": [6], "optimizer": "sgd", "lr": 0.1, "momentum": 0.9}"#);
        let c = entrant(r#"{"dataset": "xor", "hidden": [6], "optimizer": "lion", "lr": 0.001}"#);
        let forward = race(&[a.clone(), b.clone(), c.clone()], 600, 100, 0.3).unwrap();
        let backward = race(&[c, b, a], 600, 100, 0.3).unwrap();
        // Everything but the wall-clock seconds is identical.
        let timeless = |r: &RaceResult| RaceResult { seconds: 0.0, seconds_to_target: r.seconds_to_target.map(|_| 0.0), ..r.clone() };
        assert_eq!(timeless(&forward[0]), timeless(&backward[2]));
        assert_eq!(timeless(&forward[1]), timeless(&backward[1]));
        assert_eq!(timeless(&forward[2]), timeless(&backward[0]));
        assert_eq!(forward[1].label, "sgd lr=0.1 momentum=0.9");
    }

    #[test]
    fn entrants_must_share_everything_but_optimizer_settings() {
        let a = entrant(r#"{"optimizer": "adam"}"#);
        let b = entrant(r#"{"optimizer": "sgd", "seed": 2}"#);
        assert!(matches!(race(&[a, b], 10, 10, 0.1), Err(RaceError::Settings { entrant: 2, .. })));
    }

    #[test]
    fn a_diverging_entrant_is_stopped_and_marked_while_the_others_finish() {
        let calm = entrant(r#"{"dataset": "reg-plane", "hidden": [], "lr": 0.001}"#);
        let wild = entrant(r#"{"dataset": "reg-plane", "hidden": [], "lr": 10}"#);
        let r = race(&[calm, wild], 500, 50, 0.0).unwrap();
        assert_eq!((r[0].steps, r[0].diverged_at), (500, None));
        assert!(r[1].diverged_at.is_some() && r[1].steps < 500);
    }

    #[test]
    fn the_sweep_reports_each_optimizer_at_its_best_rate() {
        let sgd = entrant(r#"{"dataset": "circle", "hidden": [4], "optimizer": "sgd"}"#);
        let lrs = log_grid(1e-3, 10.0, 5);
        assert!((lrs[2] - 0.1).abs() < 1e-12);
        let s = sweep(&[sgd], &lrs, 300).unwrap();
        let best = s[0].best_lr.unwrap();
        let losses: Vec<f64> = s[0].final_loss.iter().flatten().cloned().collect();
        assert_eq!(s[0].best_loss.unwrap(), losses.iter().cloned().fold(f64::INFINITY, f64::min));
        assert!(best > 1e-3, "the smallest rate barely moves in 300 steps");
    }
}
