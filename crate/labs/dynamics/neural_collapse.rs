//! Neural collapse (Papyan, Han & Donoho 2020, "Prevalence of neural collapse during the
//! terminal phase of deep learning training", PNAS, arXiv:2008.08186): trained past 100%
//! training accuracy, the penultimate features h collapse to their class means, the centred
//! means μ_c − μ_G form a simplex equiangular tight frame, the classifier's rows align with
//! them, and the network decides as the nearest class mean would. With C classes:
//! - NC1 = Tr(Σ_W Σ_B⁺)/C (Σ_W within-class, Σ_B between-class covariance) → 0;
//! - NC2: the cosines between centred means → −1/(C − 1) (mean |cos + 1/(C−1)|, and their
//!   spread) with equal norms (std/mean of ‖μ_c − μ_G‖) → 0;
//! - NC3 = ‖W/‖W‖ − M/‖M‖‖ (Frobenius; M's rows the centred means) → 0;
//! - NC4: the share of examples where the network's class differs from the nearest class
//!   mean's → 0.
//! The experiment: the 8×8 digits on the crate's one trainer, an MLP whose penultimate layer
//! is 32 wide, with and without weight decay (the trainer's `coupled-decay`).

use super::curvature::symmetric_eigen;
use crate::train::{RunConfig, Trainer};
use ndarray::{Array1, Array2, ArrayView2};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NcMetrics {
    pub nc1: f64,
    /// Mean |cos(μ_c − μ_G, μ_c' − μ_G) + 1/(C − 1)| over pairs c ≠ c'.
    pub nc2_angle: f64,
    /// Standard deviation of those cosines.
    pub nc2_cos_std: f64,
    /// std/mean of the centred means' norms.
    pub nc2_equinorm: f64,
    pub nc3: f64,
    /// Share of examples whose predicted class is not the nearest class mean's.
    pub nc4: f64,
}

/// The four metrics from features h (n, d), labels in 0..C, and the last layer's weight
/// (C, d) and bias (C). Classes absent from `labels` are skipped.
pub fn metrics(h: ArrayView2<f64>, labels: &[usize], classes: usize, w: ArrayView2<f64>, b: &[f64]) -> NcMetrics {
    let (n, d) = h.dim();
    let mut means = Array2::<f64>::zeros((classes, d));
    let mut counts = vec![0usize; classes];
    for (row, &c) in h.rows().into_iter().zip(labels) {
        means.row_mut(c).scaled_add(1.0, &row);
        counts[c] += 1;
    }
    let present: Vec<usize> = (0..classes).filter(|&c| counts[c] > 0).collect();
    for &c in &present {
        means.row_mut(c).mapv_inplace(|v| v / counts[c] as f64);
    }
    let k = present.len() as f64;
    let global: Array1<f64> = present.iter().fold(Array1::zeros(d), |acc, &c| acc + &means.row(c)) / k;
    let mut sigma_w = Array2::<f64>::zeros((d, d));
    for (row, &c) in h.rows().into_iter().zip(labels) {
        let e = &row - &means.row(c);
        for i in 0..d {
            for j in 0..d {
                sigma_w[[i, j]] += e[i] * e[j];
            }
        }
    }
    sigma_w /= n as f64;
    let centred: Vec<Array1<f64>> = present.iter().map(|&c| &means.row(c) - &global).collect();
    let mut sigma_b = Array2::<f64>::zeros((d, d));
    for m in &centred {
        for i in 0..d {
            for j in 0..d {
                sigma_b[[i, j]] += m[i] * m[j] / k;
            }
        }
    }
    // Σ_B⁺ from its eigendecomposition, dropping eigenvalues below 1e-10 of the largest.
    let (vals, vecs) = symmetric_eigen((0..d).map(|i| sigma_b.row(i).to_vec()).collect());
    let top = vals.iter().cloned().fold(0.0, f64::max);
    let mut pinv = Array2::<f64>::zeros((d, d));
    for (e, &lam) in vals.iter().enumerate() {
        if lam > 1e-10 * top {
            for i in 0..d {
                for j in 0..d {
                    pinv[[i, j]] += vecs[i][e] * vecs[j][e] / lam;
                }
            }
        }
    }
    let nc1 = (sigma_w.dot(&pinv)).diag().sum() / k;
    let norms: Vec<f64> = centred.iter().map(|m| m.dot(m).sqrt()).collect();
    let mean_norm = norms.iter().sum::<f64>() / k;
    let norm_std = (norms.iter().map(|x| (x - mean_norm).powi(2)).sum::<f64>() / k).sqrt();
    let mut cosines = Vec::new();
    for a in 0..centred.len() {
        for b2 in a + 1..centred.len() {
            cosines.push(centred[a].dot(&centred[b2]) / (norms[a] * norms[b2]).max(1e-300));
        }
    }
    let target = -1.0 / (k - 1.0);
    let cm = cosines.iter().sum::<f64>() / cosines.len().max(1) as f64;
    let nc2_angle = cosines.iter().map(|c| (c - target).abs()).sum::<f64>() / cosines.len().max(1) as f64;
    let nc2_cos_std = (cosines.iter().map(|c| (c - cm).powi(2)).sum::<f64>() / cosines.len().max(1) as f64).sqrt();
    let (mut wn, mut mn) = (0.0, 0.0);
    for (&c, m) in present.iter().zip(&centred) {
        wn += w.row(c).dot(&w.row(c));
        mn += m.dot(m);
    }
    let (wn, mn) = (wn.sqrt().max(1e-300), mn.sqrt().max(1e-300));
    let nc3 = present.iter().zip(&centred).map(|(&c, m)| (&w.row(c) / wn - m / mn).mapv(|v| v * v).sum()).sum::<f64>().sqrt();
    let mut disagree = 0;
    for row in h.rows() {
        let logits: Vec<f64> = present.iter().map(|&c| w.row(c).dot(&row) + b[c]).collect();
        let net = present[super::grokking::argmax(&logits)];
        let dist: Vec<f64> = present.iter().map(|&c| -(&row - &means.row(c)).mapv(|v| v * v).sum()).collect();
        let nearest = present[super::grokking::argmax(&dist)];
        disagree += (net != nearest) as usize;
    }
    NcMetrics { nc1, nc2_angle, nc2_cos_std, nc2_equinorm: norm_std / mean_norm.max(1e-300), nc3, nc4: disagree as f64 / n as f64 }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", default, deny_unknown_fields)]
pub struct NcConfig {
    /// Hidden widths, the last one the penultimate features; default [128, 32].
    pub hidden: Vec<usize>,
    /// Coupled weight decay λ (g += λθ); default 1e-3. Compare with 0.
    pub weight_decay: f64,
    /// SGD with momentum 0.9, cosine decay to 0; default 0.1.
    pub lr: f64,
    /// Default 64.
    pub batch_size: usize,
    /// Default 300.
    pub epochs: usize,
    /// Measure every this many epochs; default 10.
    pub every: usize,
    /// Default 1.
    pub seed: u32,
}

impl Default for NcConfig {
    fn default() -> Self {
        NcConfig { hidden: vec![128, 32], weight_decay: 1e-3, lr: 0.1, batch_size: 64, epochs: 300, every: 10, seed: 1 }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NcSeries {
    pub epochs: Vec<usize>,
    pub steps: Vec<u64>,
    pub loss: Vec<f64>,
    pub train_acc: Vec<f64>,
    pub test_acc: Vec<f64>,
    pub nc1: Vec<f64>,
    pub nc2_angle: Vec<f64>,
    pub nc2_cos_std: Vec<f64>,
    pub nc2_equinorm: Vec<f64>,
    pub nc3: Vec<f64>,
    pub nc4: Vec<f64>,
    pub weight_movement: Vec<Vec<f64>>,
    /// The target of the centred means' cosines, −1/(C − 1).
    pub simplex_cosine: f64,
}

pub fn trainer(c: &NcConfig) -> Result<Trainer, String> {
    super::check("weight-decay", c.weight_decay, 0.0, 1.0)?;
    super::check("lr", c.lr, 1e-9, 10.0)?;
    super::check("epochs", c.epochs as f64, 1.0, 100_000.0)?;
    super::check("every", c.every as f64, 1.0, 100_000.0)?;
    if c.hidden.is_empty() {
        return Err("hidden: give at least one layer (the last is the penultimate features)".into());
    }
    let json = serde_json::json!({
        "dataset": "digits", "train-ratio": 0.7, "hidden": c.hidden, "activation": "relu", "init": "he",
        "optimizer": "sgd", "momentum": 0.9, "lr": c.lr, "batch-size": c.batch_size, "coupled-decay": c.weight_decay,
        "epochs": c.epochs, "seed": c.seed,
    });
    let mut config = RunConfig::from_json(&json.to_string()).map_err(|e| e.to_string())?;
    // Cosine decay of the learning rate to 0 over the run (Papyan et al. decay theirs in
    // steps): collapse needs the noise of SGD to die down.
    let steps = Trainer::new(config.clone()).total_steps();
    config.optimizer.schedule.kind = crate::optim::schedule::ScheduleKind::Cosine;
    config.optimizer.schedule.steps = steps.max(1);
    let mut t = Trainer::new(config);
    t.epoch_metrics = false;
    Ok(t)
}

/// The metrics of a trainer's model on its training set.
pub fn measure(t: &mut Trainer) -> NcMetrics {
    let mut ws = crate::nn::Workspace::default();
    let x = t.data.train.x.view();
    t.mlp.forward(&t.params, x, &mut ws);
    let depth = t.mlp.depth();
    let h = ws.a[depth - 2].mapv(|v| v as f64);
    let w = t.mlp.weight(depth - 1, &t.params).mapv(|v| v as f64);
    let b: Vec<f64> = t.mlp.bias(depth - 1, &t.params).iter().map(|&v| v as f64).collect();
    let labels: Vec<usize> = t.data.train.y.iter().map(|&y| y as usize).collect();
    metrics(h.view(), &labels, t.mlp.outputs(), w.view(), &b)
}

pub fn run(c: &NcConfig) -> Result<NcSeries, String> {
    let mut t = trainer(c)?;
    let w0 = t.params.clone();
    let per_epoch = t.steps_per_epoch() as u64;
    let mut out = NcSeries { simplex_cosine: -1.0 / (t.mlp.outputs() as f64 - 1.0), ..Default::default() };
    for epoch in 0..=c.epochs {
        if epoch % c.every == 0 || epoch == c.epochs {
            let m = measure(&mut t);
            let (train, test) = (t.evaluate_train(), t.evaluate_test());
            out.epochs.push(epoch);
            out.steps.push(t.step);
            out.loss.push(train.loss);
            out.train_acc.push(train.accuracy.unwrap_or(0.0));
            out.test_acc.push(test.accuracy.unwrap_or(0.0));
            out.nc1.push(m.nc1);
            out.nc2_angle.push(m.nc2_angle);
            out.nc2_cos_std.push(m.nc2_cos_std);
            out.nc2_equinorm.push(m.nc2_equinorm);
            out.nc3.push(m.nc3);
            out.nc4.push(m.nc4);
            out.weight_movement.push(super::movement(&t.mlp, &w0, &t.params));
        }
        if epoch == c.epochs {
            break;
        }
        t.run(per_epoch).map_err(|d| d.to_string())?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A constructed simplex: C = 5 class means √(C/(C−1))(e_c − 1/C) shifted by an offset,
    /// each class's features the mean ± ε e_k for every axis k, the classifier the centred
    /// means. Σ_B = P/(C−1) (P the projection off 1) and Σ_W = (ε²/C) I, so
    /// NC1 = ε²(C−1)²/C² exactly; NC2 and NC3 are 0, and so is NC4 for small ε.
    #[test]
    fn metrics_are_exact_on_a_constructed_simplex() {
        let classes = 5;
        let cf = classes as f64;
        let scale = (cf / (cf - 1.0)).sqrt();
        let offset: Vec<f64> = (0..classes).map(|i| 0.3 * i as f64 - 0.2).collect();
        let mean = |c: usize, i: usize| scale * ((c == i) as u8 as f64 - 1.0 / cf) + offset[i];
        for eps in [0.0, 0.1] {
            let mut rows = Vec::new();
            let mut labels = Vec::new();
            for c in 0..classes {
                for k in 0..classes {
                    for sign in [1.0, -1.0] {
                        rows.push((0..classes).map(|i| mean(c, i) + if i == k { sign * eps } else { 0.0 }).collect::<Vec<f64>>());
                        labels.push(c);
                    }
                }
            }
            let h = Array2::from_shape_fn((rows.len(), classes), |(r, i)| rows[r][i]);
            let w = Array2::from_shape_fn((classes, classes), |(c, i)| mean(c, i) - offset[i]);
            let b: Vec<f64> = (0..classes).map(|c| -w.row(c).dot(&Array1::from(offset.clone()))).collect();
            let m = metrics(h.view(), &labels, classes, w.view(), &b);
            let nc1 = eps * eps * (cf - 1.0).powi(2) / (cf * cf);
            assert!((m.nc1 - nc1).abs() < 1e-12, "ε = {eps}: NC1 {} vs {nc1}", m.nc1);
            assert!(m.nc2_angle < 1e-12 && m.nc2_cos_std < 1e-12 && m.nc2_equinorm < 1e-12, "{m:?}");
            assert!(m.nc3 < 1e-12 && m.nc4 == 0.0, "{m:?}");
        }
    }
}
