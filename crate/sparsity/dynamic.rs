//! Dynamic sparse training at a constant parameter count: every ΔT steps (`update-every`)
//! each layer drops its k smallest-magnitude live weights and regrows k connections that
//! were not live, so every layer keeps exactly its number of live weights.
//! - SET (Mocanu et al. 2018, Nat. Commun. 9:2383, arXiv:1707.04780): k = ζ·live with ζ
//!   the `drop-fraction` (their 0.3), fixed; regrowth at random positions, the new weights
//!   drawn from the run's initializer (as in their code).
//! - RigL (Evci et al. 2020, arXiv:1911.11134, sec. 3): k = f(t)·live with the cosine
//!   decay f(t) = α/2 (1 + cos(π t / T_end)), α = `drop-fraction` (default 0.3), and no
//!   updates from T_end = 75 % of the run on; regrowth where the dense gradient |∂L/∂w|
//!   (of the current minibatch, before masking) is largest; new weights start at 0.
//!
//! A position dropped in this update cannot be regrown in the same update (the candidates
//! are the positions not live before the drop). The optimizer state of regrown positions
//! is reset by the trainer (`Optimizer::reset_at`), so stale momentum cannot move them.

use super::Mask;
use crate::nn::{Init, Layout};
use crate::tensor::Rng;

names! {
    #[derive(Default)]
    pub enum SparseTraining {
        #[default]
        None,
        Set,
        Rigl,
    }
}

/// The drop-and-regrow rule with its schedule.
#[derive(Clone, Debug)]
pub struct Dynamic {
    pub kind: SparseTraining,
    /// ζ (SET) or α (RigL).
    pub drop_fraction: f64,
    /// ΔT.
    pub every: u64,
    /// RigL's T_end (no updates from there on); SET updates until the run ends.
    pub end: u64,
    pub init: Init,
}

impl Dynamic {
    /// The fraction of each layer's live weights to drop before step t; None when t is not
    /// an update step.
    pub fn fraction(&self, t: u64) -> Option<f64> {
        if self.kind == SparseTraining::None || t == 0 || t % self.every.max(1) != 0 {
            return None;
        }
        match self.kind {
            SparseTraining::Set => Some(self.drop_fraction),
            SparseTraining::Rigl if t < self.end => {
                Some(self.drop_fraction / 2.0 * (1.0 + (std::f64::consts::PI * t as f64 / self.end as f64).cos()))
            }
            _ => None,
        }
    }

    /// One drop-and-regrow update with fraction `f`: edits `mask` and `params`; returns the
    /// regrown positions. `dense_grad` is the gradient before masking (RigL's regrowth score).
    pub fn update(&self, f: f64, layout: &Layout, mask: &mut Mask, params: &mut [f32], dense_grad: &[f32], rng: &mut Rng) -> Vec<usize> {
        let mut regrown = Vec::new();
        for slot in &layout.layers {
            let live: Vec<usize> = slot.weight.clone().filter(|&i| mask.is_live(i)).collect();
            let mut dead: Vec<usize> = slot.weight.clone().filter(|&i| !mask.is_live(i)).collect();
            let k = ((f * live.len() as f64).round() as usize).min(dead.len());
            if k == 0 {
                continue;
            }
            let mut by_size = live;
            by_size.sort_by(|&a, &b| params[a].abs().total_cmp(&params[b].abs()).then(a.cmp(&b)));
            match self.kind {
                SparseTraining::Rigl => dead.sort_by(|&a, &b| dense_grad[b].abs().total_cmp(&dense_grad[a].abs()).then(a.cmp(&b))),
                _ => rng.shuffle(&mut dead),
            }
            let keep = mask.as_mut_slice();
            for &i in &by_size[..k] {
                keep[i] = 0.0;
                params[i] = 0.0;
            }
            for &i in &dead[..k] {
                keep[i] = 1.0;
                params[i] = match self.kind {
                    SparseTraining::Set => self.init.sample(slot.inputs, slot.outputs, rng),
                    _ => 0.0,
                };
                regrown.push(i);
            }
        }
        regrown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rigl_drops_the_smallest_and_regrows_the_largest_gradients() {
        // [4, 1]: W = 0..4, b = 4. Live: 0 (|w| 0.1), 1 (0.9); dead: 2 (|g| 5), 3 (|g| 1).
        let layout = Layout::new(&[4, 1]);
        let mut mask = Mask::from_keep(&layout, vec![1.0, 1.0, 0.0, 0.0, 1.0]).unwrap();
        let mut params = vec![0.1, -0.9, 0.0, 0.0, 0.3];
        let grad = vec![0.0, 0.0, -5.0, 1.0, 0.0];
        let d = Dynamic { kind: SparseTraining::Rigl, drop_fraction: 0.5, every: 10, end: 100, init: Init::Glorot };
        let regrown = d.update(0.5, &layout, &mut mask, &mut params, &grad, &mut Rng::new(1));
        assert_eq!(regrown, vec![2]);
        assert_eq!(mask.as_slice(), &[0.0, 1.0, 1.0, 0.0, 1.0]);
        assert_eq!(params, vec![0.0, -0.9, 0.0, 0.0, 0.3]);
        // Cosine decay: f(0) undefined (no update at 0), f(50) = α/2, none at or after T_end.
        assert_eq!(d.fraction(0), None);
        assert!((d.fraction(50).unwrap() - 0.25).abs() < 1e-12);
        assert_eq!(d.fraction(100), None);
        assert_eq!(d.fraction(55), None);
    }
}
