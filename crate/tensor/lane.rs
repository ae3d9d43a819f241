//! `F32x4`: four f32 lanes, the SIMD type of the small-net backprop (`autodiff::lanes`):
//! wasm simd128 in the wasm build, SSE on x86-64 (part of its baseline), a plain array
//! elsewhere. Every operation is IEEE single precision lane by lane, so a lane computes the
//! bits scalar code computes with the same operations; the `Float` trait lets one function
//! (the rational tanh) serve both, so the two cannot drift apart.

use std::ops::{Add, Div, Mul, Neg, Sub};

/// What elementwise code needs from f32 and from F32x4 alike.
pub trait Float: Copy + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + Div<Output = Self> + Neg<Output = Self> {
    fn splat(v: f32) -> Self;
    fn abs(self) -> Self;
    /// As `f32::clamp` (NaN stays NaN), lane by lane.
    fn clamped(self, lo: f32, hi: f32) -> Self;
    /// `then` where self < limit, `otherwise` elsewhere (NaN included), lane by lane.
    fn select_lt(self, limit: f32, then: Self, otherwise: Self) -> Self;
    /// `then` where self > limit, `otherwise` elsewhere (NaN included), lane by lane.
    fn select_gt(self, limit: f32, then: Self, otherwise: Self) -> Self;
    /// `self` where |self| < limit, `other` elsewhere, lane by lane.
    fn where_abs_below(self, limit: f32, other: Self) -> Self {
        self.abs().select_lt(limit, self, other)
    }
    /// libm's `expf`, bit for bit (see `expf`).
    fn exp(self) -> Self;
    /// `f` on every lane: for functions without a vector form (libm's).
    fn map(self, f: impl Fn(f32) -> f32) -> Self;
}

impl Float for f32 {
    #[inline]
    fn splat(v: f32) -> f32 {
        v
    }
    #[inline]
    fn abs(self) -> f32 {
        f32::abs(self)
    }
    #[inline]
    fn clamped(self, lo: f32, hi: f32) -> f32 {
        self.clamp(lo, hi)
    }
    #[inline]
    fn select_lt(self, limit: f32, then: f32, otherwise: f32) -> f32 {
        if self < limit { then } else { otherwise }
    }
    #[inline]
    fn select_gt(self, limit: f32, then: f32, otherwise: f32) -> f32 {
        if self > limit { then } else { otherwise }
    }
    #[inline]
    fn exp(self) -> f32 {
        libm::expf(self)
    }
    #[inline]
    fn map(self, f: impl Fn(f32) -> f32) -> f32 {
        f(self)
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use std::arch::wasm32::*;

    #[derive(Clone, Copy, Debug)]
    #[repr(transparent)]
    pub struct F32x4(v128);

    impl F32x4 {
        #[inline]
        pub fn from_array(a: [f32; 4]) -> F32x4 {
            F32x4(f32x4(a[0], a[1], a[2], a[3]))
        }
        #[inline]
        pub fn to_array(self) -> [f32; 4] {
            let v = self.0;
            [f32x4_extract_lane::<0>(v), f32x4_extract_lane::<1>(v), f32x4_extract_lane::<2>(v), f32x4_extract_lane::<3>(v)]
        }
        #[inline]
        pub fn splat(v: f32) -> F32x4 {
            F32x4(f32x4_splat(v))
        }
        #[inline]
        pub fn add(self, o: F32x4) -> F32x4 {
            F32x4(f32x4_add(self.0, o.0))
        }
        #[inline]
        pub fn sub(self, o: F32x4) -> F32x4 {
            F32x4(f32x4_sub(self.0, o.0))
        }
        #[inline]
        pub fn mul(self, o: F32x4) -> F32x4 {
            F32x4(f32x4_mul(self.0, o.0))
        }
        #[inline]
        pub fn div(self, o: F32x4) -> F32x4 {
            F32x4(f32x4_div(self.0, o.0))
        }
        #[inline]
        pub fn neg(self) -> F32x4 {
            F32x4(f32x4_neg(self.0))
        }
        #[inline]
        pub fn abs(self) -> F32x4 {
            F32x4(f32x4_abs(self.0))
        }
        /// pmax(x, lo) = x < lo ? lo : x and pmin(x, hi) = hi < x ? hi : x: f32::clamp's two steps.
        #[inline]
        pub fn clamped(self, lo: f32, hi: f32) -> F32x4 {
            F32x4(f32x4_pmin(f32x4_pmax(self.0, f32x4_splat(lo)), f32x4_splat(hi)))
        }
        #[inline]
        pub fn select_lt(self, limit: f32, then: F32x4, otherwise: F32x4) -> F32x4 {
            F32x4(v128_bitselect(then.0, otherwise.0, f32x4_lt(self.0, f32x4_splat(limit))))
        }
        #[inline]
        pub fn select_gt(self, limit: f32, then: F32x4, otherwise: F32x4) -> F32x4 {
            F32x4(v128_bitselect(then.0, otherwise.0, f32x4_gt(self.0, f32x4_splat(limit))))
        }
        /// `m` with each lane's sign.
        #[inline]
        pub fn signed(self, m: f32) -> F32x4 {
            F32x4(v128_bitselect(self.0, f32x4_splat(m), f32x4_splat(-0.0)))
        }
        /// Rounded toward zero (as `v as i32 as f32` for |v| < 2³¹).
        #[inline]
        pub fn trunc(self) -> F32x4 {
            F32x4(f32x4_trunc(self.0))
        }
        /// 2^v for lanes holding integers in [−126, 127], from the exponent bits.
        #[inline]
        pub fn pow2(self) -> F32x4 {
            F32x4(i32x4_shl(i32x4_add(i32x4_trunc_sat_f32x4(self.0), i32x4_splat(127)), 23))
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod imp {
    // SAFETY (every `unsafe` block below): SSE is part of the x86-64 baseline, so these
    // intrinsics are always available; they only compute on registers.
    use std::arch::x86_64::*;

    #[derive(Clone, Copy, Debug)]
    #[repr(transparent)]
    pub struct F32x4(__m128);

    impl F32x4 {
        #[inline]
        pub fn from_array(a: [f32; 4]) -> F32x4 {
            F32x4(unsafe { _mm_setr_ps(a[0], a[1], a[2], a[3]) })
        }
        #[inline]
        pub fn to_array(self) -> [f32; 4] {
            let mut a = [0.0; 4];
            // SAFETY: `a` has room for the four lanes (an unaligned store).
            unsafe { _mm_storeu_ps(a.as_mut_ptr(), self.0) };
            a
        }
        #[inline]
        pub fn splat(v: f32) -> F32x4 {
            F32x4(unsafe { _mm_set1_ps(v) })
        }
        #[inline]
        pub fn add(self, o: F32x4) -> F32x4 {
            F32x4(unsafe { _mm_add_ps(self.0, o.0) })
        }
        #[inline]
        pub fn sub(self, o: F32x4) -> F32x4 {
            F32x4(unsafe { _mm_sub_ps(self.0, o.0) })
        }
        #[inline]
        pub fn mul(self, o: F32x4) -> F32x4 {
            F32x4(unsafe { _mm_mul_ps(self.0, o.0) })
        }
        #[inline]
        pub fn div(self, o: F32x4) -> F32x4 {
            F32x4(unsafe { _mm_div_ps(self.0, o.0) })
        }
        #[inline]
        pub fn neg(self) -> F32x4 {
            F32x4(unsafe { _mm_xor_ps(self.0, _mm_set1_ps(-0.0)) })
        }
        #[inline]
        pub fn abs(self) -> F32x4 {
            F32x4(unsafe { _mm_andnot_ps(_mm_set1_ps(-0.0), self.0) })
        }
        /// maxps(lo, x) = lo > x ? lo : x and minps(hi, x) = hi < x ? hi : x (the second
        /// operand when either is NaN): f32::clamp's two steps.
        #[inline]
        pub fn clamped(self, lo: f32, hi: f32) -> F32x4 {
            F32x4(unsafe { _mm_min_ps(_mm_set1_ps(hi), _mm_max_ps(_mm_set1_ps(lo), self.0)) })
        }
        #[inline]
        fn select(mask: __m128, then: F32x4, otherwise: F32x4) -> F32x4 {
            F32x4(unsafe { _mm_or_ps(_mm_and_ps(mask, then.0), _mm_andnot_ps(mask, otherwise.0)) })
        }
        #[inline]
        pub fn select_lt(self, limit: f32, then: F32x4, otherwise: F32x4) -> F32x4 {
            F32x4::select(unsafe { _mm_cmplt_ps(self.0, _mm_set1_ps(limit)) }, then, otherwise)
        }
        #[inline]
        pub fn select_gt(self, limit: f32, then: F32x4, otherwise: F32x4) -> F32x4 {
            F32x4::select(unsafe { _mm_cmpgt_ps(self.0, _mm_set1_ps(limit)) }, then, otherwise)
        }
        /// `m` with each lane's sign.
        #[inline]
        pub fn signed(self, m: f32) -> F32x4 {
            unsafe {
                let sign = _mm_set1_ps(-0.0);
                F32x4(_mm_or_ps(_mm_and_ps(sign, self.0), _mm_andnot_ps(sign, _mm_set1_ps(m))))
            }
        }
        /// Rounded toward zero (as `v as i32 as f32`; for |v| < 2³¹).
        #[inline]
        pub fn trunc(self) -> F32x4 {
            F32x4(unsafe { _mm_cvtepi32_ps(_mm_cvttps_epi32(self.0)) })
        }
        /// 2^v for lanes holding integers in [−126, 127], from the exponent bits.
        #[inline]
        pub fn pow2(self) -> F32x4 {
            F32x4(unsafe { _mm_castsi128_ps(_mm_slli_epi32::<23>(_mm_add_epi32(_mm_cvttps_epi32(self.0), _mm_set1_epi32(127)))) })
        }
    }
}

#[cfg(not(any(all(target_arch = "wasm32", target_feature = "simd128"), target_arch = "x86_64")))]
mod imp {
    #[derive(Clone, Copy, Debug)]
    #[repr(C, align(16))]
    pub struct F32x4([f32; 4]);

    impl F32x4 {
        #[inline]
        pub fn from_array(a: [f32; 4]) -> F32x4 {
            F32x4(a)
        }
        #[inline]
        pub fn to_array(self) -> [f32; 4] {
            self.0
        }
        #[inline]
        pub fn splat(v: f32) -> F32x4 {
            F32x4([v; 4])
        }
        #[inline]
        pub fn add(self, o: F32x4) -> F32x4 {
            F32x4(std::array::from_fn(|j| self.0[j] + o.0[j]))
        }
        #[inline]
        pub fn sub(self, o: F32x4) -> F32x4 {
            F32x4(std::array::from_fn(|j| self.0[j] - o.0[j]))
        }
        #[inline]
        pub fn mul(self, o: F32x4) -> F32x4 {
            F32x4(std::array::from_fn(|j| self.0[j] * o.0[j]))
        }
        #[inline]
        pub fn div(self, o: F32x4) -> F32x4 {
            F32x4(std::array::from_fn(|j| self.0[j] / o.0[j]))
        }
        #[inline]
        pub fn neg(self) -> F32x4 {
            F32x4(self.0.map(|v| -v))
        }
        #[inline]
        pub fn abs(self) -> F32x4 {
            F32x4(self.0.map(f32::abs))
        }
        #[inline]
        pub fn clamped(self, lo: f32, hi: f32) -> F32x4 {
            F32x4(self.0.map(|v| v.clamp(lo, hi)))
        }
        #[inline]
        pub fn select_lt(self, limit: f32, then: F32x4, otherwise: F32x4) -> F32x4 {
            F32x4(std::array::from_fn(|j| if self.0[j] < limit { then.0[j] } else { otherwise.0[j] }))
        }
        #[inline]
        pub fn select_gt(self, limit: f32, then: F32x4, otherwise: F32x4) -> F32x4 {
            F32x4(std::array::from_fn(|j| if self.0[j] > limit { then.0[j] } else { otherwise.0[j] }))
        }
        #[inline]
        pub fn signed(self, m: f32) -> F32x4 {
            F32x4(self.0.map(|v| m.copysign(v)))
        }
        #[inline]
        pub fn trunc(self) -> F32x4 {
            F32x4(self.0.map(|v| v as i32 as f32))
        }
        #[inline]
        pub fn pow2(self) -> F32x4 {
            F32x4(self.0.map(|v| f32::from_bits(((v as i32 + 127) as u32) << 23)))
        }
    }
}

pub use imp::F32x4;

/// `a + b`, `a - b`, `a * b`, `a / b` as the lane-wise methods of each target's `F32x4`.
macro_rules! lane_ops {
    ($($trait:ident $method:ident),+) => {
        $(
            impl $trait for F32x4 {
                type Output = F32x4;
                #[inline]
                fn $method(self, o: F32x4) -> F32x4 {
                    F32x4::$method(self, o)
                }
            }
        )+
    };
}

lane_ops!(Add add, Sub sub, Mul mul, Div div);

impl Neg for F32x4 {
    type Output = F32x4;
    #[inline]
    fn neg(self) -> F32x4 {
        F32x4::neg(self)
    }
}

impl Float for F32x4 {
    #[inline]
    fn splat(v: f32) -> F32x4 {
        F32x4::splat(v)
    }
    #[inline]
    fn abs(self) -> F32x4 {
        F32x4::abs(self)
    }
    #[inline]
    fn clamped(self, lo: f32, hi: f32) -> F32x4 {
        F32x4::clamped(self, lo, hi)
    }
    #[inline]
    fn select_lt(self, limit: f32, then: F32x4, otherwise: F32x4) -> F32x4 {
        F32x4::select_lt(self, limit, then, otherwise)
    }
    #[inline]
    fn select_gt(self, limit: f32, then: F32x4, otherwise: F32x4) -> F32x4 {
        F32x4::select_gt(self, limit, then, otherwise)
    }
    #[inline]
    fn exp(self) -> F32x4 {
        super::expf::expf(self)
    }
    #[inline]
    fn map(self, f: impl Fn(f32) -> f32) -> F32x4 {
        F32x4::from_array(self.to_array().map(f))
    }
}

impl Default for F32x4 {
    fn default() -> F32x4 {
        F32x4::splat(0.0)
    }
}

/// Four vectors as the rows of a 4×4 matrix → its columns: out[k] lane j = m[j] lane k.
#[inline]
pub fn transpose(m: [F32x4; 4]) -> [F32x4; 4] {
    let a = m.map(F32x4::to_array);
    std::array::from_fn(|k| F32x4::from_array([a[0][k], a[1][k], a[2][k], a[3][k]]))
}

/// The lanes of a slice of F32x4, in order, as f32s.
pub fn flat(v: &[F32x4]) -> &[f32] {
    // SAFETY: F32x4 is 16 bytes holding its four f32 lanes in order (a transparent v128 or
    // __m128, or a repr(C) [f32; 4]), with no padding; the slice covers exactly len·4 of them.
    unsafe { std::slice::from_raw_parts(v.as_ptr().cast::<f32>(), v.len() * 4) }
}

/// As `flat`, mutable.
pub fn flat_mut(v: &mut [F32x4]) -> &mut [f32] {
    // SAFETY: as in `flat`; the exclusive borrow of `v` covers the returned slice.
    unsafe { std::slice::from_raw_parts_mut(v.as_mut_ptr().cast::<f32>(), v.len() * 4) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each operation against the scalar one, lane by lane, on awkward values.
    #[test]
    fn lanes_compute_what_scalars_compute() {
        let vals = [0.0f32, -0.0, 1e-5, -3e-4, 5e-4, 0.7, -2.5, 9.0, -9.5, 1e30, f32::INFINITY, f32::NEG_INFINITY, f32::NAN, 3.3];
        for a4 in vals.chunks_exact(2).flat_map(|p| vals.chunks_exact(4).map(move |q| [p[0], q[1], p[1], q[3]])) {
            let b4 = [a4[3], a4[0], 0.25, -a4[1]];
            let (a, b) = (F32x4::from_array(a4), F32x4::from_array(b4));
            let same = |v: F32x4, f: &dyn Fn(f32, f32) -> f32| {
                for (j, got) in v.to_array().into_iter().enumerate() {
                    let want = f(a4[j], b4[j]);
                    assert!(got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()), "{a4:?} {b4:?} lane {j}: {got} vs {want}");
                }
            };
            same(a + b, &|x, y| x + y);
            same(a - b, &|x, y| x - y);
            same(a * b, &|x, y| x * y);
            same(a / b, &|x, y| x / y);
            same(a.clamped(-9.0, 9.0), &|x, _| x.clamp(-9.0, 9.0));
            same(a.where_abs_below(4e-4, b), &|x, y| x.where_abs_below(4e-4, y));
            same(F32x4::splat(a4[1]), &|_, _| a4[1]);
            assert_eq!(flat(&[a, b])[5].to_bits(), b4[1].to_bits());
            let t = transpose([a, b, a * b, a + b]);
            assert_eq!(t[2].to_array()[1].to_bits(), b4[2].to_bits());
            assert_eq!(t[3].to_array()[0].to_bits(), a4[3].to_bits());
        }
    }
}
