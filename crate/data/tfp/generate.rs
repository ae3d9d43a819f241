//! The Playground's six generators, its shuffle and its train/test split, drawn from
//! `SeedRandom` exactly as tensorflow/playground src/dataset.ts and src/playground.ts
//! (`generateData`) draw them from the seeded Math.random: the same calls in the same
//! order, so the same seed gives the same points. Sines, cosines and logs come from a
//! `JsMath` (see math.rs: their last bit depends on the engine).

use super::{JsMath, SeedRandom};
use crate::data::DatasetKind;
use std::f64::consts::PI;

/// A point as the Playground holds it: label ±1 for classification, [−1, 1] for regression.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Example {
    pub x: f64,
    pub y: f64,
    pub label: f64,
}

/// Points in the Playground's order after its shuffle; `points[..split]` train, the rest test.
#[derive(Clone, Debug, Default)]
pub struct TfpData {
    pub points: Vec<Example>,
    pub split: usize,
}

impl TfpData {
    pub fn train(&self) -> &[Example] {
        &self.points[..self.split]
    }

    pub fn test(&self) -> &[Example] {
        &self.points[self.split..]
    }
}

/// playground.ts `generateData(true)` after `Math.seedrandom(seed)`: 500 points for
/// classification, 1,200 for regression, noise as the link's percentage / 100, the
/// shuffle, then train = the first ⌊count · percTrain / 100⌋. `kind` must be one of the
/// six Playground sets. The generator is left where the page leaves it, so the network's
/// weights can be drawn next from the same stream.
pub fn draw(kind: DatasetKind, noise_percent: f64, perc_train: f64, rng: &mut SeedRandom, math: JsMath) -> TfpData {
    let regression = matches!(kind, DatasetKind::RegPlane | DatasetKind::RegGauss);
    let count = if regression { 1200 } else { 500 };
    let mut points = generate(kind, count, noise_percent / 100.0, rng, math);
    shuffle(&mut points, rng);
    let split = ((points.len() as f64 * perc_train / 100.0).floor().max(0.0) as usize).min(points.len());
    TfpData { points, split }
}

/// One generator by name; panics on a set the Playground does not have.
pub fn generate(kind: DatasetKind, n: usize, noise: f64, rng: &mut SeedRandom, m: JsMath) -> Vec<Example> {
    match kind {
        DatasetKind::Circle => circle(n, noise, rng, m),
        DatasetKind::Xor => xor(n, noise, rng, m),
        DatasetKind::Gauss => gauss(n, noise, rng, m),
        DatasetKind::Spiral => spiral(n, noise, rng, m),
        DatasetKind::RegPlane => reg_plane(n, noise, rng, m),
        DatasetKind::RegGauss => reg_gauss(n, noise, rng, m),
        other => panic!("{} is not a Playground dataset", other.name()),
    }
}

/// dataset.ts `shuffle`: Fisher–Yates from the back, index = ⌊random · counter⌋.
pub fn shuffle<T>(items: &mut [T], rng: &mut SeedRandom) {
    let mut counter = items.len();
    while counter > 0 {
        let index = (rng.next() * counter as f64).floor() as usize;
        counter -= 1;
        items.swap(counter, index);
    }
}

fn uniform(rng: &mut SeedRandom, a: f64, b: f64) -> f64 {
    rng.next() * (b - a) + a
}

/// d3 v3.5.17's `scale.linear().domain([d0, d1]).range([r0, r1])` (optionally `.clamp(true)`):
/// t = (x − d0) / (d1 − d0), then r0·(1 − t) + r1·t, the same operations in the same order.
fn d3_linear(x: f64, (d0, d1): (f64, f64), (r0, r1): (f64, f64), clamp: bool) -> f64 {
    let mut t = (x - d0) / (d1 - d0);
    if clamp {
        t = t.clamp(0.0, 1.0); // NaN stays NaN, as Math.max(0, Math.min(1, NaN))
    }
    r0 * (1.0 - t) + r1 * t
}

fn dist(ax: f64, ay: f64, bx: f64, by: f64) -> f64 {
    let (dx, dy) = (ax - bx, ay - by);
    (dx * dx + dy * dy).sqrt()
}

/// dataset.ts `normalRandom`: the polar (Marsaglia) method, one value per accepted pair.
fn normal_random(rng: &mut SeedRandom, m: JsMath, mean: f64, variance: f64) -> f64 {
    let (mut v1, mut v2, mut s);
    loop {
        v1 = 2.0 * rng.next() - 1.0;
        v2 = 2.0 * rng.next() - 1.0;
        s = v1 * v1 + v2 * v2;
        if s <= 1.0 {
            break;
        }
    }
    let result = (-2.0 * (m.log)(s) / s).sqrt() * v1;
    mean + variance.sqrt() * result
}

fn circle(n: usize, noise: f64, rng: &mut SeedRandom, m: JsMath) -> Vec<Example> {
    let radius = 5.0;
    let mut points = Vec::with_capacity(n);
    for (lo, hi) in [(0.0, radius * 0.5), (radius * 0.7, radius)] {
        for _ in 0..n.div_ceil(2) {
            let r = uniform(rng, lo, hi);
            let angle = uniform(rng, 0.0, 2.0 * PI);
            let x = r * (m.sin)(angle);
            let y = r * (m.cos)(angle);
            let nx = uniform(rng, -radius, radius) * noise;
            let ny = uniform(rng, -radius, radius) * noise;
            let label = if dist(x + nx, y + ny, 0.0, 0.0) < radius * 0.5 { 1.0 } else { -1.0 };
            points.push(Example { x, y, label });
        }
    }
    points
}

fn xor(n: usize, noise: f64, rng: &mut SeedRandom, _m: JsMath) -> Vec<Example> {
    let padding = 0.3;
    let mut points = Vec::with_capacity(n);
    for _ in 0..n {
        let mut x = uniform(rng, -5.0, 5.0);
        x += if x > 0.0 { padding } else { -padding };
        let mut y = uniform(rng, -5.0, 5.0);
        y += if y > 0.0 { padding } else { -padding };
        let nx = uniform(rng, -5.0, 5.0) * noise;
        let ny = uniform(rng, -5.0, 5.0) * noise;
        let label = if (x + nx) * (y + ny) >= 0.0 { 1.0 } else { -1.0 };
        points.push(Example { x, y, label });
    }
    points
}

fn gauss(n: usize, noise: f64, rng: &mut SeedRandom, m: JsMath) -> Vec<Example> {
    let variance = d3_linear(noise, (0.0, 0.5), (0.5, 4.0), false);
    let mut points = Vec::with_capacity(n);
    for (c, label) in [(2.0, 1.0), (-2.0, -1.0)] {
        for _ in 0..n.div_ceil(2) {
            let x = normal_random(rng, m, c, variance);
            let y = normal_random(rng, m, c, variance);
            points.push(Example { x, y, label });
        }
    }
    points
}

fn spiral(n: usize, noise: f64, rng: &mut SeedRandom, m: JsMath) -> Vec<Example> {
    let half = n as f64 / 2.0;
    let mut points = Vec::with_capacity(n);
    for (delta_t, label) in [(0.0, 1.0), (PI, -1.0)] {
        let mut i = 0.0;
        while i < half {
            let r = i / half * 5.0;
            let t = 1.75 * i / half * 2.0 * PI + delta_t;
            let x = r * (m.sin)(t) + uniform(rng, -1.0, 1.0) * noise;
            let y = r * (m.cos)(t) + uniform(rng, -1.0, 1.0) * noise;
            points.push(Example { x, y, label });
            i += 1.0;
        }
    }
    points
}

/// The regression sets draw x, y and a noise offset in [−6, 6]², label from the noisy point.
fn regression(n: usize, noise: f64, rng: &mut SeedRandom, label: impl Fn(f64, f64) -> f64) -> Vec<Example> {
    let radius = 6.0;
    let mut points = Vec::with_capacity(n);
    for _ in 0..n {
        let x = uniform(rng, -radius, radius);
        let y = uniform(rng, -radius, radius);
        let nx = uniform(rng, -radius, radius) * noise;
        let ny = uniform(rng, -radius, radius) * noise;
        points.push(Example { x, y, label: label(x + nx, y + ny) });
    }
    points
}

fn reg_plane(n: usize, noise: f64, rng: &mut SeedRandom, _m: JsMath) -> Vec<Example> {
    regression(n, noise, rng, |x, y| d3_linear(x + y, (-10.0, 10.0), (-1.0, 1.0), false))
}

fn reg_gauss(n: usize, noise: f64, rng: &mut SeedRandom, _m: JsMath) -> Vec<Example> {
    const GAUSSIANS: [(f64, f64, f64); 6] = [(-4.0, 2.5, 1.0), (0.0, 2.5, -1.0), (4.0, 2.5, 1.0), (-4.0, -2.5, -1.0), (0.0, -2.5, 1.0), (4.0, -2.5, -1.0)];
    regression(n, noise, rng, |x, y| {
        // The one largest in absolute value; ties keep the earlier.
        let mut label: f64 = 0.0;
        for (cx, cy, sign) in GAUSSIANS {
            let candidate = sign * d3_linear(dist(x, y, cx, cy), (0.0, 2.0), (1.0, 0.0), true);
            if candidate.abs() > label.abs() {
                label = candidate;
            }
        }
        label
    })
}
