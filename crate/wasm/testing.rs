//! Exports only the tests load (the `testing` feature; scripts/build-testing-core.sh builds
//! the full core with them into pkg/testing/). The product cores (scripts/build-web.sh) lack
//! them. tests/e2e/pages/gpu-kernels.js checks the WebGPU kernels' loss and gradient against
//! these, computed by the core's own backprop on the same weights and rows.

use super::{js_err, Lab};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Lab {
    /// The gradient (penalty included) at the current weights on training rows `rows`.
    #[wasm_bindgen(js_name = gradientOn)]
    pub fn gradient_on(&mut self, rows: Vec<u32>) -> Result<Vec<f32>, JsError> {
        let idx: Vec<usize> = rows.into_iter().map(|r| r as usize).collect();
        Ok(self.trainer.gradient_on(&idx).map_err(js_err)?.1)
    }

    /// The mean loss (no penalty) at the current weights on training rows `rows`.
    #[wasm_bindgen(js_name = lossOn)]
    pub fn loss_on(&mut self, rows: Vec<u32>) -> Result<f64, JsError> {
        let idx: Vec<usize> = rows.into_iter().map(|r| r as usize).collect();
        Ok(self.trainer.gradient_on(&idx).map_err(js_err)?.0)
    }
}
