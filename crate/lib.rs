//! Gradient Lab core: compact MLPs over one flat parameter buffer, reverse-mode
//! gradients, optimizers, seeded datasets and a trainer, shared by the native CLI
//! and the WebAssembly page.
//!
//! # Layers
//!
//! Each module names only the modules below it (`A ← B`: B may name A), so a newcomer can
//! read the core bottom up and change a lower layer without reading an upper one:
//!
//! ```text
//! names                             the `names!` macro (enums' name tables), used by all
//! tensor ← nn ← autodiff            arrays, seeded RNG, GEMM; layers and losses; gradients
//! tensor ← data                     datasets
//! tensor, nn ← optim                optimizers and schedules (diffGrad reads nn's sigmoid)
//! tensor, nn, autodiff ← sparsity   masks, pruning criteria and plans
//! nn, sparsity ← io                 model files
//! all of the above ← train          run config, trainer, metrics, URL hash, schema
//! train and below ← labs, bench     experiments built on the trainer (labs/: races,
//!                                   sweeps, lottery tickets, the simplicity-bias lab,
//!                                   optimizer surfaces) and the benchmark workloads
//! everything ← wasm, bin            the page's boundary and the CLI
//! ```
//!
//! A build-time switch is a cargo feature read where it is needed (`cfg!(feature =
//! "full")`), never a constant imported from an upper module. tests/layers.rs reads every
//! `crate::…` path under crate/ and fails when a module names one above it.
//!
//! # Where a change goes
//!
//! Names, keys and option lists are read from one place each (the enums' `names!` tables,
//! the key table `train::schema::FIELDS`): the URL hash, the CLI, the JSON config and the
//! pages' controls follow from them, and tests/e2e/names.test.mjs fails if a page's list
//! drifts.
//! - **An optimizer:** its rule in `optim/<name>.rs` (`Optimizer`: `step`, `configure`, and
//!   the per-parameter `buffers` that `reset` clears), a variant of `OptimizerKind` and its
//!   arm in `OptimizerKind::build_for` (optim/mod.rs), and its one-line description and
//!   citation in www/optimizers/optimizer-docs.js. tests/optimizers.rs checks it against
//!   optax where optax has it.
//! - **A hyperparameter:** a field of `optim::Hyper`, read in `configure`, and one `field!`
//!   row of `train::schema::FIELDS` (key, range, doc).
//! - **A dataset:** a variant of `data::DatasetKind` (and its task in `DatasetKind::task`
//!   when it is not binary classification) and its arm in `data::playground::generate`.
//! - **A lab:** the experiment in `labs/<name>/` (on `train::Trainer`), its exports in
//!   `wasm/<name>.rs`, its CLI command in `bin/<name>.rs`, and its page in www/<name>/.

#[macro_use]
mod names;
pub mod autodiff;
pub mod bench;
pub mod data;
pub mod io;
pub mod labs;
pub mod nn;
pub mod optim;
pub mod sparsity;
pub mod tensor;
pub mod train;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
