//! Central finite differences in f64 around an f32 parameter buffer: the independent
//! check that reverse mode (and later forward mode) is exact.

use crate::nn::{Loss, Mlp, Workspace};
use ndarray::ArrayView2;

/// ∂L/∂θ_i ≈ (L(θ + h e_i) − L(θ − h e_i)) / 2h for every i.
pub fn numeric_gradient(mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, h: f32) -> Vec<f64> {
    let mut ws = Workspace::default();
    let mut p = params.to_vec();
    (0..params.len())
        .map(|i| {
            p[i] = params[i] + h;
            let up = mlp.loss(&p, x, y, loss, &mut ws);
            p[i] = params[i] - h;
            let down = mlp.loss(&p, x, y, loss, &mut ws);
            p[i] = params[i];
            (up - down) / (2.0 * h as f64)
        })
        .collect()
}

/// Largest |a − n| / max(1, |a|, |n|) over the entries: 0 means identical.
pub fn max_relative_error(analytic: &[f32], numeric: &[f64]) -> f64 {
    analytic
        .iter()
        .zip(numeric)
        .map(|(&a, &n)| (a as f64 - n).abs() / (a as f64).abs().max(n.abs()).max(1.0))
        .fold(0.0, f64::max)
}
