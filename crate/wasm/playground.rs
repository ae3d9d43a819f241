//! The playground's run handle, `Lab`: build, train, evaluate, the decision map and the
//! neuron maps. The other pages add methods to the same handle in their own files.

use super::run::{config_with_data, user_data_from_js};
use super::{js_err, to_js};
use crate::nn::Workspace;
use crate::tensor::Mat;
use crate::train::{hash, map, RunConfig, Trainer};
use wasm_bindgen::prelude::*;

/// Statistics of the last step of a `train` call.
#[wasm_bindgen]
#[derive(Clone, Copy)]
pub struct StepStats {
    pub step: f64,
    pub epoch: f64,
    pub loss: f64,
}

#[wasm_bindgen]
pub struct Lab {
    pub(super) trainer: Trainer,
    pub(super) ws: Workspace,
    grid_x: MapInputs,
    grid: Vec<f32>,
    neuron_x: MapInputs,
    neurons: Vec<f32>,
    /// Weights kept for the PCA trajectory view (optimizers.rs).
    pub(super) snapshots: Vec<Vec<f32>>,
}

#[wasm_bindgen]
impl Lab {
    /// Builds a run from a config object; throws a message naming the bad field.
    /// `data`, optional: the rows of dataset=custom ({ names, x, y, labels, note }).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue, data: JsValue) -> Result<Lab, JsError> {
        Ok(Lab::build(config_with_data(config, user_data_from_js(data)?)?))
    }

    /// New rows for dataset=custom (points drawn or deleted), trained on from the current
    /// weights. Returns false, changing nothing, when they need a network of another shape
    /// (a new class): build a new Lab then.
    #[wasm_bindgen(js_name = setData)]
    pub fn set_data(&mut self, data: JsValue) -> Result<bool, JsError> {
        let user = user_data_from_js(data)?.ok_or_else(|| JsError::new("data: none given"))?;
        Ok(self.trainer.set_user_data(user))
    }

    /// Trains `n` steps. Throws (with the weights of the last good step kept) on divergence.
    pub fn train(&mut self, n: u32) -> Result<StepStats, JsError> {
        let s = self.trainer.run(n as u64).map_err(js_err)?;
        Ok(StepStats { step: s.step as f64, epoch: s.epoch, loss: s.batch_loss })
    }

    pub fn reset(&mut self) {
        self.trainer.reset();
        self.snapshots.clear();
    }

    /// Whether each epoch boundary evaluates the full sets into `history` (default true;
    /// the page's worker turns it off and evaluates once per frame instead).
    #[wasm_bindgen(js_name = setEpochMetrics)]
    pub fn set_epoch_metrics(&mut self, on: bool) {
        self.trainer.epoch_metrics = on;
    }

    /// Applies learning rate, optimizer settings and regularization live; returns false
    /// when the change needs a new Lab (data, network or seeds changed).
    #[wasm_bindgen(js_name = updateLive)]
    pub fn update_live(&mut self, config: JsValue) -> Result<bool, JsError> {
        let c = config_with_data(config, self.trainer.config.data.user.clone())?;
        Ok(self.trainer.update_live(&c))
    }

    pub fn step(&self) -> f64 {
        self.trainer.step as f64
    }

    pub fn epoch(&self) -> f64 {
        self.trainer.epoch()
    }

    /// { train: {loss, accuracy}, test: {...} } over the full sets.
    pub fn evaluate(&mut self) -> JsValue {
        let train = self.trainer.evaluate_train();
        let test = self.trainer.evaluate_test();
        to_js(&serde_json::json!({ "train": train, "test": test }))
    }

    /// What the views need once per build: task, layer sizes, feature names, points.
    pub fn info(&self) -> JsValue {
        let t = &self.trainer;
        to_js(&serde_json::json!({
            "config": t.config,
            "task": t.data.task,
            "classes": t.data.task.classes(),
            "sizes": t.mlp.sizes,
            "activations": t.model.activations,
            "features": t.data.feature_names,
            "twoD": t.config.is_2d(),
            // The user's own rows (dataset=custom): how they were read, not the values.
            "data": t.config.data.user.as_ref().map(|u| serde_json::json!({
                "rows": u.rows(), "columns": u.columns(), "names": u.names, "labels": u.labels, "note": u.note,
            })),
            "extent": map::EXTENT,
            "train": t.data.train.labelled_points(),
            "test": t.data.test.labelled_points(),
            "trainRows": t.data.train.len(),
            "testRows": t.data.test.len(),
            "params": t.mlp.layout.len,
            // The model's own weights, a prefix of the buffer: local heads or a label
            // embedding follow when the gradient source uses them.
            "modelParams": t.mlp.layout.model_len(),
            "hash": hash::format(&t.config),
        }))
    }

    /// The run's state for another instance of the core (`importState` there, on a Lab of
    /// the same config): weights, step, optimizer moments, minibatch stream. Throws for
    /// runs that cannot be carried (see crate/train/trainer/handover.rs).
    #[wasm_bindgen(js_name = exportState)]
    pub fn export_state(&self) -> Result<Vec<u8>, JsError> {
        self.trainer.export_state().map_err(js_err)
    }

    /// Continues the run `exportState` gave (on a Lab built from the same config); throws,
    /// changing nothing, when it does not fit.
    #[wasm_bindgen(js_name = importState)]
    pub fn import_state(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        self.trainer.import_state(bytes).map_err(js_err)
    }

    /// Evaluates the network on a res × res grid over [−6, 6]² in one batched call. Rows
    /// run from top (x2 = +6) to bottom, columns left to right. Per cell: binary, the
    /// probability mapped to [−1, 1]; regression, the output; multiclass, K probabilities.
    #[wasm_bindgen(js_name = computeGrid)]
    pub fn compute_grid(&mut self, res: usize) -> Result<(), JsError> {
        self.two_d("no decision map")?;
        let t = &self.trainer;
        let x = self.grid_x.at(res.clamp(2, 400), &t.config.data.features);
        let out = crate::autodiff::predict(&t.mlp, &t.params, x, t.loss, &mut self.ws);
        map::Head::of(t.data.task, t.loss).cells(out, &mut self.grid);
        Ok(())
    }

    /// Every neuron's activation on a res × res grid, neuron after neuron (layer by layer,
    /// the output layer last, raw logits there), each map row-major from the top.
    #[wasm_bindgen(js_name = computeNeurons)]
    pub fn compute_neurons(&mut self, res: usize) -> Result<(), JsError> {
        self.two_d("no neuron maps")?;
        let t = &self.trainer;
        let x = self.neuron_x.at(res.clamp(2, 100), &t.config.data.features);
        let mlp = &t.mlp;
        mlp.forward(&t.params, x, &mut self.ws);
        self.neurons.clear();
        for a in mlp.activations(&self.ws) {
            for col in a.columns() {
                self.neurons.extend(col.iter());
            }
        }
        Ok(())
    }
}

impl Lab {
    fn build(config: RunConfig) -> Lab {
        Lab {
            trainer: Trainer::new(config),
            ws: Workspace::default(),
            grid_x: MapInputs::default(),
            grid: Vec::new(),
            neuron_x: MapInputs::default(),
            neurons: Vec::new(),
            snapshots: Vec::new(),
        }
    }

    /// Model inputs of the cell centres of a res × res grid over [−6, 6]², top row first.
    pub(super) fn grid_inputs(&self, res: usize) -> Mat {
        map::grid_inputs(res, &self.trainer.config.data.features)
    }

    /// The maps need 2-D points: an error naming `what` is missing otherwise.
    fn two_d(&self, what: &str) -> Result<(), JsError> {
        if self.trainer.config.is_2d() { Ok(()) } else { Err(JsError::new(&format!("this dataset is not 2-D: {what}"))) }
    }
}

/// The model inputs of one map's res × res cells, kept while its resolution stays.
#[derive(Default)]
struct MapInputs {
    res: usize,
    x: Mat,
}

impl MapInputs {
    fn at(&mut self, res: usize, features: &[crate::data::Feature]) -> ndarray::ArrayView2<'_, f32> {
        if res != self.res {
            self.res = res;
            self.x = map::grid_inputs(res, features);
        }
        self.x.view()
    }
}

// The flat parameter buffer, the decision map (`computeGrid`) and the neuron maps
// (`computeNeurons`), read by the page straight out of wasm memory.
memory_views!(Lab {
    params_ptr as paramsPtr, params_len as paramsLen => trainer.params;
    grid_ptr as gridPtr, grid_len as gridLen => grid;
    neurons_ptr as neuronsPtr, neurons_len as neuronsLen => neurons;
});
