//! Training: the one run configuration (validated at the edge), its URL-hash form,
//! the trainer and its metrics.
//!
//! # The run configuration
//!
//! `RunConfig` is grouped in memory and flat outside:
//!
//! ```text
//! RunConfig { data: data::DataSpec,      data-seed dataset samples noise train-ratio classes features
//!             network: NetworkConfig,    hidden activation activations init loss regularization reg-rate
//!             gradient: GradientConfig,  method tangents tangent-dist spsa-h local-losses guess ff-threshold
//!             optimizer: OptimizerConfig { kind (optimizer), lr, hyper: optim::Hyper (momentum, b1, …),
//!                                          lookahead-k lookahead-alpha sam-rho,
//!                                          schedule: optim::schedule::Schedule (schedule, schedule-steps, …),
//!                                          clip-norm },
//!             training: TrainingConfig,  seed batch-size short-last-batch coupled-decay epochs
//!             pruning: PruningConfig }   prune sparsity prune-at prune-steps prune-every prune-n prune-m …
//! ```
//!
//! Each value lives in one place: the optimizer's hyperparameters are the `Hyper` the
//! update rules read and its schedule the `Schedule` the trainer asks, not copies. The
//! flat keys (the URL hash, `gradlab --set key=value`, JSON configs and run files) are
//! listed once, in `schema::FIELDS`: each row gives a key's place in the struct, its group,
//! whether a running trainer takes it (`LIVE`) or JSON leaves it out at its default
//! (`QUIET`), its type and range, and its line of documentation. Parsing and writing JSON
//! (config/json.rs), validation (config/validate.rs), the hash (hash.rs), the race's and
//! the live update's key sets (`Field::entrant`, `Field::live`) and the docs page (the
//! `schema` export) all read that table. Adding a key: a field in its group (with its
//! default) and one `field!` row.

pub mod config;
pub mod hash;
pub mod lite;
pub mod map;
pub mod metrics;
pub mod schema;
pub mod tfp;
pub mod trainer;
pub mod value_error;

pub use config::{ConfigError, LossChoice, RunConfig};
pub use metrics::{EpochMetrics, Evaluation, StepStats};
pub use trainer::{Divergence, HandoverError, Trainer, TrainerError};
pub use value_error::ValueError;

/// FNV-1a over the bits of f32 values: a short, exact summary for comparing two builds.
pub fn fingerprint(values: &[f32]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for v in values {
        for b in v.to_bits().to_le_bytes() {
            h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}
