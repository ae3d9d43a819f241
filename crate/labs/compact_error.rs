//! What the compact-network experiments (lottery tickets, the accuracy-vs-sparsity sweep)
//! refuse or meet: settings out of range, and the config, trainer and divergence errors of
//! the runs they train. Each `#[error]` line is the one place its message is worded.

use crate::sparsity::SparsityError;
use crate::train::{ConfigError, Divergence, TrainerError};

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CompactError {
    #[error("rounds: {0} is outside 1..=30")]
    Rounds(usize),
    #[error("rate: {0} is outside (0, 1)")]
    Rate(f64),
    #[error("criterion: {0} is not magnitude or global-magnitude")]
    Criterion(&'static str),
    #[error("rewind: step {step} is not before the end of the run ({total} steps)")]
    Rewind { step: u64, total: u64 },
    #[error("sparsities: {0} is outside [0, 1)")]
    Sparsities(f64),
    #[error("after: {0} is outside [0, 1) (the fraction of the run before pruning)")]
    After(f64),
    /// One run of the sweep failed: which criterion, at which sparsity, and why.
    #[error("{method} at sparsity {sparsity}: {source}")]
    Run { method: String, sparsity: f64, source: Box<CompactError> },
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Diverged(#[from] Divergence),
    #[error(transparent)]
    Trainer(#[from] TrainerError),
    #[error(transparent)]
    Sparsity(#[from] SparsityError),
}
