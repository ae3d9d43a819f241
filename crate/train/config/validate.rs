//! A run configuration where it enters: parsed from JSON against the key table (`schema`),
//! validated key by key and across keys; every error names the key, the value and the
//! allowed range (`ConfigError`).

use super::{LossChoice, RunConfig};
use crate::autodiff::estimator::Method;
use crate::data::{DatasetKind, Task, UserData};
use crate::nn::Loss;
use crate::sparsity::{Criterion, SparseTraining};
use crate::train::schema::{self, FIELDS};
use crate::train::ValueError;
use std::fmt;
use std::sync::Arc;

/// A configuration problem: which key, and what is wrong with its value.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError {
    pub field: String,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ConfigError {}

pub(super) fn err(field: &str, message: impl Into<String>) -> ConfigError {
    ConfigError { field: field.to_string(), message: message.into() }
}

/// A value its key's kind refuses. One body for both checks (the lite core carries it).
#[inline(never)]
fn value_err(field: &str, e: ValueError) -> ConfigError {
    err(field, e.to_string())
}

impl RunConfig {
    /// Parses and validates a JSON configuration; missing keys take their defaults.
    pub fn from_json(text: &str) -> Result<RunConfig, ConfigError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| err("config", format!("not valid JSON: {e}")))?;
        RunConfig::from_value(value)
    }

    pub fn from_value(value: serde_json::Value) -> Result<RunConfig, ConfigError> {
        RunConfig::from_value_with(value, None)
    }

    /// As `from_value`, with the rows of a `custom` dataset attached before validation.
    pub fn from_value_with(value: serde_json::Value, user_data: Option<Arc<UserData>>) -> Result<RunConfig, ConfigError> {
        if let Some(obj) = value.as_object() {
            for (k, v) in obj {
                let f = schema::field(k).ok_or_else(|| err(k, schema::unknown_key(k)))?;
                if !(f.optional() && v.is_null()) {
                    f.kind.check(v).map_err(|e| value_err(k, e))?;
                }
            }
        }
        let mut cfg = RunConfig::deserialize_value(value)?;
        cfg.data.user = user_data;
        cfg.validate()?;
        Ok(cfg)
    }

    /// Every key within its range, and the keys consistent with each other.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let value = self.to_value();
        for f in FIELDS {
            // (A key left out of the JSON is at its default: see `short_last_batch`.)
            let Some(v) = value.get(f.key) else { continue };
            if f.optional() && v.is_null() {
                continue;
            }
            f.kind.check(v).map_err(|e| value_err(f.key, e))?;
        }
        if self.data.kind == DatasetKind::Custom && self.data.user.is_none() {
            return Err(err(
                "dataset",
                "custom means your own data, which a link or a config file cannot carry: upload a CSV or draw points on the map (a saved run file keeps them)",
            ));
        }
        if self.is_2d() && self.data.features.is_empty() {
            return Err(err("features", "choose at least one input feature"));
        }
        self.validate_for(self.task())
    }

    /// The rules that tie keys to each other and to the task, for data of `task` (the
    /// configured dataset's, or data a lab brings: `Trainer::with_data`).
    pub fn validate_for(&self, task: Task) -> Result<(), ConfigError> {
        if !self.network.activations.is_empty() && self.network.activations.len() != self.network.hidden.len() {
            return Err(err(
                "activations",
                format!("{} given for {} hidden layers: give one per layer or none", self.network.activations.len(), self.network.hidden.len()),
            ));
        }
        let ok = matches!(
            (self.network.loss, task),
            (LossChoice::Auto, _)
                | (LossChoice::Bce, Task::Binary)
                | (LossChoice::Mse, Task::Binary | Task::Regression)
                | (LossChoice::SoftmaxCe, Task::Multiclass(_))
        );
        if !ok {
            let allowed = match task {
                Task::Binary => "auto, bce or mse",
                Task::Multiclass(_) => "auto or softmax-ce",
                Task::Regression => "auto or mse",
            };
            return Err(err("loss", format!("{} does not fit dataset {}: use {allowed}", self.network.loss.name(), self.data.kind.name())));
        }
        self.validate_method(task)?;
        self.validate_sparsity()
    }

    /// The pruning settings agree with each other.
    fn validate_sparsity(&self) -> Result<(), ConfigError> {
        if self.pruning.n > self.pruning.m {
            return Err(err(
                "prune-n",
                format!("N = {} is larger than M = {}: N:M keeps N of every M weights, so 1 ≤ N ≤ M", self.pruning.n, self.pruning.m),
            ));
        }
        if self.pruning.sparse_training != SparseTraining::None {
            let name = self.pruning.sparse_training.name();
            if matches!(self.pruning.criterion, Criterion::None | Criterion::NM) {
                return Err(err(
                    "sparse-training",
                    format!("{name} changes an unstructured mask: set prune to a criterion other than none or n-m (e.g. random or erk) to give it its starting mask"),
                ));
            }
            if self.pruning.steps > 0 {
                return Err(err("prune-steps", format!("{name} keeps the sparsity constant: use a one-shot start (prune-steps = 0)")));
            }
        }
        Ok(())
    }

    /// The gradient source's settings agree with the task and the network.
    fn validate_method(&self, task: Task) -> Result<(), ConfigError> {
        let local_ok = matches!(self.gradient.method, Method::Backprop | Method::ForwardGradient | Method::ActivityPerturbation | Method::GuessedDirection);
        if self.gradient.local_losses && !local_ok {
            let name = self.gradient.method.name();
            return Err(err("local-losses", format!("works with backprop, forward-gradient, activity-perturbation and guessed-direction, not {name}")));
        }
        if self.needs_local_heads() && self.network.hidden.is_empty() {
            return Err(err("hidden", "local losses need at least one hidden layer (each hidden layer gets a head)"));
        }
        if self.gradient.method == Method::ForwardForward {
            if task == Task::Regression || self.loss_for(task) == Loss::Mse {
                return Err(err("method", "forward-forward classifies by goodness: it needs a classification dataset and loss bce or softmax-ce"));
            }
            if self.network.hidden.is_empty() {
                return Err(err("hidden", "forward-forward trains hidden layers: add at least one"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_is_valid_and_round_trips_through_json() {
        let c = RunConfig::default();
        c.validate().unwrap();
        let text = serde_json::to_string(&c).unwrap();
        assert_eq!(RunConfig::from_json(&text).unwrap(), c);
        assert_eq!(RunConfig::from_json("{}").unwrap(), c);
    }

    #[test]
    fn errors_name_the_field_the_value_and_the_range() {
        let e = RunConfig::from_json(r#"{"lr": 50}"#).unwrap_err();
        assert_eq!(e.field, "lr");
        assert!(e.message.contains("50") && e.message.contains("[0, 10]"), "{e}");
        let e = RunConfig::from_json(r#"{"dataset": "moons"}"#).unwrap_err();
        assert_eq!(e.field, "dataset");
        assert!(e.message.contains("moons") && e.message.contains("circle"), "{e}");
        let e = RunConfig::from_json(r#"{"hidden": [4, 0]}"#).unwrap_err();
        assert_eq!(e.field, "hidden");
        let e = RunConfig::from_json(r#"{"learning-rate": 0.1}"#).unwrap_err();
        assert!(e.message.contains("learning-rate"), "{e}");
        let e = RunConfig::from_json(r#"{"batch-size": 2.5}"#).unwrap_err();
        assert_eq!(e.field, "batch-size");
        let e = RunConfig::from_json("{not json").unwrap_err();
        assert_eq!(e.field, "config");
    }

    #[test]
    fn cross_field_rules_are_checked() {
        let e = RunConfig::from_json(r#"{"dataset": "digits", "loss": "bce"}"#).unwrap_err();
        assert_eq!(e.field, "loss");
        let e = RunConfig::from_json(r#"{"dataset": "reg-plane", "loss": "softmax-ce"}"#).unwrap_err();
        assert_eq!(e.field, "loss");
        let e = RunConfig::from_json(r#"{"hidden": [3, 3], "activations": ["relu"]}"#).unwrap_err();
        assert_eq!(e.field, "activations");
        let e = RunConfig::from_json(r#"{"features": []}"#).unwrap_err();
        assert_eq!(e.field, "features");
        RunConfig::from_json(r#"{"dataset": "digits", "features": []}"#).unwrap();
    }

    #[test]
    fn auto_loss_follows_the_task() {
        let mut c = RunConfig::default();
        assert_eq!(c.loss(), Loss::Bce);
        c.data.kind = DatasetKind::MultiSpiral;
        assert_eq!(c.loss(), Loss::SoftmaxCe);
        c.data.kind = DatasetKind::RegGauss;
        assert_eq!(c.loss(), Loss::Mse);
    }
}
