//! Datasets, all seeded: the TensorFlow Playground's six 2-D sets, a K-arm spiral, the
//! UCI 8×8 digits, and CSV files. A dataset is its model inputs x (rows, features),
//! one target per row, and for 2-D sets the raw (x1, x2) coordinates for drawing.

pub mod csv;
pub mod digits;
pub mod error;
pub mod feature;
pub mod playground;
pub mod spiral;
pub mod tfp;
pub mod user;

pub use error::{DataError, ImportError};
pub use feature::Feature;

use crate::tensor::{Mat, Rng};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
pub use user::UserData;

/// What the targets mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "classes")]
pub enum Task {
    /// Targets are 0 or 1.
    Binary,
    /// Targets are class indices 0..k.
    Multiclass(usize),
    /// Targets are real numbers (the Playground's lie in [−1, 1]).
    Regression,
}

impl Task {
    pub fn classes(self) -> usize {
        match self {
            Task::Binary => 2,
            Task::Multiclass(k) => k,
            Task::Regression => 0,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Dataset {
    /// Model inputs, (rows, features).
    pub x: Mat,
    /// One target per row.
    pub y: Vec<f32>,
    /// Raw 2-D coordinates (rows, 2) for plotting; (rows, 0) for other data.
    pub points: Mat,
}

impl Dataset {
    pub fn len(&self) -> usize {
        self.y.len()
    }

    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }

    /// [x1, x2, y] per row, for the 2-D views; empty for data without 2-D points.
    pub fn labelled_points(&self) -> Vec<[f32; 3]> {
        if self.points.ncols() != 2 {
            return Vec::new();
        }
        self.points.rows().into_iter().zip(&self.y).map(|(p, &y)| [p[0], p[1], y]).collect()
    }

    /// The rows at `idx`, in that order (a minibatch), written into `x` and `y`.
    pub fn gather_into(&self, idx: &[usize], x: &mut Mat, y: &mut Vec<f32>) {
        if x.dim() != (idx.len(), self.x.ncols()) {
            *x = Mat::zeros((idx.len(), self.x.ncols()));
        }
        y.clear();
        y.extend(idx.iter().map(|&i| self.y[i]));
        let cols = self.x.ncols();
        match (self.x.as_slice(), x.as_slice_mut()) {
            // Both row-major (always, in training): plain loads and stores, column by
            // column. For the Playground's two columns a row assignment's setup, or a
            // memcpy per row (a memory.copy call in wasm), costs more than the copy.
            (Some(src), Some(dst)) => {
                for c in 0..cols {
                    for (r, &i) in idx.iter().enumerate() {
                        dst[r * cols + c] = src[i * cols + c];
                    }
                }
            }
            _ => {
                for (r, &i) in idx.iter().enumerate() {
                    x.row_mut(r).assign(&self.x.row(i));
                }
            }
        }
    }

    fn select(&self, idx: &[usize]) -> Dataset {
        // (Not ndarray's `select`: the same rows, without 4 KB of generic code in the wasm core.)
        let rows = |m: &Mat| Mat::from_shape_fn((idx.len(), m.ncols()), |(r, c)| m[[idx[r], c]]);
        Dataset { x: rows(&self.x), y: idx.iter().map(|&i| self.y[i]).collect(), points: rows(&self.points) }
    }

    /// Shuffles the rows with `rng` and splits the first `ratio` of them off for training,
    /// as the Playground does.
    pub fn split(&self, ratio: f64, rng: &mut Rng) -> (Dataset, Dataset) {
        let mut idx: Vec<usize> = (0..self.len()).collect();
        rng.shuffle(&mut idx);
        let cut = ((self.len() as f64 * ratio).floor() as usize).clamp(1, self.len().saturating_sub(1).max(1));
        (self.select(&idx[..cut]), self.select(&idx[cut..]))
    }
}

/// Raw 2-D points with targets, before feature expansion.
#[derive(Clone, Debug, Default)]
pub struct Points {
    pub xy: Vec<[f32; 2]>,
    pub y: Vec<f32>,
}

impl Points {
    pub fn push(&mut self, x: f64, y: f64, target: f64) {
        self.xy.push([x as f32, y as f32]);
        self.y.push(target as f32);
    }

    /// Model inputs from the chosen features.
    pub fn into_dataset(self, features: &[Feature]) -> Dataset {
        let points = Mat::from_shape_fn((self.xy.len(), 2), |(i, j)| self.xy[i][j]);
        Dataset { x: feature::expand(&points, features), y: self.y, points }
    }
}

names! {
    /// Every built-in dataset by its public name.
    pub enum DatasetKind {
        Circle,
        Xor,
        Gauss,
        Spiral,
        RegPlane,
        RegGauss,
        /// K interleaved spiral arms, one class each.
        MultiSpiral,
        Digits,
        /// The user's own data: an uploaded CSV or points drawn on the map (`UserData`).
        Custom,
    }
}

impl DatasetKind {
    /// The task of a built-in set (`custom` data brings its own: `UserData::task`).
    pub fn task(self, classes: usize) -> Task {
        match self {
            DatasetKind::RegPlane | DatasetKind::RegGauss => Task::Regression,
            DatasetKind::MultiSpiral => Task::Multiclass(classes),
            DatasetKind::Digits => Task::Multiclass(10),
            _ => Task::Binary,
        }
    }

    /// Whether a built-in set's inputs are 2-D points (features apply, a decision map can
    /// be drawn). `custom` data are points when they have two feature columns.
    pub fn is_2d(self) -> bool {
        !matches!(self, DatasetKind::Digits | DatasetKind::Custom)
    }
}

/// Settings of a dataset (the run configuration's `data` group; its keys in brackets).
#[derive(Clone, Debug, PartialEq)]
pub struct DataSpec {
    /// [dataset]; default circle.
    pub kind: DatasetKind,
    /// Generated points; default 500.
    pub samples: usize,
    /// Default 0.
    pub noise: f64,
    /// [train-ratio]; default 0.5.
    pub train_ratio: f64,
    /// Arms of multi-spiral; default 3.
    pub classes: usize,
    /// [data-seed]: the generated points and the train/test split; default 1.
    pub seed: u64,
    /// Default [x1, x2].
    pub features: Vec<Feature>,
    /// The rows of a `custom` dataset (read only when `kind` is custom); default none.
    pub user: Option<Arc<UserData>>,
}

impl Default for DataSpec {
    /// The TensorFlow Playground's opening data: the circle, x1 and x2, half for training.
    fn default() -> Self {
        DataSpec {
            kind: DatasetKind::Circle,
            samples: 500,
            noise: 0.0,
            train_ratio: 0.5,
            classes: 3,
            seed: 1,
            features: vec![Feature::X1, Feature::X2],
            user: None,
        }
    }
}

/// A generated, split dataset.
#[derive(Clone, Debug)]
pub struct Data {
    pub task: Task,
    pub train: Dataset,
    pub test: Dataset,
    pub feature_names: Vec<String>,
}

impl DataSpec {
    /// Generates and splits the data. Stream 0 of the seed draws the points, stream 1 the split.
    pub fn build(&self) -> Data {
        let mut rng = Rng::stream(self.seed, 0);
        let (full, names) = if self.kind == DatasetKind::Digits {
            // (Display, not expect's Debug: the lite core then carries no Debug of DataError.)
            let digits = digits::load().unwrap_or_else(|e| panic!("{e}: the wasm boundary checks the digits are loaded"));
            (digits, digits::feature_names())
        } else if self.kind == DatasetKind::Custom {
            let user = self.user.as_ref().expect("a validated custom config carries its data");
            (user.dataset(&self.features), user.feature_names(&self.features))
        } else {
            let pts = match self.kind {
                DatasetKind::MultiSpiral => spiral::multi_spiral(self.samples, self.noise, self.classes, &mut rng),
                k => playground::generate(k, self.samples, self.noise, &mut rng),
            };
            (pts.into_dataset(&self.features), self.features.iter().map(|f| f.name().to_string()).collect())
        };
        let (train, test) = full.split(self.train_ratio, &mut Rng::stream(self.seed, 1));
        let task = self.user.as_ref().filter(|_| self.kind == DatasetKind::Custom).map_or(self.kind.task(self.classes), |u| u.task());
        Data { task, train, test, feature_names: names }
    }
}
