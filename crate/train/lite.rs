//! The lite core: the playground's first-visit build of this crate, without the `full`
//! feature (scripts/build-web.sh builds it into pkg/lite/). A first visit downloads it
//! instead of the full core: under half its bytes (171 KB of wasm gzipped instead of 365
//! when this was written; scripts/size.sh measures them, docs/BENCHMARKS.md has the last run).
//!
//! It trains what the playground opens with and what most visits stay with: dense MLPs of
//! any shape on every dataset, by backprop, with SGD (momentum, Nesterov) or Adam, every
//! activation, loss, regularizer, schedule, clipping and SAM. It refuses, with the reason
//! `needs_full` gives, the gradient methods other than backprop, layer-local losses, the
//! other optimizers, Lookahead and pruning; and it has no model files, CSV import or lab
//! views. The page then loads the full core and, when a run is live, hands it over exactly
//! (`Trainer::export_state` / `import_state`): the run goes on as if it had started there.
//!
//! The code left out is cut where the run configuration picks it (the estimator, the
//! optimizer, the pruner, the Forward-Forward readout): each place tests the feature where
//! it is read (`cfg!(feature = "full")`, a constant; `FULL` here for the layers above
//! train), so the compiler drops what a lite build cannot reach, and the lite core refuses
//! those configurations where they enter (crate/wasm/run.rs), before any of that code runs.

use super::RunConfig;
use crate::autodiff::estimator::Method;
use crate::optim::OptimizerKind;
use crate::sparsity::Criterion;

/// Whether this build is the full core (the `full` feature, on by default).
pub const FULL: bool = cfg!(feature = "full");

/// Why `config` needs the full core (a phrase for the page: "… needs the full core"), or
/// None when the lite core can run it. The answer does not depend on the build.
pub fn needs_full(config: &RunConfig) -> Option<String> {
    if config.gradient.method != Method::Backprop {
        Some(format!("the gradient method {}", config.gradient.method.name()))
    } else if config.gradient.local_losses {
        Some("layer-local losses".into())
    } else if !matches!(config.optimizer.kind, OptimizerKind::Sgd | OptimizerKind::Adam) {
        Some(format!("the optimizer {}", config.optimizer.kind.name()))
    } else if config.optimizer.lookahead_k > 0 {
        Some("Lookahead".into())
    } else if config.pruning.criterion != Criterion::None {
        Some("pruning".into())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lite_core_takes_the_default_run_and_names_what_it_refuses() {
        let lite = |json: &str| needs_full(&RunConfig::from_json(json).unwrap());
        assert_eq!(lite("{}"), None);
        assert_eq!(lite(r#"{"optimizer": "adam", "hidden": [256, 256], "sam-rho": 0.05, "clip-norm": 1}"#), None);
        assert_eq!(lite(r#"{"method": "forward-gradient"}"#).as_deref(), Some("the gradient method forward-gradient"));
        assert_eq!(lite(r#"{"local-losses": true}"#).as_deref(), Some("layer-local losses"));
        assert_eq!(lite(r#"{"optimizer": "lion"}"#).as_deref(), Some("the optimizer lion"));
        assert_eq!(lite(r#"{"lookahead-k": 5}"#).as_deref(), Some("Lookahead"));
        assert_eq!(lite(r#"{"prune": "magnitude"}"#).as_deref(), Some("pruning"));
    }
}
