//! A dense MLP whose weights live in a flat buffer (see `layout`).
//! Shape contract: x (batch, sizes[0]) → logits (batch, sizes[last]).
//! `forward` caches every layer's pre-activation z and activation a in a reusable
//! `Workspace`, so backprop needs no graph and a training step allocates nothing once
//! the workspace has seen the batch size.

use crate::nn::{Activation, Extras, Layout, Loss, ModelConfigError, Penalty, Workspace};
use crate::tensor::Mat;
use crate::tensor::{add_to_rows, gemm};
use ndarray::{ArrayView2, ArrayViewMut2};
use serde::{Deserialize, Serialize};

/// What a model file stores beside its tensors (the safetensors `__metadata__["gradlab"]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ModelConfig {
    /// Layer widths, inputs first and outputs last, e.g. [2, 4, 2, 1].
    pub sizes: Vec<usize>,
    /// One activation per layer (sizes.len() − 1 of them); the last is usually linear.
    pub activations: Vec<Activation>,
    pub loss: Loss,
    /// Names of the input features, one per input (e.g. "x1", "sin-x2", "pixel-12").
    pub features: Vec<String>,
    #[serde(default)]
    pub penalty: Penalty,
    #[serde(default)]
    pub penalty_rate: f32,
    /// A linear head per hidden layer after the layers' tensors (local losses).
    #[serde(default)]
    pub local_heads: bool,
    /// Classes of a Forward-Forward label embedding; 0 for none.
    #[serde(default)]
    pub label_classes: usize,
}

pub const MAX_PARAMS: usize = 16_000_000;

impl ModelConfig {
    /// Checks the shapes agree; the error names the field.
    pub fn validate(&self) -> Result<(), ModelConfigError> {
        use ModelConfigError as E;
        if self.sizes.len() < 2 {
            return Err(E::TooFewSizes(self.sizes.clone()));
        }
        if let Some(index) = self.sizes.iter().position(|&s| s == 0 || s > 4096) {
            return Err(E::Size { index, size: self.sizes[index] });
        }
        if self.activations.len() != self.sizes.len() - 1 {
            return Err(E::Activations { given: self.activations.len(), layers: self.sizes.len() - 1 });
        }
        if self.features.len() != self.sizes[0] {
            return Err(E::Features { names: self.features.len(), inputs: self.sizes[0] });
        }
        let out = *self.sizes.last().unwrap();
        match self.loss {
            Loss::Mse | Loss::Bce if out != 1 => return Err(E::OneOutput { loss: self.loss.name(), outputs: out }),
            Loss::SoftmaxCe if out < 2 => return Err(E::TwoOutputs),
            _ => {}
        }
        if self.label_classes > 4096 {
            return Err(E::LabelClasses(self.label_classes));
        }
        if Layout::with_extras(&self.sizes, self.extras()).len > MAX_PARAMS {
            return Err(E::TooManyParams);
        }
        if !self.penalty_rate.is_finite() || self.penalty_rate < 0.0 {
            return Err(E::PenaltyRate(self.penalty_rate));
        }
        Ok(())
    }

    pub fn extras(&self) -> Extras {
        Extras { local_heads: self.local_heads, label_classes: self.label_classes }
    }
}

#[derive(Clone, Debug)]
pub struct Mlp {
    pub sizes: Vec<usize>,
    pub activations: Vec<Activation>,
    pub layout: Layout,
}

impl Mlp {
    pub fn new(sizes: &[usize], activations: &[Activation]) -> Mlp {
        Mlp::with_extras(sizes, activations, Extras::default())
    }

    /// A model whose buffer also holds auxiliary tensors (see `layout`).
    pub fn with_extras(sizes: &[usize], activations: &[Activation], extras: Extras) -> Mlp {
        assert_eq!(activations.len() + 1, sizes.len(), "one activation per layer");
        Mlp { sizes: sizes.to_vec(), activations: activations.to_vec(), layout: Layout::with_extras(sizes, extras) }
    }

    pub fn from_config(c: &ModelConfig) -> Mlp {
        Mlp::with_extras(&c.sizes, &c.activations, c.extras())
    }

    pub fn inputs(&self) -> usize {
        self.sizes[0]
    }

    pub fn outputs(&self) -> usize {
        *self.sizes.last().unwrap()
    }

    pub fn depth(&self) -> usize {
        self.layout.layers.len()
    }

    /// Weight of layer `l` as a [out, in] view into the flat buffer.
    pub fn weight<'a>(&self, l: usize, params: &'a [f32]) -> ArrayView2<'a, f32> {
        let s = &self.layout.layers[l];
        ArrayView2::from_shape((s.outputs, s.inputs), &params[s.weight.clone()]).unwrap()
    }

    pub fn weight_mut<'a>(&self, l: usize, params: &'a mut [f32]) -> ArrayViewMut2<'a, f32> {
        let s = &self.layout.layers[l];
        ArrayViewMut2::from_shape((s.outputs, s.inputs), &mut params[s.weight.clone()]).unwrap()
    }

    pub fn bias<'a>(&self, l: usize, params: &'a [f32]) -> &'a [f32] {
        &params[self.layout.layers[l].bias.clone()]
    }

    /// Sizes the workspace for `batch` rows; allocates only when the batch size changes.
    pub fn prepare(&self, ws: &mut Workspace, batch: usize) {
        let fits = ws.z.len() == self.depth() && ws.z.first().map_or(false, |z| z.nrows() == batch);
        if fits {
            return;
        }
        let shapes = || self.layout.layers.iter().map(|s| Mat::zeros((batch, s.outputs)));
        ws.z = shapes().collect();
        ws.a = shapes().collect();
        ws.d = shapes().collect();
    }

    /// Runs x (batch, inputs) through the network; returns the logits (batch, outputs),
    /// which stay readable in the workspace until the next call.
    pub fn forward<'w>(&self, params: &[f32], x: ArrayView2<f32>, ws: &'w mut Workspace) -> ArrayView2<'w, f32> {
        assert_eq!(params.len(), self.layout.len, "parameter buffer does not match the layout");
        assert_eq!(x.ncols(), self.inputs(), "input width");
        self.prepare(ws, x.nrows());
        for l in 0..self.depth() {
            let (before, rest) = ws.a.split_at_mut(l);
            let input = if l == 0 { x.view() } else { before[l - 1].view() };
            let z = &mut ws.z[l];
            gemm(1.0, &input, &self.weight(l, params).t(), 0.0, z);
            add_to_rows(z.view_mut(), self.bias(l, params));
            // a = f(z) in one loop over the (row-major) workspace, which the compiler vectorizes.
            self.activations[l].apply(z.as_slice().expect("row-major workspace"), rest[0].as_slice_mut().expect("row-major workspace"));
        }
        ws.a[self.depth() - 1].view()
    }

    /// Every layer's activations from the last `forward`, (batch, width) each.
    pub fn activations<'w>(&self, ws: &'w Workspace) -> &'w [Mat] {
        &ws.a
    }

    /// Mean loss over the rows of (x, y), without any penalty.
    pub fn loss(&self, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, ws: &mut Workspace) -> f64 {
        let out = self.forward(params, x, ws);
        loss.evaluate(out, y, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_matches_hand_computed_network() {
        // 2-2-1: W0 = [[1, 2], [−1, 0.5]], b0 = [0, 1]; relu; W1 = [[1, −1]], b1 = [0.5].
        let mlp = Mlp::new(&[2, 2, 1], &[Activation::Relu, Activation::Linear]);
        let params = [1.0, 2.0, -1.0, 0.5, 0.0, 1.0, 1.0, -1.0, 0.5];
        let x = ndarray::array![[1.0f32, 1.0], [-2.0, 0.0]];
        let mut ws = Workspace::default();
        let out = mlp.forward(&params, x.view(), &mut ws);
        // row 0: h = relu([3, 0.5]) = [3, 0.5] → 3 − 0.5 + 0.5 = 3
        // row 1: h = relu([−2, 3]) = [0, 3] → −3 + 0.5 = −2.5
        assert_eq!(out.to_owned(), ndarray::array![[3.0f32], [-2.5]]);
    }
}
