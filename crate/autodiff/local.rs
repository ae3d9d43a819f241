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
use crate::tensor::{add_to_rows, gemm};
use ndarray::ArrayView2;

/// The per-step matrices of local losses, kept between steps so a step allocates nothing
/// (a buffer is remade only when its shape changes, e.g. a new batch size).
#[derive(Default)]
pub struct LocalBuffers {
    /// g_l per layer: ∂L_l/∂(head logits) for hidden layers, ∂L/∂output for the last.
    pub g: Vec<Mat>,
    /// A head's logits, then its tangent ṡ.
    logits: Mat,
    /// Per layer: δ_l, ż_l or u_l.
    pub delta: Vec<Mat>,
    /// Per layer: σ' ⊙ u_l (activity perturbation).
    pub a_dot: Vec<Mat>,
    /// Per row b, Σ_j g_l[b, j] ṡ[b, j].
    pub row_dots: Vec<f32>,
}

/// `m` with the shape `dim`, reusing its memory when the shape is already that.
pub fn shaped(m: &mut Mat, dim: (usize, usize)) -> &mut Mat {
    if m.dim() != dim {
        *m = Mat::zeros(dim);
    }
    m
}

/// The head of layer l as a (outputs, inputs) view, or None for the last layer.
fn head_weight<'a>(mlp: &Mlp, params: &'a [f32], l: usize) -> Option<ArrayView2<'a, f32>> {
    let head = mlp.layout.heads.get(l)?;
    Some(ArrayView2::from_shape((head.outputs, head.inputs), &params[head.weight.clone()]).unwrap())
}

/// Forward pass, every head's loss and error (into `buf.g`), and the heads' exact
/// gradients in `grad`. Returns the model's own loss (the last layer's local loss).
#[allow(clippy::too_many_arguments)]
pub fn readout(mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, ws: &mut Workspace, grad: &mut [f32], buf: &mut LocalBuffers) -> f64 {
    assert_eq!(mlp.layout.heads.len() + 1, mlp.depth(), "local losses need a head per hidden layer");
    mlp.forward(params, x, ws);
    let depth = mlp.depth();
    for v in [&mut buf.g, &mut buf.delta, &mut buf.a_dot] {
        v.resize_with(depth, || Mat::zeros((0, 0)));
    }
    for (l, head) in mlp.layout.heads.iter().enumerate() {
        let w = head_weight(mlp, params, l).expect("a hidden layer has a head");
        let logits = shaped(&mut buf.logits, (x.nrows(), head.outputs));
        gemm(1.0, &ws.a[l], &w.t(), 0.0, logits);
        add_to_rows(logits.view_mut(), &params[head.bias.clone()]);
        let gl = shaped(&mut buf.g[l], logits.dim());
        loss.evaluate(logits.view(), y, Some(gl.view_mut()));
        slot_gradient(head, gl.view(), ws.a[l].view(), grad);
    }
    let last = depth - 1;
    let gl = shaped(&mut buf.g[last], ws.a[last].dim());
    loss.evaluate(ws.a[last].view(), y, Some(gl.view_mut()))
}

/// Pushes a tangent of layer l's activations, ȧ (batch, n_l), through its readout: the
/// head's logits for a hidden layer, the output itself for the last. Leaves in
/// `buf.row_dots` per row b the directional derivative Σ_j g_l[b, j] ṡ[b, j] of the local loss.
pub fn readout_tangent(mlp: &Mlp, params: &[f32], l: usize, a_dot: ArrayView2<f32>, buf: &mut LocalBuffers) {
    let s = match head_weight(mlp, params, l) {
        Some(w) => {
            let s = shaped(&mut buf.logits, (a_dot.nrows(), w.nrows()));
            gemm(1.0, &a_dot, &w.t(), 0.0, s);
            s.view()
        }
        None => a_dot,
    };
    buf.row_dots.clear();
    buf.row_dots.extend(s.rows().into_iter().zip(buf.g[l].rows()).map(|(s, g)| s.iter().zip(g).map(|(a, b)| a * b).sum::<f32>()));
}

/// σ'(z_l) ⊙ m in place, from the cached forward pass.
pub fn times_derivative(mlp: &Mlp, l: usize, ws: &Workspace, m: &mut Mat) {
    let act = mlp.activations[l];
    act.scale_matrix_by_derivative(m, &ws.z[l], &ws.a[l]);
}

/// Layer l's exact local error δ_l = (g_l H_l) ⊙ σ'(z_l), into `buf.delta[l]`.
pub fn exact_delta(mlp: &Mlp, params: &[f32], l: usize, ws: &Workspace, buf: &mut LocalBuffers) {
    let g = &buf.g[l];
    let delta = shaped(&mut buf.delta[l], ws.z[l].dim());
    match head_weight(mlp, params, l) {
        Some(w) => gemm(1.0, g, &w, 0.0, delta),
        None => delta.assign(g),
    }
    times_derivative(mlp, l, ws, delta);
}

/// The input of layer l in the cached pass (detached: nothing flows back through it).
pub fn layer_input<'a>(x: ArrayView2<'a, f32>, ws: &'a Workspace, l: usize) -> ArrayView2<'a, f32> {
    if l == 0 { x } else { ws.a[l - 1].view() }
}

/// Exact local-loss gradients of every layer and head; returns the model's loss.
#[allow(clippy::too_many_arguments)]
pub fn backprop(mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, ws: &mut Workspace, grad: &mut [f32], buf: &mut LocalBuffers) -> f64 {
    let value = readout(mlp, params, x, y, loss, ws, grad, buf);
    for l in 0..mlp.depth() {
        exact_delta(mlp, params, l, ws, buf);
        layer_gradient(mlp, l, buf.delta[l].view(), layer_input(x, ws, l), grad);
    }
    value
}

/// The local directional derivative L̇_l for a tangent (V, u) of layer l's weight and bias,
/// taken from `tangent` (the flat layout; only layer l's slice is read), by forward mode.
#[allow(clippy::too_many_arguments)]
pub fn local_jvp(mlp: &Mlp, params: &[f32], tangent: &[f32], l: usize, x: ArrayView2<f32>, ws: &Workspace, buf: &mut LocalBuffers) -> f64 {
    let slot = &mlp.layout.layers[l];
    let v = ArrayView2::from_shape((slot.outputs, slot.inputs), &tangent[slot.weight.clone()]).unwrap();
    let mut z_dot = std::mem::take(&mut buf.delta[l]);
    shaped(&mut z_dot, (x.nrows(), slot.outputs));
    gemm(1.0, &layer_input(x, ws, l), &v.t(), 0.0, &mut z_dot);
    add_to_rows(z_dot.view_mut(), &tangent[slot.bias.clone()]);
    times_derivative(mlp, l, ws, &mut z_dot);
    readout_tangent(mlp, params, l, z_dot.view(), buf);
    buf.delta[l] = z_dot;
    buf.row_dots.iter().map(|&s| s as f64).sum()
}
