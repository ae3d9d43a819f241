//! Feedback alignment (Lillicrap et al. 2016) and direct feedback alignment (Nøkland
//! 2016): backprop with fixed random matrices in the backward pass.

use super::{sized, Estimator, Method};
use crate::autodiff::reverse::layer_gradient;
use crate::nn::{Loss, Mlp, Workspace};
use crate::tensor::{gemm, Mat};
use ndarray::ArrayView2;

impl Estimator {
    /// Draws the fixed feedback matrices of FA / DFA once (a no-op for other methods).
    pub fn ensure_feedback(&mut self, mlp: &Mlp) {
        if !self.feedback.is_empty() || !matches!(self.method, Method::FeedbackAlignment | Method::DirectFeedbackAlignment) {
            return;
        }
        let direct = self.method == Method::DirectFeedbackAlignment;
        let n_out = mlp.outputs();
        for l in 0..mlp.depth().saturating_sub(1) {
            let s = &mlp.layout.layers[l];
            // FA: B for layer l + 1, shaped like W_{l+1}; DFA: B_l, [n_l, n_out].
            let (rows, cols) = if direct { (s.outputs, n_out) } else { (mlp.layout.layers[l + 1].outputs, s.outputs) };
            let bound = 1.0 / (if direct { n_out } else { cols } as f64).sqrt();
            self.feedback.push(Mat::from_shape_fn((rows, cols), |_| self.rng.uniform(-bound, bound) as f32));
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn feedback_alignment(&mut self, mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, ws: &mut Workspace, grad: &mut [f32]) -> f64 {
        self.ensure_feedback(mlp);
        let depth = mlp.depth();
        mlp.forward(params, x, ws);
        let last = depth - 1;
        let e = sized(&mut self.error, ws.a[last].dim());
        let value = loss.evaluate(ws.a[last].view(), y, Some(e.view_mut()));
        // The errors go in the workspace's δ buffers, as backprop's do.
        ws.d[last].assign(e);
        let out_act = mlp.activations[last];
        out_act.scale_matrix_by_derivative(&mut ws.d[last], &ws.z[last], &ws.a[last]);
        for l in (0..depth).rev() {
            let input = if l == 0 { x.view() } else { ws.a[l - 1].view() };
            layer_gradient(mlp, l, ws.d[l].view(), input, grad);
            if l == 0 {
                break;
            }
            // The error for layer l − 1, through a fixed random matrix instead of W_lᵀ.
            let (lower, upper) = ws.d.split_at_mut(l);
            let next = &mut lower[l - 1];
            if self.method == Method::DirectFeedbackAlignment {
                gemm(1.0, &self.error, &self.feedback[l - 1].t(), 0.0, next);
            } else {
                gemm(1.0, &upper[0], &self.feedback[l - 1], 0.0, next);
            }
            let act = mlp.activations[l - 1];
            act.scale_matrix_by_derivative(next, &ws.z[l - 1], &ws.a[l - 1]);
        }
        value
    }
}
