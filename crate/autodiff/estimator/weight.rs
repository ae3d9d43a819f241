//! Weight perturbation: forward gradient (Baydin et al. 2022) and SPSA along drawn tangents
//! over all parameters, and the forward gradient of layer-local losses.

use super::{Estimator, Method};
use crate::autodiff::forward::jvp_with;
use crate::autodiff::local;
use crate::nn::{Loss, Mlp, Workspace};
use ndarray::ArrayView2;

impl Estimator {
    /// Forward gradient (a JVP) or SPSA (a central difference) along K drawn tangents v,
    /// averaged: g = (1/K) Σ (∇L·v) v.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn weight_perturbation(&mut self, mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, ws: &mut Workspace, grad: &mut [f32]) -> f64 {
        let k = self.tangents;
        grad.fill(0.0);
        let mut value = 0.0;
        for _ in 0..k {
            self.draw(params.len());
            let d = if self.method == Method::ForwardGradient {
                let (l, d) = jvp_with(mlp, params, &self.v, x, y, loss, &mut self.jvp);
                value = l;
                d
            } else {
                value = mlp.loss(params, x, y, loss, ws);
                self.central_difference(mlp, params, x, y, loss, ws)
            };
            for (g, &v) in grad.iter_mut().zip(&self.v) {
                *g += (d / k as f64) as f32 * v;
            }
        }
        value
    }

    pub(super) fn central_difference(&mut self, mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, ws: &mut Workspace) -> f64 {
        let h = self.spsa_h;
        self.scratch.clear();
        self.scratch.extend(params.iter().zip(&self.v).map(|(&p, &v)| p + h * v));
        let up = mlp.loss(&self.scratch, x, y, loss, ws);
        for ((s, &p), &v) in self.scratch.iter_mut().zip(params).zip(&self.v) {
            *s = p - h * v;
        }
        let down = mlp.loss(&self.scratch, x, y, loss, ws);
        (up - down) / (2.0 * h as f64)
    }

    /// Weight perturbation with local losses: one tangent per layer, each pushed through its
    /// own layer and head only.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn local_forward_gradient(&mut self, mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, ws: &mut Workspace, grad: &mut [f32]) -> f64 {
        grad.fill(0.0);
        let value = local::readout(mlp, params, x, y, loss, ws, grad, &mut self.locals);
        let k = self.tangents;
        for _ in 0..k {
            self.draw(mlp.layout.model_len());
            for (l, slot) in mlp.layout.layers.iter().enumerate() {
                let d = local::local_jvp(mlp, params, &self.v, l, x, ws, &mut self.locals);
                let scale = (d / k as f64) as f32;
                for i in slot.weight.start..slot.bias.end {
                    grad[i] += scale * self.v[i];
                }
            }
        }
        value
    }
}
