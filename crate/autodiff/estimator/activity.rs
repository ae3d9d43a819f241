//! Activity perturbation (Ren et al. 2023, sec. 3): noise on every layer's pre-activations,
//! one JVP, weight gradients formed locally; and its layer-local-loss variant.

use super::{sized, Estimator};
use crate::autodiff::reverse::layer_gradient;
use crate::autodiff::local;
use crate::nn::{Activation, Loss, Mlp, Workspace};
use crate::tensor::{gemm, Mat};
use ndarray::ArrayView2;

impl Estimator {
    /// Activity perturbation averaged over K draws of the noise.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn activity_perturbation_mean(&mut self, mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, ws: &mut Workspace, grad: &mut [f32]) -> f64 {
        let k = self.tangents;
        grad.fill(0.0);
        self.scratch.resize(params.len(), 0.0);
        let mut scratch = std::mem::take(&mut self.scratch);
        let mut value = 0.0;
        for _ in 0..k {
            value = self.activity_perturbation(mlp, params, x, y, loss, ws, &mut scratch);
            for (g, &s) in grad.iter_mut().zip(&scratch) {
                *g += s / k as f32;
            }
        }
        self.scratch = scratch;
        value
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn activity_perturbation(&mut self, mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, ws: &mut Workspace, grad: &mut [f32]) -> f64 {
        mlp.forward(params, x, ws);
        let batch = x.nrows();
        let depth = mlp.depth();
        // Per-example noise u on every layer's pre-activations, and the tangent pass ḣ,
        // kept in the workspace's δ buffers: ż_l = u_l + ḣ_{l−1} W_lᵀ, ḣ_l = ż_l ⊙ f'(z_l).
        self.noise.resize_with(depth, || Mat::zeros((0, 0)));
        for (l, slot) in mlp.layout.layers.iter().enumerate() {
            let u = sized(&mut self.noise[l], (batch, slot.outputs));
            u.iter_mut().for_each(|v| *v = self.rng.normal() as f32);
            ws.d[l].assign(u);
            if l > 0 {
                let (lower, upper) = ws.d.split_at_mut(l);
                gemm(1.0, &lower[l - 1], &mlp.weight(l, params).t(), 1.0, &mut upper[0]);
            }
            let act = mlp.activations[l];
            act.scale_matrix_by_derivative(&mut ws.d[l], &ws.z[l], &ws.a[l]);
        }
        let last = depth - 1;
        let g_out = sized(&mut self.error, ws.a[last].dim());
        let value = loss.evaluate(ws.a[last].view(), y, Some(g_out.view_mut()));
        // s_b = ∂L/∂z · u for example b (the 1/batch of the mean is inside g_out).
        self.projections.clear();
        self.projections.extend(g_out.rows().into_iter().zip(ws.d[last].rows()).map(|(g, t)| g.iter().zip(t.iter()).map(|(a, b)| a * b).sum::<f32>()));
        for l in 0..depth {
            let mut u = std::mem::take(&mut self.noise[l]);
            self.masked_activity_delta(mlp, l, &mut u, &self.projections, ws);
            let input = if l == 0 { x.view() } else { ws.a[l - 1].view() };
            layer_gradient(mlp, l, u.view(), input, grad);
            self.noise[l] = u;
        }
        value
    }

    /// Activity perturbation with local losses: per-example noise on each layer's
    /// pre-activations, pushed through that layer's head only.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn local_activity_perturbation(&mut self, mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, ws: &mut Workspace, grad: &mut [f32]) -> f64 {
        grad.fill(0.0);
        let value = local::readout(mlp, params, x, y, loss, ws, grad, &mut self.locals);
        self.scratch.resize(params.len(), 0.0);
        let mut scratch = std::mem::take(&mut self.scratch);
        let mut buf = std::mem::take(&mut self.locals);
        let k = self.tangents;
        for _ in 0..k {
            for (l, slot) in mlp.layout.layers.iter().enumerate() {
                let u = local::shaped(&mut buf.delta[l], (x.nrows(), slot.outputs));
                u.iter_mut().for_each(|v| *v = self.rng.normal() as f32);
                let a_dot = local::shaped(&mut buf.a_dot[l], u.dim());
                a_dot.assign(u);
                local::times_derivative(mlp, l, ws, a_dot);
                let a_dot = std::mem::take(&mut buf.a_dot[l]);
                local::readout_tangent(mlp, params, l, a_dot.view(), &mut buf);
                buf.a_dot[l] = a_dot;
                self.masked_activity_delta(mlp, l, &mut buf.delta[l], &buf.row_dots, ws);
                layer_gradient(mlp, l, buf.delta[l].view(), local::layer_input(x, ws, l), &mut scratch);
                for i in slot.weight.start..slot.bias.end {
                    grad[i] += scratch[i] / k as f32;
                }
            }
        }
        self.scratch = scratch;
        self.locals = buf;
        value
    }

    /// δ̂ = s_b u_b per row, zeroed where layer l is a ReLU that is off (true gradient 0).
    pub(super) fn masked_activity_delta(&self, mlp: &Mlp, l: usize, u: &mut Mat, s: &[f32], ws: &Workspace) {
        let relu = mlp.activations[l] == Activation::Relu;
        for (b, mut row) in u.rows_mut().into_iter().enumerate() {
            for (j, v) in row.iter_mut().enumerate() {
                *v = if relu && ws.z[l][[b, j]] <= 0.0 { 0.0 } else { *v * s[b] };
            }
        }
    }
}
