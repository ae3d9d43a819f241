//! libm's `expf` on four lanes, bit for bit: the port of FreeBSD's e_expf.c that the libm
//! crate ships (libm/src/math/expf.rs), with its branches turned into lane selects. The
//! small-net BCE loss needs e^−|z| for every row (`nn::loss`); as one vector instead of
//! four calls it costs a fraction. Lanes outside the common range (|x| ≥ 87.34, where
//! libm handles overflow and underflow apart, or NaN) send the vector to libm itself.

use super::lane::F32x4;

const LN2_HI: f32 = 6.9314575195e-01; // 0x3f317200
const LN2_LO: f32 = 1.4286067653e-06; // 0x35bfbe8e
const INV_LN2: f32 = 1.4426950216e+00; // 0x3fb8aa3b
const P1: f32 = 1.6666625440e-1; // 0xaaaa8f.0p-26
const P2: f32 = -2.7667332906e-3; // -0xb55215.0p-32

/// e^x per lane, as `libm::expf` computes it.
pub fn expf(x: F32x4) -> F32x4 {
    // libm's thresholds on |x|'s bits, as floats (the order of positive floats is their bits').
    let common = f32::from_bits(0x42aeac50); // 87.34: beyond, libm's special cases
    let half_ln2 = f32::from_bits(0x3eb17218);
    let three_half_ln2 = f32::from_bits(0x3f851592);
    let tiny = f32::from_bits(0x39000000); // 2⁻¹⁴
    if !x.to_array().iter().all(|v| v.abs() < common) {
        return F32x4::from_array(x.to_array().map(libm::expf));
    }
    let c = F32x4::splat;
    let ax = x.abs();
    // k = round(x / ln 2), as libm picks it: (INV_LN2·x ± ½) truncated above 1.5 ln 2, ±1
    // down to 0.5 ln 2, 0 below (where hi − lo is x itself).
    let k_far = (c(INV_LN2) * x + x.signed(0.5)).trunc();
    let k = ax.select_gt(three_half_ln2, k_far, ax.select_gt(half_ln2, x.signed(1.0), c(0.0)));
    let hi = x - k * c(LN2_HI);
    let lo = k * c(LN2_LO);
    let r = hi - lo;
    let rr = r * r;
    let p = r - rr * (c(P1) + rr * c(P2));
    let y = c(1.0) + (r * p / (c(2.0) - p) - lo + hi);
    // scalbnf(y, k) is one multiply by 2^k for k ≥ −126 (here k ≥ −126 always); 2⁰ = 1.
    let scaled = y * k.pow2();
    ax.select_gt(tiny, scaled, c(1.0) + x)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against libm on every 61st f32 bit pattern (both signs, all magnitudes, NaNs and
    /// infinities included) and on the thresholds' neighbours.
    #[test]
    fn matches_libm_bit_for_bit() {
        let mut edges = Vec::new();
        for t in [0x42aeac50u32, 0x3eb17218, 0x3f851592, 0x39000000, 0x42b17218, 0x42cff1b5, 0] {
            for d in 0..3 {
                for b in [t.wrapping_sub(d), t + d] {
                    edges.push(f32::from_bits(b));
                    edges.push(-f32::from_bits(b));
                }
            }
        }
        let patterns = (0..u32::MAX).step_by(61).map(f32::from_bits);
        let values: Vec<f32> = edges.into_iter().chain(patterns).collect();
        for chunk in values.chunks_exact(4) {
            let got = expf(F32x4::from_array([chunk[0], chunk[1], chunk[2], chunk[3]])).to_array();
            for (&x, g) in chunk.iter().zip(got) {
                let want = libm::expf(x);
                assert!(g.to_bits() == want.to_bits() || (g.is_nan() && want.is_nan()), "expf({x:e}): {g:e} vs {want:e}");
            }
        }
    }
}
