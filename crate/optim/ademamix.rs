//! AdEMAMix (Pagliardini et al. 2024, arXiv:2409.03137, Alg. 1): m1 ← β1 m1 + (1−β1) g
//! (bias-corrected), m2 ← β3 m2 + (1−β3) g (not corrected), ν ← β2 ν + (1−β2) g²
//! (corrected); θ ← θ − η ((m̂1 + α m2)/(√ν̂ + ε) + λ θ). Defaults β (0.9, 0.999,
//! 0.9999), α 2 (the official code; its README example uses 8), ε 1e-8, λ 0.
//! Optional warm-ups (paper sec. 3, eq. 4–5), off when their length is 0:
//! α_t = min(t α / T_α, α), and β3 interpolated in half-life from β1:
//! β3_t = min(exp(ln β1 · ln β3 / ((1 − t/T_β3) ln β3 + (t/T_β3) ln β1)), β3).

use super::{correction, f32_or, Hyper, Optimizer};

pub struct AdEMAMix {
    b1: f32,
    b2: f32,
    b3: f32,
    alpha: f32,
    eps: f32,
    wd: f32,
    alpha_warmup: f32,
    b3_warmup: f32,
    m1: Vec<f32>,
    m2: Vec<f32>,
    nu: Vec<f32>,
    t: i32,
}

impl AdEMAMix {
    pub fn new(h: &Hyper, n: usize) -> AdEMAMix {
        let z = || vec![0.0; n];
        let mut a = AdEMAMix {
            b1: 0.0,
            b2: 0.0,
            b3: 0.0,
            alpha: 0.0,
            eps: 0.0,
            wd: 0.0,
            alpha_warmup: 0.0,
            b3_warmup: 0.0,
            m1: z(),
            m2: z(),
            nu: z(),
            t: 0,
        };
        a.configure(h);
        a
    }
}

impl AdEMAMix {
    /// α and β3 at the current step, after the optional warm-ups.
    pub fn warmed_up(&self) -> (f32, f32) {
        let t = self.t as f64;
        let alpha = if self.alpha_warmup > 0.0 { (t * self.alpha as f64 / self.alpha_warmup as f64).min(self.alpha as f64) } else { self.alpha as f64 };
        let b3 = if self.b3_warmup > 0.0 && t < self.b3_warmup as f64 {
            let (l1, l3) = ((self.b1 as f64).ln(), (self.b3 as f64).ln());
            let s = t / self.b3_warmup as f64;
            (l1 * l3 / ((1.0 - s) * l3 + s * l1)).exp().min(self.b3 as f64)
        } else {
            self.b3 as f64
        };
        (alpha as f32, b3 as f32)
    }
}

impl Optimizer for AdEMAMix {
    fn step(&mut self, params: &mut [f32], grad: &[f32], lr: f32) {
        self.t += 1;
        let (c1, c2) = (correction(self.b1, self.t), correction(self.b2, self.t));
        let (alpha, b3) = self.warmed_up();
        let (b1, b2, eps, wd) = (self.b1, self.b2, self.eps, self.wd);
        // Zipped slices: no bounds checks, so the loop vectorizes (same arithmetic per lane).
        let moments = self.m1.iter_mut().zip(&mut self.m2).zip(&mut self.nu);
        for ((p, &g), ((m1, m2), nu)) in params.iter_mut().zip(grad).zip(moments) {
            *m1 = b1 * *m1 + (1.0 - b1) * g;
            *m2 = b3 * *m2 + (1.0 - b3) * g;
            *nu = b2 * *nu + (1.0 - b2) * g * g;
            let dir = (*m1 / c1 + alpha * *m2) / ((*nu / c2).sqrt() + eps);
            *p -= lr * (dir + wd * *p);
        }
    }

    fn configure(&mut self, h: &Hyper) {
        self.b1 = f32_or(h.b1, 0.9);
        self.b2 = f32_or(h.b2, 0.999);
        self.b3 = f32_or(h.b3, 0.9999);
        self.alpha = f32_or(h.alpha, 2.0);
        self.eps = f32_or(h.eps, 1e-8);
        self.wd = f32_or(h.weight_decay, 0.0);
        self.alpha_warmup = f32_or(h.alpha_warmup, 0.0);
        self.b3_warmup = f32_or(h.b3_warmup, 0.0);
    }

    fn buffers(&mut self) -> Vec<&mut Vec<f32>> {
        vec![&mut self.m1, &mut self.m2, &mut self.nu]
    }

    fn restart(&mut self) {
        self.t = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warm_ups_start_at_adam_and_reach_the_targets() {
        let h = Hyper { alpha: Some(8.0), alpha_warmup: Some(100.0), b3_warmup: Some(100.0), ..Hyper::default() };
        let mut a = AdEMAMix::new(&h, 1);
        a.t = 0;
        let (alpha, b3) = a.warmed_up();
        assert_eq!(alpha, 0.0);
        assert!((b3 - 0.9).abs() < 1e-6, "β3 starts at β1: {b3}");
        a.t = 50;
        let (alpha, b3) = a.warmed_up();
        assert!((alpha - 4.0).abs() < 1e-6);
        // Half-life interpolation: ln(0.5)/ln(β) is linear in t between β1 and β3.
        let half_life = |b: f64| (0.5f64).ln() / b.ln();
        let mid = 0.5 * (half_life(0.9) + half_life(0.9999));
        assert!((half_life(b3 as f64) - mid).abs() / mid < 1e-3, "{b3}");
        a.t = 100;
        assert_eq!(a.warmed_up(), (8.0, 0.9999));
    }
}
