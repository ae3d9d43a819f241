//! What sparsity buys: nonzero weights per layer, forward-pass FLOPs per example and
//! the bytes of the model stored sparse. Counted from the weights themselves (an exact
//! zero is a pruned weight), so a mask and the weights it produced agree.
//!
//! Conventions (stated, since papers differ):
//! - FLOPs of one example's forward pass: 2 per weight (a multiply and an add) plus 1 per
//!   bias; activations are not counted. Dense: Σ_l (2·n_in·n_out + n_out); sparse: Σ_l
//!   (2·nnz_l + n_out) — what a sparse kernel that skips zeros would do.
//! - Dense bytes: 4 per parameter (f32). Sparse bytes: each weight matrix in CSR, 4 bytes
//!   per nonzero value, 2 per column index (u16: widths are at most 4096) and 4 per row
//!   pointer (n_out + 1 of them), plus 4 per bias.

use crate::nn::Layout;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayerSparsity {
    pub inputs: usize,
    pub outputs: usize,
    pub weights: usize,
    pub nonzeros: usize,
    pub sparsity: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SparsityReport {
    /// Weights of the layers (biases and auxiliary tensors excluded).
    pub weights: usize,
    pub nonzeros: usize,
    pub sparsity: f64,
    pub layers: Vec<LayerSparsity>,
    pub flops_dense: u64,
    pub flops_sparse: u64,
    pub bytes_dense: u64,
    pub bytes_sparse: u64,
}

/// The report for the model part of `params` (the layers; heads and label are ignored).
pub fn report(layout: &Layout, params: &[f32]) -> SparsityReport {
    let layers: Vec<LayerSparsity> = layout
        .layers
        .iter()
        .map(|s| {
            let nonzeros = params[s.weight.clone()].iter().filter(|&&w| w != 0.0).count();
            let weights = s.weight.len();
            LayerSparsity { inputs: s.inputs, outputs: s.outputs, weights, nonzeros, sparsity: 1.0 - nonzeros as f64 / weights.max(1) as f64 }
        })
        .collect();
    let weights: usize = layers.iter().map(|l| l.weights).sum();
    let nonzeros: usize = layers.iter().map(|l| l.nonzeros).sum();
    let sum = |f: &dyn Fn(&LayerSparsity) -> u64| layers.iter().map(f).sum::<u64>();
    SparsityReport {
        weights,
        nonzeros,
        sparsity: 1.0 - nonzeros as f64 / weights.max(1) as f64,
        flops_dense: sum(&|l| 2 * l.weights as u64 + l.outputs as u64),
        flops_sparse: sum(&|l| 2 * l.nonzeros as u64 + l.outputs as u64),
        bytes_dense: 4 * layout.model_len() as u64,
        bytes_sparse: sum(&|l| 6 * l.nonzeros as u64 + 4 * (l.outputs as u64 + 1) + 4 * l.outputs as u64),
        layers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_match_a_hand_count() {
        // [3, 2, 1]: W0 (6) = [1, 0, 2, 0, 0, 3], b0 (2), W1 (2) = [0, 4], b1 (1).
        let layout = Layout::new(&[3, 2, 1]);
        let params = [1.0, 0.0, 2.0, 0.0, 0.0, 3.0, 0.5, 0.5, 0.0, 4.0, 0.1];
        let r = report(&layout, &params);
        assert_eq!((r.weights, r.nonzeros), (8, 4));
        assert_eq!(r.layers[0].nonzeros, 3);
        assert_eq!(r.layers[1].sparsity, 0.5);
        // Dense FLOPs: (2·6 + 2) + (2·2 + 1) = 19; sparse: (2·3 + 2) + (2·1 + 1) = 11.
        assert_eq!((r.flops_dense, r.flops_sparse), (19, 11));
        // Dense bytes 4·11 = 44; sparse: layer 0 6·3 + 4·3 + 4·2 = 38, layer 1 6·1 + 4·2 + 4 = 18.
        assert_eq!((r.bytes_dense, r.bytes_sparse), (44, 56));
    }
}
