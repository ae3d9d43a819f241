//! Optimizers against the optax reference trajectories in tests/data/optimizers.json
//! (produced by optax 0.2.8 in float64 with open-loop gradients; see its "source"
//! field). We run in f32, so agreement is to about 1e-5 relative.

use gradlab::optim::{Hyper, OptimizerKind};
use serde_json::Value;

fn golden() -> Value {
    serde_json::from_str(include_str!("data/optimizers.json")).unwrap()
}

fn hyper(h: &Value) -> (Hyper, f32) {
    let get = |k: &str, d: f32| h.get(k).and_then(Value::as_f64).map_or(d, |v| v as f32);
    (Hyper { momentum: get("momentum", 0.0), nesterov: false, b1: get("b1", 0.9), b2: get("b2", 0.999), eps: get("eps", 1e-8) }, get("lr", 0.0))
}

fn check(case_name: &str, kind: OptimizerKind, nesterov: bool) {
    let g = golden();
    let case = g["cases"].as_array().unwrap().iter().find(|c| c["optimizer"] == case_name).expect("case present");
    let (mut h, lr) = hyper(&case["hyper"]);
    h.nesterov = nesterov;
    let to_vec = |v: &Value| v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap() as f32).collect::<Vec<f32>>();
    let mut x = to_vec(&case["x0"]);
    let mut opt = kind.build(&h, x.len());
    for (t, (grad, want)) in case["grads"].as_array().unwrap().iter().zip(case["params"].as_array().unwrap()).enumerate() {
        opt.step(&mut x, &to_vec(grad), lr);
        for (a, b) in x.iter().zip(to_vec(want)) {
            assert!((a - b).abs() <= 2e-5 * b.abs().max(1.0), "{case_name} step {}: {a} vs optax {b}", t + 1);
        }
    }
}

#[test]
fn sgd_matches_optax() {
    check("sgd", OptimizerKind::Sgd, false);
}

#[test]
fn sgd_momentum_matches_optax() {
    check("sgd_momentum", OptimizerKind::Sgd, false);
}

#[test]
fn sgd_nesterov_matches_optax() {
    check("sgd_nesterov", OptimizerKind::Sgd, true);
}

#[test]
fn adam_matches_optax() {
    check("adam", OptimizerKind::Adam, false);
}

#[test]
fn learning_rate_can_change_mid_run_without_losing_state() {
    // Two runs: lr 0.01 throughout vs lr 0.01 then 0.02 from step 6. Adam's moments are
    // kept across the change, so step 6's direction is the same and only its size doubles.
    let h = Hyper { momentum: 0.0, nesterov: false, b1: 0.9, b2: 0.999, eps: 1e-8 };
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
