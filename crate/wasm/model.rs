//! Model files (safetensors, crate::io) and restoring a run from a file (www/worker.js,
//! www/run-file.js).

use super::{js_err, Lab};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Lab {
    /// Sets the step counter (a run restored from a file continues its count and schedule).
    #[wasm_bindgen(js_name = setStep)]
    pub fn set_step(&mut self, step: f64) {
        self.trainer.step = step.clamp(0.0, 1e15) as u64;
    }

    /// The model as a safetensors file (PyTorch nn.Linear layout, config in metadata).
    #[wasm_bindgen(js_name = saveModel)]
    pub fn save_model(&self) -> Result<Vec<u8>, JsError> {
        crate::io::save_model(&self.trainer.model, &self.trainer.params).map_err(js_err)
    }

    /// Loads weights from a safetensors file into this run; the file's architecture must
    /// match the run's network. On any error nothing changes.
    #[wasm_bindgen(js_name = loadModel)]
    pub fn load_model(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        let (config, params) = crate::io::load_model(bytes).map_err(js_err)?;
        crate::io::check_fits(&config, &self.trainer.model).map_err(js_err)?;
        self.trainer.params.copy_from_slice(&params);
        Ok(())
    }
}
