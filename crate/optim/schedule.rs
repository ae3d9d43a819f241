//! Learning-rate schedules, as a function of the step t (0-based) and the base rate η:
//! - constant: η
//! - step: η · rate^⌊t / steps⌋
//! - exponential: η · e^(−rate · t) (Baydin et al. 2018's form η₀ e^(−k i))
//! - cosine: η_min + ½ (η − η_min)(1 + cos(π · min(t, T)/T)), T = steps
//!   (Loshchilov & Hutter 2017, arXiv:1608.03983, without restarts)
//! - sgdr: the same cosine within each period, restarting when T_cur reaches T_i, then
//!   T_i ← T_mult · T_i (T_0 = steps)
//!
//! A linear warm-up of `warmup` steps multiplies any of them by (t + 1)/warmup.


names! {
    #[derive(Default)]
    pub enum ScheduleKind {
        #[default]
        Constant,
        Step,
        Exponential,
        Cosine,
        Sgdr,
    }
}

/// A schedule's settings; the run config stores this struct (keys schedule, schedule-steps,
/// schedule-rate, min-lr, t-mult, warmup-steps).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Schedule {
    /// Default constant.
    pub kind: ScheduleKind,
    /// Period: steps per decay (step), T (cosine), T_0 (sgdr); default 1000.
    pub steps: u64,
    /// Decay factor (step) or rate k (exponential); default 0.5.
    pub rate: f64,
    /// η_min of cosine and sgdr; default 0.
    pub min_lr: f64,
    /// SGDR's period multiplier; default 2.
    pub t_mult: f64,
    /// Linear warm-up length; 0 = none, the default.
    pub warmup: u64,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule { kind: ScheduleKind::Constant, steps: 1000, rate: 0.5, min_lr: 0.0, t_mult: 2.0, warmup: 0 }
    }
}

impl Schedule {
    pub fn lr(&self, base: f64, t: u64) -> f64 {
        let steps = self.steps.max(1) as f64;
        let tf = t as f64;
        // (libm, not std's float functions, which call the platform's libm: the same bits
        // natively and in wasm, and one copy of the code in the wasm core.)
        let cosine = |cur: f64, period: f64| self.min_lr + 0.5 * (base - self.min_lr) * (1.0 + libm::cos(std::f64::consts::PI * cur / period));
        let lr = match self.kind {
            ScheduleKind::Constant => base,
            ScheduleKind::Step => base * libm::pow(self.rate, (tf / steps).floor()),
            ScheduleKind::Exponential => base * libm::exp(-self.rate * tf),
            ScheduleKind::Cosine => cosine(tf.min(steps), steps),
            ScheduleKind::Sgdr => {
                let (mut cur, mut period) = (tf, steps);
                while cur >= period {
                    cur -= period;
                    period *= self.t_mult.max(1.0);
                }
                cosine(cur, period)
            }
        };
        if t < self.warmup {
            lr * (t + 1) as f64 / self.warmup as f64
        } else {
            lr
        }
    }
}

/// Scales `grad` so its global L2 norm is at most `max_norm` (0 = no clipping); returns
/// the norm before clipping (Pascanu et al. 2013, arXiv:1211.5063).
pub fn clip_global_norm(grad: &mut [f32], max_norm: f64) -> f64 {
    let norm = grad.iter().map(|&g| (g as f64) * (g as f64)).sum::<f64>().sqrt();
    if max_norm > 0.0 && norm > max_norm {
        let scale = (max_norm / norm) as f32;
        grad.iter_mut().for_each(|g| *g *= scale);
    }
    norm
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(kind: ScheduleKind) -> Schedule {
        Schedule { kind, steps: 10, rate: 0.5, min_lr: 0.0, t_mult: 2.0, warmup: 0 }
    }

    #[test]
    fn schedules_match_their_formulas_at_chosen_steps() {
        assert_eq!(s(ScheduleKind::Constant).lr(0.1, 57), 0.1);
        assert_eq!(s(ScheduleKind::Step).lr(1.0, 9), 1.0);
        assert_eq!(s(ScheduleKind::Step).lr(1.0, 10), 0.5);
        assert_eq!(s(ScheduleKind::Step).lr(1.0, 25), 0.25);
        assert!((s(ScheduleKind::Exponential).lr(1.0, 2) - (-1.0f64).exp()).abs() < 1e-12);
        let c = s(ScheduleKind::Cosine);
        assert!((c.lr(1.0, 0) - 1.0).abs() < 1e-12);
        assert!((c.lr(1.0, 5) - 0.5).abs() < 1e-12);
        assert!(c.lr(1.0, 10).abs() < 1e-12 && c.lr(1.0, 30).abs() < 1e-12);
        // SGDR with T_0 = 10, T_mult = 2: restarts at 10 and 30.
        let r = s(ScheduleKind::Sgdr);
        assert!((r.lr(1.0, 10) - 1.0).abs() < 1e-12);
        assert!((r.lr(1.0, 20) - 0.5).abs() < 1e-12);
        assert!((r.lr(1.0, 30) - 1.0).abs() < 1e-12);
        let w = Schedule { warmup: 4, ..s(ScheduleKind::Constant) };
        assert_eq!([0, 1, 3, 4].map(|t| w.lr(1.0, t)), [0.25, 0.5, 1.0, 1.0]);
    }

    #[test]
    fn clipping_scales_to_the_max_norm_and_leaves_small_gradients() {
        let mut g = [3.0f32, 4.0];
        assert_eq!(clip_global_norm(&mut g, 1.0), 5.0);
        assert!((g[0] - 0.6).abs() < 1e-7 && (g[1] - 0.8).abs() < 1e-7);
        let mut small = [0.3f32, 0.4];
        clip_global_norm(&mut small, 1.0);
        assert_eq!(small, [0.3, 0.4]);
    }
}
