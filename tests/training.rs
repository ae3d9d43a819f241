//! Behaviour: training reaches stated accuracies with stated configs and seeds, runs are
//! bit-identical for the same config and seed, and divergence is caught.

use gradlab::train::{RunConfig, Trainer};

fn train(json: &str) -> Trainer {
    let cfg = RunConfig::from_json(json).unwrap();
    let mut t = Trainer::new(cfg.clone());
    let steps = (cfg.training.epochs * t.data.train.len()).div_ceil(t.batch_size()) as u64;
    t.run(steps).unwrap();
    t
}

/// The Playground's two-arm spiral (500 points, no noise, half for training) with the
/// Playground's extra sin features, two tanh layers of 16 and Adam.
pub const SPIRAL: &str = r#"{"dataset": "spiral", "seed": 1, "data-seed": 1, "features": ["x1", "x2", "sin-x1", "sin-x2"],
  "hidden": [16, 16], "activation": "tanh", "optimizer": "adam", "lr": 0.01, "batch-size": 10, "epochs": 200}"#;

/// The digits, 70 % for training, one ReLU layer of 64, Adam, batch 32, 40 epochs.
pub const DIGITS: &str = r#"{"dataset": "digits", "seed": 1, "data-seed": 1, "train-ratio": 0.7, "hidden": [64],
  "activation": "relu", "init": "he", "optimizer": "adam", "lr": 0.003, "batch-size": 32, "epochs": 40}"#;

#[test]
fn spiral_reaches_95_percent_test_accuracy() {
    let mut t = train(SPIRAL);
    let acc = t.evaluate_test().accuracy.unwrap();
    println!("spiral test accuracy {acc}");
    assert!(acc >= 0.95, "spiral test accuracy {acc}");
}

#[test]
fn digits_reach_95_percent_test_accuracy() {
    let mut t = train(DIGITS);
    let acc = t.evaluate_test().accuracy.unwrap();
    println!("digits test accuracy {acc}");
    assert!(acc >= 0.95, "digits test accuracy {acc}");
}

#[test]
fn multiclass_spiral_with_three_arms_trains_well() {
    let mut t = train(r#"{"dataset": "multi-spiral", "classes": 3, "samples": 600, "noise": 0.1, "hidden": [32, 32],
        "activation": "relu", "init": "he", "optimizer": "adam", "lr": 0.01, "batch-size": 16, "epochs": 150}"#);
    let acc = t.evaluate_test().accuracy.unwrap();
    assert!(acc >= 0.9, "three-arm spiral test accuracy {acc}");
}

#[test]
fn regression_loss_falls_on_reg_gauss() {
    let cfg = RunConfig::from_json(r#"{"dataset": "reg-gauss", "hidden": [8, 8], "optimizer": "adam", "lr": 0.01}"#).unwrap();
    let mut t = Trainer::new(cfg);
    let before = t.evaluate_test();
    assert!(before.accuracy.is_none(), "regression has no accuracy");
    t.run(3000).unwrap();
    let after = t.evaluate_test();
    assert!(after.loss < 0.5 * before.loss, "{} → {}", before.loss, after.loss);
}

#[test]
fn same_config_and_seed_give_bit_identical_weights_and_metrics() {
    let a = train(SPIRAL);
    let b = train(SPIRAL);
    assert_eq!(a.params.iter().map(|p| p.to_bits()).collect::<Vec<_>>(), b.params.iter().map(|p| p.to_bits()).collect::<Vec<_>>());
    assert_eq!(a.history, b.history);
    let mut other = RunConfig::from_json(SPIRAL).unwrap();
    other.training.seed = 2;
    let mut c = Trainer::new(other);
    c.run(10).unwrap();
    assert_ne!(a.initial_params(), c.initial_params(), "another seed, other initial weights");
}

#[test]
fn reset_returns_to_the_same_weights_and_minibatch_order() {
    let cfg = RunConfig::from_json(r#"{"optimizer": "adam", "lr": 0.01}"#).unwrap();
    let mut t = Trainer::new(cfg);
    let first: Vec<f64> = (0..50).map(|_| t.step().unwrap().batch_loss).collect();
    let after_first = t.params.clone();
    t.reset();
    assert_eq!(t.params, t.initial_params());
    let second: Vec<f64> = (0..50).map(|_| t.step().unwrap().batch_loss).collect();
    assert_eq!(first, second);
    assert_eq!(after_first, t.params);
}

#[test]
fn each_epoch_records_train_and_test_metrics() {
    let t = train(r#"{"samples": 100, "batch-size": 10, "epochs": 3}"#);
    // 50 training rows, batch 10: an epoch every 5 steps.
    assert_eq!(t.history.len(), 3);
    assert_eq!(t.history.iter().map(|m| m.step).collect::<Vec<_>>(), vec![5, 10, 15]);
    assert!(t.history.iter().all(|m| m.train.accuracy.is_some() && m.test.loss.is_finite()));
}

#[test]
fn divergence_halts_with_a_message_and_keeps_the_last_good_weights() {
    let cfg = RunConfig::from_json(r#"{"dataset": "reg-plane", "hidden": [], "lr": 10}"#).unwrap();
    let mut t = Trainer::new(cfg);
    let err = t.run(1000).unwrap_err();
    assert!(err.to_string().contains("diverged") && err.to_string().contains("learning rate"), "{err}");
    assert!(t.params.iter().all(|p| p.is_finite()));
    assert_eq!(t.step + 1, err.step, "the failed step is not counted");
}

#[test]
fn learning_rate_changes_live_but_a_new_network_needs_a_rebuild() {
    let mut t = Trainer::new(RunConfig::default());
    t.run(20).unwrap();
    let mut c = t.config.clone();
    c.optimizer.lr = 0.3;
    assert!(t.update_live(&c));
    assert_eq!(t.step, 20);
    c.network.hidden = vec![3];
    assert!(!t.update_live(&c));
}

include!("wasm/fingerprints.rs");

#[test]
fn initial_weights_and_data_have_the_fingerprints_the_wasm_build_checks() {
    let cfg = RunConfig::from_json(r#"{"dataset": "spiral", "noise": 0.3, "hidden": [8, 8], "init": "he", "seed": 42, "data-seed": 7}"#).unwrap();
    let t = Trainer::new(cfg);
    let points: Vec<f32> = t.data.train.points.rows().into_iter().zip(&t.data.train.y).flat_map(|(p, &y)| [p[0], p[1], y]).collect();
    println!("init {:#x} data {:#x}", gradlab::train::fingerprint(t.initial_params()), gradlab::train::fingerprint(&points));
    assert_eq!(gradlab::train::fingerprint(t.initial_params()), NATIVE_INIT_FINGERPRINT);
    assert_eq!(gradlab::train::fingerprint(&points), NATIVE_DATA_FINGERPRINT);
}

#[test]
fn schedules_clipping_lookahead_and_sam_all_train() {
    for extra in [
        r#""schedule": "cosine", "schedule-steps": 2000, "warmup-steps": 100"#,
        r#""schedule": "sgdr", "schedule-steps": 200"#,
        r#""clip-norm": 0.5"#,
        r#""lookahead-k": 5"#,
        r#""sam-rho": 0.05"#,
        r#""optimizer": "gravity", "lr": 0.1"#,
    ] {
        let json = format!(r#"{{"dataset": "circle", "hidden": [6], "optimizer": "adam", "lr": 0.02, {extra}}}"#);
        let mut t = Trainer::new(RunConfig::from_json(&json).unwrap());
        let before = t.evaluate_test().loss;
        t.run(2000).unwrap();
        let after = t.evaluate_test().loss;
        assert!(after < 0.5 * before, "{extra}: {before} → {after}");
    }
}

#[test]
fn a_zero_learning_rate_from_the_schedule_freezes_the_weights() {
    // Step decay with factor 0 after 5 steps: the 6th step onwards uses lr 0.
    let cfg = RunConfig::from_json(r#"{"schedule": "step", "schedule-steps": 5, "schedule-rate": 0}"#).unwrap();
    let mut t = Trainer::new(cfg);
    t.run(5).unwrap();
    let frozen = t.params.clone();
    t.run(20).unwrap();
    assert_eq!(t.params, frozen);
}

#[test]
fn sam_steps_with_the_gradient_at_the_perturbed_weights() {
    // A linear model ŷ = w·x + b on one row (x = 1, y = 0) with MSE: L = (w + b)², so
    // g = 2(w + b)·(1, 1). SAM (Foret et al. 2021, eq. 2) moves to θ + ρ g/‖g‖ =
    // θ + ρ(1, 1)/√2 and takes the gradient there: g_sam = 2(w + b + √2 ρ)·(1, 1).
    // Plain SGD then steps θ ← θ − η g_sam.
    let cfg = RunConfig::from_json(r#"{"dataset": "reg-plane", "features": ["x1"], "hidden": [], "batch-size": 1, "lr": 0.1, "sam-rho": 0.05}"#).unwrap();
    let mut t = Trainer::new(cfg);
    t.data.train = gradlab::data::Dataset { x: ndarray::array![[1.0f32]], y: vec![0.0], points: ndarray::Array2::zeros((1, 0)) };
    t.reset();
    t.params.copy_from_slice(&[0.5, 0.1]);
    t.step().unwrap();
    let g_sam = 2.0 * (0.6 + 2f32.sqrt() * 0.05);
    assert!((t.params[0] - (0.5 - 0.1 * g_sam)).abs() < 1e-6, "{:?}", t.params);
    assert!((t.params[1] - (0.1 - 0.1 * g_sam)).abs() < 1e-6, "{:?}", t.params);
}
