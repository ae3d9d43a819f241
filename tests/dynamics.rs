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
        let late: Vec<f64> = s.steps.iter().zip(&s.sharpness).filter(|(&t, _)| t >= 2000).map(|(_, &l)| l).collect();
        let mean = late.iter().sum::<f64>() / late.len() as f64;
        assert!((mean / edge - 1.0).abs() < 0.10, "η = {lr}: mean sharpness {mean} vs 2/η = {edge}");
        for &l in &late {
            assert!((l / edge - 1.0).abs() < 0.15, "η = {lr}: sharpness {l} vs 2/η = {edge}: {late:?}");
        }
        let rises = s.loss_every_step.windows(2).filter(|w| w[1] > w[0]).count();
        assert!(rises > 100, "η = {lr}: the loss rose on only {rises} steps");
        assert!(s.loss.last().unwrap() < &(0.5 * s.loss[0]), "η = {lr}: loss {:?}", s.loss);
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
