//! Reverse mode (backprop), layer by layer over the activations cached by
//! `Mlp::forward`. For layer l with input h (batch, in) and δ = ∂L/∂z (batch, out):
//! ∂L/∂W = δᵀ h, ∂L/∂b = Σ_rows δ, and the next δ is (δ W) ⊙ f'(z_{l−1}).

use super::lanes;
use crate::nn::{LayerSlot, Loss, Mlp, Workspace};
use crate::tensor::gemm;
use ndarray::{ArrayView2, ArrayViewMut2};

/// Back-propagates from ws.d[last] = ∂L/∂(output activation), which the caller fills,
/// and writes ∂L/∂θ into `grad` (overwriting it).
pub fn backward(mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, ws: &mut Workspace, grad: &mut [f32]) {
    assert_eq!(grad.len(), mlp.layout.len);
    // Auxiliary tensors (local heads, a label embedding) play no part in the model's loss.
    grad[mlp.layout.model_len()..].fill(0.0);
    for l in (0..mlp.depth()).rev() {
        let act = mlp.activations[l];
        act.scale_matrix_by_derivative(&mut ws.d[l], &ws.z[l], &ws.a[l]);
        let input = if l == 0 { x.view() } else { ws.a[l - 1].view() };
        layer_gradient(mlp, l, ws.d[l].view(), input, grad);
        if l > 0 {
            let (lower, upper) = ws.d.split_at_mut(l);
            gemm(1.0, &upper[0], &mlp.weight(l, params), 0.0, &mut lower[l - 1]);
        }
    }
}

/// Writes layer l's weight and bias gradients from its δ = ∂L/∂z (batch, out) and its
/// input h (batch, in): ∂L/∂W = δᵀ h, ∂L/∂b = Σ_rows δ. Shared by backprop and by every
/// estimator that forms a δ its own way (activity perturbation, feedback alignment).
pub fn layer_gradient(mlp: &Mlp, l: usize, delta: ArrayView2<f32>, input: ArrayView2<f32>, grad: &mut [f32]) {
    slot_gradient(&mlp.layout.layers[l], delta, input, grad);
}

/// As `layer_gradient`, for any weight slot of the layout (layers and local heads).
pub fn slot_gradient(slot: &LayerSlot, delta: ArrayView2<f32>, input: ArrayView2<f32>, grad: &mut [f32]) {
    let mut gw = ArrayViewMut2::from_shape((slot.outputs, slot.inputs), &mut grad[slot.weight.clone()]).unwrap();
    gemm(1.0, &delta.t(), &input, 0.0, &mut gw);
    let gb = &mut grad[slot.bias.clone()];
    gb.fill(0.0);
    for row in delta.rows() {
        gb.iter_mut().zip(row.iter()).for_each(|(g, &v)| *g += v);
    }
}

/// Mean loss of (x, y) and its exact gradient in `grad` (no penalty: see `Penalty::apply`).
/// Small nets take `lanes` (the same bits, less overhead), the rest `by_layers`.
pub fn loss_and_gradient(
    mlp: &Mlp,
    params: &[f32],
    x: ArrayView2<f32>,
    y: &[f32],
    loss: Loss,
    ws: &mut Workspace,
    grad: &mut [f32],
) -> f64 {
    if lanes::fits(mlp, x) {
        return ws.lanes.loss_and_gradient(mlp, params, x, y, loss, grad);
    }
    by_layers(mlp, params, x, y, loss, ws, grad)
}

/// `loss_and_gradient` through `Mlp::forward`, `Loss::evaluate` and `backward`, leaving
/// every layer's z, a and δ in the workspace.
pub fn by_layers(mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, ws: &mut Workspace, grad: &mut [f32]) -> f64 {
    mlp.forward(params, x, ws);
    let last = mlp.depth() - 1;
    let value = loss.evaluate(ws.a[last].view(), y, Some(ws.d[last].view_mut()));
    backward(mlp, params, x, ws, grad);
    value
}
