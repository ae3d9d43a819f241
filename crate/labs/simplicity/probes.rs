//! Randomization probes of Shah et al. 2020 (arXiv:2006.07710), as the official
//! `lms_utils.get_randomized_loader` / `get_feature_deps`: take the test inputs back to
//! the canonical basis (x Qᵀ), draw ONE permutation π of the test rows and set
//! z[:, c] ← z[π, c] for every c in the chosen set S (their joint law is kept, their link
//! to y broken), rotate forward again (z Q) and score the model: accuracy, and AUC of
//! logit₁ − logit₀ (two logits) or of the single logit (one output).
//! S-randomized: S = the simple coordinate(s); Sᶜ-randomized: all the others; per
//! coordinate: each coordinate alone, a fresh permutation each.

use super::auc::auc;
use super::orthogonal::Orthogonal;
use crate::data::Dataset;
use crate::nn::{Mlp, Workspace};
use crate::tensor::{Mat, Rng};
use serde::Serialize;

/// Accuracy and AUC on one (possibly randomized) test set.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Score {
    pub acc: f64,
    pub auc: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProbeReport {
    pub standard: Score,
    pub s_randomized: Score,
    pub sc_randomized: Score,
    /// One per canonical coordinate, in order.
    pub per_coordinate: Vec<Score>,
}

/// x with the canonical coordinates `coords` permuted across rows by one shared π from `rng`.
pub fn randomize(x: &Mat, rotation: &Orthogonal, coords: &[usize], rng: &mut Rng) -> Mat {
    let mut z = rotation.unrotate(x);
    let mut perm: Vec<usize> = (0..z.nrows()).collect();
    rng.shuffle(&mut perm);
    let original = z.clone();
    for &c in coords {
        for (r, &p) in perm.iter().enumerate() {
            z[[r, c]] = original[[p, c]];
        }
    }
    rotation.rotate(&z)
}

/// The model's score for class 1 per row: logit₁ − logit₀, or the single output.
pub fn scores(mlp: &Mlp, params: &[f32], x: &Mat, ws: &mut Workspace) -> Vec<f64> {
    const CHUNK: usize = 1024;
    let mut out = Vec::with_capacity(x.nrows());
    let mut start = 0;
    while start < x.nrows() {
        let end = (start + CHUNK).min(x.nrows());
        let logits = mlp.forward(params, x.slice(ndarray::s![start..end, ..]), ws);
        for row in logits.rows() {
            out.push(if row.len() >= 2 { row[1] as f64 - row[0] as f64 } else { row[0] as f64 });
        }
        start = end;
    }
    out
}

/// Accuracy (score > 0 ↔ class 1: argmax of two logits, or a positive BCE logit) and AUC.
pub fn score(mlp: &Mlp, params: &[f32], x: &Mat, y: &[f32], ws: &mut Workspace) -> Score {
    let s = scores(mlp, params, x, ws);
    let correct = s.iter().zip(y).filter(|(&v, &t)| (v > 0.0) == (t == 1.0)).count();
    Score { acc: correct as f64 / y.len().max(1) as f64, auc: auc(&s, y) }
}

/// Standard, S-, Sᶜ- and per-coordinate-randomized scores on `test`. Permutations come
/// from `rng` in that order (S, then Sᶜ, then coordinates 0, 1, …).
pub fn probe(mlp: &Mlp, params: &[f32], test: &Dataset, rotation: &Orthogonal, simple: &[usize], rng: &mut Rng) -> ProbeReport {
    let d = rotation.dim;
    let mut ws = Workspace::default();
    let others: Vec<usize> = (0..d).filter(|c| !simple.contains(c)).collect();
    let mut eval = |coords: &[usize], rng: &mut Rng| {
        let x = randomize(&test.x, rotation, coords, rng);
        score(mlp, params, &x, &test.y, &mut ws)
    };
    let s_randomized = eval(simple, rng);
    let sc_randomized = eval(&others, rng);
    let per_coordinate = (0..d).map(|c| eval(&[c], rng)).collect();
    let standard = score(mlp, params, &test.x, &test.y, &mut ws);
    ProbeReport { standard, s_randomized, sc_randomized, per_coordinate }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Activation;

    #[test]
    fn one_logit_and_two_logit_models_score_as_counted_by_hand() {
        // x₀ = [0.5, −0.2, 0.3, −0.7], y = [1, 0, 0, 0]; score = x₀.
        // Accuracy: rows 0, 1, 3 right, row 2 wrong → ¾. AUC: the positive (0.5) outranks
        // all three negatives → 1.
        let x = ndarray::array![[0.5f32, 9.0], [-0.2, -9.0], [0.3, 4.0], [-0.7, 1.0]];
        let y = [1.0, 0.0, 0.0, 0.0];
        let one = Mlp::new(&[2, 1], &[Activation::Linear]);
        let s = score(&one, &[1.0, 0.0, 0.0], &x, &y, &mut Workspace::default());
        assert_eq!((s.acc, s.auc), (0.75, 1.0));
        // Two logits (0, x₀): logit₁ − logit₀ = x₀, the same score.
        let two = Mlp::new(&[2, 2], &[Activation::Linear]);
        let s2 = score(&two, &[0.0, 0.0, 1.0, 0.0, 0.0, 0.0], &x, &y, &mut Workspace::default());
        assert_eq!(s, s2);
    }
}
