//! Gaussian clones of a classification dataset, after Refinetti, Ingrosso & Goldt 2023,
//! "Neural networks trained with SGD learn distributions of increasing complexity"
//! (arXiv:2211.11567): a clone keeps only low-order statistics of each class y:
//! - means: N(μ_y, s_y² I), isotropic, with s_y² = tr(Σ_y)/D (the class's mean
//!   per-feature variance; our choice of scale, so the clone has the data's power);
//! - means-covariances: N(μ_y, Σ_y + 10⁻³ I), drawn as μ_y + L ε with L the Cholesky
//!   factor (in f64).
//!
//! Σ_y is the unbiased sample covariance (numpy.cov's default). A clone of a dataset keeps
//! its rows' labels in order, so class counts match. Shapes: x (rows, D), y (rows).

use super::SimplicityError;
use crate::data::Dataset;
use crate::tensor::{Mat, Rng};

names! {
    pub enum CloneKind {
        Means,
        MeansCovariances,
    }
}

/// Per-class Gaussians fitted to a dataset.
#[derive(Clone, Debug)]
pub struct GaussianClone {
    pub kind: CloneKind,
    pub dim: usize,
    /// μ_y, one per class.
    pub means: Vec<Vec<f64>>,
    /// Lower-triangular factors (row-major D × D) of each class's covariance, or s_y·I.
    pub factors: Vec<Vec<f64>>,
}

/// Lower-triangular L with L Lᵀ = A (row-major n × n); an error if A is not positive definite.
pub fn cholesky(a: &[f64], n: usize) -> Result<Vec<f64>, SimplicityError> {
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let s: f64 = a[i * n + j] - (0..j).map(|k| l[i * n + k] * l[j * n + k]).sum::<f64>();
            if i == j {
                if s <= 0.0 {
                    return Err(SimplicityError::NotPositiveDefinite(i));
                }
                l[i * n + i] = s.sqrt();
            } else {
                l[i * n + j] = s / l[j * n + j];
            }
        }
    }
    Ok(l)
}

impl GaussianClone {
    /// Fits class means (and covariances) of `data`, whose targets are class indices 0..classes.
    pub fn fit(data: &Dataset, classes: usize, kind: CloneKind) -> Result<GaussianClone, SimplicityError> {
        let dim = data.x.ncols();
        if !(2..=1000).contains(&classes) {
            return Err(SimplicityError::out_of_range("classes", classes, "2..=1000"));
        }
        if let Some(&label) = data.y.iter().find(|&&t| !(t >= 0.0 && t < classes as f32 && t.fract() == 0.0)) {
            return Err(SimplicityError::Label { label, classes });
        }
        let mut means = Vec::with_capacity(classes);
        let mut factors = Vec::with_capacity(classes);
        for c in 0..classes {
            let rows: Vec<usize> = (0..data.len()).filter(|&i| data.y[i] == c as f32).collect();
            if rows.len() < 2 {
                return Err(SimplicityError::ClassRows { class: c, rows: rows.len() });
            }
            let n = rows.len() as f64;
            let mean: Vec<f64> = (0..dim).map(|j| rows.iter().map(|&i| data.x[[i, j]] as f64).sum::<f64>() / n).collect();
            let mut cov = vec![0.0; dim * dim];
            for &i in &rows {
                for a in 0..dim {
                    let da = data.x[[i, a]] as f64 - mean[a];
                    for b in 0..=a {
                        cov[a * dim + b] += da * (data.x[[i, b]] as f64 - mean[b]);
                    }
                }
            }
            for a in 0..dim {
                for b in 0..=a {
                    cov[a * dim + b] /= n - 1.0;
                    cov[b * dim + a] = cov[a * dim + b];
                }
            }
            let factor = match kind {
                CloneKind::Means => {
                    let s = ((0..dim).map(|a| cov[a * dim + a]).sum::<f64>() / dim as f64).sqrt();
                    let mut f = vec![0.0; dim * dim];
                    (0..dim).for_each(|a| f[a * dim + a] = s);
                    f
                }
                CloneKind::MeansCovariances => {
                    (0..dim).for_each(|a| cov[a * dim + a] += 1e-3);
                    cholesky(&cov, dim)?
                }
            };
            means.push(mean);
            factors.push(factor);
        }
        Ok(GaussianClone { kind, dim, means, factors })
    }

    /// One sample per label in `labels` (class indices below the fitted class count), from `rng`.
    pub fn sample(&self, labels: &[f32], rng: &mut Rng) -> Result<Dataset, SimplicityError> {
        let k = self.means.len();
        if let Some(&label) = labels.iter().find(|&&t| !(t >= 0.0 && t < k as f32 && t.fract() == 0.0)) {
            return Err(SimplicityError::SampleLabel { label, classes: k });
        }
        let d = self.dim;
        let mut x = Mat::zeros((labels.len(), d));
        let mut eps = vec![0.0; d];
        for (r, &y) in labels.iter().enumerate() {
            let (mean, l) = (&self.means[y as usize], &self.factors[y as usize]);
            eps.iter_mut().for_each(|e| *e = rng.normal());
            for a in 0..d {
                let v: f64 = (0..=a).map(|b| l[a * d + b] * eps[b]).sum();
                x[[r, a]] = (mean[a] + v) as f32;
            }
        }
        Ok(Dataset { x, y: labels.to_vec(), points: Mat::zeros((labels.len(), 0)) })
    }
}

/// The clone of `data` with the same labels, drawn from `Rng::new(seed)`.
pub fn gaussian_clone(data: &Dataset, classes: usize, kind: CloneKind, seed: u64) -> Result<Dataset, SimplicityError> {
    GaussianClone::fit(data, classes, kind)?.sample(&data.y, &mut Rng::new(seed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_factor_multiplies_back() {
        let a = [4.0, 2.0, 0.6, 2.0, 5.0, 1.0, 0.6, 1.0, 3.0];
        let l = cholesky(&a, 3).unwrap();
        for i in 0..3 {
            for j in 0..3 {
                let v: f64 = (0..3).map(|k| l[i * 3 + k] * l[j * 3 + k]).sum();
                assert!((v - a[i * 3 + j]).abs() < 1e-12);
            }
        }
        assert_eq!(l[1], 0.0); // upper triangle empty
        assert!(cholesky(&[1.0, 2.0, 2.0, 1.0], 2).is_err());
    }

    #[test]
    fn digits_clones_reproduce_class_means_and_covariances() {
        let digits = crate::data::digits::load().unwrap();
        let clone = GaussianClone::fit(&digits, 10, CloneKind::MeansCovariances).unwrap();
        let labels = vec![3.0f32; 40_000];
        let s = clone.sample(&labels, &mut Rng::new(1)).unwrap();
        assert!(clone.sample(&[10.0], &mut Rng::new(1)).unwrap_err().to_string().contains("0..10"));
        // Sample moments of 40k draws against the fitted Σ₃ + 1e-3 I (pixels in [0, 1],
        // variances ≤ 0.2: standard error of a covariance entry ≲ 0.2·√(2/40k) ≈ 0.0014).
        let d = 64;
        let l = &clone.factors[3];
        let mean3 = &clone.means[3];
        let mut worst: f64 = 0.0;
        for a in [10usize, 20, 27, 36, 44] {
            let m: f64 = (0..40_000).map(|r| s.x[[r, a]] as f64).sum::<f64>() / 40_000.0;
            assert!((m - mean3[a]).abs() < 0.01, "mean pixel {a}: {m} vs {}", mean3[a]);
            for b in [10usize, 20, 27, 36, 44] {
                let c: f64 = (0..40_000).map(|r| (s.x[[r, a]] as f64 - mean3[a]) * (s.x[[r, b]] as f64 - mean3[b])).sum::<f64>() / 40_000.0;
                let target: f64 = (0..d).map(|k| l[a * d + k] * l[b * d + k]).sum();
                worst = worst.max((c - target).abs());
            }
        }
        assert!(worst < 0.008, "covariance error {worst}");
        // The isotropic clone has no correlations and the class's mean variance.
        let iso = gaussian_clone(&digits, 10, CloneKind::Means, 2).unwrap();
        assert_eq!(iso.y, digits.y);
        assert_eq!(iso.x.dim(), (1797, 64));
        let mut odd = digits.clone();
        odd.y[0] = 2.5;
        assert!(gaussian_clone(&odd, 10, CloneKind::Means, 0).unwrap_err().to_string().contains("label 2.5"));
    }
}
