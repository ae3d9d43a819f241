//! Gradient sources. `reverse` is backprop over the MLP's cached activations; `forward`
//! is forward mode (exact JVPs); `lanes` is backprop for small nets with the batch in SIMD
//! lanes (bit-identical, chosen automatically); `estimator` turns either into a gradient estimate in the
//! flat layout; `local` and `forward_forward` are the layer-local rules.

pub mod estimator;
pub mod forward;
pub mod forward_forward;
pub mod gradcheck;
pub mod lanes;
pub mod local;
pub mod reverse;

pub use reverse::{backward, loss_and_gradient};
