//! What the WebGPU trainer and maps (www/shared/gpu/) read from a `Lab`, and the steps they hand
//! back.

use super::{js_err, object, to_js, Lab};
use crate::train::map;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Lab {
    /// { sizes, activations, loss, head }: the model as the GPU builds it; head is what a
    /// decision-map cell holds (bce, mse, regression or softmax, as computeGrid).
    #[wasm_bindgen(js_name = gpuModel)]
    pub fn gpu_model(&self) -> JsValue {
        let t = &self.trainer;
        let head = map::Head::of(t.data.task, t.loss).name();
        to_js(&serde_json::json!({ "sizes": t.mlp.sizes, "activations": t.model.activations, "loss": t.loss.name(), "head": head }))
    }

    /// The model inputs of computeGrid's res × res cells, row-major (features expanded).
    #[wasm_bindgen(js_name = gridInputs)]
    pub fn grid_inputs_flat(&self, res: usize) -> Vec<f32> {
        self.grid_inputs(res.clamp(2, 400)).iter().copied().collect()
    }

    /// The training set's inputs, row-major (rows × inputs).
    #[wasm_bindgen(js_name = trainX)]
    pub fn train_x(&self) -> Vec<f32> {
        self.trainer.data.train.x.iter().copied().collect()
    }

    /// The training set's targets, one per row.
    #[wasm_bindgen(js_name = trainY)]
    pub fn train_y(&self) -> Vec<f32> {
        self.trainer.data.train.y.clone()
    }

    /// The training-row indices of the next `steps` minibatches, without consuming them.
    #[wasm_bindgen(js_name = upcomingBatches)]
    pub fn upcoming_batches(&self, steps: usize) -> Vec<u32> {
        self.trainer.upcoming_batches(steps.min(100_000)).into_iter().map(|i| i as u32).collect()
    }

    /// The optimizer state as the GPU trainer keeps it, { t, m: Float32Array, v:
    /// Float32Array } (SGD: its momentum buffer in m; Adam: m, v and the step count t), or
    /// null for optimizers the GPU trainer lacks.
    #[wasm_bindgen(js_name = optimizerMoments)]
    pub fn optimizer_moments(&self) -> JsValue {
        let Some(m) = self.trainer.optimizer_moments() else { return JsValue::NULL };
        object(&[("t", (m.t as f64).into()), ("m", js_sys::Float32Array::from(&m.m[..]).into()), ("v", js_sys::Float32Array::from(&m.v[..]).into())])
    }

    /// Takes the weights of `steps` steps run on the GPU over the next `steps` minibatches
    /// (those upcomingBatches gave) and, when given, the optimizer state they ended with
    /// (t, m, v as optimizerMoments gives them). Throws, changing nothing, if a weight or a
    /// moment is not finite.
    #[wasm_bindgen(js_name = adoptSteps)]
    pub fn adopt_steps(&mut self, params: &[f32], steps: u32, t: Option<f64>, m: Option<Vec<f32>>, v: Option<Vec<f32>>) -> Result<(), JsError> {
        let moments = m.map(|m| crate::optim::Moments { t: t.unwrap_or(0.0).max(0.0) as u64, m, v: v.unwrap_or_default() });
        self.trainer.adopt_steps(params, steps as u64, moments.as_ref()).map_err(js_err)
    }
}
