//! What the 2-D views show of a run: the decision map's cells (the model's inputs on a
//! res × res grid over the square the datasets live in, and how a cell reads the output
//! layer) and a dataset's thumbnail. The wasm boundary and the WebGPU maps share them.

use crate::data::{feature, DatasetKind, Feature, Task};
use crate::nn::{activation::sigmoid, Loss};
use crate::tensor::Mat;
use ndarray::ArrayView2;

/// Half-width of the square the 2-D datasets live in, as in the Playground.
pub use crate::data::user::EXTENT;

/// Model inputs of the cell centres of a res × res grid over [−EXTENT, EXTENT]², top row
/// first (x2 = +EXTENT), columns left to right; `features` expanded.
pub fn grid_inputs(res: usize, features: &[Feature]) -> Mat {
    let step = 2.0 * EXTENT / res as f32;
    let points = Mat::from_shape_fn((res * res, 2), |(i, j)| {
        let (row, col) = (i / res, i % res);
        if j == 0 { -EXTENT + (col as f32 + 0.5) * step } else { EXTENT - (row as f32 + 0.5) * step }
    });
    feature::expand(&points, features)
}

/// How a decision-map cell reads the output layer (the CPU map and the GPU maps alike).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Head {
    /// Binary with BCE: the probability σ(z) mapped to [−1, 1].
    Bce,
    /// Binary with MSE: 2z − 1.
    Mse,
    /// Regression: z itself.
    Regression,
    /// Multiclass: K class probabilities (softmax).
    Softmax,
}

impl Head {
    pub fn of(task: Task, loss: Loss) -> Head {
        match (task, loss) {
            (Task::Binary, Loss::Bce) => Head::Bce,
            (Task::Binary, _) => Head::Mse,
            (Task::Regression, _) => Head::Regression,
            (Task::Multiclass(_), _) => Head::Softmax,
        }
    }

    /// The name the WebGPU maps know it by (www/shared/gpu/maps.js).
    pub fn name(self) -> &'static str {
        match self {
            Head::Bce => "bce",
            Head::Mse => "mse",
            Head::Regression => "regression",
            Head::Softmax => "softmax",
        }
    }

    /// Replaces `cells` with the map's values for the outputs `out` (rows: grid cells).
    pub fn cells(self, out: ArrayView2<f32>, cells: &mut Vec<f32>) {
        cells.clear();
        match self {
            Head::Bce => cells.extend(out.iter().map(|&z| 2.0 * sigmoid(z) - 1.0)),
            Head::Mse => cells.extend(out.iter().map(|&z| 2.0 * z - 1.0)),
            Head::Regression => cells.extend(out.iter()),
            Head::Softmax => {
                for row in out.rows() {
                    let max = row.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
                    let sum: f32 = row.iter().map(|&z| libm::expf(z - max)).sum();
                    cells.extend(row.iter().map(|&z| libm::expf(z - max) / sum));
                }
            }
        }
    }
}

/// Points of a 2-D dataset for a thumbnail: [x1, x2, y] of the training set of 300 samples
/// at this noise (clamped to [0, 0.5]).
pub fn preview(kind: DatasetKind, noise: f64) -> Vec<[f32; 3]> {
    let mut c = super::RunConfig::default();
    c.data.kind = kind;
    c.data.samples = 300;
    c.data.noise = noise.clamp(0.0, 0.5);
    c.data.build().train.labelled_points()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_inputs_run_from_the_top_left_cell_centre() {
        let x = grid_inputs(4, &[Feature::X1, Feature::X2]);
        assert_eq!(x.dim(), (16, 2));
        assert_eq!([x[[0, 0]], x[[0, 1]]], [-4.5, 4.5]);
        assert_eq!([x[[3, 0]], x[[3, 1]]], [4.5, 4.5]);
        assert_eq!([x[[15, 0]], x[[15, 1]]], [4.5, -4.5]);
    }

    #[test]
    fn softmax_cells_sum_to_one_per_cell_and_keep_the_order() {
        let out = Mat::from_shape_vec((2, 3), vec![1.0, 2.0, 3.0, 100.0, 0.0, -100.0]).unwrap();
        let mut cells = vec![9.0];
        Head::Softmax.cells(out.view(), &mut cells);
        assert_eq!(cells.len(), 6);
        for row in cells.chunks(3) {
            assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        }
        assert!(cells[0] < cells[1] && cells[1] < cells[2]);
        assert!(cells[3] > 0.999 && cells[5] < 1e-30);
    }

    #[test]
    fn binary_heads_map_to_minus_one_one() {
        let out = Mat::from_shape_vec((3, 1), vec![0.0, 1.0, -50.0]).unwrap();
        let mut cells = Vec::new();
        Head::Bce.cells(out.view(), &mut cells);
        assert_eq!(cells[0], 0.0);
        assert!(cells[2] < -0.999);
        Head::Mse.cells(out.view(), &mut cells);
        assert_eq!(cells, vec![-1.0, 1.0, -101.0]);
        assert_eq!(Head::of(Task::Binary, Loss::Bce), Head::Bce);
        assert_eq!(Head::of(Task::Multiclass(3), Loss::SoftmaxCe).name(), "softmax");
    }

    #[test]
    fn preview_points_lie_in_the_square() {
        let pts = preview(DatasetKind::Spiral, 0.9);
        assert!(!pts.is_empty());
        assert!(pts.iter().all(|p| p[0].abs() <= EXTENT && p[1].abs() <= EXTENT));
    }
}
