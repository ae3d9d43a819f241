//! The trainer's side of sparsity (see `crate::sparsity`): the scheduled pruning before a
//! step, the gradient mask (with SET / RigL updates), the mask API the page and the
//! lottery use. The hooks in `Trainer::step` call these only when a mask or a pruning plan
//! exists, so a dense run takes exactly the code path it took before.

use super::{Trainer, TrainerError};
use crate::autodiff::loss_and_gradient;
use crate::sparsity::{Criterion, Dynamic, Mask, PruneSchedule, Pruner, SparseTraining, SparsityError, SparsityReport};
use crate::tensor::Rng;
use crate::train::RunConfig;

/// The pruning plan of a validated configuration whose run is `total_steps` long; None when
/// the run prunes nothing (the trainer then behaves exactly as without crate::sparsity).
pub(super) fn pruner(c: &RunConfig, total_steps: u64) -> Option<Pruner> {
    let p = &c.pruning;
    if p.criterion == Criterion::None {
        return None;
    }
    let sparsity = if p.criterion == Criterion::NM { 1.0 - p.n as f64 / p.m as f64 } else { p.sparsity };
    let schedule = PruneSchedule { at: p.at, steps: p.steps, every: p.every.max(1), sparsity };
    let dynamic = Dynamic {
        kind: p.sparse_training,
        drop_fraction: p.drop_fraction,
        every: p.update_every.max(1),
        end: if p.sparse_training == SparseTraining::Rigl { (total_steps * 3 / 4).max(1) } else { u64::MAX },
        init: c.network.init,
    };
    let progressive = p.criterion == Criterion::NM && p.steps > 0;
    Some(Pruner::new(p.criterion, schedule, (p.n, p.m), progressive, dynamic, c.training.seed as u64))
}

impl Trainer {
    /// Prunes when the schedule says so, before this step's gradient (SNIP scores this
    /// step's minibatch).
    pub(super) fn scheduled_pruning(&mut self) -> Result<(), SparsityError> {
        let pruner = self.pruner.as_mut().expect("called with a pruner");
        let batch = (self.batch_x.view(), &self.batch_y[..], self.loss);
        if let Some(mask) = pruner.scheduled(self.step, &self.mlp, &self.params, self.mask.as_ref(), batch)? {
            let progressive = pruner.progressive;
            self.install_mask(Some(mask), !progressive);
        }
        Ok(())
    }

    /// SET / RigL updates, then g ← g ⊙ mask (with the progressive N:M ramp, pruned entries
    /// are scaled by β_t instead). RigL regrows by the dense gradient: the step's own when
    /// the source is backprop, else one exact backprop on the step's minibatch (a source
    /// with masked tangents has no gradient at pruned weights to rank them by).
    pub(super) fn mask_gradient(&mut self) {
        let mut mask = self.mask.take().expect("called with a mask");
        let mut factor = 0.0;
        if let Some(p) = self.pruner.as_mut() {
            let exact = self.estimator.is_exact();
            if p.needs_dense_gradient(self.step) && !exact {
                self.exact.resize(self.params.len(), 0.0);
                loss_and_gradient(&self.mlp, &self.params, self.batch_x.view(), &self.batch_y, self.loss, &mut self.ws, &mut self.exact);
            }
            let dense = if exact { &self.grad } else { &self.exact };
            if let Some(regrown) = p.dynamic_update(self.step, &self.mlp, &mut mask, &mut self.params, dense) {
                self.optimizer.reset_at(&regrown);
                self.estimator.set_mask(Some(mask.as_slice()));
            }
            factor = p.grad_factor(self.step);
        }
        scale_pruned(&mask, &mut self.grad, factor);
        self.mask = Some(mask);
    }

    /// Puts `mask` in force (None: dense again): the weights are masked at once when
    /// `zero_weights` (always, except on the progressive N:M ramp, which fades them), and
    /// forward-gradient tangents follow it.
    /// Positions that come back to life (pruned before, live now) start with fresh
    /// optimizer state, as regrown connections do.
    pub(super) fn install_mask(&mut self, mask: Option<Mask>, zero_weights: bool) {
        if let (Some(m), true) = (&mask, zero_weights) {
            m.apply(&mut self.params);
        }
        if let Some(old) = &self.mask {
            let revived: Vec<usize> = old.pruned_indices(&self.mlp.layout).into_iter().filter(|&i| mask.as_ref().is_none_or(|m| m.is_live(i))).collect();
            if !revived.is_empty() {
                self.optimizer.reset_at(&revived);
            }
        }
        self.estimator.set_mask(mask.as_ref().map(Mask::as_slice));
        self.mask = mask;
    }

    /// The mask in force, None for a dense network. Its `as_slice()` has one 0/1 per
    /// parameter in the buffer's layout (for fading pruned connections on the page).
    pub fn mask(&self) -> Option<&Mask> {
        self.mask.as_ref()
    }

    /// Sets (or, with None, removes) the mask by hand, e.g. a lottery ticket's; the pruned
    /// weights become 0 at once and stay 0. Errors if the mask does not fit the model.
    pub fn set_mask(&mut self, mask: Option<Mask>) -> Result<(), TrainerError> {
        if let Some(m) = &mask {
            if m.len() != self.params.len() {
                return Err(TrainerError::MaskLength { got: m.len(), expected: self.params.len() });
            }
        }
        self.install_mask(mask, true);
        Ok(())
    }

    /// Prunes now, mid-training or after it, with `criterion` to sparsity `s` (n-m uses the
    /// config's N and M); weights already pruned stay pruned. SNIP scores the next minibatch.
    /// `Criterion::None` makes the network dense again (pruned weights restart at 0).
    pub fn prune_now(&mut self, criterion: Criterion, s: f64) -> Result<(), TrainerError> {
        if !(0.0..1.0).contains(&s) {
            return Err(SparsityError::OutOfRange(s).into());
        }
        if criterion == Criterion::None {
            return self.set_mask(None);
        }
        let (x, y) = self.peek_batch();
        let cx = crate::sparsity::Context {
            mlp: &self.mlp,
            params: &self.params,
            mask: self.mask.as_ref(),
            batch: Some((x.view(), &y, self.loss)),
            n_m: (self.config.pruning.n, self.config.pruning.m),
        };
        let mut rng = Rng::stream(self.config.training.seed as u64 ^ self.step.rotate_left(32), 8);
        let mask = crate::sparsity::prune(criterion, s, &cx, &mut rng)?;
        self.install_mask(Some(mask), true);
        Ok(())
    }

    /// Nonzeros, sparsity per layer, FLOPs and sparse size of the current weights.
    pub fn sparsity_report(&self) -> SparsityReport {
        crate::sparsity::report(&self.mlp.layout, &self.params)
    }

    /// Restarts the run from weights `params` at step `k` (lottery-ticket rewinding): the
    /// minibatch stream and the schedules resume at step k, the optimizer state starts from
    /// zero (it is not stored), and `mask` is put in force.
    pub fn restart_from(&mut self, params: &[f32], k: u64, mask: Option<Mask>) -> Result<(), TrainerError> {
        if params.len() != self.params.len() {
            return Err(TrainerError::RestartLength { got: params.len(), expected: self.params.len() });
        }
        self.reset();
        for _ in 0..k {
            self.next_batch();
        }
        self.step = k;
        self.params.copy_from_slice(params);
        self.set_mask(mask)
    }
}

/// Pruned entries of `x` times `factor` (0: exactly zero).
pub(super) fn scale_pruned(mask: &Mask, x: &mut [f32], factor: f32) {
    if factor == 0.0 {
        mask.apply(x);
        return;
    }
    for (v, &k) in x.iter_mut().zip(mask.as_slice()) {
        if k == 0.0 {
            *v *= factor;
        }
    }
}
