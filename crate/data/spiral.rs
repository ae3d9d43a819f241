//! K interleaved spiral arms, one class each, as in CS231n's "spiral" example
//! (r from 0 to 1, angle over 4 radians per arm plus Gaussian jitter), scaled by 5 to the
//! Playground's coordinate range. `noise` scales the angular jitter: 0.2 rad at 0.5.

use super::Points;
use crate::tensor::Rng;

pub fn multi_spiral(n: usize, noise: f64, classes: usize, rng: &mut Rng) -> Points {
    let per = n / classes;
    let mut p = Points::default();
    for k in 0..classes {
        for i in 0..per {
            let r = i as f64 / per.max(2).saturating_sub(1) as f64;
            let base = 4.0 * k as f64 + 4.0 * r;
            let t = base + rng.normal() * 0.4 * noise;
            p.push(5.0 * r * libm::sin(t), 5.0 * r * libm::cos(t), k as f64);
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_arm_has_its_share_of_points() {
        let p = multi_spiral(300, 0.1, 3, &mut Rng::new(2));
        for k in 0..3 {
            assert_eq!(p.y.iter().filter(|&&y| y == k as f32).count(), 100);
        }
        assert!(p.xy.iter().all(|xy| xy[0].abs() <= 5.5 && xy[1].abs() <= 5.5));
    }
}
