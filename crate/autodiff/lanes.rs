//! Backprop for small MLPs with the batch across SIMD lanes: the Playground's nets
//! (2-4-2-1, batch 10), where the general path (`reverse`) spends a step on overhead (a
//! gemm call, ndarray views and a Zip per layer and pass, each for a few dozen
//! multiply-adds) rather than on arithmetic.
//! Shape contract as `loss_and_gradient`: x (batch, in), y (batch) → mean loss and ∂L/∂θ.
//!
//! The batch goes through in blocks of up to 16 rows, N ≤ 4 vectors of four rows each (N
//! a compile-time constant, so a block's rows stay in registers). Within a block,
//! activations and errors are stored feature-major, N vectors per feature, so every
//! elementwise pass (the forward sums, tanh, the errors sent down) works on four rows at
//! once: one f32x4 instruction in the wasm SIMD build, SSE natively. ∂L/∂W and ∂L/∂b sum
//! over the rows in order, block after block, four outputs per vector (a 4×4 transpose
//! turns four rows of δ into one vector per row).
//!
//! Every value is computed with the same operations in the same order as the general path
//! (gemm's direct loop, `Mlp::forward`, `Loss::row`, `reverse::backward`), so the two
//! agree bit for bit (tested below); `fits` says when that holds, and
//! `reverse::loss_and_gradient` takes this path then. Lanes past the last row hold stale
//! values and never reach a result.

use crate::nn::{Activation, Loss, Mlp};
use crate::tensor::lane::{flat, flat_mut, transpose, F32x4};
use crate::tensor::matmul::SMALL;
use ndarray::ArrayView2;

/// Rows per vector, and vectors per block at most (a block holds up to 16 rows).
const LANES: usize = 4;

/// The block's buffers live in `nn::Workspace` (nn names no layer above it); their
/// methods, the algorithm, are here.
pub use crate::nn::workspace::Lanes;

/// Whether this path reproduces the general path for `mlp` on x: every product the
/// general path forms (batch·in·out multiply-adds per layer, forward and backward) is
/// small enough for gemm's direct loop, and x has no negative stride (which sends a
/// product to ndarray's general_mat_mul instead).
pub fn fits(mlp: &Mlp, x: ArrayView2<f32>) -> bool {
    let batch = x.nrows();
    batch > 0 && x.strides().iter().all(|&s| s >= 0) && mlp.layout.layers.iter().all(|s| batch * s.inputs * s.outputs <= SMALL)
}

impl Lanes {
    /// Mean loss of (x, y) and its exact gradient in `grad`, as `reverse::loss_and_gradient`
    /// (the loss's stand-in when `finiteness_only` is set).
    pub fn loss_and_gradient(&mut self, mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, grad: &mut [f32]) -> f64 {
        assert_eq!(params.len(), mlp.layout.len, "parameter buffer does not match the layout");
        assert_eq!(grad.len(), mlp.layout.len);
        assert_eq!(x.ncols(), mlp.inputs(), "input width");
        assert_eq!(x.nrows(), y.len(), "one target per row");
        self.prepare(mlp);
        let inv_n = 1.0 / y.len() as f32;
        let mut total = 0.0f64;
        for start in (0..y.len()).step_by(LANES * LANES) {
            let rows = (y.len() - start).min(LANES * LANES);
            let (y, total) = (&y[start..start + rows], &mut total);
            match rows.div_ceil(LANES) {
                1 => self.block::<1>(mlp, params, x, start, y, loss, inv_n, total),
                2 => self.block::<2>(mlp, params, x, start, y, loss, inv_n, total),
                3 => self.block::<3>(mlp, params, x, start, y, loss, inv_n, total),
                _ => self.block::<4>(mlp, params, x, start, y, loss, inv_n, total),
            }
        }
        self.write_gradient(mlp, grad);
        total / y.len() as f64
    }

    fn prepare(&mut self, mlp: &Mlp) {
        // (An element loop, not slice equality: memcmp's call costs more than four compares.)
        if self.sizes.len() == mlp.sizes.len() && self.sizes.iter().zip(&mlp.sizes).all(|(a, b)| a == b) {
            return;
        }
        let rows = |width: usize| vec![F32x4::splat(0.0); width * LANES];
        self.x = rows(mlp.inputs());
        self.z = mlp.sizes[1..].iter().map(|&w| rows(w)).collect();
        self.a = self.z.clone();
        self.d = mlp.sizes[1..].iter().map(|&w| rows(w.next_multiple_of(LANES))).collect();
        self.sums = mlp.layout.layers.iter().map(|s| vec![F32x4::splat(0.0); s.outputs.div_ceil(LANES) * (s.inputs + 1)]).collect();
        self.logits = vec![0.0; mlp.outputs()];
        self.dlogits = vec![0.0; mlp.outputs()];
        self.sizes = mlp.sizes.clone();
    }

    /// One block: the rows of x from `start` (as many as y has, at most 4N): forward, loss
    /// (added to `total` row by row), backward. Not inlined: each N is then a function of
    /// its own, and a wasm engine optimizes only the one a batch size runs (a quarter of
    /// the code, so the optimized code arrives sooner in a short run).
    #[allow(clippy::too_many_arguments)]
    #[inline(never)]
    fn block<const N: usize>(&mut self, mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, start: usize, y: &[f32], loss: Loss, inv_n: f32, total: &mut f64) {
        let xs = flat_mut(&mut self.x);
        let cols = x.ncols();
        match x.as_slice() {
            Some(x) => {
                for r in 0..y.len() {
                    for (i, &v) in x[(start + r) * cols..][..cols].iter().enumerate() {
                        xs[i * N * LANES + r] = v;
                    }
                }
            }
            None => {
                for r in 0..y.len() {
                    for i in 0..cols {
                        xs[i * N * LANES + r] = x[[start + r, i]];
                    }
                }
            }
        }
        self.forward::<N>(mlp, params);
        self.loss::<N>(loss, y, inv_n, total);
        self.backward::<N>(mlp, params, y.len(), start == 0);
    }

    /// z = h Wᵀ + b, a = f(z), layer by layer. Per element, as gemm's direct loop:
    /// z = (((0 + h₀w₀) + h₁w₁) + …) + b.
    fn forward<const N: usize>(&mut self, mlp: &Mlp, params: &[f32]) {
        for (l, slot) in mlp.layout.layers.iter().enumerate() {
            let (w, b) = (&params[slot.weight.clone()], &params[slot.bias.clone()]);
            let act = mlp.activations[l];
            let (done, rest) = self.a.split_at_mut(l);
            let input = features::<N>(if l == 0 { &self.x } else { &done[l - 1] }, slot.inputs);
            let (z, a) = (features_mut::<N>(&mut self.z[l], slot.outputs), features_mut::<N>(&mut rest[0], slot.outputs));
            // The identity's a = z is written here: in `activate` it would be a copy loop,
            // that is a memcpy call (memory.copy in wasm).
            let linear = act == Activation::Linear;
            for (o, ((zo, ao), &b)) in z.iter_mut().zip(a.iter_mut()).zip(b).enumerate() {
                let w = &w[o * slot.inputs..][..slot.inputs];
                let mut acc = [F32x4::splat(0.0); N];
                for (h, &w) in input.iter().zip(w) {
                    let w = F32x4::splat(w);
                    for q in 0..N {
                        acc[q] = acc[q] + h[q] * w;
                    }
                }
                let b = F32x4::splat(b);
                for q in 0..N {
                    zo[q] = acc[q] + b;
                    if linear {
                        ao[q] = zo[q];
                    }
                }
            }
            if !linear {
                act.apply(z.as_flattened(), a.as_flattened_mut());
            }
        }
    }

    /// The block's rows' losses added to `total` in order (as `Loss::evaluate` adds them);
    /// δ of the last layer = ∂L/∂(its output).
    fn loss<const N: usize>(&mut self, loss: Loss, y: &[f32], inv_n: f32, total: &mut f64) {
        let value = !self.finiteness_only;
        if loss != Loss::SoftmaxCe {
            // One output: four rows per vector through `Loss::binary` (the lanes past the
            // last row compute on stale values and are not added).
            let out = &self.a.last().unwrap()[..N];
            let d = &mut self.d.last_mut().unwrap()[..N];
            for ((&z, d), y) in out.iter().zip(d).zip(y.chunks(LANES)) {
                let (terms, g) = loss.binary(z, F32x4::from_array(std::array::from_fn(|j| y.get(j).copied().unwrap_or(0.0))), inv_n, value);
                *d = g;
                for t in &terms.to_array()[..y.len()] {
                    *total += *t as f64;
                }
            }
            return;
        }
        let stride = N * LANES;
        let out = flat(self.a.last().unwrap());
        let d = flat_mut(self.d.last_mut().unwrap());
        for (r, &t) in y.iter().enumerate() {
            for (k, z) in self.logits.iter_mut().enumerate() {
                *z = out[k * stride + r];
            }
            *total += loss.row(&self.logits, t, inv_n, Some(&mut self.dlogits), value) as f64;
            for (k, &g) in self.dlogits.iter().enumerate() {
                d[k * stride + r] = g;
            }
        }
    }

    /// From δ of the last layer (filled by `loss`) down: δ ⊙= f'(z), the block's rows
    /// added to the sums of ∂L/∂W = δᵀh and ∂L/∂b = Σ_rows δ (started from 0 by the first
    /// block), δ below = δ W (sums in output order).
    fn backward<const N: usize>(&mut self, mlp: &Mlp, params: &[f32], rows: usize, first: bool) {
        for (l, slot) in mlp.layout.layers.iter().enumerate().rev() {
            let act = mlp.activations[l];
            let (below, upper) = self.d.split_at_mut(l);
            let delta = features_mut::<N>(&mut upper[0], slot.outputs.next_multiple_of(LANES));
            let (z, a) = (&self.z[l][..slot.outputs * N], &self.a[l][..slot.outputs * N]);
            act.scale_by_derivative(z, a, delta.as_flattened_mut());
            let input = features::<N>(if l == 0 { &self.x } else { &self.a[l - 1] }, slot.inputs);
            add_weight_gradient::<N>(delta, input, rows, first, &mut self.sums[l]);
            if l > 0 {
                let w = &params[slot.weight.clone()];
                for (i, bi) in features_mut::<N>(&mut below[l - 1], slot.inputs).iter_mut().enumerate() {
                    let mut acc = [F32x4::splat(0.0); N];
                    for (o, d) in delta[..slot.outputs].iter().enumerate() {
                        let w = F32x4::splat(w[o * slot.inputs + i]);
                        for q in 0..N {
                            acc[q] = acc[q] + d[q] * w;
                        }
                    }
                    *bi = acc;
                }
            }
        }
    }

    /// The sums' lanes into the flat gradient (weights [out, in], then bias, per layer).
    fn write_gradient(&self, mlp: &Mlp, grad: &mut [f32]) {
        grad[mlp.layout.model_len()..].fill(0.0);
        for (slot, sums) in mlp.layout.layers.iter().zip(&self.sums) {
            let (gw, gb) = grad[slot.weight.start..slot.bias.end].split_at_mut(slot.weight.len());
            for o in (0..slot.outputs).step_by(LANES) {
                let (group, width) = (&sums[o / LANES * (slot.inputs + 1)..][..slot.inputs + 1], (slot.outputs - o).min(LANES));
                // Lanes taken by constant index (j < 4, unrolled): one extract each.
                let (weights, bias) = group.split_at(slot.inputs);
                for (i, s) in weights.iter().enumerate() {
                    let v = s.to_array();
                    for j in 0..LANES {
                        if j < width {
                            gw[(o + j) * slot.inputs + i] = v[j];
                        }
                    }
                }
                let v = bias[0].to_array();
                for j in 0..LANES {
                    if j < width {
                        gb[o + j] = v[j];
                    }
                }
            }
        }
    }
}

/// The first `width` features of a block buffer, N vectors each.
fn features<const N: usize>(v: &[F32x4], width: usize) -> &[[F32x4; N]] {
    v[..width * N].as_chunks::<N>().0
}

fn features_mut<const N: usize>(v: &mut [F32x4], width: usize) -> &mut [[F32x4; N]] {
    v[..width * N].as_chunks_mut::<N>().0
}

/// Adds a block's rows to ∂L/∂W = δᵀh and ∂L/∂b = Σ_rows δ, four outputs at a time: a
/// 4×4 transpose turns four rows' lanes of δ into one vector per row, δ_{o..o+4}[r], and
/// lane j of the input i's sum adds δ_{o+j}[r]·h_i[r] row after row, the order of gemm's
/// direct loop (the group's last sum adds δ for the bias). `rows`: the block's rows; lanes
/// past the layer's outputs read δ's padding features and are never written out. The
/// first block starts the sums from 0 (zeroing them apart would be a memset call).
fn add_weight_gradient<const N: usize>(delta: &[[F32x4; N]], h: &[[F32x4; N]], rows: usize, first: bool, sums: &mut [F32x4]) {
    // (Indices, not chunks_exact: a chunk count of a run-time size is a division.)
    let group_len = h.len() + 1;
    for (g, d) in delta.chunks_exact(LANES).enumerate() {
        let group = &mut sums[g * group_len..][..group_len];
        for q in 0..N {
            let by_row = transpose([d[0][q], d[1][q], d[2][q], d[3][q]]);
            // Only the last vector of the batch can be partial: the row count a constant.
            let fresh = first && q == 0;
            match rows.saturating_sub(q * LANES) {
                1 => add_rows::<N, 1>(&by_row, h, q, fresh, group),
                2 => add_rows::<N, 2>(&by_row, h, q, fresh, group),
                3 => add_rows::<N, 3>(&by_row, h, q, fresh, group),
                _ => add_rows::<N, 4>(&by_row, h, q, fresh, group),
            }
        }
    }
}

/// One vector's first R rows of δ (by_row, one vector of outputs per row) into the sums of
/// one group of outputs: sums[i] += δ_r·h_i[r] and the bias's sums[last] += δ_r, in row order.
#[inline(always)]
fn add_rows<const N: usize, const R: usize>(by_row: &[F32x4; 4], h: &[[F32x4; N]], q: usize, fresh: bool, sums: &mut [F32x4]) {
    let (bias, weights) = sums.split_last_mut().unwrap();
    for (s, h) in weights.iter_mut().zip(h) {
        let hv = h[q].to_array();
        let mut acc = if fresh { F32x4::splat(0.0) } else { *s };
        for k in 0..R {
            acc = acc + by_row[k] * F32x4::splat(hv[k]);
        }
        *s = acc;
    }
    let mut acc = if fresh { F32x4::splat(0.0) } else { *bias };
    for row in &by_row[..R] {
        acc = acc + *row;
    }
    *bias = acc;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::autodiff::reverse::by_layers;
    use crate::nn::Workspace;
    use crate::tensor::{Mat, Rng};

    fn same(a: f32, b: f32) -> bool {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    }

    /// Every activation (hidden and output), loss, several shapes and batch sizes (a
    /// partial vector, whole blocks of 16 rows, several blocks), a transposed input view,
    /// and weights from small to overflowing: the loss and every gradient entry have the
    /// general path's bits (NaN where it has NaN).
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
                    for (batch, scale) in [(1, 1.0), (3, 0.5), (4, 3.0), (10, 1.0), (17, 40.0), (30, 1.0), (45, 2.0), (10, 1e19), (5, f64::NAN)] {
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
        assert_eq!(checked, 5 * 7 * 3 * 9 * 2);
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
