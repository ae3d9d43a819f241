//! Why a simplicity-lab run did not start or stopped: a setting out of range or unknown,
//! data settings that do not fit together (the slabs, the clones, the digits), a run
//! configuration that does not fit the task, a divergence. Each variant carries the values;
//! its `#[error]` line is the one place the message the page and the CLI show is worded.

use super::redshift::RandomActivation;
use super::slabs::{Preset, MAX_VALUES};
use crate::data::DataError;
use crate::train::{ConfigError, ValueError};

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SimplicityError {
    /// `key`'s value outside `range` (written as the message shows it: "1..=7", "(0, 1e6]").
    #[error("{key}: {value} is outside {range}")]
    OutOfRange { key: &'static str, value: String, range: String },
    /// A key the lab does not know: its settings and the run-configuration keys it leaves open.
    #[error("{key:?} is not a setting; the settings are {}, and the run-configuration keys other than {}", settings.join(", "), lab_owned.join(", "))]
    NotASetting { key: String, settings: Vec<&'static str>, lab_owned: &'static [&'static str] },
    #[error("{key}: {source}")]
    Value { key: String, source: ValueError },
    #[error("coordinate: {0:?} is not linear, noisy-linear or K-slab with K in {{3, 5, 7}}")]
    Coordinate(String),
    #[error("slabs: k = {0} is not one of 3, 5, 7")]
    Slabs(usize),
    #[error("preset: {:?} is not one of {}", .0, Preset::NAMES.join(", "))]
    Preset(String),
    #[error("activation: {:?} is not one of {}", .0, RandomActivation::NAMES.join(", "))]
    Activation(String),
    #[error("margin: {0} must be > 0")]
    MarginPositive(f64),
    #[error("margin: {margin} must be < width ({width})")]
    MarginWidth { margin: f64, width: f64 },
    #[error("margin: {margin} leaves no room for {k} slabs of width W = {width}; need margin < W/{} = {limit}", k - 1)]
    MarginSlabs { margin: f64, width: f64, k: usize, limit: f64 },
    #[error("train, test, dim: (train + test) · dim = {0} is over {MAX_VALUES} values; lower train, test or dim")]
    TooManyValues(usize),
    #[error("train, test: {train} and {test} must be in 1..=1000000")]
    Rows { train: usize, test: usize },
    #[error("grid: {0} is not an even number in 4..=256")]
    Grid(usize),
    #[error("frequencies: {0} given, need 1..=64")]
    FrequencyCount(usize),
    #[error("frequencies: {frequency} is outside (0, {nyquist}) for {points} points")]
    Frequency { frequency: f64, nyquist: f64, points: usize },
    /// Why a random network cannot run as a plain MLP (`RedshiftConfig::plain_mlp_blocker`).
    #[error("{0}")]
    NotPlainMlp(String),
    #[error("covariance: not positive definite at row {0}")]
    NotPositiveDefinite(usize),
    #[error("data: label {label} is not a class index in 0..{classes}")]
    Label { label: f32, classes: usize },
    #[error("data: class {class} has {rows} rows, a clone needs at least 2")]
    ClassRows { class: usize, rows: usize },
    #[error("labels: {label} is not a class index in 0..{classes}")]
    SampleLabel { label: f32, classes: usize },
    #[error(transparent)]
    Data(#[from] DataError),
    /// The run configuration the lab built does not fit its task.
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("training diverged in epoch {epoch}: {what}; lower lr ({lr})")]
    Diverged { epoch: usize, what: String, lr: f64 },
}

impl SimplicityError {
    /// `key: value is outside range`.
    pub fn out_of_range(key: &'static str, value: impl std::fmt::Display, range: impl Into<String>) -> SimplicityError {
        SimplicityError::OutOfRange { key, value: value.to_string(), range: range.into() }
    }
}
