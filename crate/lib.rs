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
