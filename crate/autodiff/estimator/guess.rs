//! Guessed direction (Fournier et al. 2023, eq. 4): the target gradient projected onto a
//! guess per layer, through one exact JVP.

use super::{Estimator, Guess};
use crate::autodiff::forward::jvp_with;
use crate::autodiff::reverse::layer_gradient;
use crate::autodiff::local;
use crate::nn::{Loss, Mlp, Workspace};
use ndarray::ArrayView2;

impl Estimator {
    /// Fournier et al.'s projection of the target gradient onto a guess, layer by layer.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn guessed_direction(&mut self, mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, ws: &mut Workspace, grad: &mut [f32]) -> f64 {
        grad.fill(0.0);
        let has_heads = !mlp.layout.heads.is_empty();
        let value = if has_heads {
            local::readout(mlp, params, x, y, loss, ws, grad, &mut self.locals)
        } else {
            mlp.loss(params, x, y, loss, ws)
        };
        self.scratch.resize(params.len(), 0.0);
        let mut guess = std::mem::take(&mut self.scratch);
        // Random guesses are averaged over K draws; the local guess is one fixed direction.
        let draws = if self.guess == Guess::Random { self.tangents } else { 1 };
        for _ in 0..draws {
            for (l, slot) in mlp.layout.layers.iter().enumerate() {
                let range = slot.weight.start..slot.bias.end;
                guess.fill(0.0);
                match (self.guess, has_heads) {
                    (Guess::Local, true) => {
                        local::exact_delta(mlp, params, l, ws, &mut self.locals);
                        layer_gradient(mlp, l, self.locals.delta[l].view(), local::layer_input(x, ws, l), &mut guess);
                    }
                    _ => {
                        self.draw_into(&mut guess[range.clone()]);
                        if let Some(m) = &self.mask {
                            for i in range.clone() {
                                guess[i] *= m[i];
                            }
                        }
                    }
                }
                let dot = match (self.local, has_heads) {
                    (true, true) => local::local_jvp(mlp, params, &guess, l, x, ws, &mut self.locals),
                    _ => jvp_with(mlp, params, &guess, x, y, loss, &mut self.jvp).1,
                };
                let norm2: f64 = guess[range.clone()].iter().map(|&v| (v as f64).powi(2)).sum();
                let scale = (dot / (norm2 + 1e-16) / draws as f64) as f32;
                for i in range {
                    grad[i] += scale * guess[i];
                }
            }
        }
        self.scratch = guess;
        value
    }
}
