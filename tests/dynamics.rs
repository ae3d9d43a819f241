//! The training-dynamics lab's headline effects, each on its preset (labs::dynamics).
//! Expected numbers come from `gradlab dynamics --preset …` runs recorded in
//! docs/DYNAMICS.md. Run in release (`cargo test --release --test dynamics`).

use gradlab::labs::dynamics::eos::{self, EosConfig};

/// Cohen et al. 2021 on their Chebyshev regression: the sharpness starts well below 2/η,
/// rises, and then hovers within 10% of 2/η (the mean over the second half of training,
/// and every measurement there within 15%) for η = 0.2 and η = 0.4; the loss keeps
/// falling overall but not monotonically.
#[test]
fn sharpness_rises_to_two_over_eta_and_hovers_there_for_two_learning_rates() {
    for lr in [0.2, 0.4] {
        let c = EosConfig { lr, steps: 4000, every: 100, ..Default::default() };
        let s = eos::run(&c).unwrap();
        assert_eq!(s.diverged_at, None, "η = {lr}");
        let edge = 2.0 / lr;
        assert!(s.sharpness[0] < 0.9 * edge, "η = {lr}: starts at {} (2/η = {edge})", s.sharpness[0]);
        let late: Vec<f64> = s.curves.steps.iter().zip(&s.sharpness).filter(|(&t, _)| t >= 2000).map(|(_, &l)| l).collect();
        let mean = late.iter().sum::<f64>() / late.len() as f64;
        assert!((mean / edge - 1.0).abs() < 0.10, "η = {lr}: mean sharpness {mean} vs 2/η = {edge}");
        for &l in &late {
            assert!((l / edge - 1.0).abs() < 0.15, "η = {lr}: sharpness {l} vs 2/η = {edge}: {late:?}");
        }
        let rises = s.loss_every_step.windows(2).filter(|w| w[1] > w[0]).count();
        assert!(rises > 100, "η = {lr}: the loss rose on only {rises} steps");
        assert!(s.curves.loss.last().unwrap() < &(0.5 * s.curves.loss[0]), "η = {lr}: loss {:?}", s.curves.loss);
    }
}

/// Gilmer et al. 2022: at a high η from a sharp start (σ = 0.5 inputs: λ_max ≈ 34 > 2/η = 5)
/// plain GD diverges at once; a linear warm-up lets training reach flatter ground first and
/// then follow 2/η_t down to 2/η.
#[test]
fn warm_up_saves_a_run_that_diverges_without_it() {
    let sharp = EosConfig { lr: 0.4, steps: 2000, every: 250, input_scale: 0.5, ..Default::default() };
    let cold = eos::run(&sharp).unwrap();
    assert!(cold.diverged_at.is_some_and(|s| s < 100), "{:?}", cold.diverged_at);
    assert!(cold.sharpness[0] > 2.0 / 0.4 * 4.0, "{}", cold.sharpness[0]);
    let warm = eos::run(&EosConfig { warmup_steps: 500, ..sharp }).unwrap();
    assert_eq!(warm.diverged_at, None);
    assert!((warm.sharpness.last().unwrap() / 5.0 - 1.0).abs() < 0.15, "{:?}", warm.sharpness);
}

use gradlab::labs::dynamics::{grokking, softmax_collapse, xor};

/// Kumar et al. 2024: the delay between fitting the training set (≥ 99%) and the test set
/// (≥ 99%) grows with the output scale α. At lr = 2300 (23 × the paper's 100, which with the
/// mean over p = 23 classes is the same GD as lr 100 on the per-class sum) the steps are
/// 23× fewer than the paper's. Measured (docs/DYNAMICS.md): α = 0.5: 200 → 251; α = 1:
/// 1000 → 1259; α = 2: 3981 → 5623.
#[test]
fn grokking_delay_grows_with_the_output_scale() {
    let mut delays = Vec::new();
    for (alpha, steps) in [(0.5, 1500), (1.0, 3000), (2.0, 7000)] {
        let c = grokking::GrokConfig { alpha, lr: 2300.0, steps, per_decade: 40, ..Default::default() };
        let s = grokking::run(&c).unwrap();
        let (train, test) = (s.train_fit_step.expect("train fit"), s.test_fit_step.expect("test fit"));
        assert!(test > train, "α = {alpha}: test {test} before train {train}");
        // Before the training set is fit, the test accuracy is near 0 (memorization first).
        let before: Vec<f64> = s.curves.steps.iter().zip(&s.accuracy.test_acc).filter(|(&t, _)| t * 2 < train).map(|(_, &a)| a).collect();
        assert!(before.iter().all(|&a| a < 0.1), "α = {alpha}: {before:?}");
        delays.push(test - train);
    }
    assert!(delays.windows(2).all(|w| w[1] > w[0]), "delays {delays:?}");
}

/// Prieto et al. 2025: with softmax cross-entropy in f32 and no weight decay, most training
/// examples end with a correct-class probability of exactly 1 (softmax collapse); StableMax
/// and ⊥Grad each keep that share at 0 over the same run.
#[test]
fn softmax_collapse_appears_in_f32_and_each_fix_removes_it() {
    let base = softmax_collapse::CollapseConfig { steps: 1500, per_decade: 10, ..Default::default() };
    let plain = softmax_collapse::run(&base).unwrap();
    assert!(*plain.sc_fraction.last().unwrap() > 0.9, "{:?}", plain.sc_fraction);
    assert_eq!(*plain.accuracy.train_acc.last().unwrap(), 1.0);
    let stable = softmax_collapse::run(&softmax_collapse::CollapseConfig { normalizer: softmax_collapse::Normalizer::Stablemax, ..base.clone() }).unwrap();
    let orthogonal = softmax_collapse::run(&softmax_collapse::CollapseConfig { orthogonal_grad: true, ..base }).unwrap();
    for (name, s) in [("stablemax", &stable), ("⊥grad", &orthogonal)] {
        assert!(s.sc_fraction.iter().all(|&f| f == 0.0), "{name}: {:?}", s.sc_fraction);
        assert_eq!(*s.accuracy.train_acc.last().unwrap(), 1.0, "{name}");
    }
}

/// Xu et al. 2024: after one GD step the network fits the training labels, the flipped ones
/// included, at near-chance test accuracy; later the test accuracy is high while the
/// flipped labels stay fit.
#[test]
fn xor_clusters_overfit_in_one_step_then_generalize() {
    let s = xor::run(&xor::XorConfig { steps: 100, test_samples: 500, ..Default::default() }).unwrap();
    assert!(s.train_acc[1] >= 0.95 && s.flipped_fit[1] == 1.0, "step 1: train {} flipped {}", s.train_acc[1], s.flipped_fit[1]);
    assert!((s.test_acc[1] - 0.5).abs() < 0.1, "step 1: test {}", s.test_acc[1]);
    let last = s.curves.steps.len() - 1;
    assert!(s.test_acc[last] > 0.85 && s.flipped_fit[last] == 1.0 && s.train_acc[last] == 1.0, "end: test {} flipped {}", s.test_acc[last], s.flipped_fit[last]);
}

use gradlab::labs::dynamics::neural_collapse;

/// Papyan et al. 2020 on the digits (a partial reproduction, docs/DYNAMICS.md): past 100%
/// training accuracy NC1 has fallen several-fold from initialization, the network agrees
/// with the nearest class mean on > 99% of the training set (NC4), and weight decay brings
/// the classifier closer to the class means (NC3) than no decay does.
#[test]
fn neural_collapse_metrics_fall_past_full_training_accuracy() {
    let short = neural_collapse::NcConfig { epochs: 60, every: 20, ..Default::default() };
    let wd = neural_collapse::run(&short).unwrap();
    let none = neural_collapse::run(&neural_collapse::NcConfig { weight_decay: 0.0, ..short }).unwrap();
    let last = wd.epochs.len() - 1;
    assert_eq!(wd.accuracy.train_acc[last], 1.0);
    assert!(wd.nc1[last] < wd.nc1[0] / 5.0, "NC1 {:?}", wd.nc1);
    assert!(wd.nc4[last] < 0.01, "NC4 {:?}", wd.nc4);
    assert!(wd.nc3[last] < none.nc3[last], "NC3 with decay {} vs without {}", wd.nc3[last], none.nc3[last]);
    assert!((wd.simplex_cosine + 1.0 / 9.0).abs() < 1e-12);
}

/// The same settings and seed give bit-identical series, for every preset.
#[test]
fn same_settings_and_seed_give_bit_identical_series() {
    use serde_json::{json, Map, Value};
    let small: [(&str, Value); 6] = [
        ("eos-chebyshev", json!({"steps": 300, "every": 50})),
        ("grokking-mod", json!({"steps": 200, "lr": 2300})),
        ("softmax-collapse", json!({"steps": 100})),
        ("xor-cluster", json!({"steps": 5, "dim": 200, "test-samples": 100})),
        ("neural-collapse", json!({"epochs": 3, "every": 1})),
        ("hessian-spectrum", json!({"steps": 20, "every": 10, "lanczos-steps": 12})),
    ];
    for (preset, set) in small {
        let set: Map<String, Value> = set.as_object().unwrap().clone();
        let a = gradlab::labs::dynamics::run_preset(preset, &set).unwrap();
        let b = gradlab::labs::dynamics::run_preset(preset, &set).unwrap();
        assert_eq!(a.to_string(), b.to_string(), "{preset}");
        let other = { let mut s = set.clone(); s.insert("seed".into(), json!(2)); gradlab::labs::dynamics::run_preset(preset, &s).unwrap() };
        assert_ne!(a["series"].to_string(), other["series"].to_string(), "{preset}: the seed matters");
    }
}

/// Gur-Ari et al. 2018 on the digits: the probe gradient's share in the Hessian's top-10
/// eigenspace is far above a random direction's (about 10 / 2410 parameters).
#[test]
fn the_gradient_lies_mostly_in_the_top_k_eigenspace() {
    use gradlab::labs::dynamics::subspace;
    let s = subspace::run(&subspace::SubspaceConfig { steps: 600, ..Default::default() }).unwrap();
    let late = s.grad_share.len() / 2;
    let mean = s.grad_share[late..].iter().sum::<f64>() / (s.grad_share.len() - late) as f64;
    assert!(mean > 0.4, "{:?}", s.grad_share);
    assert!(s.random_share.iter().all(|&r| r < 0.02), "{:?}", s.random_share);
    assert!(s.top_eigenvalues.iter().all(|v| v.len() == 10 && v.windows(2).all(|w| w[0] >= w[1])));
}

/// The page's live edge-of-stability run (`EosRun::advance` in slices) gives the very series
/// of one `run` to the end.
#[test]
fn stepping_the_edge_of_stability_run_in_slices_gives_the_same_series() {
    let c = EosConfig { steps: 400, every: 50, ..Default::default() };
    let whole = eos::run(&c).unwrap();
    let mut live = eos::EosRun::new(&c).unwrap();
    let mut slices = 0;
    while !live.advance(37) {
        slices += 1;
    }
    assert!(slices > 5);
    assert_eq!(serde_json::to_string(&live.out).unwrap(), serde_json::to_string(&whole).unwrap());
}

/// Every preset run in slices (`PresetRun::advance`, as the page's worker does, in uneven
/// slices) gives the very output of `run_preset` (what `gradlab dynamics` prints), and its
/// series grows slice by slice.
#[test]
fn every_preset_run_in_slices_gives_the_same_output_as_one_run() {
    use gradlab::labs::dynamics::{run_preset, PresetRun};
    use serde_json::{json, Map, Value};
    let small: [(&str, Value); 6] = [
        ("eos-chebyshev", json!({"steps": 300, "every": 50})),
        ("grokking-mod", json!({"steps": 300, "lr": 2300})),
        ("softmax-collapse", json!({"steps": 120})),
        ("xor-cluster", json!({"steps": 12, "dim": 200, "test-samples": 100})),
        ("neural-collapse", json!({"epochs": 12, "every": 1})),
        ("hessian-spectrum", json!({"steps": 60, "every": 10, "lanczos-steps": 12})),
    ];
    for (preset, set) in small {
        let set: Map<String, Value> = set.as_object().unwrap().clone();
        let whole = run_preset(preset, &set).unwrap();
        let mut live = PresetRun::new(preset, &set).unwrap();
        let (mut sizes, mut slice) = (Vec::new(), 1u64);
        while !live.advance(slice).unwrap() {
            sizes.push(live.series()["steps"].as_array().unwrap().len());
            slice = slice % 7 + 2; // 1, 3, 5, 7, 2, 4, …: uneven slices
        }
        assert!(sizes.len() >= 3 && sizes.windows(2).all(|w| w[0] <= w[1]) && sizes[0] < *sizes.last().unwrap(), "{preset}: {sizes:?}");
        assert_eq!(live.output().to_string(), whole.to_string(), "{preset}");
        assert!(live.advance(5).unwrap(), "{preset}: stays finished");
        assert_eq!(live.output().to_string(), whole.to_string(), "{preset}");
    }
}

/// Cohen et al.'s own setting (locuslab/edge-of-stability: `make_one_layer_network`, hidden
/// weights Xavier-normal with gain σ_w = 1.9, zero biases, T₄ on 20 points): it starts below
/// 2/η and hovers at 2/η (measured, docs/DYNAMICS.md: λ_max 6.15 at init; at η = 0.2,
/// 9.8–10.4 from step 1,000).
#[test]
fn the_reference_initialization_sharpens_to_two_over_eta() {
    let c = EosConfig { lr: 0.2, steps: 3000, every: 100, init: eos::EosInit::Cohen, sigma_w: 1.9, points: 20, ..Default::default() };
    let s = eos::run(&c).unwrap();
    assert_eq!(s.diverged_at, None);
    assert!(s.sharpness[0] < 7.0, "starts at {}", s.sharpness[0]);
    let late: Vec<f64> = s.curves.steps.iter().zip(&s.sharpness).filter(|(&t, _)| t >= 1500).map(|(_, &l)| l).collect();
    let mean = late.iter().sum::<f64>() / late.len() as f64;
    assert!((mean / 10.0 - 1.0).abs() < 0.1, "mean {mean}: {late:?}");
}

/// Neural collapse under the squared loss (Han, Papyan & Donoho 2022) on 10 digits of each
/// class, the page's setting (docs/DYNAMICS.md): NC1 falls more than 30-fold, the spread of
/// the cosines between centred class means (NC2, 0 for a simplex) falls more than 3-fold, NC4
/// is 0, and weight decay makes the simplex tighter (NC2) and aligns the classifier with the
/// class means (NC3) far better than none. Measured: NC1 0.77 → 0.008, cosine spread 0.296 →
/// 0.079 (0.137 without decay), NC3 0.28 (1.14 without).
#[test]
fn neural_collapse_under_the_squared_loss_forms_most_of_a_simplex() {
    let c = neural_collapse::NcConfig {
        loss: neural_collapse::NcLoss::Mse,
        per_class: 10,
        hidden: vec![256, 64],
        lr: 0.03,
        batch_size: 4,
        weight_decay: 5e-3,
        epochs: 1000,
        every: 250,
        ..Default::default()
    };
    let wd = neural_collapse::run(&c).unwrap();
    let none = neural_collapse::run(&neural_collapse::NcConfig { weight_decay: 0.0, ..c }).unwrap();
    let e = wd.epochs.len() - 1;
    assert_eq!(wd.accuracy.train_acc[e], 1.0);
    assert!(wd.nc1[e] < wd.nc1[0] / 30.0, "NC1 {:?}", wd.nc1);
    assert!(wd.nc2_cos_std[e] < wd.nc2_cos_std[0] / 3.0 && wd.nc2_angle[e] < wd.nc2_angle[0] / 3.0, "NC2 {:?} {:?}", wd.nc2_cos_std, wd.nc2_angle);
    assert!(wd.nc2_cos_std[e] < 0.7 * none.nc2_cos_std[e] && wd.nc2_equinorm[e] < 0.7 * none.nc2_equinorm[e], "NC2 with decay vs without");
    assert!((wd.nc2_cos_mean[e] - wd.simplex_cosine).abs() < 0.01, "{:?}", wd.nc2_cos_mean);
    assert_eq!(wd.nc4[e], 0.0);
    assert!(wd.nc3[e] < 0.6 * none.nc3[e], "NC3 with decay {} vs without {}", wd.nc3[e], none.nc3[e]);
}

/// Prieto et al. 2025 on (a + b) mod 23, 70% of the pairs, Adam at lr 0.05, no weight decay
/// (the page's setting; docs/DYNAMICS.md): plain softmax fits the training set, then collapses
/// (SC share rising to > 30%) and never generalizes; ⊥Grad generalizes late (test accuracy
/// < 10% when the training set is first fit, > 90% at the end); StableMax has no collapse.
#[test]
fn orthogonal_grad_generalizes_where_softmax_collapses() {
    let base = softmax_collapse::CollapseConfig { train_fraction: 0.7, lr: 0.05, steps: 3000, per_decade: 12, ..Default::default() };
    let plain = softmax_collapse::run(&base).unwrap();
    let orthogonal = softmax_collapse::run(&softmax_collapse::CollapseConfig { orthogonal_grad: true, ..base.clone() }).unwrap();
    let stable = softmax_collapse::run(&softmax_collapse::CollapseConfig { normalizer: softmax_collapse::Normalizer::Stablemax, ..base }).unwrap();
    let e = plain.curves.steps.len() - 1;
    assert!(plain.sc_fraction[e] > 0.3 && plain.accuracy.test_acc[e] < 0.05 && plain.accuracy.train_acc[e] == 1.0, "softmax: SC {:?} test {:?}", plain.sc_fraction, plain.accuracy.test_acc);
    let fit = orthogonal.accuracy.train_acc.iter().position(|&a| a == 1.0).expect("⊥Grad fits the training set");
    assert!(orthogonal.accuracy.test_acc[fit] < 0.1 && orthogonal.accuracy.test_acc[e] > 0.9, "⊥Grad test {:?} (fit at {})", orthogonal.accuracy.test_acc, orthogonal.curves.steps[fit]);
    assert!(stable.sc_fraction.iter().all(|&f| f == 0.0), "{:?}", stable.sc_fraction);
}
