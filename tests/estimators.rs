//! Gradient sources against the exact gradient: forward gradients are unbiased with the
//! variance Baydin et al. derive ((n + 1)‖∇L‖² Gaussian, (n − 1)‖∇L‖² Rademacher, per
//! tangent), activity perturbation is unbiased, SPSA approaches the JVP, and every
//! method trains.

use gradlab::autodiff::estimator::{agreement, Estimator, Method, TangentDist};
use gradlab::autodiff::loss_and_gradient;
use gradlab::nn::{Activation, Init, Loss, Mlp, Workspace};
use gradlab::tensor::{Mat, Rng};
use gradlab::train::{RunConfig, Trainer};

struct Case {
    mlp: Mlp,
    params: Vec<f32>,
    x: Mat,
    y: Vec<f32>,
    exact: Vec<f32>,
}

fn case(act: Activation) -> Case {
    let mlp = Mlp::new(&[3, 5, 4, 1], &[act, act, Activation::Linear]);
    let mut rng = Rng::new(9);
    let mut params = vec![0.0; mlp.layout.len];
    Init::Glorot.fill(&mlp.layout, &mut rng, &mut params);
    let x = Mat::from_shape_fn((8, 3), |_| rng.uniform(-2.0, 2.0) as f32);
    let y: Vec<f32> = (0..8).map(|i| (i % 2) as f32).collect();
    let mut exact = vec![0.0; params.len()];
    loss_and_gradient(&mlp, &params, x.view(), &y, Loss::Bce, &mut Workspace::default(), &mut exact);
    Case { mlp, params, x, y, exact }
}

/// Mean of `samples` estimates, and the mean squared error of a single estimate.
fn sample(c: &Case, method: Method, dist: TangentDist, samples: usize) -> (Vec<f32>, f64) {
    let mut est = Estimator::new(method, 1, dist, 1e-3, 4);
    let mut ws = Workspace::default();
    let mut g = vec![0.0; c.params.len()];
    let mut mean = vec![0.0f64; g.len()];
    let mut mse = 0.0;
    for _ in 0..samples {
        est.gradient(&c.mlp, &c.params, c.x.view(), &c.y, Loss::Bce, &mut ws, &mut g);
        for i in 0..g.len() {
            mean[i] += g[i] as f64 / samples as f64;
            mse += ((g[i] - c.exact[i]) as f64).powi(2) / samples as f64;
        }
    }
    (mean.iter().map(|&m| m as f32).collect(), mse)
}

#[test]
fn forward_gradients_are_unbiased_with_the_predicted_variance() {
    let c = case(Activation::Tanh);
    let n = c.params.len() as f64;
    let norm2: f64 = c.exact.iter().map(|&g| (g as f64).powi(2)).sum();
    for (dist, law) in [(TangentDist::Gaussian, n + 1.0), (TangentDist::Rademacher, n - 1.0)] {
        let (mean, mse) = sample(&c, Method::ForwardGradient, dist, 20_000);
        let cos = agreement(&c.mlp, &mean, &c.exact).cosine;
        assert!(cos > 0.99, "{dist:?}: cosine of the mean estimate {cos}");
        let ratio = mse / (law * norm2);
        println!("{dist:?}: E‖g − ∇L‖² / (law·‖∇L‖²) = {ratio:.3}");
        assert!((ratio - 1.0).abs() < 0.1, "{dist:?}: {ratio}");
    }
}

#[test]
fn one_tangent_has_cosine_about_one_over_root_n_and_k_tangents_cut_the_variance() {
    let c = case(Activation::Tanh);
    let n = c.params.len() as f64;
    let mut ws = Workspace::default();
    let mut g = vec![0.0; c.params.len()];
    let mut mean_cos = |k: usize| {
        let mut est = Estimator::new(Method::ForwardGradient, k, TangentDist::Gaussian, 1e-3, 11);
        (0..2000)
            .map(|_| {
                est.gradient(&c.mlp, &c.params, c.x.view(), &c.y, Loss::Bce, &mut ws, &mut g);
                agreement(&c.mlp, &g, &c.exact).cosine
            })
            .sum::<f64>()
            / 2000.0
    };
    let one = mean_cos(1);
    let many = mean_cos(64);
    // E|cos| for one Gaussian tangent is about √(2/(π n)); the signed mean is positive.
    assert!(one > 0.3 / n.sqrt() && one < 3.0 / n.sqrt(), "{one} vs 1/√n = {}", 1.0 / n.sqrt());
    assert!(many > 0.7, "64 tangents: {many}");
}

#[test]
fn activity_perturbation_is_unbiased_and_respects_the_relu_mask() {
    for act in [Activation::Tanh, Activation::Relu] {
        let c = case(act);
        let (mean, _) = sample(&c, Method::ActivityPerturbation, TangentDist::Gaussian, 20_000);
        let cos = agreement(&c.mlp, &mean, &c.exact).cosine;
        assert!(cos > 0.99, "{}: {cos}", act.name());
    }
}

#[test]
fn spsa_approaches_the_exact_forward_gradient() {
    let c = case(Activation::Tanh);
    let mut ws = Workspace::default();
    let (mut a, mut b) = (vec![0.0; c.params.len()], vec![0.0; c.params.len()]);
    // The same seed draws the same tangents; only the directional derivative differs.
    Estimator::new(Method::ForwardGradient, 3, TangentDist::Gaussian, 1e-3, 2).gradient(&c.mlp, &c.params, c.x.view(), &c.y, Loss::Bce, &mut ws, &mut a);
    Estimator::new(Method::Spsa, 3, TangentDist::Gaussian, 1e-2, 2).gradient(&c.mlp, &c.params, c.x.view(), &c.y, Loss::Bce, &mut ws, &mut b);
    let cos = agreement(&c.mlp, &a, &b);
    assert!(cos.cosine > 0.999 && (cos.norm_ratio - 1.0).abs() < 0.02, "{cos:?}");
}

#[test]
fn every_gradient_source_trains_and_reports_its_agreement() {
    for (method, steps, extra) in [
        ("backprop", 2000, ""),
        ("forward-gradient", 6000, ""),
        ("activity-perturbation", 6000, ""),
        ("spsa", 6000, ""),
        ("feedback-alignment", 3000, ""),
        ("direct-feedback-alignment", 3000, ""),
        ("guessed-direction", 3000, r#", "guess": "local""#),
        ("backprop", 2000, r#", "local-losses": true"#),
        ("forward-gradient", 6000, r#", "local-losses": true"#),
        ("activity-perturbation", 6000, r#", "local-losses": true"#),
        ("forward-forward", 2000, r#", "optimizer": "adam", "lr": 0.03"#),
    ] {
        let json = format!(r#"{{"dataset": "gauss", "hidden": [4], "optimizer": "sgd", "lr": 0.01, "method": "{method}", "tangents": 4{extra}}}"#);
        let mut t = Trainer::new(RunConfig::from_json(&json).unwrap());
        t.diagnose = true;
        let before = t.evaluate_train().loss;
        t.run(steps).unwrap();
        let after = t.evaluate_train().loss;
        assert!(after < 0.7 * before, "{method}{extra}: {before} → {after}");
        match (method, extra, &t.last_agreement) {
            ("backprop", "", a) => assert!(a.is_none()),
            (_, _, Some(a)) => assert!(a.cosine.is_finite() && a.per_layer.len() == 2, "{method}: {a:?}"),
            (_, _, None) => panic!("{method}{extra}: no agreement recorded"),
        }
    }
}

#[test]
fn the_variance_experiment_follows_the_n_plus_one_over_k_law() {
    let mut t = Trainer::new(RunConfig::from_json(r#"{"dataset": "circle", "hidden": [5]}"#).unwrap());
    let rows = t.variance_vs_k(&[1, 4, 16], 2000);
    for [k, cos, err, law] in rows {
        assert!((err / law - 1.0).abs() < 0.15, "K = {k}: measured {err}, law {law}");
        assert!(cos > 0.0);
    }
}

#[test]
fn feedback_alignment_is_exact_on_the_last_layer_and_a_descent_direction() {
    // The output layer's update is exact in FA and DFA (no feedback matrix is involved);
    // hidden layers get pseudo-gradients from fixed random matrices. After training the
    // whole update still points downhill (positive cosine with the true gradient). Measured
    // here after 3,000 steps: FA 0.43 overall; how far the hidden layers align is shown
    // live on the page, not asserted.
    for method in ["feedback-alignment", "direct-feedback-alignment"] {
        let json = format!(r#"{{"dataset": "gauss", "hidden": [8, 8], "activation": "tanh", "optimizer": "sgd", "lr": 0.05, "method": "{method}"}}"#);
        let mut t = Trainer::new(RunConfig::from_json(&json).unwrap());
        let first = t.probe_agreement().unwrap();
        assert!((first.per_layer[2] - 1.0).abs() < 1e-6, "{method}: output layer {:?}", first.per_layer);
        t.run(3000).unwrap();
        let later = t.probe_agreement().unwrap();
        assert!(later.cosine > 0.1, "{method}: cosine after training {:?}", later);
        assert!((later.per_layer[2] - 1.0).abs() < 1e-6);
    }
}
