//! Compact networks: masks over the flat parameter buffer, pruning criteria and
//! schedules, dynamic sparse training (SET, RigL) and what sparsity buys (nonzeros,
//! FLOPs, bytes); the experiments on top (lottery tickets, the sparsity sweep) are in
//! crate::labs. Pure computation, no threads, files or clocks, so the
//! page runs it in wasm as the CLI does natively.
//!
//! How a mask is honoured (see `train::trainer`): the gradient of every source is
//! multiplied by the mask before clipping and the optimizer, the weights after every
//! optimizer step (so momentum, adaptive moments, weight decay and Lookahead cannot
//! resurrect a pruned weight), forward-gradient tangents are drawn over live weights only,
//! and regrown positions get their optimizer state reset.

pub mod criteria;
pub mod dynamic;
pub mod error;
pub mod mask;
pub mod metrics;
pub mod pruner;
pub mod schedule;

pub use criteria::{prune, Context, Criterion};
pub use dynamic::{Dynamic, SparseTraining};
pub use error::SparsityError;
pub use mask::Mask;
pub use metrics::{report, SparsityReport};
pub use pruner::Pruner;
pub use schedule::PruneSchedule;
