//! Spectral bias targets and readout, after Rahaman et al. 2019, "On the Spectral Bias
//! of Neural Networks" (arXiv:1806.08734), sec. 3.1: λ(z) = Σ_i A_i sin(2π k_i z + 2π φ_i)
//! with k = 5, 10, …, 50, φ_i ~ U(0, 1), on n = 200 points z = t/n of [0, 1); equal
//! amplitudes A_i = 1 or increasing A_i = 0.1·i. Readout: the learned function's
//! normalized Fourier amplitude at each target frequency, 2·|DFT_k(ŷ)/n| / A_i, which is
//! 1 where the frequency is fully learned (a direct DFT at the few k_i, O(n) each).
//! Shapes: dataset x (n, 1) = z, y (n) = λ(z), for MSE training on the full batch.

use super::SimplicityError;
use crate::data::Dataset;
use crate::tensor::{Mat, Rng};
use serde::{Deserialize, Serialize};

names! {
    pub enum Amplitudes {
        /// A_i = 1.
        Equal,
        /// A_i = 0.1·i, i = 1..=m.
        Increasing,
    }
}

/// Defaults: the paper's k = 5, 10, …, 50, equal amplitudes, 200 points, seed 0.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct SpectralConfig {
    /// Frequencies k_i in cycles over [0, 1), each in (0, points/2).
    pub frequencies: Vec<f64>,
    pub amplitudes: Amplitudes,
    /// Sample points n, 4..=100000; default 200.
    pub points: usize,
    /// Seed of the phases φ_i.
    pub seed: u64,
}

impl Default for SpectralConfig {
    fn default() -> Self {
        SpectralConfig { frequencies: (1..=10).map(|i| 5.0 * i as f64).collect(), amplitudes: Amplitudes::Equal, points: 200, seed: 0 }
    }
}

/// A drawn target: its samples and the parameters the readout needs.
#[derive(Clone, Debug, PartialEq)]
pub struct SpectralTarget {
    pub frequencies: Vec<f64>,
    pub amplitudes: Vec<f64>,
    pub phases: Vec<f64>,
    pub z: Vec<f64>,
    pub y: Vec<f64>,
}

impl SpectralConfig {
    pub fn validate(&self) -> Result<(), SimplicityError> {
        if !(4..=100_000).contains(&self.points) {
            return Err(SimplicityError::out_of_range("points", self.points, "4..=100000"));
        }
        if self.frequencies.is_empty() || self.frequencies.len() > 64 {
            return Err(SimplicityError::FrequencyCount(self.frequencies.len()));
        }
        let nyquist = self.points as f64 / 2.0;
        if let Some(&frequency) = self.frequencies.iter().find(|&&k| !(k > 0.0 && k < nyquist)) {
            return Err(SimplicityError::Frequency { frequency, nyquist, points: self.points });
        }
        Ok(())
    }

    pub fn generate(&self) -> Result<SpectralTarget, SimplicityError> {
        self.validate()?;
        let m = self.frequencies.len();
        let amplitudes: Vec<f64> = match self.amplitudes {
            Amplitudes::Equal => vec![1.0; m],
            Amplitudes::Increasing => (1..=m).map(|i| 0.1 * i as f64).collect(),
        };
        let mut rng = Rng::new(self.seed);
        let phases: Vec<f64> = (0..m).map(|_| rng.unit()).collect();
        let n = self.points;
        let z: Vec<f64> = (0..n).map(|t| t as f64 / n as f64).collect();
        let tau = 2.0 * std::f64::consts::PI;
        let y = z
            .iter()
            .map(|&zt| (0..m).map(|i| amplitudes[i] * libm::sin(tau * self.frequencies[i] * zt + tau * phases[i])).sum())
            .collect();
        Ok(SpectralTarget { frequencies: self.frequencies.clone(), amplitudes, phases, z, y })
    }
}

/// |DFT_k(y)| / n = |Σ_t y_t e^{−2πi k t/n}| / n.
pub fn fourier_amplitude(y: &[f64], k: f64) -> f64 {
    let n = y.len() as f64;
    let tau = 2.0 * std::f64::consts::PI;
    let (mut re, mut im) = (0.0, 0.0);
    for (t, &v) in y.iter().enumerate() {
        let a = tau * k * t as f64 / n;
        re += v * libm::cos(a);
        im -= v * libm::sin(a);
    }
    (re * re + im * im).sqrt() / n
}

impl SpectralTarget {
    pub fn dataset(&self) -> Dataset {
        let n = self.z.len();
        Dataset {
            x: Mat::from_shape_fn((n, 1), |(i, _)| self.z[i] as f32),
            y: self.y.iter().map(|&v| v as f32).collect(),
            points: Mat::zeros((n, 0)),
        }
    }

    /// 2·|DFT_{k_i}(ŷ)/n| / A_i for each target frequency; ŷ sampled at `z`.
    pub fn readout(&self, yhat: &[f64]) -> Vec<f64> {
        assert_eq!(yhat.len(), self.z.len(), "one prediction per sample point");
        self.frequencies.iter().zip(&self.amplitudes).map(|(&k, &a)| 2.0 * fourier_amplitude(yhat, k) / a).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_reads_out_as_fully_learned_and_a_partial_fit_as_its_fraction() {
        for amplitudes in [Amplitudes::Equal, Amplitudes::Increasing] {
            let t = SpectralConfig { amplitudes, ..Default::default() }.generate().unwrap();
            assert!(t.readout(&t.y).iter().all(|r| (r - 1.0).abs() < 1e-9), "{:?}", t.readout(&t.y));
        }
        // ŷ = half of the k = 5 component only: readout [0.5, 0, …, 0].
        let t = SpectralConfig::default().generate().unwrap();
        let tau = 2.0 * std::f64::consts::PI;
        let yhat: Vec<f64> = t.z.iter().map(|&z| 0.5 * (tau * 5.0 * z + tau * t.phases[0]).sin()).collect();
        let r = t.readout(&yhat);
        assert!((r[0] - 0.5).abs() < 1e-9 && r[1..].iter().all(|v| v.abs() < 1e-9), "{r:?}");
        // Increasing amplitudes are 0.1, 0.2, …, 1.0; phases lie in [0, 1).
        let inc = SpectralConfig { amplitudes: Amplitudes::Increasing, ..Default::default() }.generate().unwrap();
        assert!((inc.amplitudes[9] - 1.0).abs() < 1e-12 && (inc.amplitudes[0] - 0.1).abs() < 1e-12);
        assert!(t.phases.iter().all(|p| (0.0..1.0).contains(p)));
        assert!(SpectralConfig { frequencies: vec![100.0], ..Default::default() }.generate().unwrap_err().to_string().contains("frequencies"));
    }
}
