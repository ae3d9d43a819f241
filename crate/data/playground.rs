//! The six datasets of the TensorFlow Playground (tensorflow/playground, src/dataset.ts),
//! with the same geometry, noise model and label rules; our seeded generator replaces
//! Math.random, so the shapes match but not the individual points. `noise` is the
//! Playground's percentage / 100 (0 ..= 0.5). Class labels −1/+1 there are 0/1 here;
//! regression targets keep the Playground's range [−1, 1].

use super::{DatasetKind, Points};
use crate::tensor::Rng;
use std::f64::consts::PI;

pub fn generate(kind: DatasetKind, n: usize, noise: f64, rng: &mut Rng) -> Points {
    match kind {
        DatasetKind::Circle => circle(n, noise, rng),
        DatasetKind::Xor => xor(n, noise, rng),
        DatasetKind::Gauss => gauss(n, noise, rng),
        DatasetKind::Spiral => spiral(n, noise, rng),
        DatasetKind::RegPlane => reg_plane(n, noise, rng),
        DatasetKind::RegGauss => reg_gauss(n, noise, rng),
        other => panic!("{} is not a Playground dataset", other.name()),
    }
}

fn class(positive: bool) -> f64 {
    if positive {
        1.0
    } else {
        0.0
    }
}

/// Points inside radius 2.5 and in the ring 3.5..5; the label comes from the noisy point.
fn circle(n: usize, noise: f64, rng: &mut Rng) -> Points {
    let radius = 5.0;
    let mut p = Points::default();
    for (lo, hi) in [(0.0, radius * 0.5), (radius * 0.7, radius)] {
        for _ in 0..n / 2 {
            let r = rng.uniform(lo, hi);
            let angle = rng.uniform(0.0, 2.0 * PI);
            let (x, y) = (r * libm::sin(angle), r * libm::cos(angle));
            let nx = rng.uniform(-radius, radius) * noise;
            let ny = rng.uniform(-radius, radius) * noise;
            let inside = libm::hypot(x + nx, y + ny) < radius * 0.5;
            p.push(x, y, class(inside));
        }
    }
    p
}

fn xor(n: usize, noise: f64, rng: &mut Rng) -> Points {
    let pad = |v: f64| if v > 0.0 { v + 0.3 } else { v - 0.3 };
    let mut p = Points::default();
    for _ in 0..n {
        let x = pad(rng.uniform(-5.0, 5.0));
        let y = pad(rng.uniform(-5.0, 5.0));
        let nx = rng.uniform(-5.0, 5.0) * noise;
        let ny = rng.uniform(-5.0, 5.0) * noise;
        p.push(x, y, class((x + nx) * (y + ny) >= 0.0));
    }
    p
}

/// Two Gaussians at (2, 2) and (−2, −2); variance grows linearly from 0.5 to 4 with noise.
fn gauss(n: usize, noise: f64, rng: &mut Rng) -> Points {
    let variance = 0.5 + (4.0 - 0.5) * (noise / 0.5);
    let sd = variance.sqrt();
    let mut p = Points::default();
    for (c, label) in [(2.0, 1.0), (-2.0, 0.0)] {
        for _ in 0..n / 2 {
            let x = c + sd * rng.normal();
            let y = c + sd * rng.normal();
            p.push(x, y, label);
        }
    }
    p
}

/// Two arms of 1.75 turns, the second rotated by π.
fn spiral(n: usize, noise: f64, rng: &mut Rng) -> Points {
    let half = n / 2;
    let mut p = Points::default();
    for (dt, label) in [(0.0, 1.0), (PI, 0.0)] {
        for i in 0..half {
            let r = i as f64 / half as f64 * 5.0;
            let t = 1.75 * i as f64 / half as f64 * 2.0 * PI + dt;
            let x = r * libm::sin(t) + rng.uniform(-1.0, 1.0) * noise;
            let y = r * libm::cos(t) + rng.uniform(-1.0, 1.0) * noise;
            p.push(x, y, label);
        }
    }
    p
}

/// Target (x + y) / 10 on the square [−6, 6]², read at the noisy point.
fn reg_plane(n: usize, noise: f64, rng: &mut Rng) -> Points {
    on_the_square(n, noise, rng, |x, nx, y, ny| (x + nx + y + ny) / 10.0)
}

/// n points uniform on [−6, 6]², each with a target read at a noisy copy of it:
/// `target(x, nx, y, ny)`, the offsets (nx, ny) uniform on noise · [−6, 6]².
fn on_the_square(n: usize, noise: f64, rng: &mut Rng, target: impl Fn(f64, f64, f64, f64) -> f64) -> Points {
    let radius = 6.0;
    let mut p = Points::default();
    for _ in 0..n {
        let x = rng.uniform(-radius, radius);
        let y = rng.uniform(-radius, radius);
        let nx = rng.uniform(-radius, radius) * noise;
        let ny = rng.uniform(-radius, radius) * noise;
        p.push(x, y, target(x, nx, y, ny));
    }
    p
}

/// Six signed bumps; the target is the strongest bump's signed value, fading from 1 at
/// its centre to 0 at distance 2.
fn reg_gauss(n: usize, noise: f64, rng: &mut Rng) -> Points {
    const BUMPS: [(f64, f64, f64); 6] =
        [(-4.0, 2.5, 1.0), (0.0, 2.5, -1.0), (4.0, 2.5, 1.0), (-4.0, -2.5, -1.0), (0.0, -2.5, 1.0), (4.0, -2.5, -1.0)];
    let label = |x: f64, y: f64| {
        let mut best: f64 = 0.0;
        for (cx, cy, sign) in BUMPS {
            let v = sign * (1.0 - libm::hypot(x - cx, y - cy) / 2.0).clamp(0.0, 1.0);
            if v.abs() > best.abs() {
                best = v;
            }
        }
        best
    };
    on_the_square(n, noise, rng, |x, nx, y, ny| label(x + nx, y + ny))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noiseless_sets_have_the_playground_label_rules() {
        let mut rng = Rng::new(5);
        let c = circle(200, 0.0, &mut rng);
        for (xy, &y) in c.xy.iter().zip(&c.y) {
            let r = (xy[0] * xy[0] + xy[1] * xy[1]).sqrt();
            assert_eq!(y == 1.0, r < 2.5, "circle point at radius {r}");
        }
        let x = xor(200, 0.0, &mut rng);
        for (xy, &y) in x.xy.iter().zip(&x.y) {
            assert_eq!(y == 1.0, xy[0] * xy[1] >= 0.0);
            assert!(xy[0].abs() >= 0.3 && xy[1].abs() >= 0.3);
        }
        let r = reg_plane(100, 0.0, &mut rng);
        for (xy, &y) in r.xy.iter().zip(&r.y) {
            assert!((y - (xy[0] + xy[1]) / 10.0).abs() < 1e-6);
        }
    }

    #[test]
    fn every_set_is_balanced_and_in_range() {
        for kind in [DatasetKind::Circle, DatasetKind::Xor, DatasetKind::Gauss, DatasetKind::Spiral, DatasetKind::RegPlane, DatasetKind::RegGauss] {
            let p = generate(kind, 400, 0.2, &mut Rng::new(1));
            assert_eq!(p.y.len(), 400, "{}", kind.name());
            match kind {
                DatasetKind::RegPlane | DatasetKind::RegGauss => assert!(p.y.iter().all(|y| y.abs() <= 2.5)),
                _ => assert!(p.y.iter().all(|&y| y == 0.0 || y == 1.0)),
            }
            // Without noise the classes are exactly balanced (noise relabels circle and xor points).
            let p = generate(kind, 400, 0.0, &mut Rng::new(1));
            if matches!(kind, DatasetKind::Circle | DatasetKind::Gauss | DatasetKind::Spiral) {
                assert_eq!(p.y.iter().filter(|&&y| y == 1.0).count(), 200, "{}", kind.name());
            }
        }
    }
}
