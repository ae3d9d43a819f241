//! The flat parameter layout: every parameter of a model lives in one f32 buffer, and
//! this table says where each layer's weight ([out, in], row-major, PyTorch nn.Linear's
//! layout) and bias ([out]) sit. Gradients, optimizer moments and forward-mode tangents
//! use the same layout, so an optimizer is one loop over a slice.

use std::ops::Range;

#[derive(Clone, Debug, PartialEq)]
pub struct LayerSlot {
    pub inputs: usize,
    pub outputs: usize,
    /// Offsets of the weight matrix, shape [outputs, inputs].
    pub weight: Range<usize>,
    /// Offsets of the bias vector, shape [outputs].
    pub bias: Range<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub layers: Vec<LayerSlot>,
    pub len: usize,
}

impl Layout {
    /// `sizes` = [inputs, hidden…, outputs].
    pub fn new(sizes: &[usize]) -> Layout {
        let mut layers = Vec::with_capacity(sizes.len().saturating_sub(1));
        let mut at = 0;
        for pair in sizes.windows(2) {
            let (inputs, outputs) = (pair[0], pair[1]);
            let weight = at..at + inputs * outputs;
            let bias = weight.end..weight.end + outputs;
            at = bias.end;
            layers.push(LayerSlot { inputs, outputs, weight, bias });
        }
        Layout { layers, len: at }
    }

    /// Tensor names and shapes in file order: layers.{i}.weight, layers.{i}.bias.
    pub fn tensors(&self) -> Vec<(String, Vec<usize>, Range<usize>)> {
        let mut out = Vec::new();
        for (i, s) in self.layers.iter().enumerate() {
            out.push((format!("layers.{i}.weight"), vec![s.outputs, s.inputs], s.weight.clone()));
            out.push((format!("layers.{i}.bias"), vec![s.outputs], s.bias.clone()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_packs_weights_then_bias_per_layer() {
        let l = Layout::new(&[2, 4, 1]);
        assert_eq!(l.len, 2 * 4 + 4 + 4 + 1);
        assert_eq!(l.layers[0].weight, 0..8);
        assert_eq!(l.layers[0].bias, 8..12);
        assert_eq!(l.layers[1].weight, 12..16);
        assert_eq!(l.layers[1].bias, 16..17);
        assert_eq!(l.tensors()[2].0, "layers.1.weight");
        assert_eq!(l.tensors()[2].1, vec![1, 4]);
    }
}
