//! Activation functions, each defined once as a value / derivative pair, elementwise.
//! Transcendentals go through `libm` so native and wasm agree bit for bit.

use crate::tensor::{Float, Mat};

names! {
    pub enum Activation {
        Linear,
        Relu,
        /// max(x, 0.01·x), PyTorch's default negative slope.
        LeakyRelu,
        Tanh,
        Sigmoid,
        /// Exact GELU, x·Φ(x) (Hendrycks & Gimpel 2016, arXiv:1606.08415), as PyTorch's default.
        Gelu,
        /// sin(x), as in SIREN (Sitzmann et al. 2020) and the Playground's sin feature.
        Sin,
    }
}

pub const LEAKY_SLOPE: f32 = 0.01;

/// tanh as a [13/6] rational function on [−9, 9] (beyond it tanh is ±1 in f32), the
/// approximation Eigen uses for float (`generic_fast_tanh_float`, Eigen/src/Core/
/// MathFunctionsImpl.h); tiny inputs return themselves. Plain multiplies, adds and one
/// divide, so native and wasm agree bit for bit; about 4× cheaper than `libm::tanhf`,
/// which was 28% of a Playground training step. Within 4e-7 of tanh (unit test).
/// Generic so that four lanes at once (`F32x4`) run exactly the scalar operations.
#[inline]
pub fn tanh<T: Float>(z: T) -> T {
    let c = T::splat;
    let x = z.clamped(-9.0, 9.0);
    let x2 = x * x;
    let mut p = x2 * c(-2.760_768_5e-16) + c(2.000_187_9e-13);
    p = x2 * p + c(-8.604_671_5e-11);
    p = x2 * p + c(5.122_297e-8);
    p = x2 * p + c(1.485_722_4e-5);
    p = x2 * p + c(6.372_619_3e-4);
    p = x2 * p + c(4.893_524_6e-3);
    let mut q = x2 * c(1.198_258_4e-6) + c(1.185_347_1e-4);
    q = x2 * q + c(2.268_434_6e-3);
    q = x2 * q + c(4.893_525e-3);
    z.where_abs_below(4e-4, x * p / q)
}
const FRAC_1_SQRT_2: f32 = std::f32::consts::FRAC_1_SQRT_2;
const FRAC_1_SQRT_2PI: f32 = 0.398_942_3;

impl Activation {
    /// a = f(z), for one value or four lanes (`Float`): tanh, sigmoid's derivative and the
    /// identity are lane operations, the rest apply their scalar form lane by lane.
    #[inline]
    pub fn value<T: Float>(self, z: T) -> T {
        match self {
            Activation::Linear => z,
            // (Selects, not z.max(0): f32::max is a call to fmaxf in wasm, which keeps a loop
            // of them from being vectorized. The same values, NaN → 0 included; z = −0 gives
            // +0 where fmaxf gave −0, a zero either way.)
            Activation::Relu => z.select_gt(0.0, z, T::splat(0.0)),
            Activation::LeakyRelu => z.select_gt(0.0, z, z * T::splat(LEAKY_SLOPE)),
            Activation::Tanh => tanh(z),
            Activation::Sigmoid => z.map(sigmoid),
            Activation::Gelu => z.map(|z| 0.5 * z * (1.0 + libm::erff(z * FRAC_1_SQRT_2))),
            Activation::Sin => z.map(libm::sinf),
        }
    }

    /// f'(z), given z and the cached a = f(z) (cheaper for tanh and sigmoid).
    #[inline]
    pub fn derivative<T: Float>(self, z: T, a: T) -> T {
        match self {
            Activation::Linear => T::splat(1.0),
            Activation::Relu => z.select_gt(0.0, T::splat(1.0), T::splat(0.0)),
            Activation::LeakyRelu => z.select_gt(0.0, T::splat(1.0), T::splat(LEAKY_SLOPE)),
            Activation::Tanh => T::splat(1.0) - a * a,
            Activation::Sigmoid => a * (T::splat(1.0) - a),
            Activation::Gelu => z.map(|z| {
                let cdf = 0.5 * (1.0 + libm::erff(z * FRAC_1_SQRT_2));
                cdf + z * FRAC_1_SQRT_2PI * libm::expf(-0.5 * z * z)
            }),
            Activation::Sin => z.map(libm::cosf),
        }
    }

    /// a = f(z) over a slice of values or of lane vectors, the activation chosen once: each
    /// arm is a plain loop, which the compiler vectorizes where f makes no libm call.
    pub fn apply<T: Float>(self, z: &[T], a: &mut [T]) {
        fn each<T: Float>(z: &[T], a: &mut [T], f: impl Fn(T) -> T) {
            for (a, &z) in a.iter_mut().zip(z) {
                *a = f(z);
            }
        }
        match self {
            Activation::Linear => each(z, a, |z| Activation::Linear.value(z)),
            Activation::Relu => each(z, a, |z| Activation::Relu.value(z)),
            Activation::LeakyRelu => each(z, a, |z| Activation::LeakyRelu.value(z)),
            Activation::Tanh => each(z, a, |z| Activation::Tanh.value(z)),
            Activation::Sigmoid => each(z, a, |z| Activation::Sigmoid.value(z)),
            Activation::Gelu => each(z, a, |z| Activation::Gelu.value(z)),
            Activation::Sin => each(z, a, |z| Activation::Sin.value(z)),
        }
    }

    /// d ⊙= f'(z) given a = f(z), over slices, as `apply`.
    pub fn scale_by_derivative<T: Float>(self, z: &[T], a: &[T], d: &mut [T]) {
        fn each<T: Float>(z: &[T], a: &[T], d: &mut [T], f: impl Fn(T, T) -> T) {
            for ((d, &z), &a) in d.iter_mut().zip(z).zip(a) {
                *d = *d * f(z, a);
            }
        }
        match self {
            Activation::Linear => {} // (f' = 1: δ·1 is δ.)
            Activation::Relu => each(z, a, d, |z, a| Activation::Relu.derivative(z, a)),
            Activation::LeakyRelu => each(z, a, d, |z, a| Activation::LeakyRelu.derivative(z, a)),
            Activation::Tanh => each(z, a, d, |z, a| Activation::Tanh.derivative(z, a)),
            Activation::Sigmoid => each(z, a, d, |z, a| Activation::Sigmoid.derivative(z, a)),
            Activation::Gelu => each(z, a, d, |z, a| Activation::Gelu.derivative(z, a)),
            Activation::Sin => each(z, a, d, |z, a| Activation::Sin.derivative(z, a)),
        }
    }

    /// Forward mode's step through the activation, in place: ż ⊙= f'(z), then z = f(z)
    /// (the value and the tangent of the activation's output), over slices as `apply`.
    pub fn apply_with_tangent<T: Float>(self, z: &mut [T], zd: &mut [T]) {
        fn each<T: Float>(act: Activation, z: &mut [T], zd: &mut [T]) {
            for (z, d) in z.iter_mut().zip(zd) {
                let a = act.value(*z);
                *d = *d * act.derivative(*z, a);
                *z = a;
            }
        }
        match self {
            Activation::Linear => {}
            Activation::Relu => each(Activation::Relu, z, zd),
            Activation::LeakyRelu => each(Activation::LeakyRelu, z, zd),
            Activation::Tanh => each(Activation::Tanh, z, zd),
            Activation::Sigmoid => each(Activation::Sigmoid, z, zd),
            Activation::Gelu => each(Activation::Gelu, z, zd),
            Activation::Sin => each(Activation::Sin, z, zd),
        }
    }

    /// d ⊙= f'(z) over whole matrices of one shape (the workspace's z, a and δ).
    pub fn scale_matrix_by_derivative(self, d: &mut Mat, z: &Mat, a: &Mat) {
        assert!(d.dim() == z.dim() && d.dim() == a.dim(), "δ, z and a differ in shape");
        if let (Some(z), Some(a)) = (z.as_slice(), a.as_slice()) {
            if let Some(d) = d.as_slice_mut() {
                return self.scale_by_derivative(z, a, d);
            }
        }
        ndarray::Zip::from(d).and(z).and(a).for_each(|d, &z, &a| *d *= self.derivative(z, a));
    }
}

impl Activation {
    /// (f(z), f'(z), f''(z)) in f64, for exact Hessian-vector products (`autodiff::hvp`),
    /// where the second derivative enters through the JVP of backprop's δ ⊙ f'(z).
    /// Written from the same definitions as `value` and `derivative` (tanh here is the true
    /// tanh, within 4e-7 of the f32 rational form); the unit test checks both against them.
    pub fn second_order(self, z: f64) -> [f64; 3] {
        match self {
            Activation::Linear => [z, 1.0, 0.0],
            Activation::Relu => [if z > 0.0 { z } else { 0.0 }, if z > 0.0 { 1.0 } else { 0.0 }, 0.0],
            Activation::LeakyRelu => {
                let s = if z > 0.0 { 1.0 } else { LEAKY_SLOPE as f64 };
                [z * s, s, 0.0]
            }
            Activation::Tanh => {
                let t = libm::tanh(z);
                let d = 1.0 - t * t;
                [t, d, -2.0 * t * d]
            }
            Activation::Sigmoid => {
                let s = if z >= 0.0 { 1.0 / (1.0 + libm::exp(-z)) } else { libm::exp(z) / (1.0 + libm::exp(z)) };
                let d = s * (1.0 - s);
                [s, d, d * (1.0 - 2.0 * s)]
            }
            Activation::Gelu => {
                // x·Φ(x): f' = Φ + xφ, f'' = φ·(2 − x²) (φ' = −xφ).
                let cdf = 0.5 * (1.0 + libm::erf(z * std::f64::consts::FRAC_1_SQRT_2));
                let pdf = libm::exp(-0.5 * z * z) / (2.0 * std::f64::consts::PI).sqrt();
                [z * cdf, cdf + z * pdf, pdf * (2.0 - z * z)]
            }
            Activation::Sin => [libm::sin(z), libm::cos(z), -libm::sin(z)],
        }
    }
}

/// Numerically stable logistic function.
#[inline]
pub fn sigmoid(z: f32) -> f32 {
    if z >= 0.0 {
        1.0 / (1.0 + libm::expf(-z))
    } else {
        let e = libm::expf(z);
        e / (1.0 + e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rational_tanh_is_within_4e_7_of_tanh() {
        let mut worst = 0.0f64;
        for i in -200_000..=200_000 {
            let z = i as f32 * 1e-4;
            let err = (super::tanh(z) as f64 - (z as f64).tanh()).abs();
            worst = worst.max(err);
        }
        for z in [1e-6f32, -3e-4, 9.5, -20.0, f32::MAX, f32::MIN_POSITIVE] {
            worst = worst.max((super::tanh(z) as f64 - (z as f64).tanh()).abs());
        }
        assert!(worst < 4e-7, "worst error {worst:e}");
        assert!(super::tanh(f32::NAN).is_nan());
    }

    /// The slice forms (on f32 and on four lanes) give each element exactly what `value`
    /// and `derivative` give it, odd values included; ReLU against an independent form.
    #[test]
    fn slice_forms_match_the_elementwise_definitions() {
        use crate::tensor::F32x4;
        let zs: Vec<f32> = [-0.0, 0.0, f32::NAN, f32::INFINITY, f32::NEG_INFINITY, 1e-30, -1e-30, 3.5, -3.5, 9.0, -12.0, 0.25]
            .into_iter()
            .chain((0..36).map(|i| (i as f32 - 17.5) * 0.37))
            .collect();
        let same = |a: f32, b: f32| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
        for act in Activation::ALL {
            let want_a: Vec<f32> = zs.iter().map(|&z| act.value(z)).collect();
            let want_d: Vec<f32> = zs.iter().zip(&want_a).map(|(&z, &a)| 0.75 * act.derivative(z, a)).collect();
            let mut a = vec![0.0; zs.len()];
            act.apply(&zs, &mut a);
            let mut d = vec![0.75; zs.len()];
            act.scale_by_derivative(&zs, &a, &mut d);
            let (mut z2, mut d2) = (zs.clone(), vec![0.75; zs.len()]);
            act.apply_with_tangent(&mut z2, &mut d2);
            let lanes: Vec<F32x4> = zs.chunks(4).map(|c| F32x4::from_array([c[0], c[1], c[2], c[3]])).collect();
            let mut a4 = vec![F32x4::splat(0.0); lanes.len()];
            act.apply(&lanes, &mut a4);
            let a4: Vec<f32> = a4.iter().flat_map(|v| v.to_array()).collect();
            for i in 0..zs.len() {
                let case = format!("{} at {}", act.name(), zs[i]);
                assert!(same(a[i], want_a[i]) && same(z2[i], want_a[i]) && same(a4[i], want_a[i]), "{case}: value");
                // (f' = 1 for the identity is skipped: δ stays δ, as 0.75·1.)
                assert!(same(d[i], want_d[i]) && same(d2[i], want_d[i]), "{case}: derivative {} {} {}", d[i], d2[i], want_d[i]);
            }
        }
        let relu: Vec<f32> = zs.iter().map(|&z| Activation::Relu.value(z)).collect();
        for (&z, &r) in zs.iter().zip(&relu) {
            let want = if z > 0.0 { z } else { 0.0 };
            assert_eq!(r.to_bits(), want.to_bits(), "relu({z})"); // NaN → 0 and −0 → +0
        }
    }

    #[test]
    fn derivative_matches_central_difference_for_every_activation() {
        let h = 1e-3f64;
        for act in Activation::ALL {
            for &z in &[-2.3f32, -0.7, -0.05, 0.05, 0.4, 1.9] {
                let f = |x: f64| act.value(x as f32) as f64;
                let numeric = (f(z as f64 + h) - f(z as f64 - h)) / (2.0 * h);
                let exact = act.derivative(z, act.value(z)) as f64;
                assert!((numeric - exact).abs() < 2e-3, "{} at {z}: {numeric} vs {exact}", act.name());
            }
        }
    }

    #[test]
    fn second_order_agrees_with_value_derivative_and_a_central_difference() {
        let h = 1e-5f64;
        for act in Activation::ALL {
            for &z in &[-2.3f64, -0.7, -0.05, 0.05, 0.4, 1.9] {
                let [v, d, dd] = act.second_order(z);
                let zf = z as f32;
                assert!((v - act.value(zf) as f64).abs() < 1e-6, "{} value at {z}", act.name());
                assert!((d - act.derivative(zf, act.value(zf)) as f64).abs() < 1e-6, "{} f' at {z}", act.name());
                let numeric = (act.second_order(z + h)[1] - act.second_order(z - h)[1]) / (2.0 * h);
                assert!((numeric - dd).abs() < 1e-6, "{} f'' at {z}: {numeric} vs {dd}", act.name());
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for act in Activation::ALL {
            assert_eq!(Activation::from_name(act.name()), Some(act));
            let json = serde_json::to_string(&act).unwrap();
            assert_eq!(json, format!("\"{}\"", act.name()));
        }
    }

    #[test]
    fn gelu_matches_reference_values() {
        // torch.nn.functional.gelu(torch.tensor([-1., 0.5, 2.])) = [-0.1587, 0.3457, 1.9545]
        let expect = [(-1.0, -0.158_655_25), (0.5, 0.345_731_14), (2.0, 1.954_499_7)];
        for (z, v) in expect {
            assert!((Activation::Gelu.value(z) - v).abs() < 1e-6);
        }
    }
}
