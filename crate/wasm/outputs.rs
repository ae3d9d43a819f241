//! The playground's digits view (www/playground/digits-view.js): the test set and the
//! network's outputs on it, for the grid of predicted digits and the confusion matrix.

use super::Lab;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Lab {
    /// The test set's inputs, row-major (rows × inputs).
    #[wasm_bindgen(js_name = testX)]
    pub fn test_x(&self) -> Vec<f32> {
        self.trainer.data.test.x.iter().copied().collect()
    }

    /// The test set's targets, one per row.
    #[wasm_bindgen(js_name = testY)]
    pub fn test_y(&self) -> Vec<f32> {
        self.trainer.data.test.y.clone()
    }

    /// The network's outputs on the test set now, row-major (rows × outputs).
    #[wasm_bindgen(js_name = testOutputs)]
    pub fn test_outputs(&mut self) -> Vec<f32> {
        let x = self.trainer.data.test.x.clone();
        self.trainer.predict(x.view()).iter().copied().collect()
    }
}
