//! Predictivity vs availability, after Hermann, Mobahi, Fel & Mozer 2024, "On the
//! Foundations of Shortcut Learning" (arXiv:2310.16228). No official code was found:
//! the parameters and the nesting transform are ours, to verify against the paper.
//!
//! Label y ∈ {−1, +1} (stored as 0/1), P = ½. Latent shortcut z_s and core z_c:
//! (z_s, z_c) | y ~ N(y·(μ_s, μ_c), [[1, σ], [σ, 1]]), μ_i = Φ⁻¹(ρ_i) so that the
//! predictivity P(sign z_i = y) is ρ_i. Availability: each latent becomes v_i = z_i·u_i
//! (u_i a random unit vector in R^d), then `nesting` times v_i ← tanh(G v_i) with fixed
//! random G (entries N(0, 1/d)): a nonlinear, harder-to-read embedding; then
//! x = α_s v_s + α_c v_c (amplification α_i).
//!
//! Shortcut bias = reliance(model) − reliance(Bayes-optimal), where on a latent probe
//! grid (z_s, z_c) ∈ [−3, 3]², `PROBE`² points at cell centres (none on an axis),
//! reliance = (|Σ ŷ·sign z_s| − |Σ ŷ·sign z_c|) / n_grid with ŷ = ±1 the predicted label.
//! The Bayes-optimal rule in latent space is LDA's: ŷ = sign(μᵀ Σ⁻¹ z).
//! Dataset.points holds (z_s, z_c) for every row.

use super::SimplicityError;
use super::quantile::normal_quantile;
use crate::data::Dataset;
use crate::nn::{Mlp, Workspace};
use crate::tensor::{Mat, Rng};
use serde::{Deserialize, Serialize};

/// Defaults: the reported ρ_c = 0.9, σ = 0.6, d = 100, n = 3,200; ρ_s = 0.9, α = 1, no nesting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct HermannConfig {
    /// Predictivity of the shortcut, in (0.5, 1); default 0.9.
    pub rho_shortcut: f64,
    /// Predictivity of the core feature, in (0.5, 1); default 0.9.
    pub rho_core: f64,
    /// Within-class correlation σ, in (−1, 1); default 0.6.
    pub sigma: f64,
    /// Amplification α_s, in (0, 1000]; default 1.
    pub alpha_shortcut: f64,
    /// Amplification α_c; default 1.
    pub alpha_core: f64,
    /// Nonlinear transforms applied to the shortcut's embedding, 0..=8; default 0.
    pub nest_shortcut: usize,
    /// Nonlinear transforms applied to the core feature's embedding; default 0.
    pub nest_core: usize,
    /// Input dimension d, 2..=1024; default 100.
    pub dim: usize,
    /// Training rows; default 3,200.
    pub train: usize,
    /// Test rows; default 1,000.
    pub test: usize,
    pub seed: u64,
}

impl Default for HermannConfig {
    fn default() -> Self {
        HermannConfig {
            rho_shortcut: 0.9,
            rho_core: 0.9,
            sigma: 0.6,
            alpha_shortcut: 1.0,
            alpha_core: 1.0,
            nest_shortcut: 0,
            nest_core: 0,
            dim: 100,
            train: 3200,
            test: 1000,
            seed: 0,
        }
    }
}

/// Probe grid points per side.
pub const PROBE: usize = 40;

/// The fixed embedding z ↦ x: unit vectors and nesting matrices (row-major d × d).
#[derive(Clone, Debug)]
pub struct Embedding {
    pub dim: usize,
    pub u_shortcut: Vec<f64>,
    pub u_core: Vec<f64>,
    pub g_shortcut: Vec<Vec<f64>>,
    pub g_core: Vec<Vec<f64>>,
    pub alpha: [f64; 2],
}

#[derive(Clone, Debug)]
pub struct HermannData {
    pub config: HermannConfig,
    pub train: Dataset,
    pub test: Dataset,
    pub embedding: Embedding,
    /// (μ_s, μ_c).
    pub mu: [f64; 2],
}

impl HermannConfig {
    pub fn validate(&self) -> Result<(), SimplicityError> {
        for (k, v) in [("rho-shortcut", self.rho_shortcut), ("rho-core", self.rho_core)] {
            if !(v > 0.5 && v < 1.0) {
                return Err(SimplicityError::out_of_range(k, v, "(0.5, 1)"));
            }
        }
        if !(self.sigma > -1.0 && self.sigma < 1.0) {
            return Err(SimplicityError::out_of_range("sigma", self.sigma, "(−1, 1)"));
        }
        for (k, v) in [("alpha-shortcut", self.alpha_shortcut), ("alpha-core", self.alpha_core)] {
            if !(v > 0.0 && v <= 1000.0) {
                return Err(SimplicityError::out_of_range(k, v, "(0, 1000]"));
            }
        }
        for (k, v) in [("nest-shortcut", self.nest_shortcut), ("nest-core", self.nest_core)] {
            if v > 8 {
                return Err(SimplicityError::out_of_range(k, v, "0..=8"));
            }
        }
        if !(2..=1024).contains(&self.dim) {
            return Err(SimplicityError::out_of_range("dim", self.dim, "2..=1024"));
        }
        if !(1..=1_000_000).contains(&self.train) || !(1..=1_000_000).contains(&self.test) {
            return Err(SimplicityError::Rows { train: self.train, test: self.test });
        }
        Ok(())
    }

    /// Validates and draws. Streams of `seed`: 0 samples, 1 embedding.
    pub fn generate(&self) -> Result<HermannData, SimplicityError> {
        self.validate()?;
        let d = self.dim;
        let mut er = Rng::stream(self.seed, 1);
        let unit = |rng: &mut Rng| {
            let v: Vec<f64> = (0..d).map(|_| rng.normal()).collect();
            let n = v.iter().map(|x| x * x).sum::<f64>().sqrt();
            v.into_iter().map(|x| x / n).collect::<Vec<f64>>()
        };
        let (u_shortcut, u_core) = (unit(&mut er), unit(&mut er));
        let s = 1.0 / (d as f64).sqrt();
        let mats = |k: usize, rng: &mut Rng| (0..k).map(|_| (0..d * d).map(|_| rng.normal() * s).collect()).collect::<Vec<Vec<f64>>>();
        let g_shortcut = mats(self.nest_shortcut, &mut er);
        let g_core = mats(self.nest_core, &mut er);
        let embedding = Embedding { dim: d, u_shortcut, u_core, g_shortcut, g_core, alpha: [self.alpha_shortcut, self.alpha_core] };
        let mu = [normal_quantile(self.rho_shortcut), normal_quantile(self.rho_core)];
        let mut rng = Rng::stream(self.seed, 0);
        let mut draw = |n: usize| {
            let mut z = Vec::with_capacity(n);
            let mut y = Vec::with_capacity(n);
            for _ in 0..n {
                let label = rng.below(2);
                let s = if label == 1 { 1.0 } else { -1.0 };
                let (e1, e2) = rng.normal_pair();
                z.push([s * mu[0] + e1, s * mu[1] + self.sigma * e1 + (1.0 - self.sigma * self.sigma).sqrt() * e2]);
                y.push(label as f32);
            }
            Dataset { x: embedding.embed_all(&z), y, points: Mat::from_shape_fn((n, 2), |(i, j)| z[i][j] as f32) }
        };
        let train = draw(self.train);
        let test = draw(self.test);
        Ok(HermannData { config: self.clone(), train, test, embedding, mu })
    }
}

impl Embedding {
    /// x for one latent pair.
    pub fn embed(&self, z: [f64; 2]) -> Vec<f64> {
        let part = |zi: f64, u: &[f64], gs: &[Vec<f64>]| {
            let mut v: Vec<f64> = u.iter().map(|ui| zi * ui).collect();
            for g in gs {
                v = (0..self.dim).map(|r| libm::tanh((0..self.dim).map(|c| g[r * self.dim + c] * v[c]).sum::<f64>())).collect();
            }
            v
        };
        let vs = part(z[0], &self.u_shortcut, &self.g_shortcut);
        let vc = part(z[1], &self.u_core, &self.g_core);
        vs.iter().zip(&vc).map(|(a, b)| self.alpha[0] * a + self.alpha[1] * b).collect()
    }

    pub fn embed_all(&self, z: &[[f64; 2]]) -> Mat {
        let mut x = Mat::zeros((z.len(), self.dim));
        for (i, &zi) in z.iter().enumerate() {
            for (j, v) in self.embed(zi).into_iter().enumerate() {
                x[[i, j]] = v as f32;
            }
        }
        x
    }
}

/// The probe grid's latent points, row-major over (z_s, z_c) cell centres in [−3, 3]².
pub fn probe_grid() -> Vec<[f64; 2]> {
    let at = |j: usize| -3.0 + 6.0 * (j as f64 + 0.5) / PROBE as f64;
    (0..PROBE * PROBE).map(|i| [at(i / PROBE), at(i % PROBE)]).collect()
}

/// (|Σ ŷ sign z_s| − |Σ ŷ sign z_c|) / n over the grid, ŷ = sign(score).
pub fn reliance(grid: &[[f64; 2]], scores: &[f64]) -> f64 {
    let sign = |v: f64| if v > 0.0 { 1.0 } else if v < 0.0 { -1.0 } else { 0.0 };
    let (mut s, mut c) = (0.0f64, 0.0f64);
    for (z, &f) in grid.iter().zip(scores) {
        s += sign(f) * sign(z[0]);
        c += sign(f) * sign(z[1]);
    }
    (s.abs() - c.abs()) / grid.len() as f64
}

impl HermannData {
    /// LDA score μᵀ Σ⁻¹ z (its sign is the Bayes-optimal label).
    pub fn bayes_score(&self, z: [f64; 2]) -> f64 {
        let s = self.config.sigma;
        let det = 1.0 - s * s;
        let w = [(self.mu[0] - s * self.mu[1]) / det, (self.mu[1] - s * self.mu[0]) / det];
        w[0] * z[0] + w[1] * z[1]
    }

    pub fn bayes_reliance(&self) -> f64 {
        let grid = probe_grid();
        let scores: Vec<f64> = grid.iter().map(|&z| self.bayes_score(z)).collect();
        reliance(&grid, &scores)
    }

    /// The probe grid embedded as model inputs (PROBE², d).
    pub fn grid_inputs(&self) -> Mat {
        self.embedding.embed_all(&probe_grid())
    }

    /// reliance(model) − reliance(Bayes) for a model with one logit or two (score logit₁ − logit₀).
    pub fn shortcut_bias(&self, mlp: &Mlp, params: &[f32]) -> f64 {
        let scores = super::probes::scores(mlp, params, &self.grid_inputs(), &mut Workspace::default());
        reliance(&probe_grid(), &scores) - self.bayes_reliance()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latents_have_the_asked_predictivity_and_correlation() {
        let c = HermannConfig { rho_shortcut: 0.7, rho_core: 0.9, sigma: 0.6, dim: 4, train: 200_000, test: 1, ..Default::default() };
        let d = c.generate().unwrap();
        let z = &d.train.points;
        let n = d.train.len() as f64;
        let agree = |k: usize| (0..d.train.len()).filter(|&i| (z[[i, k]] > 0.0) == (d.train.y[i] == 1.0)).count() as f64 / n;
        // Standard errors at 200k rows: ≤ 0.0011.
        assert!((agree(0) - 0.7).abs() < 0.005, "{}", agree(0));
        assert!((agree(1) - 0.9).abs() < 0.005, "{}", agree(1));
        // Within-class correlation: residuals after removing y·μ.
        let (mut ss, mut cc, mut sc) = (0.0, 0.0, 0.0);
        for i in 0..d.train.len() {
            let s = if d.train.y[i] == 1.0 { 1.0 } else { -1.0 };
            let (a, b) = (z[[i, 0]] as f64 - s * d.mu[0], z[[i, 1]] as f64 - s * d.mu[1]);
            ss += a * a;
            cc += b * b;
            sc += a * b;
        }
        assert!((sc / (ss * cc).sqrt() - 0.6).abs() < 0.01);
    }

    #[test]
    fn embedding_without_nesting_is_the_amplified_sum_of_directions() {
        let c = HermannConfig { alpha_shortcut: 3.0, alpha_core: 0.5, dim: 6, train: 5, test: 1, ..Default::default() };
        let d = c.generate().unwrap();
        let e = &d.embedding;
        for i in 0..5 {
            let (zs, zc) = (d.train.points[[i, 0]] as f64, d.train.points[[i, 1]] as f64);
            for j in 0..6 {
                let expect = 3.0 * zs * e.u_shortcut[j] + 0.5 * zc * e.u_core[j];
                assert!((d.train.x[[i, j]] as f64 - expect).abs() < 1e-5);
            }
        }
    }

    #[test]
    fn reliance_is_one_for_a_shortcut_reader_minus_one_for_a_core_reader_and_zero_for_symmetric_bayes() {
        let grid = probe_grid();
        let s: Vec<f64> = grid.iter().map(|z| z[0]).collect();
        let c: Vec<f64> = grid.iter().map(|z| z[1]).collect();
        // Hand count: Σ sign(z_s)² = n, Σ sign(z_s) sign(z_c) = 0 over the symmetric grid.
        assert_eq!(reliance(&grid, &s), 1.0);
        assert_eq!(reliance(&grid, &c), -1.0);
        let sym = HermannConfig { dim: 4, train: 1, test: 1, ..Default::default() }.generate().unwrap();
        assert_eq!(sym.bayes_reliance(), 0.0);
        // A more predictive shortcut makes the Bayes rule itself lean on it.
        let lean = HermannConfig { rho_shortcut: 0.95, rho_core: 0.8, dim: 4, train: 1, test: 1, ..Default::default() }.generate().unwrap();
        assert!(lean.bayes_reliance() > 0.0);
        assert!(HermannConfig { sigma: 1.0, ..Default::default() }.generate().unwrap_err().to_string().contains("sigma"));
        assert!(HermannConfig { rho_core: 0.4, ..Default::default() }.generate().unwrap_err().to_string().contains("rho-core"));
    }
}
