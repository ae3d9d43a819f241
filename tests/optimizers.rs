//! Optimizers against the optax reference trajectories in tests/data/optimizers.json
//! (produced by optax 0.2.8 in float64 with open-loop gradients; see its "source"
//! field). We run in f32, so agreement is to about 1e-5 relative.

use gradlab::optim::{Hyper, Optimizer, OptimizerKind};
use serde_json::Value;

fn golden() -> Value {
    serde_json::from_str(include_str!("data/optimizers.json")).unwrap()
}

/// The golden case's hyperparameters under our names (the same names by design).
fn hyper(h: &Value) -> (Hyper, f32) {
    let get = |k: &str| h.get(k).and_then(Value::as_f64);
    let hyper = Hyper {
        momentum: get("momentum"),
        b1: get("b1"),
        b2: get("b2"),
        b3: get("b3"),
        alpha: get("alpha"),
        eps: get("eps"),
        eps_root: get("eps_root"),
        weight_decay: get("weight_decay"),
        decay: get("decay"),
        initial_accumulator_value: get("initial_accumulator_value"),
        threshold: get("threshold"),
        ..Hyper::default()
    };
    (hyper, get("lr").unwrap() as f32)
}

/// Runs one golden case; returns the worst relative difference over all steps.
fn run_case(case_name: &str, kind: OptimizerKind, nesterov: bool) -> f32 {
    let g = golden();
    let case = g["cases"].as_array().unwrap().iter().find(|c| c["optimizer"] == case_name).expect("case present");
    let (mut h, lr) = hyper(&case["hyper"]);
    h.nesterov = Some(nesterov);
    let to_vec = |v: &Value| v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap() as f32).collect::<Vec<f32>>();
    let mut x = to_vec(&case["x0"]);
    let mut opt = kind.build(&h, x.len());
    let mut worst = 0.0f32;
    for (grad, want) in case["grads"].as_array().unwrap().iter().zip(case["params"].as_array().unwrap()) {
        opt.step(&mut x, &to_vec(grad), lr);
        for (a, b) in x.iter().zip(to_vec(want)) {
            worst = worst.max((a - b).abs() / b.abs().max(1.0));
        }
    }
    worst
}

#[test]
fn every_golden_optimizer_matches_optax() {
    use OptimizerKind::*;
    let cases = [
        ("sgd", Sgd, false),
        ("sgd_momentum", Sgd, false),
        ("sgd_nesterov", Sgd, true),
        ("adagrad", Adagrad, false),
        ("rmsprop", Rmsprop, false),
        ("adam", Adam, false),
        ("adamw", Adamw, false),
        ("amsgrad", Amsgrad, false),
        ("adamax", Adamax, false),
        ("radam", Radam, false),
        ("adabelief", Adabelief, false),
        ("lion", Lion, false),
        ("ademamix", Ademamix, false),
        ("madgrad", Madgrad, false),
    ];
    let mut report = Vec::new();
    for (name, kind, nesterov) in cases {
        let worst = run_case(name, kind, nesterov);
        report.push(format!("{name}: {worst:.1e}"));
        // f32 arithmetic against optax's float64 over 30 steps.
        assert!(worst < 2e-6, "{name} differs from optax by {worst} (relative); all: {report:?}");
    }
    println!("{}", report.join(", "));
    let covered = g_cases();
    assert_eq!(covered, cases.len(), "every case in the golden file is checked");
}

fn g_cases() -> usize {
    golden()["cases"].as_array().unwrap().len()
}

#[test]
fn learning_rate_can_change_mid_run_without_losing_state() {
    // Two runs: lr 0.01 throughout vs lr 0.01 then 0.02 from step 6. Adam's moments are
    // kept across the change, so step 6's direction is the same and only its size doubles.
    let h = Hyper::default();
    let grads: Vec<Vec<f32>> = (0..6).map(|t| vec![1.0 + t as f32 * 0.1, -0.5]).collect();
    let mut a = vec![0.0f32; 2];
    let mut b = vec![0.0f32; 2];
    let mut oa = OptimizerKind::Adam.build(&h, 2);
    let mut ob = OptimizerKind::Adam.build(&h, 2);
    for (t, g) in grads.iter().enumerate() {
        let before = a.clone();
        oa.step(&mut a, g, 0.01);
        ob.step(&mut b, g, if t == 5 { 0.02 } else { 0.01 });
        if t == 5 {
            for i in 0..2 {
                let da = a[i] - before[i];
                let db = b[i] - before[i];
                assert!((db - 2.0 * da).abs() < 1e-6, "{da} {db}");
            }
        }
    }
}

/// First steps worked out by hand from each rule (no reference library has these four
/// in the golden file): with m̂ = g and v̂ = g² at t = 1 each moves by about η·sign(g).
#[test]
fn first_steps_of_the_optimizers_without_goldens_match_hand_computation() {
    let g = [0.5f32, -2.0, 0.0];
    let lr = 0.1;
    let sigmoid = |x: f32| 1.0 / (1.0 + (-x).exp());
    let cases: [(OptimizerKind, [f32; 3]); 4] = [
        (OptimizerKind::Diffgrad, [-lr * sigmoid(0.5), lr * sigmoid(2.0), 0.0]),
        (OptimizerKind::Grams, [-lr, lr, 0.0]),
        (OptimizerKind::Adabound, [-lr, lr, 0.0]),
        (OptimizerKind::Amsbound, [-lr, lr, 0.0]),
    ];
    for (kind, want) in cases {
        let mut x = [0.0f32; 3];
        kind.build(&Hyper::default(), 3).step(&mut x, &g, lr);
        for (a, b) in x.iter().zip(want) {
            assert!((a - b).abs() < 1e-5, "{}: {x:?} vs {want:?}", kind.name());
        }
    }
}

/// Every optimizer, at its defaults and a learning rate that suits it, brings an
/// ill-conditioned quadratic f = ½ Σ a_i x_i² (a = 1, 10) from (1, 1) near its minimum.
#[test]
fn every_optimizer_converges_on_a_quadratic() {
    for kind in OptimizerKind::ALL {
        let lr = match kind {
            OptimizerKind::Sgd => 0.05,
            OptimizerKind::Adagrad => 0.5,
            OptimizerKind::Lion => 0.003,
            OptimizerKind::Madgrad => 0.05,
            OptimizerKind::Gravity => 0.1,
            _ => 0.02,
        };
        let a = [1.0f32, 10.0];
        let mut x = vec![1.0f32, 1.0];
        let mut opt = kind.build(&Hyper::default(), 2);
        for _ in 0..2000 {
            let g: Vec<f32> = x.iter().zip(a).map(|(x, a)| a * x).collect();
            opt.step(&mut x, &g, lr);
        }
        let f: f32 = x.iter().zip(a).map(|(x, a)| 0.5 * a * x * x).sum();
        // Gravity damps large gradients by design (ζ = G / (1 + (G·max|G|)²)), so on this
        // steep start it only has to halve f (from 5.5) in the same budget.
        let bound = if kind == OptimizerKind::Gravity { 2.75 } else { 1e-2 };
        assert!(f < bound, "{}: f = {f} at {x:?}", kind.name());
    }
}

#[test]
fn lookahead_interpolates_towards_the_fast_weights_every_k_steps() {
    use gradlab::optim::lookahead::Lookahead;
    // Inner SGD with lr 1 and gradient −1 moves θ by +1 per step; after k = 2 steps
    // θ = 2, then φ = 0 + 0.5·(2 − 0) = 1 and θ restarts from 1.
    let mut la = Lookahead::new(OptimizerKind::Sgd.build(&Hyper::default(), 1), 2, 0.5);
    let mut x = [0.0f32];
    la.step(&mut x, &[-1.0], 1.0);
    assert_eq!(x, [1.0]);
    la.step(&mut x, &[-1.0], 1.0);
    assert_eq!(x, [1.0]);
    la.step(&mut x, &[-1.0], 1.0);
    la.step(&mut x, &[-1.0], 1.0);
    assert_eq!(x, [2.0]); // φ = 1 + 0.5·(3 − 1)
}

#[test]
fn gravity_follows_its_update_rule_from_a_zero_initial_velocity() {
    // With α = 0, V₀ = 0. Step 1: β̂ = (0.9 + 1)/3; m = 1/max|G| = 1/2;
    // ζ = G / (1 + (2G)²) for G = [2, −1] = [2/17, −1/5]; V = (1 − β̂) ζ; θ = −η V.
    let h = Hyper { alpha: Some(0.0), ..Hyper::default() };
    let mut opt = OptimizerKind::Gravity.build(&h, 2);
    let mut x = [0.0f32; 2];
    opt.step(&mut x, &[2.0, -1.0], 0.1);
    let bh = (0.9f32 + 1.0) / 3.0;
    let want = [-0.1 * (1.0 - bh) * 2.0 / 17.0, 0.1 * (1.0 - bh) / 5.0];
    assert!((x[0] - want[0]).abs() < 1e-7 && (x[1] - want[1]).abs() < 1e-7, "{x:?} vs {want:?}");
}

/// The other libraries' conventions, as settings, worked out by hand on two steps.
#[test]
fn the_other_libraries_conventions_are_settings() {
    // PyTorch Adagrad: s₀ = 0, ε outside the root. Step 1 with g = 2: s = 4,
    // θ = −η·2/(2 + ε) ≈ −η.
    let h = Hyper { initial_accumulator_value: Some(0.0), eps_inside: Some(false), eps: Some(1e-10), ..Hyper::default() };
    let mut x = [0.0f32];
    OptimizerKind::Adagrad.build(&h, 1).step(&mut x, &[2.0], 0.1);
    assert!((x[0] + 0.1).abs() < 1e-6, "{x:?}");
    // RMSProp with ε inside: v = 0.1·g² = 0.4 for g = 2, θ = −η·2/√(0.4 + 0.6).
    let h = Hyper { eps_inside: Some(true), eps: Some(0.6), ..Hyper::default() };
    let mut x = [0.0f32];
    OptimizerKind::Rmsprop.build(&h, 1).step(&mut x, &[2.0], 0.1);
    assert!((x[0] + 0.2).abs() < 1e-6, "{x:?}");
    // AMSGrad with β1 = 0 (so m̂ = g), β2 = 0.5, g₁ = 10, g₂ = 5: v₁ = 50, v₂ = 37.5.
    // PyTorch's max of the raw v keeps 50 and divides by √(50 / (1 − 0.25)) = 8.165;
    // optax's max of v̂ keeps v̂₁ = 50/0.5 = 100 over v̂₂ = 50, so it divides by 10.
    let run = |corrected: bool| {
        let h = Hyper { b1: Some(0.0), b2: Some(0.5), eps: Some(0.0), max_corrected: Some(corrected), ..Hyper::default() };
        let mut opt = OptimizerKind::Amsgrad.build(&h, 1);
        let mut x = [0.0f32];
        opt.step(&mut x, &[10.0], 1.0);
        let after_one = x[0];
        opt.step(&mut x, &[5.0], 1.0); // m̂ = g = 5 with β1 = 0
        x[0] - after_one
    };
    assert!((run(true) + 5.0 / 10.0).abs() < 1e-6);
    assert!((run(false) + 5.0 / (50.0f32 / 0.75).sqrt()).abs() < 1e-6);
}

include!("wasm/update_formulas.rs");

#[test]
fn vectorized_update_loops_match_the_formulas_bit_for_bit() {
    update_loops_match_the_formulas_bit_for_bit();
}

/// A run of `steps` steps on a fixed gradient sequence from `x`.
fn steps(opt: &mut dyn Optimizer, x: &mut [f32], from: usize, steps: usize) {
    for t in from..from + steps {
        let g: Vec<f32> = (0..x.len()).map(|i| ((t * 7 + i * 3) % 11) as f32 / 5.0 - 1.0 + 0.1 * x[i]).collect();
        opt.step(x, &g, 0.01);
    }
}

#[test]
fn every_optimizer_forgets_its_state_on_reset_and_at_the_indices_asked() {
    // reset: the next steps are those of a new optimizer from the same point. reset_at: the
    // per-parameter state at those indices is the starting state again (0, or Adagrad's
    // initial accumulator) and the rest is kept.
    for kind in OptimizerKind::ALL {
        let h = Hyper::default();
        let x0: Vec<f32> = (0..6).map(|i| i as f32 * 0.3 - 0.7).collect();
        let (mut used, mut x) = (kind.build(&h, x0.len()), x0.clone());
        steps(&mut *used, &mut x, 0, 5);
        used.reset();
        let (mut fresh, mut y) = (kind.build(&h, x0.len()), x.clone());
        steps(&mut *used, &mut x, 0, 5);
        steps(&mut *fresh, &mut y, 0, 5);
        assert_eq!(x, y, "{}: reset", kind.name());

        let start: Vec<Vec<f32>> = kind.build(&h, x0.len()).buffers().into_iter().map(|b| b.clone()).collect();
        let before: Vec<Vec<f32>> = used.buffers().into_iter().map(|b| b.clone()).collect();
        used.reset_at(&[1, 4]);
        for (k, (b, old)) in used.buffers().into_iter().zip(&before).enumerate() {
            for i in 0..b.len() {
                let want = if i == 1 || i == 4 { start[k].get(i).copied().unwrap_or(0.0) } else { old[i] };
                assert_eq!(b[i], want, "{}: buffer {k}[{i}] after reset_at", kind.name());
            }
        }
    }
}
