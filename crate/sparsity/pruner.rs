//! The run's pruning plan (the trainer builds it from the run configuration): which criterion, when (the
//! schedule), N:M and its progressive option, and dynamic sparse training. The trainer
//! asks it before each step for a new mask, and for the factors the pruned entries of the
//! gradient and of the weights get.
//!
//! Progressive N:M (after Bambhaniya et al. 2024, "Progressive Gradient Flow for Robust
//! N:M Sparsity Training in Transformers", arXiv:2402.04744, the decaying-mask variant):
//! with `prune=n-m` and `prune-steps` > 0, over the ramp t0 ≤ t < t0 + nΔt the mask is
//! recomputed every Δt steps, the gradient reaching a pruned weight is scaled by
//! β_t = 1 − (t − t0)/nΔt instead of cut, and after each step the pruned weights are
//! multiplied by β_{t+1}/β_t, so their magnitude follows β_t (as if the forward pass saw
//! β·w) and is exactly 0 at the end of the ramp. A simplification of the paper's
//! scheme, which keeps dense weights apart from the decayed ones. Forward-gradient
//! tangents follow the hard mask throughout, so on the ramp only backprop-style sources
//! send the decayed gradient to the pruned weights.

use super::criteria::{prune, Context, Criterion};
use super::dynamic::{Dynamic, SparseTraining};
use super::schedule::PruneSchedule;
use super::{Mask, SparsityError};
use crate::nn::{Loss, Mlp};
use crate::tensor::Rng;
use ndarray::ArrayView2;

#[derive(Clone, Debug)]
pub struct Pruner {
    pub criterion: Criterion,
    pub schedule: PruneSchedule,
    pub n_m: (usize, usize),
    pub progressive: bool,
    pub dynamic: Dynamic,
    rng: Rng,
}

impl Pruner {
    /// A plan; `seed` seeds the random criteria and the regrowth (stream 7 of it). The
    /// trainer builds it from the run config (`train::trainer::sparse::pruner`).
    pub fn new(criterion: Criterion, schedule: PruneSchedule, n_m: (usize, usize), progressive: bool, dynamic: Dynamic, seed: u64) -> Pruner {
        Pruner { criterion, schedule, n_m, progressive, dynamic, rng: Rng::stream(seed, 7) }
    }

    /// The new mask before step t, when t is a pruning step of the schedule.
    pub fn scheduled(
        &mut self,
        t: u64,
        mlp: &Mlp,
        params: &[f32],
        mask: Option<&Mask>,
        batch: (ArrayView2<f32>, &[f32], Loss),
    ) -> Result<Option<Mask>, SparsityError> {
        let Some(s) = self.schedule.target(t) else { return Ok(None) };
        let cx = Context { mlp, params, mask, batch: Some(batch), n_m: self.n_m };
        prune(self.criterion, s, &cx, &mut self.rng).map(Some)
    }

    /// A drop-and-regrow update before step t (SET / RigL): returns the regrown positions,
    /// or None when t is not an update step or there is no mask yet.
    pub fn dynamic_update(&mut self, t: u64, mlp: &Mlp, mask: &mut Mask, params: &mut [f32], dense_grad: &[f32]) -> Option<Vec<usize>> {
        if t <= self.schedule.at {
            return None;
        }
        let f = self.dynamic.fraction(t)?;
        Some(self.dynamic.update(f, &mlp.layout, mask, params, dense_grad, &mut self.rng))
    }

    /// Whether the update before step t regrows by gradient (RigL), so it needs the dense
    /// gradient of every weight, pruned ones included.
    pub fn needs_dense_gradient(&self, t: u64) -> bool {
        self.dynamic.kind == SparseTraining::Rigl && t > self.schedule.at && self.dynamic.fraction(t).is_some()
    }

    /// β_t of the progressive ramp (0 outside it, or when the option is off).
    fn beta(&self, t: u64) -> f64 {
        if !self.progressive || t < self.schedule.at {
            return 0.0;
        }
        1.0 - self.schedule.progress(t)
    }

    /// What the pruned entries of the gradient are multiplied by at step t.
    pub fn grad_factor(&self, t: u64) -> f32 {
        self.beta(t) as f32
    }

    /// What the pruned weights are multiplied by after the update of step t.
    pub fn param_factor(&self, t: u64) -> f32 {
        let now = self.beta(t);
        if now <= 0.0 {
            return 0.0;
        }
        (self.beta(t + 1) / now) as f32
    }
}
