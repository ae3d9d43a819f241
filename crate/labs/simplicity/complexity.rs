//! Two complexity measures of a function sampled on an n × n grid (row-major, n even),
//! as Teney et al. 2024 (arXiv:2403.02241) use for random networks:
//! - mean radial Fourier frequency: C = |2-D DFT(f)| with the DC term zeroed, keeping the
//!   non-negative frequencies of both axes (rows u < n/2, columns v ≤ n/2: numpy's
//!   rfft2 with the lower half of the rows); bin by r = round(√(u² + v²)), normalize the
//!   bin sums c_r to sum 1; score = Σ r·c_r / r_max ∈ [0, 1], r_max the largest bin,
//!   round(√((n/2 − 1)² + (n/2)²)). A plain separable DFT (O(n³)): 64² takes ~0.3 M
//!   complex products, so no FFT is needed;
//! - Lempel–Ziv (LZ76) phrase count (Lempel & Ziv 1976, IEEE Trans. Inf. Theory 22:75),
//!   by the algorithm of Kaspar & Schuster 1987 (Phys. Rev. A 36:842), of the grid read
//!   row by row and binarized at its median: bit = f > median (median of an even count =
//!   mean of the two middle values). Also reported normalized, c·log₂(N)/N (≈ 1 for
//!   random bits).

use std::f64::consts::PI;

/// Mean radial Fourier frequency of the n × n grid `f`; 0 for a constant.
pub fn fourier(f: &[f64], n: usize) -> f64 {
    assert_eq!(f.len(), n * n, "an n × n grid");
    assert!(n >= 2 && n % 2 == 0, "n must be even");
    let half = n / 2;
    let (cos, sin): (Vec<f64>, Vec<f64>) = (0..n).map(|t| (libm::cos(2.0 * PI * t as f64 / n as f64), libm::sin(2.0 * PI * t as f64 / n as f64))).unzip();
    // Along each row (axis 1): G[row][v] = Σ_x f[row][x] e^{−2πi v x / n}, v = 0..=n/2.
    let cols = half + 1;
    let mut g = vec![(0.0f64, 0.0f64); n * cols];
    for row in 0..n {
        for v in 0..cols {
            let (mut re, mut im) = (0.0, 0.0);
            for x in 0..n {
                let t = (v * x) % n;
                re += f[row * n + x] * cos[t];
                im -= f[row * n + x] * sin[t];
            }
            g[row * cols + v] = (re, im);
        }
    }
    let r_max = (((half - 1).pow(2) + half.pow(2)) as f64).sqrt().round() as usize;
    let mut bins = vec![0.0f64; r_max + 1];
    // Along axis 0 for rows u = 0..n/2.
    for u in 0..half {
        for v in 0..cols {
            if u == 0 && v == 0 {
                continue; // DC zeroed
            }
            let (mut re, mut im) = (0.0, 0.0);
            for row in 0..n {
                let t = (u * row) % n;
                let (a, b) = g[row * cols + v];
                // (a + ib)(cos − i sin)
                re += a * cos[t] + b * sin[t];
                im += b * cos[t] - a * sin[t];
            }
            let r = ((u * u + v * v) as f64).sqrt().round() as usize;
            bins[r.min(r_max)] += (re * re + im * im).sqrt();
        }
    }
    let total: f64 = bins.iter().sum();
    if total <= 1e-12 * (1.0 + f.iter().map(|v| v.abs()).sum::<f64>()) {
        return 0.0;
    }
    bins.iter().enumerate().map(|(r, c)| r as f64 * c / total).sum::<f64>() / r_max as f64
}

/// LZ76 phrase count of a bit sequence (Kaspar & Schuster 1987).
pub fn lz76(s: &[bool]) -> usize {
    let n = s.len();
    if n < 2 {
        return n;
    }
    let (mut c, mut l, mut i, mut k, mut k_max) = (1, 1, 0, 1, 1);
    loop {
        if s[i + k - 1] == s[l + k - 1] {
            k += 1;
            if l + k > n {
                c += 1;
                break;
            }
        } else {
            k_max = k_max.max(k);
            i += 1;
            if i == l {
                c += 1;
                l += k_max;
                if l + 1 > n {
                    break;
                }
                i = 0;
                k = 1;
                k_max = 1;
            } else {
                k = 1;
            }
        }
    }
    c
}

/// The grid's bits, f > median, row by row.
pub fn binarize(f: &[f64]) -> Vec<bool> {
    let mut sorted = f.to_vec();
    sorted.sort_by(f64::total_cmp);
    let m = sorted.len();
    let median = if m % 2 == 0 { 0.5 * (sorted[m / 2 - 1] + sorted[m / 2]) } else { sorted[m / 2] };
    f.iter().map(|&v| v > median).collect()
}

/// (LZ76 phrase count of the median-binarized grid, normalized count c·log₂N/N).
pub fn lempel_ziv(f: &[f64]) -> (usize, f64) {
    let c = lz76(&binarize(f));
    let n = f.len() as f64;
    (c, c as f64 * n.log2() / n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tensor::Rng;

    fn grid(n: usize, f: impl Fn(f64, f64) -> f64) -> Vec<f64> {
        (0..n * n).map(|i| f((i / n) as f64, (i % n) as f64)).collect()
    }

    #[test]
    fn a_plane_wave_scores_its_radial_frequency() {
        let n = 32;
        let r_max = ((15.0f64 * 15.0 + 16.0 * 16.0).sqrt()).round(); // 22
        // cos(2π(3u + 4v)/n): all energy at (u, v) = (3, 4), r = 5.
        let f = grid(n, |u, v| (2.0 * PI * (3.0 * u + 4.0 * v) / n as f64).cos());
        assert!((fourier(&f, n) - 5.0 / r_max).abs() < 1e-9, "{}", fourier(&f, n));
        // Equal waves at r = 2 (axis 0) and r = 6 (axis 1): mean 4; plus a constant offset (DC ignored).
        let f = grid(n, |u, v| 7.0 + (2.0 * PI * 2.0 * u / n as f64).cos() + (2.0 * PI * 6.0 * v / n as f64).sin());
        assert!((fourier(&f, n) - 4.0 / r_max).abs() < 1e-9);
        assert_eq!(fourier(&vec![3.0; n * n], n), 0.0);
    }

    #[test]
    fn lz76_counts_the_kaspar_schuster_example_and_extremes() {
        // Kaspar & Schuster 1987: 0·001·10·100·1000·101 → 6 phrases.
        let s: Vec<bool> = "0001101001000101".chars().map(|c| c == '1').collect();
        assert_eq!(lz76(&s), 6);
        assert_eq!(lz76(&[false; 100]), 2);
        // Random bits: c ≈ N / log₂N (normalized ≈ 1).
        let mut r = Rng::new(1);
        let bits: Vec<f64> = (0..4096).map(|_| r.unit()).collect();
        let (_, norm) = lempel_ziv(&bits);
        assert!((0.8..1.2).contains(&norm), "{norm}");
        // Half zeros, then half ones: at most a handful of phrases.
        assert!(lempel_ziv(&grid(16, |u, _| u)).0 <= 4);
    }
}
