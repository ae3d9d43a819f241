//! The optimizers lab: paths on test functions, and loss landscapes around a run's weights
//! (crate::labs::surface).

use super::run::config_from_js;
use super::{to_js, Lab};
use crate::labs::surface::{landscape, TestFunction};
use wasm_bindgen::prelude::*;

/// Most snapshots kept for the PCA view; past it every other one is dropped.
const MAX_SNAPSHOTS: usize = 300;

fn test_function(name: &str) -> Result<TestFunction, JsError> {
    TestFunction::from_name(name).ok_or_else(|| JsError::new(&format!("function: {name:?} is unknown")))
}

/// An optimizer's path on a test function: [x0, y0, x1, y1, …] (steps + 1 points). The
/// config object supplies optimizer, lr, hyperparameters and schedule (validated).
#[wasm_bindgen]
pub fn trajectory(function: &str, config: JsValue, steps: usize, x: f64, y: f64) -> Result<Vec<f64>, JsError> {
    let f = test_function(function)?;
    let c = config_from_js(config)?;
    if steps > 100_000 || !x.is_finite() || !y.is_finite() {
        return Err(JsError::new("trajectory: steps must be at most 100000 and the start finite"));
    }
    let points = crate::labs::surface::trajectory(f, c.optimizer.kind, &c.optimizer.hyper, c.optimizer.lr, &c.optimizer.schedule, [x, y], steps);
    Ok(points.into_iter().flatten().collect())
}

/// f on a res × res grid over the function's view, top row first; with its view and start:
/// { values, view: [[x0, x1], [y0, y1]], start: [x, y], oneD }.
#[wasm_bindgen(js_name = functionSurface)]
pub fn function_surface(function: &str, res: usize) -> Result<JsValue, JsError> {
    let f = test_function(function)?;
    let values = f.grid(res.clamp(2, 400));
    Ok(to_js(&serde_json::json!({ "values": values, "view": f.view(), "start": f.start(), "oneD": f.one_dimensional() })))
}

#[wasm_bindgen]
impl Lab {
    /// Keeps a copy of the current weights for the PCA trajectory view.
    #[wasm_bindgen(js_name = recordSnapshot)]
    pub fn record_snapshot(&mut self) {
        landscape::keep_snapshot(&mut self.snapshots, &self.trainer.params, MAX_SNAPSHOTS);
    }

    /// Loss slices around the current weights along filter-normalized random directions
    /// (Li et al. 2018), on at most 512 training rows: { axis, line: loss at θ + a·d₁ for a
    /// in axis, plane: loss at θ + a·d₁ + b·d₂, row-major with b descending }.
    pub fn landscape(&self, res: usize, radius: f32, seed: u32) -> JsValue {
        let t = &self.trainer;
        to_js(&landscape::random_slices(&t.mlp, &t.params, &t.data.train, t.loss, res.clamp(3, 61), radius, seed as u64))
    }

    /// The recorded trajectory on its top-2 PCA directions (Li et al. 2018, sec. 7) and
    /// the loss on that plane around the current weights: { path, explained, xs, ys,
    /// plane } (plane row-major, y descending), or null with fewer than 3 snapshots.
    #[wasm_bindgen(js_name = pcaLandscape)]
    pub fn pca_landscape(&self, res: usize) -> JsValue {
        let t = &self.trainer;
        match landscape::pca_slice(&self.snapshots, &t.mlp, &t.params, &t.data.train, t.loss, res.clamp(3, 61)) {
            Some(view) => to_js(&view),
            None => JsValue::NULL,
        }
    }
}

