//! The reusable buffers of a network's passes: per-layer caches that `Mlp::forward` fills
//! and backprop reads, and the block buffers of small nets' SIMD backprop. nn only holds
//! them; the algorithms that fill the lane buffers live in `autodiff::lanes`.

use crate::tensor::lane::F32x4;
use crate::tensor::Mat;

/// Per-layer caches: z = pre-activation, a = activation, d = ∂L/∂z (filled by backprop).
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    pub(crate) z: Vec<Mat>,
    pub(crate) a: Vec<Mat>,
    pub(crate) d: Vec<Mat>,
    /// Forward-Forward scores from the last `autodiff::predict`.
    pub(crate) scores: Mat,
    /// Small nets' backprop buffers (`autodiff::lanes`): z, a and d above stay as they
    /// were when `loss_and_gradient` takes that path.
    pub(crate) lanes: Lanes,
}

impl Workspace {
    /// Tells `loss_and_gradient` whether its caller reads the loss or only checks that it
    /// is finite (a training step inside `Trainer::run`): small nets then return a stand-in
    /// with the same finiteness and skip BCE's logarithm (`Loss::row`). Default: reads it.
    pub fn loss_finiteness_only(&mut self, on: bool) {
        self.lanes.finiteness_only = on;
    }
}

/// Buffers for one block, sized on first use (a step allocates nothing after that).
#[derive(Clone, Debug, Default)]
pub struct Lanes {
    /// Layer widths the buffers are sized for.
    pub(crate) sizes: Vec<usize>,
    /// The block's input, then per layer the pre-activation z, the activation a and
    /// δ = ∂L/∂z: feature after feature, N vectors each (room for 4); δ has its features
    /// padded to a multiple of 4.
    pub(crate) x: Vec<F32x4>,
    pub(crate) z: Vec<Vec<F32x4>>,
    pub(crate) a: Vec<Vec<F32x4>>,
    pub(crate) d: Vec<Vec<F32x4>>,
    /// Per layer, the running sums of ∂L/∂W and ∂L/∂b: for each group of four outputs, one
    /// vector per input, then one for the bias (lane j: output 4g + j).
    pub(crate) sums: Vec<Vec<F32x4>>,
    /// One row's logits and their gradient: the loss works row by row.
    pub(crate) logits: Vec<f32>,
    pub(crate) dlogits: Vec<f32>,
    /// Whether `loss_and_gradient` may return a stand-in for the loss that is finite
    /// exactly when the loss is (see `Loss::row`): set by `Workspace::loss_finiteness_only`.
    pub(crate) finiteness_only: bool,
}
