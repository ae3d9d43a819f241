//! Races and sweeps (www/race-worker.js, www/sweep-worker.js): per-epoch history, the
//! minibatch fingerprint that proves entrants saw the same rows, and the agreement probe.

use super::{to_js, Lab};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Lab {
    /// Per-epoch metrics so far.
    pub fn history(&self) -> JsValue {
        to_js(&self.trainer.history)
    }

    /// This run's gradient source against the exact gradient on the next minibatch:
    /// { cosine, per_layer, norm_ratio }, or null for backprop.
    #[wasm_bindgen(js_name = probeAgreement)]
    pub fn probe_agreement(&mut self) -> JsValue {
        match self.trainer.probe_agreement() {
            Some(a) => to_js(&a),
            None => JsValue::NULL,
        }
    }

    /// A fingerprint of the next `steps` minibatches' row indices (for fairness checks).
    #[wasm_bindgen(js_name = batchFingerprint)]
    pub fn batch_fingerprint(&self, steps: usize) -> String {
        let idx: Vec<f32> = self.trainer.upcoming_batches(steps.min(10_000)).into_iter().map(|i| i as f32).collect();
        format!("{:016x}", crate::train::fingerprint(&idx))
    }
}
