//! Gradient sources. `reverse` is backprop over the MLP's cached activations; `forward`
//! is forward mode (exact JVPs); `hvp` is forward over reverse (exact Hessian-vector
//! products); `lanes` is backprop for small nets with the batch in SIMD
//! lanes (bit-identical, chosen automatically); `estimator` turns either into a gradient estimate in the
//! flat layout; `local` and `forward_forward` are the layer-local rules.

pub mod estimator;
pub mod forward;
pub mod forward_forward;
pub mod gradcheck;
pub mod hvp;
pub mod lanes;
pub mod local;
pub mod reverse;

pub use reverse::{backward, loss_and_gradient};

use crate::nn::{Loss, Mlp, Workspace};
use ndarray::ArrayView2;

/// The model's predictions (logits) for x: the output layer's (`Mlp::forward`) for every
/// model except a Forward-Forward one (it has a label embedding), whose logits are the
/// goodness of each label (see `forward_forward::scores`). Here, not in nn: which readout
/// a model has depends on the rule that trained it.
pub fn predict<'w>(mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, loss: Loss, ws: &'w mut Workspace) -> ArrayView2<'w, f32> {
    if cfg!(feature = "full") && mlp.layout.label.is_some() {
        ws.scores = forward_forward::scores(mlp, params, x, loss);
        return ws.scores.view();
    }
    mlp.forward(params, x, ws)
}
