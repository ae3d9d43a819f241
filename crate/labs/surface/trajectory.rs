//! An optimizer's path on a test function: N steps from a start point, the start first,
//! N + 1 points. The optimizer works in f32 on the two coordinates, as on a network.

use super::TestFunction;
use crate::optim::{Hyper, OptimizerKind};
use crate::optim::schedule::Schedule;

pub fn trajectory(f: TestFunction, kind: OptimizerKind, hyper: &Hyper, lr: f64, schedule: &Schedule, start: [f64; 2], steps: usize) -> Vec<[f64; 2]> {
    let mut opt = kind.build(hyper, 2);
    let mut x = [start[0] as f32, start[1] as f32];
    let mut points = Vec::with_capacity(steps + 1);
    points.push(start);
    for t in 0..steps {
        let p = [x[0] as f64, x[1] as f64];
        let mut g = f.gradient(p, t as u64 + 1);
        if f.one_dimensional() {
            g[1] = 0.0;
        }
        opt.step(&mut x, &[g[0] as f32, g[1] as f32], schedule.lr(lr, t as u64) as f32);
        let q = f.project([x[0] as f64, x[1] as f64]);
        x = [q[0] as f32, q[1] as f32];
        points.push(q);
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::schedule::ScheduleKind;

    fn constant() -> Schedule {
        Schedule { kind: ScheduleKind::Constant, steps: 1, rate: 0.0, min_lr: 0.0, t_mult: 1.0, warmup: 0 }
    }

    #[test]
    fn adam_finds_himmelblaus_minimum_and_sgd_steps_exactly() {
        let path = trajectory(TestFunction::Himmelblau, OptimizerKind::Adam, &Hyper::default(), 0.05, &constant(), [0.0, 0.0], 2000);
        assert_eq!(path.len(), 2001);
        assert_eq!(path[0], [0.0, 0.0]);
        let end = path[2000];
        assert!(TestFunction::Himmelblau.value(end, 1) < 1e-3, "{end:?}");
        // One SGD step on the saddle from (−1, 0.5): ∇ = (−2, −1), so (−1 + 0.2, 0.5 + 0.1).
        let p = trajectory(TestFunction::Saddle, OptimizerKind::Sgd, &Hyper::default(), 0.1, &constant(), [-1.0, 0.5], 1);
        assert!((p[1][0] + 0.8).abs() < 1e-6 && (p[1][1] - 0.6).abs() < 1e-6);
    }

    #[test]
    fn amsgrad_solves_reddis_counterexample_where_adam_drifts_to_the_wrong_end() {
        // Reddi et al. 2018, sec. 3: with β1 = 0.9, β2 = 0.99 Adam converges to x = +1
        // (the worst point), AMSGrad to the optimum x = −1. Checked here with a constant
        // η = 0.1 (the paper decays η/√t) over 100,000 steps. AMSGrad drifts there slowly: it
        // keeps the max of the corrected v̂ (optax), which the spike at t = 1 sets high.
        let h = Hyper { b1: Some(0.9), b2: Some(0.99), ..Hyper::default() };
        let f = TestFunction::AmsgradCounterexample;
        let adam = trajectory(f, OptimizerKind::Adam, &h, 0.1, &constant(), [0.0, 0.0], 100_000);
        let ams = trajectory(f, OptimizerKind::Amsgrad, &h, 0.1, &constant(), [0.0, 0.0], 100_000);
        let tail = |p: &[[f64; 2]]| p[p.len() - 1000..].iter().map(|q| q[0]).sum::<f64>() / 1000.0;
        assert!(tail(&adam) > 0.5, "Adam's average position {}", tail(&adam));
        assert!(tail(&ams) < -0.9, "AMSGrad's average position {}", tail(&ams));
    }
}
