//! The flat parameter layout: every parameter of a model lives in one f32 buffer, and
//! this table says where each layer's weight ([out, in], row-major, PyTorch nn.Linear's
//! layout) and bias ([out]) sit. Gradients, optimizer moments and forward-mode tangents
//! use the same layout, so an optimizer is one loop over a slice.
//!
//! Two kinds of auxiliary tensors can follow the layers (they exist only when a training
//! rule needs them, so a plain model's layout and initial weights do not change):
//! - local heads (Ren et al. 2023, arXiv:2210.03310, sec. 4): one linear classifier per
//!   hidden layer, [outputs of the model, width of the layer], for local losses;
//! - a label embedding (Forward-Forward, Hinton 2022, arXiv:2212.13345, sec. 3.3):
//!   [width of the first layer, classes], the weights a one-hot label input would have.

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

/// Which auxiliary tensors a layout carries after its layers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Extras {
    /// A linear head per hidden layer (local losses, guesses from local gradients).
    pub local_heads: bool,
    /// Classes of a Forward-Forward label embedding; 0 for none.
    pub label_classes: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub layers: Vec<LayerSlot>,
    /// Local heads, one per hidden layer: head l reads layer l's activations.
    pub heads: Vec<LayerSlot>,
    /// The Forward-Forward label embedding ([first width, classes]; its bias range is empty).
    pub label: Option<LayerSlot>,
    pub len: usize,
}

impl Layout {
    /// `sizes` = [inputs, hidden…, outputs].
    pub fn new(sizes: &[usize]) -> Layout {
        Layout::with_extras(sizes, Extras::default())
    }

    pub fn with_extras(sizes: &[usize], extras: Extras) -> Layout {
        let mut at = 0;
        let mut slot = |inputs: usize, outputs: usize, bias: bool| {
            let weight = at..at + inputs * outputs;
            let bias = weight.end..weight.end + if bias { outputs } else { 0 };
            at = bias.end;
            LayerSlot { inputs, outputs, weight, bias }
        };
        let layers: Vec<LayerSlot> = sizes.windows(2).map(|pair| slot(pair[0], pair[1], true)).collect();
        let out = sizes.last().copied().unwrap_or(0);
        let hidden = if sizes.len() > 2 { &sizes[1..sizes.len() - 1] } else { &[][..] };
        let heads = if extras.local_heads { hidden.iter().map(|&width| slot(width, out, true)).collect() } else { Vec::new() };
        let label = (extras.label_classes > 0 && sizes.len() > 1).then(|| slot(extras.label_classes, sizes[1], false));
        Layout { layers, heads, label, len: at }
    }

    /// The layers' parameters, a prefix of the buffer (the auxiliary tensors follow).
    pub fn model_len(&self) -> usize {
        self.layers.last().map_or(0, |s| s.bias.end)
    }

    /// Every weight slot: layers, then heads, then the label embedding.
    pub fn slots(&self) -> impl Iterator<Item = &LayerSlot> {
        self.layers.iter().chain(&self.heads).chain(&self.label)
    }

    /// Tensor names and shapes in file order: layers.{i}.weight, layers.{i}.bias, then
    /// heads.{i}.weight, heads.{i}.bias and label.weight when present.
    pub fn tensors(&self) -> Vec<(String, Vec<usize>, Range<usize>)> {
        let mut out = Vec::new();
        for (i, s) in self.layers.iter().enumerate() {
            out.push((format!("layers.{i}.weight"), vec![s.outputs, s.inputs], s.weight.clone()));
            out.push((format!("layers.{i}.bias"), vec![s.outputs], s.bias.clone()));
        }
        for (i, s) in self.heads.iter().enumerate() {
            out.push((format!("heads.{i}.weight"), vec![s.outputs, s.inputs], s.weight.clone()));
            out.push((format!("heads.{i}.bias"), vec![s.outputs], s.bias.clone()));
        }
        if let Some(s) = &self.label {
            out.push(("label.weight".into(), vec![s.outputs, s.inputs], s.weight.clone()));
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
        assert_eq!(l.model_len(), l.len);
    }

    #[test]
    fn extras_follow_the_layers_without_moving_them() {
        let plain = Layout::new(&[3, 5, 4, 2]);
        let l = Layout::with_extras(&[3, 5, 4, 2], Extras { local_heads: true, label_classes: 2 });
        assert_eq!(l.layers, plain.layers);
        assert_eq!(l.model_len(), plain.len);
        // heads: [2, 5] and [2, 4] with biases; label: [5, 2] without bias.
        assert_eq!(l.heads[0].weight, plain.len..plain.len + 10);
        assert_eq!(l.heads[1].inputs, 4);
        assert_eq!(l.len, plain.len + 12 + 10 + 10);
        let names: Vec<String> = l.tensors().into_iter().map(|t| t.0).collect();
        assert_eq!(&names[6..], ["heads.0.weight", "heads.0.bias", "heads.1.weight", "heads.1.bias", "label.weight"]);
    }
}
