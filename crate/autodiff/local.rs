//! Local losses (Ren, Kornblith, Liao, Hinton, ICLR 2023, arXiv:2210.03310, sec. 4).
//! Every hidden layer l has a linear head (H_l, c_l) that classifies from the layer's
//! activations with the model's own loss: L_l = loss(a_l H_lᵀ + c_l, y). The layer's input
//! is detached, so layer l learns only from L_l; the last layer learns from the model's loss,
//! its input detached too. Heads always get their exact (cheap) gradient.
//!
//! With g_l = ∂L_l/∂(head logits) and σ' the layer's activation derivative, the error at the
//! layer's pre-activation is δ_l = (g_l H_l) ⊙ σ'(z_l) (for the last layer, g ⊙ σ'). The three
//! gradient sources then differ only in how they get δ_l or the weight gradient:
//! - backprop: δ_l exactly, ∂L_l/∂W_l = δ_lᵀ h_{l−1};
//! - weight perturbation: a tangent (V, u) over layer l only, ż = h Vᵀ + u, pushed forward
//!   through σ' and the head to L̇_l = Σ g_l ⊙ ((σ' ⊙ ż) H_lᵀ): the estimate is L̇_l (V, u), with
//!   variance set by layer l's parameter count instead of the whole model's;
//! - activity perturbation: per-example noise u on z_l, s_b = Σ g_l ⊙ ((σ' ⊙ u) H_lᵀ) for
//!   row b, δ̂_l = s_b u_b (zeroed where a ReLU is off).
//!
//! This module runs the model's forward pass once, then works layer by layer from the
//! cached activations.

use super::reverse::{layer_gradient, slot_gradient};
use crate::nn::{Loss, Mlp, Workspace};
use crate::tensor::Mat;
use crate::tensor::gemm;
use ndarray::{ArrayView1, ArrayView2};

/// The readout errors of every layer after one forward pass.
pub struct LocalErrors {
    /// g_l per layer: ∂L_l/∂(head logits) for hidden layers, ∂L/∂output for the last.
    pub g: Vec<Mat>,
    /// The model's own loss (the last layer's local loss).
    pub loss: f64,
    /// Mean of the hidden layers' local losses (NaN without hidden layers).
    pub local_loss: f64,
}

/// Forward pass, every head's loss and error, and the heads' exact gradients in `grad`.
pub fn readout(mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, ws: &mut Workspace, grad: &mut [f32]) -> LocalErrors {
    assert_eq!(mlp.layout.heads.len() + 1, mlp.depth(), "local losses need a head per hidden layer");
    mlp.forward(params, x, ws);
    let depth = mlp.depth();
    let mut g = Vec::with_capacity(depth);
    let mut local = 0.0;
    for (l, head) in mlp.layout.heads.iter().enumerate() {
        let w = ArrayView2::from_shape((head.outputs, head.inputs), &params[head.weight.clone()]).unwrap();
        let mut logits = Mat::zeros((x.nrows(), head.outputs));
        gemm(1.0, &ws.a[l], &w.t(), 0.0, &mut logits);
        logits += &ArrayView1::from(&params[head.bias.clone()]);
        let mut gl = Mat::zeros(logits.dim());
        local += loss.evaluate(logits.view(), y, Some(gl.view_mut()));
        slot_gradient(head, gl.view(), ws.a[l].view(), grad);
        g.push(gl);
    }
    let last = depth - 1;
    let mut gl = Mat::zeros(ws.a[last].dim());
    let value = loss.evaluate(ws.a[last].view(), y, Some(gl.view_mut()));
    g.push(gl);
    LocalErrors { g, loss: value, local_loss: local / mlp.layout.heads.len() as f64 }
}

/// Pushes a tangent of layer l's activations, ȧ (batch, n_l), through its readout: the
/// head's logits for a hidden layer, the output itself for the last. Returns per row b
/// the directional derivative Σ_j g_l[b, j] ṡ[b, j] of the local loss.
pub fn readout_tangent(mlp: &Mlp, params: &[f32], l: usize, a_dot: ArrayView2<f32>, g: &Mat) -> Vec<f32> {
    let row_dots = |s: ArrayView2<f32>| s.rows().into_iter().zip(g.rows()).map(|(s, g)| s.iter().zip(g).map(|(a, b)| a * b).sum()).collect();
    match mlp.layout.heads.get(l) {
        Some(head) => {
            let w = ArrayView2::from_shape((head.outputs, head.inputs), &params[head.weight.clone()]).unwrap();
            let mut s = Mat::zeros((a_dot.nrows(), head.outputs));
            gemm(1.0, &a_dot, &w.t(), 0.0, &mut s);
            row_dots(s.view())
        }
        None => row_dots(a_dot),
    }
}

/// σ'(z_l) ⊙ m in place, from the cached forward pass.
pub fn times_derivative(mlp: &Mlp, l: usize, ws: &Workspace, m: &mut Mat) {
    let act = mlp.activations[l];
    ndarray::Zip::from(m).and(&ws.z[l]).and(&ws.a[l]).for_each(|d, &z, &a| *d *= act.derivative(z, a));
}

/// Layer l's exact local error δ_l = (g_l H_l) ⊙ σ'(z_l).
pub fn exact_delta(mlp: &Mlp, params: &[f32], l: usize, g: &Mat, ws: &Workspace) -> Mat {
    let mut delta = match mlp.layout.heads.get(l) {
        Some(head) => {
            let w = ArrayView2::from_shape((head.outputs, head.inputs), &params[head.weight.clone()]).unwrap();
            let mut d = Mat::zeros((g.nrows(), head.inputs));
            gemm(1.0, g, &w, 0.0, &mut d);
            d
        }
        None => g.clone(),
    };
    times_derivative(mlp, l, ws, &mut delta);
    delta
}

/// The input of layer l in the cached pass (detached: nothing flows back through it).
pub fn layer_input<'a>(x: ArrayView2<'a, f32>, ws: &'a Workspace, l: usize) -> ArrayView2<'a, f32> {
    if l == 0 { x } else { ws.a[l - 1].view() }
}

/// Exact local-loss gradients of every layer and head; returns the model's loss.
pub fn backprop(mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, ws: &mut Workspace, grad: &mut [f32]) -> f64 {
    let errors = readout(mlp, params, x, y, loss, ws, grad);
    for l in 0..mlp.depth() {
        let delta = exact_delta(mlp, params, l, &errors.g[l], ws);
        layer_gradient(mlp, l, delta.view(), layer_input(x, ws, l), grad);
    }
    errors.loss
}

/// The local directional derivative L̇_l for a tangent (V, u) of layer l's weight and bias,
/// taken from `tangent` (the flat layout; only layer l's slice is read), by forward mode.
pub fn local_jvp(mlp: &Mlp, params: &[f32], tangent: &[f32], l: usize, x: ArrayView2<f32>, g: &Mat, ws: &Workspace) -> f64 {
    let slot = &mlp.layout.layers[l];
    let v = ArrayView2::from_shape((slot.outputs, slot.inputs), &tangent[slot.weight.clone()]).unwrap();
    let mut z_dot = Mat::zeros((x.nrows(), slot.outputs));
    gemm(1.0, &layer_input(x, ws, l), &v.t(), 0.0, &mut z_dot);
    z_dot += &ArrayView1::from(&tangent[slot.bias.clone()]);
    times_derivative(mlp, l, ws, &mut z_dot);
    readout_tangent(mlp, params, l, z_dot.view(), g).iter().map(|&s| s as f64).sum()
}
