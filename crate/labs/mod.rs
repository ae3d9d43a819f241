//! Experiments built on the trainer: races and learning-rate sweeps of several runs on the
//! same minibatches, the accuracy-vs-sparsity sweep, lottery tickets, the simplicity-bias
//! lab (simplicity/), the optimizer surfaces and loss landscapes (surface/), and the
//! training-dynamics lab (dynamics/: curvature, edge of stability, grokking, neural
//! collapse). Each drives
//! `train::Trainer` and reports rows for a table or a chart; the CLI and the pages
//! (crate/wasm/) call them alike.

pub mod compact_error;
pub mod dynamics;
pub mod lottery;
pub mod prune_sweep;
pub mod race;
pub mod simplicity;
pub mod surface;

pub use compact_error::CompactError;
