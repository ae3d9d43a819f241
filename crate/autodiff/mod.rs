//! Gradient sources. `reverse` is backprop over the MLP's cached activations; the
//! forward-mode estimators (forward-gradient issue) will return the same flat layout.

pub mod estimator;
pub mod forward;
pub mod gradcheck;
pub mod reverse;

pub use reverse::{backward, loss_and_gradient};
