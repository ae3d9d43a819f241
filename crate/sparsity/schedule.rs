//! When to prune, and to what sparsity: one-shot or gradual.
//! - one-shot (`prune-steps` = 0): at step `prune-at`, straight to the final sparsity s_f;
//! - gradual, the cubic schedule of Zhu & Gupta 2017 ("To prune, or not to prune",
//!   arXiv:1710.01878, eq. 1) with s_i = 0: at t = t0 + kΔt for k = 0 … n, with nΔt =
//!   `prune-steps` and Δt = `prune-every`, s_t = s_f (1 − (1 − (t − t0)/(nΔt))³). It prunes
//!   fast early, while redundant weights abound, and slowly near the end.
//!
//! For N:M the sparsity is fixed (1 − N/M); a gradual N:M schedule is the progressive
//! option instead: the mask is recomputed every Δt steps, and over the ramp the pruned
//! weights fade out rather than vanish (see `pruner`).

/// A pruning schedule in steps (the trainer's step counter, before the step is taken).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PruneSchedule {
    /// t0, the first pruning step.
    pub at: u64,
    /// nΔt, the length of the ramp (0 = one-shot).
    pub steps: u64,
    /// Δt between prunings of the ramp (≥ 1).
    pub every: u64,
    /// s_f.
    pub sparsity: f64,
}

impl PruneSchedule {
    /// The sparsity to prune to before step `t`, when `t` is a pruning step.
    pub fn target(&self, t: u64) -> Option<f64> {
        if t < self.at {
            return None;
        }
        if self.steps == 0 {
            return (t == self.at).then_some(self.sparsity);
        }
        let dt = t - self.at;
        if dt > self.steps || (dt % self.every.max(1) != 0 && dt != self.steps) {
            return None;
        }
        Some(self.cubic(t))
    }

    /// s_t of the cubic ramp at any step (s_f after the ramp, 0 before it).
    pub fn cubic(&self, t: u64) -> f64 {
        if t < self.at {
            return 0.0;
        }
        if self.steps == 0 {
            return self.sparsity;
        }
        let frac = ((t - self.at) as f64 / self.steps as f64).min(1.0);
        self.sparsity * (1.0 - (1.0 - frac).powi(3))
    }

    /// The ramp's progress in [0, 1] at step t: 0 before or at t0, 1 at its end.
    pub fn progress(&self, t: u64) -> f64 {
        if self.steps == 0 {
            return if t >= self.at { 1.0 } else { 0.0 };
        }
        (t.saturating_sub(self.at) as f64 / self.steps as f64).min(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_shot_prunes_once_at_its_step() {
        let s = PruneSchedule { at: 5, steps: 0, every: 100, sparsity: 0.9 };
        let hits: Vec<(u64, f64)> = (0..20).filter_map(|t| s.target(t).map(|v| (t, v))).collect();
        assert_eq!(hits, vec![(5, 0.9)]);
    }

    #[test]
    fn the_cubic_ramp_matches_zhu_and_gupta() {
        // t0 = 100, nΔt = 300, Δt = 100, s_f = 0.8: s = 0.8(1 − (1 − k/3)³) for k = 0..3:
        // 0, 0.8·(1 − 8/27) = 0.562962…, 0.8·(1 − 1/27) = 0.770370…, 0.8.
        let s = PruneSchedule { at: 100, steps: 300, every: 100, sparsity: 0.8 };
        let hits: Vec<(u64, f64)> = (0..1000).filter_map(|t| s.target(t).map(|v| (t, v))).collect();
        let want = [(100, 0.0), (200, 0.8 * 19.0 / 27.0), (300, 0.8 * 26.0 / 27.0), (400, 0.8)];
        assert_eq!(hits.len(), 4, "{hits:?}");
        for ((t, v), (wt, wv)) in hits.iter().zip(want) {
            assert_eq!(*t, wt);
            assert!((v - wv).abs() < 1e-12, "{v} vs {wv}");
        }
        // A ramp that Δt does not divide still ends on its last step.
        let s = PruneSchedule { at: 0, steps: 250, every: 100, sparsity: 0.5 };
        let steps: Vec<u64> = (0..1000).filter(|&t| s.target(t).is_some()).collect();
        assert_eq!(steps, vec![0, 100, 200, 250]);
    }
}
