//! Reverse mode against central finite differences (f64 differences around the f32
//! weights) on several shapes, every activation and every loss.

use gradlab::autodiff::gradcheck::{max_relative_error, numeric_gradient};
use gradlab::autodiff::loss_and_gradient;
use gradlab::nn::{Activation, Init, Loss, Mlp, Penalty, Workspace};
use gradlab::tensor::{Mat, Rng};

fn case(sizes: &[usize], act: Activation, loss: Loss, seed: u64) -> f64 {
    let depth = sizes.len() - 1;
    let mut acts = vec![act; depth - 1];
    acts.push(Activation::Linear);
    let mlp = Mlp::new(sizes, &acts);
    let mut rng = Rng::new(seed);
    let mut params = vec![0.0; mlp.layout.len];
    Init::Glorot.fill(&mlp.layout, &mut rng, &mut params);
    for p in params.iter_mut() {
        *p += 0.05 * rng.normal() as f32; // non-zero biases too
    }
    let rows = 5;
    let x = Mat::from_shape_fn((rows, sizes[0]), |_| rng.uniform(-1.5, 1.5) as f32);
    let k = *sizes.last().unwrap();
    let y: Vec<f32> = (0..rows)
        .map(|i| match loss {
            Loss::Mse => rng.uniform(-1.0, 1.0) as f32,
            Loss::Bce => (i % 2) as f32,
            Loss::SoftmaxCe => (i % k) as f32,
        })
        .collect();
    let mut grad = vec![0.0; mlp.layout.len];
    loss_and_gradient(&mlp, &params, x.view(), &y, loss, &mut Workspace::default(), &mut grad);
    // Piecewise-linear activations have no curvature error but kinks: a small step keeps
    // the difference from straddling one.
    let h = if matches!(act, Activation::Relu | Activation::LeakyRelu) { 1e-3 } else { 1e-2 };
    let numeric = numeric_gradient(&mlp, &params, x.view(), &y, loss, h);
    max_relative_error(&grad, &numeric)
}

#[test]
fn reverse_matches_finite_differences_for_every_activation_and_loss() {
    let shapes: &[(&[usize], Loss)] = &[
        (&[2, 4, 2, 1], Loss::Bce),
        (&[3, 5, 1], Loss::Mse),
        (&[4, 6, 5, 3], Loss::SoftmaxCe),
        (&[7, 3, 3, 3, 1], Loss::Bce),
    ];
    for act in Activation::ALL {
        for (i, &(sizes, loss)) in shapes.iter().enumerate() {
            let err = case(sizes, act, loss, 10 + i as u64);
            // f32 forward passes with h = 1e-2 leave about 1e-3 of rounding and curvature error.
            let tol = if matches!(act, Activation::Relu | Activation::LeakyRelu) { 5e-3 } else { 2e-3 };
            assert!(err < tol, "{} {:?} {}: relative error {err}", act.name(), sizes, loss.name());
        }
    }
}

#[test]
fn reverse_matches_finite_differences_for_a_linear_model() {
    let err = case(&[5, 1], Activation::Tanh, Loss::Mse, 3);
    assert!(err < 1e-3, "{err}");
}

#[test]
fn penalties_add_their_exact_gradient_to_weights_only() {
    let mlp = Mlp::new(&[2, 3, 1], &[Activation::Tanh, Activation::Linear]);
    let params: Vec<f32> = (0..mlp.layout.len).map(|i| (i as f32 - 6.0) * 0.1).collect();
    for (penalty, rate) in [(Penalty::L1, 0.3f32), (Penalty::L2, 0.7)] {
        let mut grad = vec![0.0; params.len()];
        let value = penalty.apply(rate, &mlp.layout, &params, &mut grad);
        let weights: Vec<f32> = mlp.layout.layers.iter().flat_map(|s| params[s.weight.clone()].to_vec()).collect();
        let expect: f64 = match penalty {
            Penalty::L1 => weights.iter().map(|w| w.abs() as f64).sum::<f64>() * rate as f64,
            _ => weights.iter().map(|w| 0.5 * (w * w) as f64).sum::<f64>() * rate as f64,
        };
        assert!((value - expect).abs() < 1e-6);
        for s in &mlp.layout.layers {
            assert!(grad[s.bias.clone()].iter().all(|&g| g == 0.0), "biases are not penalised");
            for i in s.weight.clone() {
                let w = params[i];
                let want = if penalty == Penalty::L1 { rate * w.signum() * (w != 0.0) as i32 as f32 } else { rate * w };
                assert!((grad[i] - want).abs() < 1e-7);
            }
        }
    }
}
