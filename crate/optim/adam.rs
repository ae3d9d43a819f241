//! Adam and the optimizers that only change one line of it.
//! - Adam (Kingma & Ba 2014, arXiv:1412.6980, Alg. 1): m ← β1 m + (1−β1) g;
//!   v ← β2 v + (1−β2) g²; θ ← θ − η m̂ / (√v̂ + ε), m̂ = m/(1−β1^t), v̂ = v/(1−β2^t);
//!   ε outside the root, as in the paper, PyTorch and optax.
//! - AdamW (Loshchilov & Hutter 2019, arXiv:1711.05101): θ ← θ − η (m̂/(√v̂+ε) + λ θ),
//!   decay decoupled from the adaptive scaling (= PyTorch AdamW).
//! - AMSGrad (Reddi et al. 2018, "On the convergence of Adam and beyond"): the
//!   denominator uses the running max of v̂. By default we keep the max of the
//!   bias-corrected v̂, as optax does; max_corrected=false keeps the max of the raw v and
//!   corrects it afterwards, as PyTorch does.
//! - diffGrad (Dubey et al. 2019, arXiv:1909.11015), the corrected "v2" rule:
//!   ξ = sigmoid(|g_{t−1} − g_t|) with g_0 = 0 scales m̂. (The first published code kept a
//!   reference to the current gradient, so ξ was always 0.5.)
//! - Grams (Cao et al. 2024, arXiv:2412.17107): θ ← θ(1 − ηλ), then
//!   θ ← θ − η sign(g) ⊙ |m̂| / (√v̂ + ε): Adam's magnitude, the current gradient's sign.

use super::{adam_moments, correction, f32_or, max, Hyper, Moments, Optimizer};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    Adam,
    AdamW,
    AmsGrad,
    DiffGrad,
    Grams,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdamConfig {
    /// β1; default 0.9.
    pub b1: f32,
    /// β2; default 0.999.
    pub b2: f32,
    /// ε; default 1e-8 (Grams: 1e-6).
    pub eps: f32,
    /// Decoupled weight decay λ; default 0 (AdamW: 1e-2, as PyTorch).
    pub weight_decay: f32,
    /// AMSGrad: max of the corrected v̂ (true, default) or of the raw v (false).
    pub max_corrected: bool,
}

impl Default for AdamConfig {
    fn default() -> Self {
        AdamConfig { b1: 0.9, b2: 0.999, eps: 1e-8, weight_decay: 0.0, max_corrected: true }
    }
}

impl AdamConfig {
    pub fn for_variant(variant: Variant, h: &Hyper) -> AdamConfig {
        let d = AdamConfig::default();
        let (eps, wd) = match variant {
            Variant::AdamW => (d.eps, 1e-2),
            Variant::Grams => (1e-6, 0.0),
            _ => (d.eps, 0.0),
        };
        AdamConfig {
            b1: f32_or(h.b1, d.b1),
            b2: f32_or(h.b2, d.b2),
            eps: f32_or(h.eps, eps),
            weight_decay: f32_or(h.weight_decay, wd),
            max_corrected: h.max_corrected.unwrap_or(d.max_corrected),
        }
    }
}

impl From<&Hyper> for AdamConfig {
    fn from(h: &Hyper) -> Self {
        AdamConfig::for_variant(Variant::Adam, h)
    }
}

pub struct Adam {
    pub variant: Variant,
    pub config: AdamConfig,
    m: Vec<f32>,
    v: Vec<f32>,
    /// AMSGrad: running max of v̂. diffGrad: the previous gradient.
    extra: Vec<f32>,
    t: i32,
}

impl Adam {
    pub fn new(config: AdamConfig, n: usize) -> Adam {
        Adam { variant: Variant::Adam, config, m: vec![0.0; n], v: vec![0.0; n], extra: Vec::new(), t: 0 }
    }

    pub fn with_variant(variant: Variant, hyper: &Hyper, n: usize) -> Adam {
        let extra = if matches!(variant, Variant::AmsGrad | Variant::DiffGrad) { vec![0.0; n] } else { Vec::new() };
        Adam { variant, config: AdamConfig::for_variant(variant, hyper), m: vec![0.0; n], v: vec![0.0; n], extra, t: 0 }
    }
}

impl Optimizer for Adam {
    fn step(&mut self, params: &mut [f32], grad: &[f32], lr: f32) {
        let AdamConfig { b1, b2, eps, weight_decay: wd, max_corrected } = self.config;
        self.t += 1;
        let (c1, c2) = (correction(b1, self.t), correction(b2, self.t));
        let n = params.len();
        let (grad, ms, vs) = (&grad[..n], &mut self.m[..n], &mut self.v[..n]);
        // m and v of one parameter, updated in place; returns (m̂, v̂).
        let moments = |g: f32, m: &mut f32, v: &mut f32| {
            adam_moments(b1, b2, g, m, v);
            (*m / c1, *v / c2)
        };
        // One straight loop per variant over zipped slices (no bounds checks, no branch on
        // the variant inside), which the compiler vectorizes: same arithmetic, lane by lane.
        let each = params.iter_mut().zip(grad).zip(ms.iter_mut().zip(vs.iter_mut()));
        match self.variant {
            Variant::Adam => each.for_each(|((p, &g), (m, v))| {
                let (m_hat, v_hat) = moments(g, m, v);
                *p = *p - lr * m_hat / (v_hat.sqrt() + eps);
            }),
            Variant::AdamW => each.for_each(|((p, &g), (m, v))| {
                let (m_hat, v_hat) = moments(g, m, v);
                *p = *p - lr * (m_hat / (v_hat.sqrt() + eps) + wd * *p);
            }),
            Variant::AmsGrad => each.zip(&mut self.extra[..n]).for_each(|(((p, &g), (m, v)), v_max)| {
                let (m_hat, v_hat) = moments(g, m, v);
                let tracked = if max_corrected { v_hat } else { *v };
                *v_max = max(*v_max, tracked);
                let denom = if max_corrected { *v_max } else { *v_max / c2 };
                *p = *p - lr * m_hat / (denom.sqrt() + eps);
            }),
            Variant::DiffGrad => each.zip(&mut self.extra[..n]).for_each(|(((p, &g), (m, v)), previous)| {
                let (m_hat, v_hat) = moments(g, m, v);
                let xi = crate::nn::activation::sigmoid((*previous - g).abs());
                *previous = g;
                *p = *p - lr * xi * m_hat / (v_hat.sqrt() + eps);
            }),
            Variant::Grams => each.for_each(|((p, &g), (m, v))| {
                let (m_hat, v_hat) = moments(g, m, v);
                let sign = if g > 0.0 { 1.0 } else if g < 0.0 { -1.0 } else { 0.0 };
                *p = *p * (1.0 - lr * wd) - lr * sign * m_hat.abs() / (v_hat.sqrt() + eps);
            }),
        }
    }

    fn configure(&mut self, hyper: &Hyper) {
        self.config = AdamConfig::for_variant(self.variant, hyper);
    }

    /// Plain Adam only: the variants' extra buffer and decay have no WebGPU kernel.
    fn moments(&self) -> Option<Moments> {
        (self.variant == Variant::Adam).then(|| Moments { t: self.t as u64, m: self.m.clone(), v: self.v.clone() })
    }

    fn set_moments(&mut self, moments: &Moments) -> bool {
        let n = moments.m.len();
        if self.variant != Variant::Adam || moments.v.len() != n || n > self.m.len() || moments.t > i32::MAX as u64 {
            return false;
        }
        self.m[..n].copy_from_slice(&moments.m);
        self.v[..n].copy_from_slice(&moments.v);
        self.t = moments.t as i32;
        true
    }

    fn buffers(&mut self) -> Vec<&mut Vec<f32>> {
        vec![&mut self.m, &mut self.v, &mut self.extra]
    }

    fn restart(&mut self) {
        self.t = 0;
    }
}
