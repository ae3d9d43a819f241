//! Forward-Forward (Hinton 2022, arXiv:2212.13345, sec. 2–3.3): every hidden layer learns on
//! its own to give high goodness to positive data (an input with its true label) and low
//! goodness to negative data (the same input with a wrong label). No gradient crosses a
//! layer boundary.
//!
//! - Label embedding: the label enters the first layer through E ([width, K]), as if the
//!   one-hot label were K extra inputs: z_0 = x W_0ᵀ + b_0 + (onehot(c) − 1/K) Eᵀ. The
//!   centring makes the neutral label (1/K each, sec. 3.3) the plain model's first layer.
//! - Each later hidden layer reads its predecessor's activity normalized to unit length
//!   (h / ‖h‖), detached, so it cannot read the goodness off the length (sec. 2.1).
//! - Goodness G = mean_j a_j² (the mean, as in common replications; the paper writes the
//!   sum). Loss per layer and example: softplus(θ − G(pos)) + softplus(G(neg) − θ), θ set by
//!   `ff-threshold` (default 2, the replications' value).
//! - Negative label: uniform over the wrong classes, drawn per example each step.
//! - Inference (sec. 3.3): run the input with every label and score each label by the
//!   goodness summed over the hidden layers. The model's output layer is not used.

use super::reverse::{layer_gradient, slot_gradient};
use crate::nn::activation::sigmoid;
use crate::nn::{Loss, Mlp};
use crate::tensor::{Mat, Rng};
use crate::tensor::{add_to_rows, gemm};
use ndarray::{s, ArrayView2, Axis};

/// Default goodness threshold θ.
pub const THRESHOLD: f32 = 2.0;

fn classes(mlp: &Mlp) -> usize {
    mlp.layout.label.as_ref().expect("Forward-Forward needs a label embedding").inputs
}

/// (onehot(c) − 1/K) per row.
fn centred_onehot(labels: &[usize], k: usize) -> Mat {
    Mat::from_shape_fn((labels.len(), k), |(i, j)| if labels[i] == j { 1.0 } else { 0.0 } - 1.0 / k as f32)
}

/// Runs the hidden layers on (x, labels given as `centred_onehot` rows), calling
/// `visit(l, input, z, a)` on each; returns each row's goodness summed over the layers.
fn hidden_pass(mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, onehot: &Mat, mut visit: impl FnMut(usize, ArrayView2<f32>, &Mat, &Mat)) -> Vec<f32> {
    let label = mlp.layout.label.as_ref().unwrap();
    let embed = ArrayView2::from_shape((label.outputs, label.inputs), &params[label.weight.clone()]).unwrap();
    let mut goodness = vec![0.0f32; x.nrows()];
    let mut input = x.to_owned();
    for l in 0..mlp.depth() - 1 {
        let mut z = Mat::zeros((x.nrows(), mlp.layout.layers[l].outputs));
        gemm(1.0, &input, &mlp.weight(l, params).t(), 0.0, &mut z);
        add_to_rows(z.view_mut(), mlp.bias(l, params));
        if l == 0 {
            gemm(1.0, onehot, &embed.t(), 1.0, &mut z);
        }
        let act = mlp.activations[l];
        let a = z.mapv(|v| act.value(v));
        let width = a.ncols() as f32;
        for (g, row) in goodness.iter_mut().zip(a.rows()) {
            *g += row.iter().map(|v| v * v).sum::<f32>() / width;
        }
        visit(l, input.view(), &z, &a);
        input = a;
        for mut row in input.rows_mut() {
            let norm = row.iter().map(|v| v * v).sum::<f32>().sqrt() + 1e-8;
            row.mapv_inplace(|v| v / norm);
        }
    }
    goodness
}

/// Per-label scores of each row: the summed goodness with that label, (rows, K). For a
/// one-output (bce) model, the logit G(1) − G(0) instead, (rows, 1).
pub fn scores(mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, loss: Loss) -> Mat {
    let k = classes(mlp);
    let mut out = Mat::zeros((x.nrows(), k));
    for c in 0..k {
        let g = hidden_pass(mlp, params, x, &centred_onehot(&vec![c; x.nrows()], k), |_, _, _, _| {});
        out.column_mut(c).assign(&ndarray::Array1::from(g));
    }
    if loss == Loss::Bce && k == 2 {
        let logit = &out.column(1) - &out.column(0);
        return logit.insert_axis(Axis(1));
    }
    out
}

fn softplus(x: f32) -> f32 {
    x.max(0.0) + libm::log1pf(libm::expf(-x.abs()))
}

/// One step's gradient: positives (true labels) and negatives (a wrong label from `rng`)
/// stacked into one pass; writes every hidden layer's and the embedding's gradient into
/// `grad` (the output layer's stays zero) and returns the mean Forward-Forward loss summed
/// over the layers.
pub fn gradient(mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], threshold: f32, rng: &mut Rng, grad: &mut [f32]) -> f64 {
    let k = classes(mlp);
    let b = x.nrows();
    grad.fill(0.0);
    let mut labels: Vec<usize> = y.iter().map(|&t| t as usize).collect();
    labels.extend(y.iter().map(|&t| (t as usize + 1 + rng.below(k - 1)) % k));
    let mut both = Mat::zeros((2 * b, x.ncols()));
    both.slice_mut(s![..b, ..]).assign(&x);
    both.slice_mut(s![b.., ..]).assign(&x);
    let onehot = centred_onehot(&labels, k);
    let mut total = 0.0f64;
    hidden_pass(mlp, params, both.view(), &onehot, |l, input, z, a| {
        let width = a.ncols() as f32;
        let act = mlp.activations[l];
        let mut delta = Mat::zeros(a.dim());
        for (r, (mut d, (zr, ar))) in delta.rows_mut().into_iter().zip(z.rows().into_iter().zip(a.rows())).enumerate() {
            let g: f32 = ar.iter().map(|v| v * v).sum::<f32>() / width;
            // ∂loss/∂G: −σ(θ − G) for a positive, σ(G − θ) for a negative; mean over the batch.
            let (value, dg) = if r < b { (softplus(threshold - g), -sigmoid(threshold - g)) } else { (softplus(g - threshold), sigmoid(g - threshold)) };
            total += value as f64 / b as f64;
            for ((dv, &zv), &av) in d.iter_mut().zip(zr).zip(ar) {
                *dv = dg / b as f32 * 2.0 * av / width * act.derivative(zv, av);
            }
        }
        layer_gradient(mlp, l, delta.view(), input, grad);
        if l == 0 {
            slot_gradient(mlp.layout.label.as_ref().unwrap(), delta.view(), onehot.view(), grad);
        }
    });
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Activation, Extras, Init};

    fn model(sizes: &[usize]) -> (Mlp, Vec<f32>) {
        let mut acts = vec![Activation::Relu; sizes.len() - 2];
        acts.push(Activation::Linear);
        let mlp = Mlp::with_extras(sizes, &acts, Extras { local_heads: false, label_classes: 2 });
        let mut p = vec![0.0; mlp.layout.len];
        Init::He.fill(&mlp.layout, &mut Rng::new(3), &mut p);
        (mlp, p)
    }

    #[test]
    fn gradient_matches_finite_differences_of_the_layer_losses() {
        // A layer's loss depends on the parameters below it only through its detached
        // input, so finite differences of the total loss check a parameter exactly when
        // no later layer reads it: the last hidden layer of a 2-hidden-layer model, and
        // everything of a 1-hidden-layer model (the label embedding included).
        for (sizes, checked) in [(&[3, 5, 4, 2][..], 1usize), (&[3, 5, 2][..], 0)] {
            let (mlp, p) = model(sizes);
            let x = Mat::from_shape_fn((4, 3), |(i, j)| ((i * 3 + j) as f32 * 0.37).sin());
            let y = [0.0, 1.0, 1.0, 0.0];
            let mut g = vec![0.0; p.len()];
            gradient(&mlp, &p, x.view(), &y, 0.5, &mut Rng::new(9), &mut g);
            // The same negatives each call: the same rng seed.
            let f = |q: &[f32]| gradient(&mlp, q, x.view(), &y, 0.5, &mut Rng::new(9), &mut vec![0.0; q.len()]);
            let s = &mlp.layout.layers[checked];
            let mut params: Vec<usize> = (s.weight.start..s.bias.end).collect();
            if checked == 0 {
                params.extend(mlp.layout.label.as_ref().unwrap().weight.clone());
            }
            let h = 1e-3;
            for i in params {
                let (mut up, mut down) = (p.clone(), p.clone());
                up[i] += h;
                down[i] -= h;
                let numeric = (f(&up) - f(&down)) / (2.0 * h as f64);
                assert!((numeric - g[i] as f64).abs() < 2e-3, "{sizes:?} param {i}: numeric {numeric} vs {}", g[i]);
            }
            // The output layer is not trained.
            let out = mlp.layout.layers.last().unwrap();
            assert!(g[out.weight.start..out.bias.end].iter().all(|&v| v == 0.0));
        }
    }

    #[test]
    fn scores_are_the_goodness_of_each_label() {
        let (mlp, p) = model(&[3, 5, 4, 2]);
        let x = Mat::from_shape_fn((3, 3), |(i, j)| (i as f32 - j as f32) * 0.5);
        let s = scores(&mlp, &p, x.view(), Loss::SoftmaxCe);
        let bce = scores(&mlp, &p, x.view(), Loss::Bce);
        for r in 0..3 {
            assert!((bce[[r, 0]] - (s[[r, 1]] - s[[r, 0]])).abs() < 1e-6);
        }
    }
}
