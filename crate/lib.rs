//! Gradient Lab core: compact MLPs over one flat parameter buffer, reverse-mode
//! gradients, optimizers, seeded datasets and a trainer, shared by the native CLI
//! and the WebAssembly page.

#[macro_use]
mod names;
pub mod autodiff;
pub mod bench;
pub mod data;
pub mod io;
pub mod nn;
pub mod optim;
pub mod simplicity;
pub mod sparsity;
pub mod surface;
pub mod tensor;
pub mod train;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
