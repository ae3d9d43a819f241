//! Random networks' functions, after Teney, Nicolicioiu, Hartmann & Abbasnejad 2024,
//! "Neural Redshift: Random Networks are not Random Functions" (arXiv:2403.02241).
//! An MLP R² → R of `depth` hidden layers of `width` units, every weight and bias drawn
//! U(−A, A), evaluated in f64 on an n × n grid over [−1, 1]² (row = x₂ index, column =
//! x₁ index, both −1 + 2j/(n − 1)). Options (placements ours, to verify against the paper):
//! - layer-norm: each hidden pre-activation normalized to zero mean, unit variance
//!   (no affine part, ε = 1e-5) before the activation;
//! - residual: from the second hidden layer on, h ← h + act(W h + b);
//! - gating: each hidden layer's output multiplied elementwise by a second linear map of
//!   its input, act(W h + b) ⊙ (V h + c).
//!
//! Activations not in `crate::nn::Activation` live here, in f64: SiLU x·σ(x) (Elfwing et
//! al. 2018, arXiv:1702.03118), SELU (Klambauer et al. 2017, arXiv:1706.02515,
//! λ = 1.0507009873554805, α = 1.6732632423543772) and the Gaussian exp(−x²).

use super::SimplicityError;
use super::complexity;
use crate::tensor::Rng;
use serde::{Deserialize, Serialize};

names! {
    pub enum RandomActivation {
        Relu,
        Gelu,
        Silu,
        Selu,
        Tanh,
        Sigmoid,
        Gaussian,
        Sin,
    }
}

const SELU_LAMBDA: f64 = 1.050_700_987_355_480_5;
const SELU_ALPHA: f64 = 1.673_263_242_354_377_2;

impl RandomActivation {
    /// A name from `ALL`; "swish" is accepted for silu.
    pub fn parse(s: &str) -> Result<RandomActivation, SimplicityError> {
        let s = if s == "swish" { "silu" } else { s };
        RandomActivation::from_name(s).ok_or_else(|| SimplicityError::Activation(s.to_string()))
    }

    pub fn value(self, x: f64) -> f64 {
        let sigmoid = |x: f64| 1.0 / (1.0 + libm::exp(-x));
        match self {
            RandomActivation::Relu => x.max(0.0),
            RandomActivation::Gelu => 0.5 * x * (1.0 + libm::erf(x * std::f64::consts::FRAC_1_SQRT_2)),
            RandomActivation::Silu => x * sigmoid(x),
            RandomActivation::Selu => SELU_LAMBDA * if x > 0.0 { x } else { SELU_ALPHA * (libm::exp(x) - 1.0) },
            RandomActivation::Tanh => libm::tanh(x),
            RandomActivation::Sigmoid => sigmoid(x),
            RandomActivation::Gaussian => libm::exp(-x * x),
            RandomActivation::Sin => libm::sin(x),
        }
    }
}

/// One random network. Defaults: relu, width 64, depth 2, A = 1, no options, 64² grid, seed 0.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RedshiftConfig {
    pub activation: RandomActivation,
    /// Hidden units per layer, 1..=256; default 64 (the paper's).
    pub width: usize,
    /// Hidden layers, 1..=7; default 2.
    pub depth: usize,
    /// A of U(−A, A) for weights and biases, in [1e-3, 1e3]; default 1.
    pub amplitude: f64,
    pub layer_norm: bool,
    pub residual: bool,
    pub gating: bool,
    /// Grid points per side, even, 4..=256; default 64.
    pub grid: usize,
    pub seed: u64,
}

impl Default for RedshiftConfig {
    fn default() -> Self {
        RedshiftConfig {
            activation: RandomActivation::Relu,
            width: 64,
            depth: 2,
            amplitude: 1.0,
            layer_norm: false,
            residual: false,
            gating: false,
            grid: 64,
            seed: 0,
        }
    }
}

/// A row of the complexity table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RedshiftRow {
    pub activation: &'static str,
    pub depth: usize,
    pub amplitude: f64,
    pub layer_norm: bool,
    pub residual: bool,
    pub gating: bool,
    /// Mean radial Fourier frequency in [0, 1].
    pub fourier: f64,
    /// LZ76 phrases of the median-binarized grid.
    pub lz: usize,
    /// lz · log₂N / N.
    pub lz_normalized: f64,
}

impl RedshiftConfig {
    pub fn validate(&self) -> Result<(), SimplicityError> {
        if !(1..=7).contains(&self.depth) {
            return Err(SimplicityError::out_of_range("depth", self.depth, "1..=7"));
        }
        if !(1..=256).contains(&self.width) {
            return Err(SimplicityError::out_of_range("width", self.width, "1..=256"));
        }
        if !(self.amplitude.is_finite() && (1e-3..=1e3).contains(&self.amplitude)) {
            return Err(SimplicityError::out_of_range("amplitude", self.amplitude, "[0.001, 1000]"));
        }
        if !(4..=256).contains(&self.grid) || self.grid % 2 != 0 {
            return Err(SimplicityError::Grid(self.grid));
        }
        Ok(())
    }

    /// The network's values on the grid, row-major (grid × grid).
    pub fn evaluate(&self) -> Result<Vec<f64>, SimplicityError> {
        self.validate()?;
        let n = self.grid;
        let at = |j: usize| -1.0 + 2.0 * j as f64 / (n - 1) as f64;
        let points: Vec<[f64; 2]> = (0..n * n).map(|i| [at(i % n), at(i / n)]).collect();
        Ok(Net::draw(self).values(self, &points))
    }

    /// The grid and its complexity row.
    pub fn measure(&self) -> Result<(Vec<f64>, RedshiftRow), SimplicityError> {
        let f = self.evaluate()?;
        let row = self.row(&f);
        Ok((f, row))
    }

    /// The complexity row of values on this config's grid (computed here, or elsewhere:
    /// the page's WebGPU gallery).
    pub fn row(&self, f: &[f64]) -> RedshiftRow {
        let (lz, lz_normalized) = complexity::lempel_ziv(f);
        RedshiftRow {
            activation: self.activation.name(),
            depth: self.depth,
            amplitude: self.amplitude,
            layer_norm: self.layer_norm,
            residual: self.residual,
            gating: self.gating,
            fourier: complexity::fourier(f, self.grid),
            lz,
            lz_normalized,
        }
    }

    /// Why this network cannot run as a plain MLP (on the page's WebGPU kernels), or None:
    /// those have the activations of `crate::nn::Activation` and no layer norm, residual
    /// or gating.
    pub fn plain_mlp_blocker(&self) -> Option<String> {
        let which = [(self.layer_norm, "layer norm"), (self.residual, "residual connections"), (self.gating, "gating")];
        if let Some((_, what)) = which.iter().find(|(on, _)| *on) {
            return Some(format!("{what} (the GPU kernels run plain MLPs)"));
        }
        match crate::nn::Activation::from_name(self.activation.name()) {
            Some(_) => None,
            None => Some(format!("the activation is {} (the GPU kernels have relu, gelu, tanh, sigmoid and sin)", self.activation.name())),
        }
    }

    /// The network as a plain MLP: its sizes [2, width × depth, 1], activations, and f32
    /// parameters in `crate::nn::Layout`'s order (per layer W [out, in] row-major, then b),
    /// the amplitude folded in (A·(b + W h) = (A W) h + A b). Err with the blocker's reason.
    pub fn plain_mlp(&self) -> Result<(Vec<usize>, Vec<&'static str>, Vec<f32>), SimplicityError> {
        self.validate()?;
        if let Some(why) = self.plain_mlp_blocker() {
            return Err(SimplicityError::NotPlainMlp(why));
        }
        let net = Net::draw(self);
        let a = self.amplitude;
        let mut params = Vec::new();
        let mut push = |v: &[f64]| params.extend(v.iter().map(|x| (a * x) as f32));
        for layer in &net.layers {
            push(&layer.w);
            push(&layer.b);
        }
        push(&net.out_w);
        push(&[net.out_b]);
        let sizes = std::iter::once(2).chain(std::iter::repeat_n(self.width, self.depth)).chain([1]).collect();
        let activations = std::iter::repeat_n(self.activation.name(), self.depth).chain(["linear"]).collect();
        Ok((sizes, activations, params))
    }

    /// The grid's points (x₁, x₂), row-major as `evaluate`'s values, in f32.
    pub fn grid_points(&self) -> Vec<f32> {
        let n = self.grid;
        let at = |j: usize| (-1.0 + 2.0 * j as f64 / (n - 1) as f64) as f32;
        (0..n * n).flat_map(|i| [at(i % n), at(i / n)]).collect()
    }
}

/// The complexity table over activations × depths × amplitudes (in that nesting), each
/// network from `base`'s seed: the same unit draws scaled by each A.
pub fn table(base: &RedshiftConfig, activations: &[RandomActivation], depths: &[usize], amplitudes: &[f64]) -> Result<Vec<RedshiftRow>, SimplicityError> {
    let mut rows = Vec::new();
    for &activation in activations {
        for &depth in depths {
            for &amplitude in amplitudes {
                rows.push(RedshiftConfig { activation, depth, amplitude, ..base.clone() }.measure()?.1);
            }
        }
    }
    Ok(rows)
}

/// A gallery of random functions: `count` networks of `base`'s settings with seeds
/// base.seed, base.seed + 1, …, each its grid (row-major).
pub fn gallery(base: &RedshiftConfig, count: usize) -> Result<Vec<Vec<f64>>, SimplicityError> {
    if count > 256 {
        return Err(SimplicityError::out_of_range("count", count, "0..=256"));
    }
    (0..count as u64).map(|k| RedshiftConfig { seed: base.seed.wrapping_add(k), ..base.clone() }.evaluate()).collect()
}

/// Weights as unit draws U(−1, 1), scaled by A when used. Layer l: (W, b, gate V, c).
struct Net {
    layers: Vec<Layer>,
    out_w: Vec<f64>,
    out_b: f64,
}

struct Layer {
    inputs: usize,
    w: Vec<f64>,
    b: Vec<f64>,
    v: Vec<f64>,
    c: Vec<f64>,
}

impl Net {
    fn draw(c: &RedshiftConfig) -> Net {
        let mut rng = Rng::new(c.seed);
        let mut u = |k: usize| -> Vec<f64> { (0..k).map(|_| rng.uniform(-1.0, 1.0)).collect() };
        let layers = (0..c.depth)
            .map(|l| {
                let inputs = if l == 0 { 2 } else { c.width };
                let (w, b) = (u(inputs * c.width), u(c.width));
                let (v, cc) = if c.gating { (u(inputs * c.width), u(c.width)) } else { (Vec::new(), Vec::new()) };
                Layer { inputs, w, b, v, c: cc }
            })
            .collect();
        let out_w = u(c.width);
        let out_b = u(1)[0];
        Net { layers, out_w, out_b }
    }

    /// The network on many points at once, layer by layer over flat (points × width)
    /// buffers (no allocation per point); the same arithmetic, in the same order, as one
    /// point at a time.
    fn values(&self, c: &RedshiftConfig, xs: &[[f64; 2]]) -> Vec<f64> {
        let (a, w) = (c.amplitude, c.width);
        let mut h: Vec<f64> = xs.iter().flat_map(|x| x.iter().copied()).collect();
        let mut pre = vec![0.0; xs.len() * w];
        let mut gate = vec![0.0; if c.gating { xs.len() * w } else { 0 }];
        for (l, layer) in self.layers.iter().enumerate() {
            let k = layer.inputs;
            let affine = |wm: &[f64], b: &[f64], h: &[f64], out: &mut [f64]| {
                for (hp, op) in h.chunks_exact(k).zip(out.chunks_exact_mut(w)) {
                    for (o, v) in op.iter_mut().enumerate() {
                        let dot: f64 = wm[o * k..(o + 1) * k].iter().zip(hp).map(|(wi, hi)| wi * hi).sum();
                        *v = a * (b[o] + dot);
                    }
                }
            };
            affine(&layer.w, &layer.b, &h, &mut pre);
            if c.gating {
                affine(&layer.v, &layer.c, &h, &mut gate);
            }
            for (p, row) in pre.chunks_exact_mut(w).enumerate() {
                if c.layer_norm {
                    let m = row.iter().sum::<f64>() / w as f64;
                    let var = row.iter().map(|v| (v - m).powi(2)).sum::<f64>() / w as f64;
                    let s = 1.0 / (var + 1e-5).sqrt();
                    row.iter_mut().for_each(|v| *v = (*v - m) * s);
                }
                for (o, v) in row.iter_mut().enumerate() {
                    *v = c.activation.value(*v);
                    if c.gating {
                        *v *= gate[p * w + o];
                    }
                    if c.residual && l > 0 {
                        *v += h[p * w + o];
                    }
                }
            }
            std::mem::swap(&mut h, &mut pre);
            pre.resize(xs.len() * w, 0.0);
        }
        h.chunks_exact(w).map(|hp| a * (self.out_b + self.out_w.iter().zip(hp).map(|(wo, v)| wo * v).sum::<f64>())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_activations_match_reference_values() {
        // torch.nn.functional: silu(1) = 0.7310586, selu(-1) = -1.1113307, selu(2) = 2.1014020.
        assert!((RandomActivation::Silu.value(1.0) - 0.731_058_578_6).abs() < 1e-9);
        assert!((RandomActivation::Selu.value(-1.0) + 1.111_330_737_4).abs() < 1e-9);
        assert!((RandomActivation::Selu.value(2.0) - 2.101_401_974_7).abs() < 1e-9);
        assert!((RandomActivation::Gaussian.value(1.0) - (-1.0f64).exp()).abs() < 1e-15);
        assert_eq!(RandomActivation::parse("swish"), Ok(RandomActivation::Silu));
        assert!(RandomActivation::parse("elu").unwrap_err().to_string().contains("gaussian"));
    }

    /// The plain-MLP form (what the page's WebGPU gallery runs) computes the same function
    /// as `evaluate`: checked with the core's own f32 MLP, to f32 rounding.
    #[test]
    fn the_plain_mlp_form_is_the_same_network() {
        use crate::nn::{Activation, Mlp, Workspace};
        for (act, depth, amplitude) in [(RandomActivation::Relu, 2, 1.0), (RandomActivation::Tanh, 4, 2.0), (RandomActivation::Sin, 1, 3.0), (RandomActivation::Gelu, 3, 0.5)] {
            let c = RedshiftConfig { activation: act, depth, amplitude, width: 20, grid: 16, seed: 5, ..Default::default() };
            let (sizes, names, params) = c.plain_mlp().unwrap();
            let acts: Vec<Activation> = names.iter().map(|n| Activation::from_name(n).unwrap()).collect();
            let mlp = Mlp::new(&sizes, &acts);
            assert_eq!(params.len(), mlp.layout.model_len());
            let x = crate::tensor::Mat::from_shape_vec((16 * 16, 2), c.grid_points()).unwrap();
            let mut ws = Workspace::default();
            let out = mlp.forward(&params, x.view(), &mut ws).to_owned();
            let want = c.evaluate().unwrap();
            let scale = want.iter().fold(1.0f64, |m, v| m.max(v.abs()));
            for (i, (&got, &want)) in out.iter().zip(&want).enumerate() {
                assert!((got as f64 - want).abs() <= 1e-5 * scale, "{act:?} depth {depth}: cell {i}: {got} vs {want}");
            }
        }
        let gated = RedshiftConfig { gating: true, ..Default::default() };
        assert_eq!(gated.plain_mlp().unwrap_err().to_string(), "gating (the GPU kernels run plain MLPs)");
        let silu = RedshiftConfig { activation: RandomActivation::Silu, ..Default::default() };
        assert!(silu.plain_mlp().unwrap_err().to_string().starts_with("the activation is silu"));
    }

    #[test]
    fn gallery_holds_one_network_per_seed() {
        let base = RedshiftConfig { grid: 8, width: 4, seed: 10, ..Default::default() };
        let g = gallery(&base, 3).unwrap();
        assert_eq!(g.len(), 3);
        assert_eq!(g[2], RedshiftConfig { seed: 12, ..base.clone() }.evaluate().unwrap());
        assert_ne!(g[0], g[1]);
    }

    #[test]
    fn a_depth_one_network_is_its_hand_computed_formula() {
        let c = RedshiftConfig { width: 3, depth: 1, amplitude: 2.0, grid: 4, activation: RandomActivation::Tanh, ..Default::default() };
        let f = c.evaluate().unwrap();
        let mut rng = Rng::new(0);
        let w: Vec<f64> = (0..6).map(|_| rng.uniform(-1.0, 1.0)).collect();
        let b: Vec<f64> = (0..3).map(|_| rng.uniform(-1.0, 1.0)).collect();
        let o: Vec<f64> = (0..4).map(|_| rng.uniform(-1.0, 1.0)).collect();
        // Grid row 1, column 2: x₁ = −1 + 4/3, x₂ = −1 + 2/3.
        let (x1, x2) = (1.0 / 3.0, -1.0 / 3.0);
        let h: Vec<f64> = (0..3).map(|k| (2.0 * (b[k] + w[2 * k] * x1 + w[2 * k + 1] * x2)).tanh()).collect();
        let expect = 2.0 * (o[3] + (0..3).map(|k| o[k] * h[k]).sum::<f64>());
        assert!((f[4 + 2] - expect).abs() < 1e-12);
    }
}
