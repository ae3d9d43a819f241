//! Training: the one run configuration (validated at the edge), its URL-hash form,
//! the trainer and its metrics.

pub mod config;
pub mod hash;
pub mod metrics;
pub mod schema;
pub mod trainer;

pub use config::{ConfigError, LossChoice, RunConfig};
pub use metrics::{EpochMetrics, Evaluation, StepStats};
pub use trainer::{Divergence, Trainer};
