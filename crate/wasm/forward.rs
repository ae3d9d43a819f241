//! The forward-gradient lab (www/variance.js): how noisy a gradient estimate is.

use super::{to_js, Lab};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Lab {
    /// Baydin et al.'s variance experiment at the current weights: for each K, rows of
    /// [K, mean cosine, E‖g − ∇L‖²/‖∇L‖², (n + 1)/K] over `samples` estimates.
    #[wasm_bindgen(js_name = varianceVsK)]
    pub fn variance_vs_k(&mut self, ks: Vec<u32>, samples: u32) -> JsValue {
        let ks: Vec<usize> = ks.into_iter().map(|k| k.clamp(1, 4096) as usize).collect();
        to_js(&self.trainer.variance_vs_k(&ks, samples.clamp(1, 10_000) as usize))
    }
}
