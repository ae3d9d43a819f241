//! A mask over the flat parameter buffer: one f32 per parameter, 1 = live, 0 = pruned.
//! Only the layers' weight matrices are ever pruned; biases, local heads and the
//! Forward-Forward label embedding stay 1 (a bias costs one add per unit, and pruning it
//! would only shift the unit's operating point). Being f32 and in the buffer's layout, a
//! mask multiplies gradients, weights and tangents in one loop, and JS can read it through
//! one pointer + length to fade pruned connections.

use super::SparsityError;
use crate::nn::Layout;

#[derive(Clone, Debug, PartialEq)]
pub struct Mask {
    keep: Vec<f32>,
}

impl Mask {
    /// Every parameter live.
    pub fn dense(layout: &Layout) -> Mask {
        Mask { keep: vec![1.0; layout.len] }
    }

    /// A mask from explicit 0/1 values in the buffer's layout; entries outside the layers'
    /// weights are forced to 1. Errors if the length does not match or a value is not 0 or 1.
    pub fn from_keep(layout: &Layout, keep: Vec<f32>) -> Result<Mask, SparsityError> {
        if keep.len() != layout.len {
            return Err(SparsityError::MaskLength { got: keep.len(), expected: layout.len });
        }
        if let Some(index) = keep.iter().position(|&k| k != 0.0 && k != 1.0) {
            return Err(SparsityError::MaskEntry { index, value: keep[index] });
        }
        let mut m = Mask { keep };
        m.unmask_non_weights(layout);
        Ok(m)
    }

    /// Sets every entry that is not a layer weight back to 1 (biases, heads, label).
    pub(crate) fn unmask_non_weights(&mut self, layout: &Layout) {
        let mut at = 0;
        for s in &layout.layers {
            self.keep[at..s.weight.start].fill(1.0);
            at = s.weight.end;
        }
        self.keep[at..].fill(1.0);
    }

    /// The 0/1 values, one per parameter (read by the page through pointer + length).
    pub fn as_slice(&self) -> &[f32] {
        &self.keep
    }

    pub(crate) fn as_mut_slice(&mut self) -> &mut [f32] {
        &mut self.keep
    }

    pub fn len(&self) -> usize {
        self.keep.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keep.is_empty()
    }

    pub fn is_live(&self, i: usize) -> bool {
        self.keep[i] != 0.0
    }

    /// x ← x ⊙ mask: zeroes the pruned entries of weights, gradients or tangents.
    pub fn apply(&self, x: &mut [f32]) {
        for (v, &k) in x.iter_mut().zip(&self.keep) {
            if k == 0.0 {
                *v = 0.0;
            }
        }
    }

    /// Live weights of layer `l`.
    pub fn live_in_layer(&self, layout: &Layout, l: usize) -> usize {
        self.keep[layout.layers[l].weight.clone()].iter().filter(|&&k| k != 0.0).count()
    }

    /// Live weights of every layer.
    pub fn live_per_layer(&self, layout: &Layout) -> Vec<usize> {
        (0..layout.layers.len()).map(|l| self.live_in_layer(layout, l)).collect()
    }

    /// Fraction of pruned weights in each layer (biases excluded).
    pub fn sparsity_per_layer(&self, layout: &Layout) -> Vec<f64> {
        layout
            .layers
            .iter()
            .zip(self.live_per_layer(layout))
            .map(|(s, live)| 1.0 - live as f64 / s.weight.len().max(1) as f64)
            .collect()
    }

    /// Fraction of pruned weights over all layers' weights (biases excluded).
    pub fn sparsity(&self, layout: &Layout) -> f64 {
        let total: usize = layout.layers.iter().map(|s| s.weight.len()).sum();
        let live: usize = self.live_per_layer(layout).iter().sum();
        1.0 - live as f64 / total.max(1) as f64
    }

    /// Flat indices of the layers' weights that are pruned.
    pub fn pruned_indices(&self, layout: &Layout) -> Vec<usize> {
        layout.layers.iter().flat_map(|s| s.weight.clone()).filter(|&i| self.keep[i] == 0.0).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mask_prunes_weights_only_and_counts_per_layer() {
        // 2-2-1: W0 = 0..4, b0 = 4..6, W1 = 6..8, b1 = 8..9.
        let layout = Layout::new(&[2, 2, 1]);
        let keep = vec![1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0];
        let m = Mask::from_keep(&layout, keep).unwrap();
        // The zeros given for the biases are overridden: biases are never pruned.
        assert_eq!(m.as_slice(), &[1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0]);
        assert_eq!(m.live_per_layer(&layout), vec![2, 1]);
        assert_eq!(m.sparsity_per_layer(&layout), vec![0.5, 0.5]);
        assert_eq!(m.sparsity(&layout), 0.5);
        let mut w = vec![3.0; 9];
        m.apply(&mut w);
        assert_eq!(w, vec![3.0, 0.0, 0.0, 3.0, 3.0, 3.0, 0.0, 3.0, 3.0]);
        assert_eq!(m.pruned_indices(&layout), vec![1, 2, 6]);
        assert!(Mask::from_keep(&layout, vec![1.0; 8]).unwrap_err().to_string().contains("8 entries"));
        assert!(Mask::from_keep(&layout, vec![0.5; 9]).unwrap_err().to_string().contains("not 0 or 1"));
    }
}
