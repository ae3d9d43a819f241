//! What training reports: per-step statistics, full-set evaluations and the per-epoch
//! record. Accuracy is None for regression.

use crate::data::Dataset;
use crate::nn::{Loss, Mlp, Workspace};
use serde::Serialize;

/// Returned by every step: a small Copy struct, cheap to hand across the wasm boundary.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct StepStats {
    pub step: u64,
    /// Fractional epochs completed (examples seen / training rows).
    pub epoch: f64,
    /// Mean loss of the minibatch before the update (penalty excluded).
    pub batch_loss: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Evaluation {
    pub loss: f64,
    pub accuracy: Option<f64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct EpochMetrics {
    pub epoch: u64,
    pub step: u64,
    pub train: Evaluation,
    pub test: Evaluation,
}

/// Loss and accuracy of the model on a whole dataset, in chunks of at most 1,024 rows.
pub fn evaluate(mlp: &Mlp, params: &[f32], loss: Loss, data: &Dataset, ws: &mut Workspace) -> Evaluation {
    const CHUNK: usize = 1024;
    let (mut total, mut correct) = (0.0f64, 0usize);
    let mut start = 0;
    while start < data.len() {
        let end = (start + CHUNK).min(data.len());
        let x = data.x.slice(ndarray::s![start..end, ..]);
        let y = &data.y[start..end];
        let out = crate::autodiff::predict(mlp, params, x, loss, ws);
        total += loss.evaluate(out, y, None) * (end - start) as f64;
        if loss != Loss::Mse || mlp.outputs() != 1 || is_classes(y) {
            for (row, &t) in out.rows().into_iter().zip(y) {
                correct += (loss.predict(row.as_slice().unwrap()) == t as usize) as usize;
            }
        }
        start = end;
    }
    let n = data.len().max(1) as f64;
    let classify = loss != Loss::Mse || is_classes(&data.y);
    Evaluation { loss: total / n, accuracy: classify.then(|| correct as f64 / n) }
}

/// Targets that are all 0 or 1 are classes (mse on a binary task); anything else is regression.
fn is_classes(y: &[f32]) -> bool {
    y.iter().all(|&t| t == 0.0 || t == 1.0)
}
