//! The Playground's network and training rule (tensorflow/playground src/nn.ts), in f64 as
//! the Playground computes: per-example backprop with derivatives summed until an update,
//! the update dividing by the count, then its penalty step, where an L1 step that would
//! carry a weight across zero sets it to 0 and freezes it for good ("dead" link).
//! Shape: inputs (the link's features) → hidden layers → 1 output; weights [out][in], the
//! Playground's node order. The loss is its chart's: mean over points of ½(ŷ − y)².
//!
//! Why a network of its own rather than our f32 trainer: the Playground's epoch is one
//! pass over the training points in a fixed order with updates at every batchSize-th
//! point of the pass (the remainder carried into the next epoch), its penalty is a
//! separate step with the L1 freeze, and it keeps every sum in f64. Done in f32 by our
//! minibatch trainer, its curves would drift from the author's (docs/TFP.md measures how
//! far f32 gets); here they match to the last bits libm and V8 share.

use super::link::Regularization;
use crate::data::tfp::JsMath;
use crate::nn::Activation;

/// One layer after the inputs.
#[derive(Clone, Debug)]
pub struct TfpLayer {
    pub inputs: usize,
    pub outputs: usize,
    /// [out][in], row-major.
    pub weight: Vec<f64>,
    pub bias: Vec<f64>,
    /// A link frozen at 0 by L1 (nn.ts `Link.isDead`).
    pub dead: Vec<bool>,
    acc_weight: Vec<f64>,
    acc_bias: Vec<f64>,
    total: Vec<f64>,
    output: Vec<f64>,
    input_der: Vec<f64>,
    output_der: Vec<f64>,
}

#[derive(Clone, Debug)]
pub struct TfpNetwork {
    pub hidden: Activation,
    pub out: Activation,
    pub regularization: Option<Regularization>,
    pub layers: Vec<TfpLayer>,
    /// Derivatives summed since the last update (the same count for every node and live link).
    accumulated: u32,
    inputs: Vec<f64>,
    math: JsMath,
}

/// nn.ts `Activations`: value, and derivative at the total input, written as there.
fn value(m: JsMath, a: Activation, x: f64) -> f64 {
    match a {
        Activation::Tanh => (m.tanh)(x),
        Activation::Relu => x.max(0.0),
        Activation::Sigmoid => 1.0 / (1.0 + (m.exp)(-x)),
        _ => x,
    }
}

fn derivative(m: JsMath, a: Activation, x: f64) -> f64 {
    match a {
        Activation::Tanh => {
            let o = value(m, a, x);
            1.0 - o * o
        }
        Activation::Relu if x <= 0.0 => 0.0,
        Activation::Relu => 1.0,
        Activation::Sigmoid => {
            let o = value(m, a, x);
            o * (1.0 - o)
        }
        _ => 1.0,
    }
}

impl TfpLayer {
    /// Each node's output after the last `forward`.
    pub fn outputs(&self) -> &[f64] {
        &self.output
    }

    /// Each node's total input after the last `forward`.
    pub fn totals(&self) -> &[f64] {
        &self.total
    }
}

impl TfpNetwork {
    /// nn.ts `buildNetwork([inputs, …hidden, 1], …)`: every link draws `random() − 0.5` in
    /// node order (layer by layer, node by node, inputs in order), even with `init_zero`,
    /// which then sets it to 0; biases start at 0.1 (0 with `init_zero`).
    pub fn build(sizes: &[usize], hidden: Activation, out: Activation, regularization: Option<Regularization>, init_zero: bool, math: JsMath, mut random: impl FnMut() -> f64) -> TfpNetwork {
        let layers = sizes
            .windows(2)
            .map(|w| {
                let (inputs, outputs) = (w[0], w[1]);
                let weight = (0..inputs * outputs)
                    .map(|_| {
                        let v = random() - 0.5;
                        if init_zero {
                            0.0
                        } else {
                            v
                        }
                    })
                    .collect();
                TfpLayer {
                    inputs,
                    outputs,
                    weight,
                    bias: vec![if init_zero { 0.0 } else { 0.1 }; outputs],
                    dead: vec![false; inputs * outputs],
                    acc_weight: vec![0.0; inputs * outputs],
                    acc_bias: vec![0.0; outputs],
                    total: vec![0.0; outputs],
                    output: vec![0.0; outputs],
                    input_der: vec![0.0; outputs],
                    output_der: vec![0.0; outputs],
                }
            })
            .collect();
        TfpNetwork { hidden, out, regularization, layers, accumulated: 0, inputs: vec![0.0; sizes[0]], math }
    }

    /// nn.ts `forwardProp`: the output node's value.
    pub fn forward(&mut self, inputs: &[f64]) -> f64 {
        self.inputs.copy_from_slice(inputs);
        let last = self.layers.len() - 1;
        for l in 0..self.layers.len() {
            let (before, rest) = self.layers.split_at_mut(l);
            let source: &[f64] = if l == 0 { &self.inputs } else { &before[l - 1].output };
            let layer = &mut rest[0];
            let act = if l == last { self.out } else { self.hidden };
            for o in 0..layer.outputs {
                let mut total = layer.bias[o];
                for (w, s) in layer.weight[o * layer.inputs..(o + 1) * layer.inputs].iter().zip(source) {
                    total += w * s;
                }
                layer.total[o] = total;
                layer.output[o] = value(self.math, act, total);
            }
        }
        self.layers[last].output[0]
    }

    /// nn.ts `backProp` after `forward`, with the squared error's derivative ŷ − y.
    pub fn backward(&mut self, target: f64) {
        let last = self.layers.len() - 1;
        self.layers[last].output_der[0] = self.layers[last].output[0] - target;
        for l in (0..self.layers.len()).rev() {
            let act = if l == last { self.out } else { self.hidden };
            let (before, rest) = self.layers.split_at_mut(l);
            let layer = &mut rest[0];
            for o in 0..layer.outputs {
                layer.input_der[o] = layer.output_der[o] * derivative(self.math, act, layer.total[o]);
                layer.acc_bias[o] += layer.input_der[o];
            }
            let source: &[f64] = if l == 0 { &self.inputs } else { &before[l - 1].output };
            for o in 0..layer.outputs {
                let row = o * layer.inputs..(o + 1) * layer.inputs;
                for ((acc, dead), s) in layer.acc_weight[row.clone()].iter_mut().zip(&layer.dead[row]).zip(source) {
                    if !dead {
                        *acc += layer.input_der[o] * s;
                    }
                }
            }
            if l == 0 {
                continue;
            }
            // The previous layer's output derivatives, summed over each node's outgoing
            // links in the order they were made (destination node order).
            let prev = &mut before[l - 1];
            for j in 0..prev.outputs {
                let mut der = 0.0;
                for o in 0..layer.outputs {
                    der += layer.weight[o * layer.inputs + j] * layer.input_der[o];
                }
                prev.output_der[j] = der;
            }
        }
        self.accumulated += 1;
    }

    /// nn.ts `updateWeights`: bias −= lr·Σ/n; weight −= (lr/n)·Σ, then the penalty step
    /// w − lr·rate·R'(w) with R' taken before the gradient step, as there.
    pub fn update(&mut self, learning_rate: f64, regularization_rate: f64) {
        if self.accumulated == 0 {
            return;
        }
        let n = self.accumulated as f64;
        for layer in &mut self.layers {
            for o in 0..layer.outputs {
                layer.bias[o] -= learning_rate * layer.acc_bias[o] / n;
                layer.acc_bias[o] = 0.0;
                for j in 0..layer.inputs {
                    let k = o * layer.inputs + j;
                    if layer.dead[k] {
                        continue;
                    }
                    let w0 = layer.weight[k];
                    let regul_der = match self.regularization {
                        None => 0.0,
                        Some(Regularization::L1) => {
                            if w0 < 0.0 {
                                -1.0
                            } else if w0 > 0.0 {
                                1.0
                            } else {
                                0.0
                            }
                        }
                        Some(Regularization::L2) => w0,
                    };
                    let w = w0 - (learning_rate / n) * layer.acc_weight[k];
                    let next = w - (learning_rate * regularization_rate) * regul_der;
                    if self.regularization == Some(Regularization::L1) && w * next < 0.0 {
                        layer.weight[k] = 0.0;
                        layer.dead[k] = true;
                    } else {
                        layer.weight[k] = next;
                    }
                    layer.acc_weight[k] = 0.0;
                }
            }
        }
        self.accumulated = 0;
    }
}
