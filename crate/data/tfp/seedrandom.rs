//! seedrandom's ARC4 generator (David Bau, github.com/davidbau/seedrandom, v2.4.4 as the
//! TensorFlow Playground loads it), ported bit for bit: `SeedRandom::new(seed).next()` is
//! the double `Math.random()` returns after `Math.seedrandom(seed)`.
//!
//! The key is the seed string's UTF-16 code units mixed by seedrandom's `mixkey` (a
//! running "smear" xor, 256 key bytes at most); the generator is RC4 keyed by it with the
//! first 256 bytes dropped. A double takes 6 bytes (n < 2^48 over 2^48), then more bytes
//! until it has 52 significant bits, then shifts right below 2^53: every step of it is
//! exact in JS doubles, so integers do the same here. Tested against the npm package's
//! own output (tests/fixtures/tfp/seedrandom.json, made by scripts/tfp/fixtures.mjs).

const WIDTH: usize = 256;
const MASK: usize = WIDTH - 1;

#[derive(Clone)]
pub struct SeedRandom {
    s: [u8; WIDTH],
    i: usize,
    j: usize,
}

impl SeedRandom {
    /// The generator `Math.seedrandom(seed)` installs (a string seed, as the Playground's).
    pub fn new(seed: &str) -> SeedRandom {
        let key = mixkey(seed);
        let mut s = [0u8; WIDTH];
        for (i, v) in s.iter_mut().enumerate() {
            *v = i as u8;
        }
        // The empty key is treated as [0].
        let key = if key.is_empty() { vec![0] } else { key };
        let mut j = 0usize;
        for i in 0..WIDTH {
            let t = s[i];
            j = MASK & (j + key[i % key.len()] as usize + t as usize);
            s[i] = s[j];
            s[j] = t;
        }
        let mut rng = SeedRandom { s, i: 0, j: 0 };
        rng.bytes(WIDTH); // RC4-drop[256]
        rng
    }

    /// The next `count` output bytes as one big-endian number (seedrandom's `g`).
    fn bytes(&mut self, count: usize) -> u64 {
        let mut r = 0u64;
        for _ in 0..count {
            self.i = MASK & (self.i + 1);
            let t = self.s[self.i];
            self.j = MASK & (self.j + t as usize);
            self.s[self.i] = self.s[self.j];
            self.s[self.j] = t;
            let k = MASK & (self.s[self.i] as usize + t as usize);
            r = r.wrapping_mul(WIDTH as u64).wrapping_add(self.s[k] as u64);
        }
        r
    }

    /// A double in [0, 1) with randomness in all 52 bits of the mantissa.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> f64 {
        const SIGNIFICANCE: u64 = 1 << 52;
        const OVERFLOW: u64 = 1 << 53;
        let mut n = self.bytes(6);
        let mut d = (1u64 << 48) as f64;
        let mut x = 0u64;
        while n < SIGNIFICANCE {
            n = (n + x) * WIDTH as u64;
            d *= WIDTH as f64;
            x = self.bytes(1);
        }
        while n >= OVERFLOW {
            n /= 2; // n is a multiple of 256 here, so this is exact as in JS
            d /= 2.0;
            x >>= 1;
        }
        (n + x) as f64 / d
    }
}

/// seedrandom's `mixkey(seed, [])`: up to 256 key bytes from the seed's UTF-16 units.
fn mixkey(seed: &str) -> Vec<u32> {
    let mut key: Vec<u32> = Vec::new();
    let mut smear: i32 = 0;
    for (j, unit) in seed.encode_utf16().enumerate() {
        let k = MASK & j;
        // JS: key[k] is undefined on the first pass, undefined * 19 is NaN, and NaN ^ s is s.
        let previous = key.get(k).map_or(0, |&v| v as i32);
        smear ^= previous * 19;
        let value = (MASK as i32 & smear.wrapping_add(unit as i32)) as u32;
        if k < key.len() {
            key[k] = value;
        } else {
            key.push(value);
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_double_of_a_seed_is_seedrandoms() {
        // From node: require("seedrandom")("0.12345")() with seedrandom 2.4.4.
        let mut r = SeedRandom::new("0.12345");
        assert_eq!(r.next(), 0.9152007406557323);
        assert_eq!(r.next(), 0.4702753218035592);
    }
}
