//! How an estimate compares with the exact gradient: cosine, per layer, and norm ratio.

use crate::nn::Mlp;
use serde::Serialize;

/// How an estimate compares with the exact gradient on the same minibatch.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Agreement {
    pub cosine: f64,
    /// Cosine per layer (weights and bias together).
    pub per_layer: Vec<f64>,
    /// ‖estimate‖ / ‖exact‖.
    pub norm_ratio: f64,
}

pub fn agreement(mlp: &Mlp, estimate: &[f32], exact: &[f32]) -> Agreement {
    let stats = |a: &[f32], b: &[f32]| {
        let (mut ab, mut aa, mut bb) = (0.0f64, 0.0f64, 0.0f64);
        for (&x, &y) in a.iter().zip(b) {
            ab += x as f64 * y as f64;
            aa += (x as f64).powi(2);
            bb += (y as f64).powi(2);
        }
        (ab / (aa.sqrt() * bb.sqrt()).max(1e-300), aa.sqrt(), bb.sqrt())
    };
    let (cosine, ne, nx) = stats(estimate, exact);
    let per_layer = mlp.layout.layers.iter().map(|s| stats(&estimate[s.weight.start..s.bias.end], &exact[s.weight.start..s.bias.end]).0).collect();
    Agreement { cosine, per_layer, norm_ratio: ne / nx.max(1e-300) }
}
