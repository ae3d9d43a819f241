//! The one source of randomness: a PCG generator seeded from a u64, with uniform and
//! normal draws computed through `libm` so the same seed gives the same bits natively
//! and in wasm (std's float functions call the platform's libm, which may differ).

use rand_core::{Infallible, TryRng};

/// PCG64 MCG, O'Neill's `pcg64_fast` (rand_pcg's `Pcg64Mcg`, bit for bit: tested against
/// it): a 128-bit multiplicative congruential state, output XSL RR. Kept here, not used
/// from rand_pcg, for one reason: wasm has no 64×64→128-bit multiply, and the u128 product
/// of the state step becomes a call to `__multi3`, a general 128×128 multiply. With the
/// state as two u64 halves the product takes four 32×32 and two 64-bit multiplies, inline:
/// forward-gradient steps, which draw a normal per parameter, ran 3–5% faster in wasm
/// (side by side, scripts/bench-ab.mjs; backprop steps unchanged).
#[derive(Clone, Debug)]
pub struct Pcg64Mcg {
    lo: u64,
    hi: u64,
}

/// PCG's default 128-bit multiplier, as two halves.
const MUL_LO: u64 = 0x4385_DF64_9FCC_F645;
const MUL_HI: u64 = 0x2360_ED05_1FC6_5DA4;

impl Pcg64Mcg {
    /// As `rand_pcg::Pcg64Mcg::new`: the low bit forced to 1.
    pub fn new(state: u128) -> Self {
        let state = state | 1;
        Pcg64Mcg { lo: state as u64, hi: (state >> 64) as u64 }
    }

    #[inline]
    fn step(&mut self) -> u64 {
        let (lo, carry) = mul_wide(self.lo, MUL_LO);
        self.hi = carry.wrapping_add(self.lo.wrapping_mul(MUL_HI)).wrapping_add(self.hi.wrapping_mul(MUL_LO));
        self.lo = lo;
        // XSL RR: the halves xor-ed, rotated by the state's top six bits.
        (self.hi ^ self.lo).rotate_right((self.hi >> 58) as u32)
    }
}

/// The full 128-bit product of a and b as (low, high) halves: natively one widening
/// multiply, in wasm four 32×32-bit products for the high half and one 64-bit multiply for
/// the low (no call).
#[inline(always)]
fn mul_wide(a: u64, b: u64) -> (u64, u64) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let p = a as u128 * b as u128;
        (p as u64, (p >> 64) as u64)
    }
    #[cfg(target_arch = "wasm32")]
    {
        const LOW: u64 = 0xffff_ffff;
        let (a0, a1, b0, b1) = (a & LOW, a >> 32, b & LOW, b >> 32);
        let (p00, p01, p10, p11) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
        let mid = (p00 >> 32) + (p01 & LOW) + (p10 & LOW);
        // The low half is one multiply: the next state's low word then waits on that alone,
        // not on the partial products' sums (the chain through the state: 13% faster draws).
        (a.wrapping_mul(b), p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32))
    }
}

/// So that rand_distr's samplers (the ziggurat in `fill_normal`) draw from it.
impl TryRng for Pcg64Mcg {
    type Error = Infallible;

    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(self.step() as u32)
    }

    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(self.step())
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Infallible> {
        rand_core::utils::fill_bytes_via_next_word(dest, || self.try_next_u64())
    }
}

/// Seeded generator. Independent streams come from `Rng::stream(seed, k)`.
#[derive(Clone, Debug)]
pub struct Rng(Pcg64Mcg);

impl Rng {
    pub fn new(seed: u64) -> Self {
        // Spread the seed over 128 bits with SplitMix64 so nearby seeds give unrelated streams.
        let a = splitmix(seed);
        let b = splitmix(a);
        Rng(Pcg64Mcg::new(((a as u128) << 64) | (b as u128) | 1))
    }

    /// Stream `k` of `seed`: data, init and minibatch order each take their own stream,
    /// so changing the batch size never changes the initial weights.
    pub fn stream(seed: u64, k: u64) -> Self {
        Rng::new(seed ^ splitmix(k.wrapping_add(0x9e37_79b9)))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0.step()
    }

    /// The whole state, for carrying a run to another instance of the core; `from_state`
    /// takes it back (the next draws are then the same).
    pub fn state(&self) -> u128 {
        ((self.0.hi as u128) << 64) | self.0.lo as u128
    }

    pub fn from_state(state: u128) -> Self {
        Rng(Pcg64Mcg::new(state))
    }

    /// Uniform in [0, 1) with 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [lo, hi).
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Standard normal by Box–Muller (one of the pair is discarded: simple and stateless).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.unit(); // (0, 1]: keeps ln finite
        let u2 = self.unit();
        libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * std::f64::consts::PI * u2)
    }

    /// Two independent standard normals from one Box–Muller draw (half the transcendental
    /// work of two `normal` calls; a different stream from `normal`).
    pub fn normal_pair(&mut self) -> (f64, f64) {
        let u1 = 1.0 - self.unit();
        let u2 = self.unit();
        let r = libm::sqrt(-2.0 * libm::log(u1));
        let t = 2.0 * std::f64::consts::PI * u2;
        (r * libm::cos(t), r * libm::sin(t))
    }

    /// Fills `out` with standard normals by the ziggurat method (Marsaglia & Tsang 2000,
    /// J. Stat. Softw. 5(8); rand_distr's implementation, whose math goes through libm
    /// here as well): about one random word per draw, no transcendental on the common
    /// path. Forward gradients draw one per parameter per step, so this is their hot loop.
    /// It draws from a local copy of the state, which the compiler keeps in registers (the
    /// state reached through `&mut self` went to memory and back on every draw): 7.0 → 5.2
    /// ns per draw natively; the same draws.
    pub fn fill_normal(&mut self, out: &mut [f32]) {
        use rand_distr::{Distribution, StandardNormal};
        let mut generator = self.0.clone();
        for x in out {
            let v: f64 = StandardNormal.sample(&mut generator);
            *x = v as f32;
        }
        self.0 = generator;
    }

    /// Uniform integer in [0, n) by rejection (no modulo bias): x is accepted below
    /// zone = u64::MAX − (u64::MAX mod n). Since zone > u64::MAX − n, any x up to that is
    /// accepted without computing the zone, whose 64-bit division cost as much as the
    /// rest of a shuffle.
    pub fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        loop {
            let x = self.next_u64();
            if x <= u64::MAX - n || x < u64::MAX - (u64::MAX % n) {
                return (x % n) as usize;
            }
        }
    }

    /// Fisher–Yates shuffle in place.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A fresh seed from the operating system (or the browser's crypto): the only use of
/// entropy in the crate. Falls back to 0 if no entropy source answers.
pub fn fresh_seed() -> u32 {
    let mut b = [0u8; 4];
    match getrandom::fill(&mut b) {
        Ok(()) => u32::from_le_bytes(b),
        Err(_) => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `below` skips the zone's division only where the zone rule surely accepts: the same
    /// draws as computing the zone first (the form it had), also for n near u64::MAX where
    /// about half the draws are rejected.
    #[test]
    fn below_accepts_exactly_what_the_zone_rule_accepts() {
        fn zone_first(rng: &mut Rng, n: u64) -> u64 {
            let zone = u64::MAX - (u64::MAX % n);
            loop {
                let x = rng.next_u64();
                if x < zone {
                    return x % n;
                }
            }
        }
        for n in [1, 2, 3, 7, 250, usize::MAX / 2 + 2, usize::MAX / 3 * 2, usize::MAX] {
            let (mut a, mut b) = (Rng::new(n as u64), Rng::new(n as u64));
            for _ in 0..2000 {
                assert_eq!(a.below(n) as u64, zone_first(&mut b, n as u64), "n = {n}");
            }
        }
    }

    #[test]
    fn ziggurat_normals_have_the_normal_moments_and_tails() {
        let mut v = vec![0.0f32; 400_000];
        Rng::new(5).fill_normal(&mut v);
        let n = v.len() as f64;
        let mean = v.iter().map(|&x| x as f64).sum::<f64>() / n;
        let var = v.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() / n;
        let kurt = v.iter().map(|&x| (x as f64 - mean).powi(4)).sum::<f64>() / n / (var * var);
        let beyond2 = v.iter().filter(|x| x.abs() > 2.0).count() as f64 / n;
        let beyond3 = v.iter().filter(|x| x.abs() > 3.0).count() as f64 / n;
        assert!(mean.abs() < 0.005 && (var - 1.0).abs() < 0.01 && (kurt - 3.0).abs() < 0.05, "{mean} {var} {kurt}");
        // P(|Z| > 2) = 0.0455, P(|Z| > 3) = 0.0027.
        assert!((beyond2 - 0.0455).abs() < 0.002 && (beyond3 - 0.0027).abs() < 0.0004, "{beyond2} {beyond3}");
    }

    /// The generator is rand_pcg's Pcg64Mcg bit for bit (an independent implementation
    /// through u128), from many seeds, words and bytes alike, and so are the normals that
    /// rand_distr's ziggurat draws from each.
    // Also in the wasm build (`cargo test --target wasm32-unknown-unknown --lib`), whose
    // state step takes the product apart (mul_wide).
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn pcg_matches_rand_pcg() {
        use rand_core::Rng as _;
        for k in 0..64u64 {
            let state = ((splitmix(k) as u128) << 64) | splitmix(!k) as u128 | (k as u128 % 2);
            let (mut ours, mut theirs) = (Pcg64Mcg::new(state), rand_pcg::Pcg64Mcg::new(state));
            for _ in 0..1000 {
                assert_eq!(ours.try_next_u64().unwrap(), theirs.next_u64());
            }
            assert_eq!(ours.try_next_u32().unwrap(), theirs.next_u32());
            let (mut a, mut b) = ([0u8; 13], [0u8; 13]);
            ours.try_fill_bytes(&mut a).unwrap();
            theirs.fill_bytes(&mut b);
            assert_eq!(a, b);
            use rand_distr::{Distribution, StandardNormal};
            for _ in 0..100 {
                let (x, y): (f64, f64) = (StandardNormal.sample(&mut ours), StandardNormal.sample(&mut theirs));
                assert_eq!(x.to_bits(), y.to_bits());
            }
            // fill_normal draws from a copy of the state and writes it back: the same
            // normals, and the stream goes on where they left it.
            let mut rng = Rng(ours);
            let mut filled = [0.0f32; 37];
            rng.fill_normal(&mut filled);
            for x in filled {
                let y: f64 = StandardNormal.sample(&mut theirs);
                assert_eq!(x.to_bits(), (y as f32).to_bits());
            }
            assert_eq!(rng.next_u64(), theirs.next_u64());
        }
    }

    #[test]
    fn same_seed_gives_same_stream_and_streams_differ() {
        let a: Vec<u64> = (0..5).map({ let mut r = Rng::new(7); move |_| r.next_u64() }).collect();
        let b: Vec<u64> = (0..5).map({ let mut r = Rng::new(7); move |_| r.next_u64() }).collect();
        let c: Vec<u64> = (0..5).map({ let mut r = Rng::stream(7, 1); move |_| r.next_u64() }).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn normal_draws_have_unit_variance() {
        let mut r = Rng::new(3);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| r.normal()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.01, "var {var}");
    }

    #[test]
    fn normal_pairs_are_uncorrelated_unit_normals() {
        let mut r = Rng::new(8);
        let n = 100_000;
        let (mut sa, mut sb, mut sab) = (0.0, 0.0, 0.0);
        for _ in 0..n {
            let (a, b) = r.normal_pair();
            sa += a * a;
            sb += b * b;
            sab += a * b;
        }
        let n = n as f64;
        assert!((sa / n - 1.0).abs() < 0.02 && (sb / n - 1.0).abs() < 0.02 && (sab / n).abs() < 0.02);
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let mut v: Vec<usize> = (0..100).collect();
        Rng::new(1).shuffle(&mut v);
        let mut s = v.clone();
        s.sort();
        assert_eq!(s, (0..100).collect::<Vec<_>>());
        assert_ne!(v, s);
    }
}
