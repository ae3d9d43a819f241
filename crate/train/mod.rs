//! Training: the one run configuration (validated at the edge), its URL-hash form,
//! the trainer and its metrics.

pub mod config;
pub mod hash;
pub mod lite;
pub mod map;
pub mod metrics;
pub mod schema;
pub mod tfp;
pub mod trainer;

pub use config::{ConfigError, LossChoice, RunConfig};
pub use metrics::{EpochMetrics, Evaluation, StepStats};
pub use trainer::{Divergence, HandoverError, Trainer};

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
