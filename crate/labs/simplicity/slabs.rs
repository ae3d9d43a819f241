//! Linear and k-slab datasets of Shah, Tamuly, Raghunathan, Jain & Netrapalli 2020,
//! "The Pitfalls of Simplicity Bias in Neural Networks" (arXiv:2006.07710), generated as
//! the official code does (harshays/simplicitybiaspitfalls, scripts/gendata.py).
//!
//! Label y ∈ {0, 1} with P = ½, s = 2y − 1; every coordinate is drawn independently
//! given y, U = Uniform(0, 1), width W, margin m:
//! - linear: x = s·(m + (W − m)·U);
//! - noisy linear: as linear, then exactly round(p·N) samples get U(−m, m) instead;
//! - k-slab (k ∈ {3, 5, 7}): slabs of width w = (2W − 2(k−1)m)/k, slab j centred at
//!   j·(w + 2m); j = 0 is class 0, classes alternate outward. Class-conditional |j|:
//!   3-slab 1 | 0; 5-slab 1 | 0 (p5 = ¾) or 2; 7-slab 1 (p7 = ⅞) or 3 | 0 (½) or 2.
//!   The side is a fair coin, the value uniform within the slab.
//!
//! Then x ← z Q with a random orthogonal Q (optional). The first `test` rows form the
//! test set, the rest the training set, as in `_prep_data`.
//! Shapes: train.x (train, dim), test.x (test, dim); targets 0/1.

use super::SimplicityError;
use super::orthogonal::Orthogonal;
use crate::data::Dataset;
use crate::tensor::{Mat, Rng};
use serde::{Deserialize, Serialize};

/// What one canonical coordinate holds; in JSON its name ("linear", "noisy-linear",
/// "3-slab", "5-slab", "7-slab"), as in `Coordinate::parse`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Coordinate {
    Linear,
    /// Linear, with a fraction `noise` of the samples moved inside the margin.
    NoisyLinear,
    /// k slabs; k must be 3, 5 or 7.
    Slab(usize),
}

impl Coordinate {
    pub fn name(self) -> String {
        match self {
            Coordinate::Linear => "linear".into(),
            Coordinate::NoisyLinear => "noisy-linear".into(),
            Coordinate::Slab(k) => format!("{k}-slab"),
        }
    }

    /// "linear", "noisy-linear", "3-slab", "5-slab" or "7-slab".
    pub fn parse(s: &str) -> Result<Coordinate, SimplicityError> {
        match s {
            "linear" => Ok(Coordinate::Linear),
            "noisy-linear" => Ok(Coordinate::NoisyLinear),
            _ => {
                let k = s.strip_suffix("-slab").and_then(|k| k.parse::<usize>().ok());
                match k {
                    Some(k) => check_slabs(k).map(|_| Coordinate::Slab(k)),
                    None => Err(SimplicityError::Coordinate(s.to_string())),
                }
            }
        }
    }
}

impl From<Coordinate> for String {
    fn from(c: Coordinate) -> String {
        c.name()
    }
}

impl TryFrom<String> for Coordinate {
    type Error = SimplicityError;
    fn try_from(s: String) -> Result<Coordinate, SimplicityError> {
        Coordinate::parse(&s)
    }
}

fn check_slabs(k: usize) -> Result<(), SimplicityError> {
    if matches!(k, 3 | 5 | 7) {
        Ok(())
    } else {
        Err(SimplicityError::Slabs(k))
    }
}

/// Settings of a slab dataset. Defaults: the paper's LMS-5 at the small size.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct SlabConfig {
    /// Input dimension d; default 10 (the paper uses 50).
    pub dim: usize,
    /// Canonical coordinate 0, the "simple" one; default linear.
    pub simple: Coordinate,
    /// Coordinates 1..d; default 5-slab.
    pub complex: Coordinate,
    /// Data width W; default 1.
    pub width: f64,
    /// Margin m; default 0.1 (= 0.1·W).
    pub margin: f64,
    /// Fraction p of samples whose noisy-linear coordinate is replaced by U(−m, m); default 0.1.
    pub noise: f64,
    /// P(centre slab | class 0) for 5-slab coordinates; default ¾.
    pub p5: f64,
    /// P(inner slab | class 1) for 7-slab coordinates; default ⅞.
    pub p7: f64,
    /// Training rows; default 4,000.
    pub train: usize,
    /// Test rows; default 1,000.
    pub test: usize,
    /// Multiply by a random orthogonal matrix; default true.
    pub rotate: bool,
    /// Seed of the samples (stream 0) and the rotation (stream 1); default 0.
    pub seed: u64,
}

impl Default for SlabConfig {
    fn default() -> Self {
        SlabConfig {
            dim: 10,
            simple: Coordinate::Linear,
            complex: Coordinate::Slab(5),
            width: 1.0,
            margin: 0.1,
            noise: 0.1,
            p5: 0.75,
            p7: 0.875,
            train: 4000,
            test: 1000,
            rotate: true,
            seed: 0,
        }
    }
}

pub const MAX_DIM: usize = 1000;
pub const MAX_ROWS: usize = 1_000_000;
/// At most this many input values in all (400 MB of f32).
pub const MAX_VALUES: usize = 100_000_000;

/// A generated slab dataset: the (rotated) splits and the rotation used.
#[derive(Clone, Debug)]
pub struct SlabData {
    pub config: SlabConfig,
    pub train: Dataset,
    pub test: Dataset,
    /// x = z Q; the identity when `rotate` is off.
    pub rotation: Orthogonal,
}

impl SlabConfig {
    /// Each knob against its allowed range; the error names the knob, the value and the range.
    pub fn validate(&self) -> Result<(), SimplicityError> {
        if !(2..=MAX_DIM).contains(&self.dim) {
            return Err(SimplicityError::out_of_range("dim", self.dim, format!("2..={MAX_DIM} (one simple coordinate and at least one other)")));
        }
        for c in [self.simple, self.complex] {
            if let Coordinate::Slab(k) = c {
                check_slabs(k)?;
            }
        }
        if !(self.width.is_finite() && self.width > 0.0 && self.width <= 1e6) {
            return Err(SimplicityError::out_of_range("width", self.width, "(0, 1e6]"));
        }
        if !(self.margin.is_finite() && self.margin > 0.0) {
            return Err(SimplicityError::MarginPositive(self.margin));
        }
        if self.margin >= self.width {
            return Err(SimplicityError::MarginWidth { margin: self.margin, width: self.width });
        }
        for c in [self.simple, self.complex] {
            if let Coordinate::Slab(k) = c {
                let limit = self.width / (k - 1) as f64;
                if self.margin >= limit {
                    return Err(SimplicityError::MarginSlabs { margin: self.margin, width: self.width, k, limit });
                }
            }
        }
        for (key, v) in [("noise", self.noise), ("p5", self.p5), ("p7", self.p7)] {
            if !(0.0..=1.0).contains(&v) {
                return Err(SimplicityError::out_of_range(key, v, "[0, 1]"));
            }
        }
        if !(1..=MAX_ROWS).contains(&self.train) {
            return Err(SimplicityError::out_of_range("train", self.train, format!("1..={MAX_ROWS}")));
        }
        if !(2..=MAX_ROWS).contains(&self.test) {
            return Err(SimplicityError::out_of_range("test", self.test, format!("2..={MAX_ROWS}")));
        }
        if (self.train + self.test) * self.dim > MAX_VALUES {
            return Err(SimplicityError::TooManyValues((self.train + self.test) * self.dim));
        }
        Ok(())
    }

    /// The coordinate kind of canonical coordinate `c`.
    pub fn coordinate(&self, c: usize) -> Coordinate {
        if c == 0 {
            self.simple
        } else {
            self.complex
        }
    }

    /// Width of one slab of a k-slab coordinate: (2W − 2(k−1)m)/k.
    pub fn slab_width(&self, k: usize) -> f64 {
        (2.0 * self.width - 2.0 * (k as f64 - 1.0) * self.margin) / k as f64
    }

    /// The interval [lo, hi] of slab j (lo ≥ 0 for j ≥ 0) of a k-slab coordinate.
    pub fn slab_interval(&self, k: usize, j: i64) -> (f64, f64) {
        let w = self.slab_width(k);
        let centre = j as f64 * (w + 2.0 * self.margin);
        (centre - 0.5 * w, centre + 0.5 * w)
    }

    /// Validates, then draws the data.
    pub fn generate(&self) -> Result<SlabData, SimplicityError> {
        self.validate()?;
        let n = self.train + self.test;
        let d = self.dim;
        let mut rng = Rng::stream(self.seed, 0);
        let y: Vec<f32> = (0..n).map(|_| rng.below(2) as f32).collect();
        let mut z = Mat::zeros((n, d));
        for c in 0..d {
            let kind = self.coordinate(c);
            for i in 0..n {
                z[[i, c]] = self.draw(kind, y[i] > 0.5, &mut rng) as f32;
            }
            if kind == Coordinate::NoisyLinear {
                // gendata.py: np.random.choice(N, round(N·p), replace=False) ← U(−m, m).
                let count = (n as f64 * self.noise).round() as usize;
                let mut idx: Vec<usize> = (0..n).collect();
                rng.shuffle(&mut idx);
                for &i in &idx[..count] {
                    z[[i, c]] = rng.uniform(-self.margin, self.margin) as f32;
                }
            }
        }
        let rotation = if self.rotate { Orthogonal::random(d, &mut Rng::stream(self.seed, 1)) } else { Orthogonal::identity(d) };
        let x = if self.rotate { rotation.rotate(&z) } else { z };
        let part = |r: std::ops::Range<usize>| Dataset {
            x: x.slice(ndarray::s![r.clone(), ..]).to_owned(),
            y: y[r.clone()].to_vec(),
            points: Mat::zeros((r.len(), 0)),
        };
        Ok(SlabData { config: self.clone(), test: part(0..self.test), train: part(self.test..n), rotation })
    }

    /// One value of a coordinate of the given kind for a sample of class `positive`.
    fn draw(&self, kind: Coordinate, positive: bool, rng: &mut Rng) -> f64 {
        let (w, m) = (self.width, self.margin);
        let s = if positive { 1.0 } else { -1.0 };
        match kind {
            Coordinate::Linear | Coordinate::NoisyLinear => s * (m + (w - m) * rng.unit()),
            Coordinate::Slab(k) => {
                let slab: i64 = match (k, positive) {
                    (3, true) | (5, true) => 1,
                    (3, false) => 0,
                    (5, false) => if rng.unit() < self.p5 { 0 } else { 2 },
                    (7, true) => if rng.unit() < self.p7 { 1 } else { 3 },
                    (7, false) => if rng.unit() < 0.5 { 0 } else { 2 },
                    _ => unreachable!("validated: k ∈ {{3, 5, 7}}"),
                };
                let side = if rng.below(2) == 1 { 1.0 } else { -1.0 };
                let sw = self.slab_width(k);
                let (lo, _) = self.slab_interval(k, slab);
                if slab == 0 {
                    side * 0.5 * sw * rng.unit()
                } else {
                    side * (lo + sw * rng.unit())
                }
            }
        }
    }
}

names! {
    /// A row of the paper's table; in JSON its name ("lms-5", "ms-5-7", "noisy-lms-7", "ms-7").
    pub enum Preset {
        /// Coordinate 0 linear, the others 5-slab.
        #[strum(serialize = "lms-5")]
        Lms5,
        /// Coordinate 0 5-slab, the others 7-slab.
        #[strum(serialize = "ms-5-7")]
        Ms57,
        /// L̂MS-7: coordinate 0 noisy linear (p = 0.1), the others 7-slab.
        #[strum(serialize = "noisy-lms-7")]
        NoisyLms7,
        /// All coordinates 7-slab.
        #[strum(serialize = "ms-7")]
        Ms7,
    }
}

impl Preset {
    pub fn parse(s: &str) -> Result<Preset, SimplicityError> {
        Preset::from_name(s).ok_or_else(|| SimplicityError::Preset(s.to_string()))
    }

    /// The dataset at the paper's size (d = 50, the table's train/test sizes) or at the
    /// small size (d = 10, a few thousand rows: trains in seconds).
    pub fn config(self, small: bool, seed: u64) -> SlabConfig {
        let (simple, complex) = match self {
            Preset::Lms5 => (Coordinate::Linear, Coordinate::Slab(5)),
            Preset::Ms57 => (Coordinate::Slab(5), Coordinate::Slab(7)),
            Preset::NoisyLms7 => (Coordinate::NoisyLinear, Coordinate::Slab(7)),
            Preset::Ms7 => (Coordinate::Slab(7), Coordinate::Slab(7)),
        };
        let (train, test) = match (self, small) {
            (Preset::Lms5, false) => (100_000, 10_000),
            (Preset::Ms57, false) => (100_000, 50_000),
            (_, false) => (40_000, 10_000),
            (_, true) => (4_000, 1_000),
        };
        SlabConfig { dim: if small { 10 } else { 50 }, simple, complex, train, test, seed, ..SlabConfig::default() }
    }
}
