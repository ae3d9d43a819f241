//! Why a training-dynamics experiment did not start or stopped: a setting out of range or
//! unknown, a preset that does not exist, a run that diverged. Each variant carries the
//! values; its `#[error]` line is the one place the message is worded.

use super::PRESETS;
use crate::train::{ConfigError, Divergence};

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum DynamicsError {
    #[error("{key}: {value} is outside {min}..={max}")]
    OutOfRange { key: &'static str, value: f64, min: f64, max: f64 },
    /// Overrides that do not read as the preset's settings: the reader's words.
    #[error("settings: {0}")]
    Settings(String),
    #[error("--preset: {0:?} is not one of {list}", list = PRESETS.join(", "))]
    Preset(String),
    #[error("hidden: give at least one layer (the last is the penultimate features)")]
    NoHidden,
    #[error("optimizer: {0} is not sgd or adam")]
    Optimizer(&'static str),
    /// A lab's own loop (not the trainer's) met a non-finite loss or gradient.
    #[error("training diverged at step {0}: lower lr")]
    DivergedAtStep(u64),
    #[error("training diverged in epoch {0}: lower lr")]
    DivergedInEpoch(usize),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Diverged(#[from] Divergence),
}
