//! Backprop for small MLPs with the batch across SIMD lanes: the Playground's nets
//! (2-4-2-1, batch 10), where the general path (`reverse`) spends a step on overhead (a
//! gemm call, ndarray views and a Zip per layer and pass, each for a few dozen
//! multiply-adds) rather than on arithmetic.
//! Shape contract as `loss_and_gradient`: x (batch, in), y (batch) → mean loss and ∂L/∂θ.
//!
//! Activations and errors are stored feature-major, (width, batch) instead of (batch,
//! width), with the batch padded to whole [f32; 4] lanes, so every elementwise pass (the
//! forward sums, tanh, the errors sent down) works on four rows at once: one f32x4
//! instruction in the wasm SIMD build, SSE natively. Every value is computed with the same
//! operations in the same order as the general path (gemm's direct loop, `Mlp::forward`,
//! `Loss::row`, `reverse::backward`), so the two agree bit for bit (tested below); `fits`
//! says when that holds, and `reverse::loss_and_gradient` takes this path then. The sums
//! over the batch (∂L/∂W, ∂L/∂b) stay scalar, row by row as the general path adds them.
//! Padding lanes hold stale values and never reach a result.

use crate::nn::{Loss, Mlp};
use crate::tensor::lane::{flat, flat_mut, F32x4};
use crate::tensor::matmul::SMALL;
use ndarray::ArrayView2;

const LANES: usize = 4;

/// Buffers of the lane layout, sized on first use (a step allocates nothing after that).
#[derive(Clone, Debug, Default)]
pub struct Lanes {
    /// Layer widths and batch the buffers are sized for.
    sizes: Vec<usize>,
    batch: usize,
    /// Lanes per feature row: the batch rounded up to a multiple of 4, over 4.
    n: usize,
    /// The input, then per layer the pre-activation z, the activation a and δ = ∂L/∂z,
    /// each (width, n) lanes.
    x: Vec<F32x4>,
    z: Vec<Vec<F32x4>>,
    a: Vec<Vec<F32x4>>,
    d: Vec<Vec<F32x4>>,
    /// One row's logits and their gradient: the loss works row by row.
    logits: Vec<f32>,
    dlogits: Vec<f32>,
}

/// Whether this path reproduces the general path for `mlp` on x: every product the
/// general path forms (batch·in·out multiply-adds per layer, forward and backward) is
/// small enough for gemm's direct loop, and x has no negative stride (which sends a
/// product to ndarray's general_mat_mul instead).
pub fn fits(mlp: &Mlp, x: ArrayView2<f32>) -> bool {
    let batch = x.nrows();
    batch > 0 && x.strides().iter().all(|&s| s >= 0) && mlp.layout.layers.iter().all(|s| batch * s.inputs * s.outputs <= SMALL)
}

impl Lanes {
    /// Mean loss of (x, y) and its exact gradient in `grad`, as `reverse::loss_and_gradient`.
    pub fn loss_and_gradient(&mut self, mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, grad: &mut [f32]) -> f64 {
        assert_eq!(params.len(), mlp.layout.len, "parameter buffer does not match the layout");
        assert_eq!(grad.len(), mlp.layout.len);
        assert_eq!(x.ncols(), mlp.inputs(), "input width");
        assert_eq!(x.nrows(), y.len(), "one target per row");
        self.prepare(mlp, x.nrows());
        let stride = self.n * LANES;
        let xs = flat_mut(&mut self.x);
        for ((r, i), &v) in x.indexed_iter() {
            xs[i * stride + r] = v;
        }
        self.forward(mlp, params);
        let value = self.loss(loss, y);
        self.backward(mlp, params, grad);
        value
    }

    fn prepare(&mut self, mlp: &Mlp, batch: usize) {
        if self.batch == batch && self.sizes == mlp.sizes {
            return;
        }
        let n = batch.div_ceil(LANES);
        let rows = |width: usize| vec![F32x4::splat(0.0); width * n];
        self.x = rows(mlp.inputs());
        self.z = mlp.sizes[1..].iter().map(|&w| rows(w)).collect();
        self.a = self.z.clone();
        self.d = self.z.clone();
        self.logits = vec![0.0; mlp.outputs()];
        self.dlogits = vec![0.0; mlp.outputs()];
        (self.sizes, self.batch, self.n) = (mlp.sizes.clone(), batch, n);
    }

    /// z = h Wᵀ + b, a = f(z), layer by layer. Per element, as gemm's direct loop:
    /// z = (((0 + h₀w₀) + h₁w₁) + …) + b.
    fn forward(&mut self, mlp: &Mlp, params: &[f32]) {
        let n = self.n;
        for (l, slot) in mlp.layout.layers.iter().enumerate() {
            let (w, b) = (&params[slot.weight.clone()], &params[slot.bias.clone()]);
            let act = mlp.activations[l];
            let (done, rest) = self.a.split_at_mut(l);
            let input = if l == 0 { &self.x } else { &done[l - 1] };
            let (z, a) = (&mut self.z[l], &mut rest[0]);
            for (o, (zo, ao)) in z.chunks_exact_mut(n).zip(a.chunks_exact_mut(n)).enumerate() {
                let w = &w[o * slot.inputs..(o + 1) * slot.inputs];
                let bias = F32x4::splat(b[o]);
                for (r, (zv, av)) in zo.iter_mut().zip(ao.iter_mut()).enumerate() {
                    let mut acc = F32x4::splat(0.0);
                    for (h, &w) in input[r..].iter().step_by(n).zip(w) {
                        acc = acc + *h * F32x4::splat(w);
                    }
                    *zv = acc + bias;
                    *av = act.value(*zv);
                }
            }
        }
    }

    /// The mean loss; δ of the last layer = ∂L/∂(its output).
    fn loss(&mut self, loss: Loss, y: &[f32]) -> f64 {
        let stride = self.n * LANES;
        let out = flat(self.a.last().unwrap());
        let d = flat_mut(self.d.last_mut().unwrap());
        let inv_n = 1.0 / y.len() as f32;
        let mut total = 0.0f64;
        for (r, &t) in y.iter().enumerate() {
            for (k, z) in self.logits.iter_mut().enumerate() {
                *z = out[k * stride + r];
            }
            total += loss.row(&self.logits, t, inv_n, Some(&mut self.dlogits)) as f64;
            for (k, &g) in self.dlogits.iter().enumerate() {
                d[k * stride + r] = g;
            }
        }
        total / y.len() as f64
    }

    /// From δ of the last layer (filled by `loss`) down: δ ⊙= f'(z), ∂L/∂W = δᵀh and
    /// ∂L/∂b = Σ_rows δ (sums in row order), δ below = δ W (sums in output order).
    fn backward(&mut self, mlp: &Mlp, params: &[f32], grad: &mut [f32]) {
        grad[mlp.layout.model_len()..].fill(0.0);
        let (n, batch) = (self.n, self.batch);
        for (l, slot) in mlp.layout.layers.iter().enumerate().rev() {
            let act = mlp.activations[l];
            let (below, upper) = self.d.split_at_mut(l);
            let delta = &mut upper[0];
            for ((d, &z), &a) in delta.iter_mut().zip(&self.z[l]).zip(&self.a[l]) {
                *d = *d * act.derivative(z, a);
            }
            let input = if l == 0 { &self.x } else { &self.a[l - 1] };
            let (gw, gb) = grad[slot.weight.start..slot.bias.end].split_at_mut(slot.weight.len());
            for (o, (gw, gb)) in gw.chunks_exact_mut(slot.inputs).zip(gb).enumerate() {
                let d = &flat(&delta[o * n..(o + 1) * n])[..batch];
                for (i, g) in gw.iter_mut().enumerate() {
                    let h = &flat(&input[i * n..(i + 1) * n])[..batch];
                    *g = d.iter().zip(h).fold(0.0, |s, (&d, &h)| s + d * h);
                }
                *gb = d.iter().fold(0.0, |s, &d| s + d);
            }
            if l > 0 {
                let w = &params[slot.weight.clone()];
                for (i, bi) in below[l - 1].chunks_exact_mut(n).enumerate() {
                    for (r, bv) in bi.iter_mut().enumerate() {
                        let mut acc = F32x4::splat(0.0);
                        for (d, w) in delta[r..].iter().step_by(n).zip(w[i..].iter().step_by(slot.inputs)) {
                            acc = acc + *d * F32x4::splat(*w);
                        }
                        *bv = acc;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::autodiff::reverse::by_layers;
    use crate::nn::{Activation, Workspace};
    use crate::tensor::{Mat, Rng};

    fn same(a: f32, b: f32) -> bool {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    }

    /// Every activation (hidden and output), loss, several shapes and batch sizes (padded
    /// and not), a transposed input view, and weights from small to overflowing: the loss
    /// and every gradient entry have the general path's bits (NaN where it has NaN).
    #[test]
    fn matches_the_general_path_bit_for_bit() {
        let mut rng = Rng::new(7);
        let hidden: &[&[usize]] = &[&[2, 4, 2], &[2], &[3, 8], &[7, 5, 5], &[2, 3, 3, 3, 3, 3]];
        let mut checked = 0;
        for (s, widths) in hidden.iter().enumerate() {
            for act in Activation::ALL {
                for loss in [Loss::Mse, Loss::Bce, Loss::SoftmaxCe] {
                    let mut sizes = widths.to_vec();
                    sizes.push(if loss == Loss::SoftmaxCe { 3 } else { 1 });
                    let mut acts = vec![act; sizes.len() - 1];
                    if s % 2 == 0 {
                        *acts.last_mut().unwrap() = Activation::Linear;
                    }
                    let mlp = Mlp::new(&sizes, &acts);
                    for (batch, scale) in [(1, 1.0), (3, 0.5), (4, 3.0), (10, 1.0), (17, 40.0), (10, 1e19), (5, f64::NAN)] {
                        let mut params: Vec<f32> = (0..mlp.layout.len).map(|_| (rng.uniform(-1.0, 1.0) * scale) as f32).collect();
                        if scale.is_nan() {
                            params.iter_mut().enumerate().for_each(|(i, p)| *p = if i % 7 == 3 { f32::NAN } else { 0.5 });
                        }
                        let xt = Mat::from_shape_fn((sizes[0], batch), |_| rng.uniform(-2.0, 2.0) as f32);
                        let y: Vec<f32> = (0..batch)
                            .map(|r| match loss {
                                Loss::Bce => (r % 2) as f32,
                                Loss::SoftmaxCe => (r % 3) as f32,
                                Loss::Mse => rng.uniform(-1.0, 1.0) as f32,
                            })
                            .collect();
                        let x_owned = xt.t().to_owned();
                        for x in [x_owned.view(), xt.t()] {
                            assert!(fits(&mlp, x));
                            let (mut want, mut got) = (vec![0.0; mlp.layout.len], vec![1.0; mlp.layout.len]);
                            let lw = by_layers(&mlp, &params, x, &y, loss, &mut Workspace::default(), &mut want);
                            let lg = Lanes::default().loss_and_gradient(&mlp, &params, x, &y, loss, &mut got);
                            let case = format!("{sizes:?} {} {} batch {batch} scale {scale}", act.name(), loss.name());
                            assert!(lw.to_bits() == lg.to_bits() || (lw.is_nan() && lg.is_nan()), "{case}: loss {lw} vs {lg}");
                            for (i, (&w, &g)) in want.iter().zip(&got).enumerate() {
                                assert!(same(w, g), "{case}: grad[{i}] {w} vs {g}");
                            }
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(checked, 5 * 7 * 3 * 7 * 2);
    }

    /// The buffers follow the batch size and the net; a step after sizing allocates nothing
    /// (tests/no_alloc.rs checks the whole training step).
    #[test]
    fn one_workspace_serves_several_batches_and_nets() {
        let mut lanes = Lanes::default();
        let mut rng = Rng::new(1);
        for (sizes, batch) in [(&[2, 4, 1][..], 10), (&[2, 4, 1], 3), (&[3, 2, 2], 3), (&[2, 4, 1], 10)] {
            let mlp = Mlp::new(sizes, &vec![Activation::Tanh; sizes.len() - 1]);
            let params: Vec<f32> = (0..mlp.layout.len).map(|_| rng.uniform(-1.0, 1.0) as f32).collect();
            let x = Mat::from_shape_fn((batch, sizes[0]), |_| rng.uniform(-1.0, 1.0) as f32);
            let y: Vec<f32> = (0..batch).map(|r| (r % 2) as f32).collect();
            let (mut want, mut got) = (vec![0.0; mlp.layout.len], vec![0.0; mlp.layout.len]);
            let loss = if sizes[sizes.len() - 1] == 1 { Loss::Bce } else { Loss::SoftmaxCe };
            let lw = by_layers(&mlp, &params, x.view(), &y, loss, &mut Workspace::default(), &mut want);
            assert_eq!(lanes.loss_and_gradient(&mlp, &params, x.view(), &y, loss, &mut got).to_bits(), lw.to_bits());
            assert_eq!(got, want);
        }
    }

    #[test]
    fn fits_only_products_the_direct_loop_takes() {
        let mlp = Mlp::new(&[64, 128, 10], &[Activation::Relu, Activation::Linear]);
        assert!(!fits(&mlp, Mat::zeros((64, 64)).view()));
        assert!(fits(&mlp, Mat::zeros((1, 64)).view()), "1·64·128 and 1·128·10 are small");
        let small = Mlp::new(&[2, 4, 2, 1], &[Activation::Tanh, Activation::Tanh, Activation::Linear]);
        assert!(fits(&small, Mat::zeros((10, 2)).view()));
        assert!(!fits(&small, Mat::zeros((0, 2)).view()));
        let x = Mat::zeros((10, 2));
        assert!(!fits(&small, x.slice(ndarray::s![..;-1, ..])), "a reversed view goes to general_mat_mul");
    }
}
