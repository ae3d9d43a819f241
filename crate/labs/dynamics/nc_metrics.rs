//! The neural-collapse metrics (Papyan, Han & Donoho 2020, arXiv:2008.08186) of penultimate
//! features h (n, d) with labels in 0..C and a last layer W (C, d), b (C):
//! - NC1 = Tr(Σ_W Σ_B⁺)/C (Σ_W within-class, Σ_B between-class covariance) → 0;
//! - NC2: the cosines between centred means μ_c − μ_G → −1/(C − 1) (mean |cos + 1/(C−1)|, and
//!   their spread) with equal norms (std/mean of ‖μ_c − μ_G‖) → 0;
//! - NC3 = ‖W/‖W‖ − M/‖M‖‖ (Frobenius; M's rows the centred means) → 0;
//! - NC4: the share of examples where the network's class differs from the nearest class
//!   mean's → 0.
//! The experiment that tracks them over training is `neural_collapse`.

use super::curvature::symmetric_eigen;
use ndarray::{Array1, Array2, ArrayView2};
use serde::Serialize;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NcMetrics {
    pub nc1: f64,
    /// Mean |cos(μ_c − μ_G, μ_c' − μ_G) + 1/(C − 1)| over pairs c ≠ c'.
    pub nc2_angle: f64,
    /// Standard deviation of those cosines.
    pub nc2_cos_std: f64,
    /// Their mean (−1/(C − 1) for a simplex).
    pub nc2_cos_mean: f64,
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
    NcMetrics { nc1, nc2_angle, nc2_cos_std, nc2_cos_mean: cm, nc2_equinorm: norm_std / mean_norm.max(1e-300), nc3, nc4: disagree as f64 / n as f64 }
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
