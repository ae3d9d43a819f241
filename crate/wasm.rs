//! The wasm boundary, and the only file that touches wasm_bindgen. Long-lived state
//! stays in Rust behind one `Lab` handle; names and plain objects go in, small structs
//! come out, and per-frame bulk data (decision grid, neuron maps, weights) is read by JS
//! straight out of wasm memory through pointer + length. User errors become JsError
//! with a message naming the problem; a panic is a bug (the hook logs it).
//! Both wasm cores come from this file: the lite core (crate/train/lite.rs) exports what
//! the playground's worker needs; `mod full`, at the end, adds the lab pages' exports.

use crate::data::{feature, DatasetKind, Task, UserData};
use crate::nn::Workspace;
use crate::tensor::Mat;
use crate::train::{hash, lite, RunConfig, Trainer};
use serde::Serialize;
use std::sync::Arc;
use wasm_bindgen::prelude::*;

/// Half-width of the square the 2-D datasets live in, as in the Playground.
pub const EXTENT: f32 = 6.0;

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

fn to_js<T: Serialize>(v: &T) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).expect("plain data serializes")
}

/// A plain object of these fields, for values serde would copy element by element
/// (typed arrays: Float32Array::from copies the slice at once).
fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in fields {
        js_sys::Reflect::set(&o, &(*k).into(), v).expect("setting a field of a new object");
    }
    o.into()
}

fn js_err(e: String) -> JsError {
    JsError::new(&e)
}

/// A config this build can run: validated, with the digits at hand when it uses them; the
/// lite core also refuses what needs the full core (train::lite), naming it.
fn config_with_data(config: JsValue, user: Option<Arc<UserData>>) -> Result<RunConfig, JsError> {
    let config = parse_config(config, user)?;
    if config.dataset == DatasetKind::Digits && !crate::data::digits::available() {
        return Err(JsError::new(crate::data::digits::MISSING));
    }
    match lite::needs_full(&config) {
        Some(what) if !lite::FULL => Err(JsError::new(&format!("{what} needs the full core; this is the lite core (pkg/lite/)"))),
        _ => Ok(config),
    }
}

fn parse_config(config: JsValue, user: Option<Arc<UserData>>) -> Result<RunConfig, JsError> {
    let value: serde_json::Value =
        serde_wasm_bindgen::from_value(config).map_err(|e| JsError::new(&format!("config: {e}")))?;
    RunConfig::from_value_with(value, user).map_err(|e| JsError::new(&e.to_string()))
}

/// What in a config object needs the full core (a phrase: "the optimizer lion"), or
/// undefined when the lite core runs it; throws naming a bad field. The same answer in
/// both builds: the page's worker asks the lite core before it builds a run.
#[wasm_bindgen(js_name = fullCoreNeeded)]
pub fn full_core_needed(config: JsValue, data: JsValue) -> Result<Option<String>, JsError> {
    Ok(lite::needs_full(&parse_config(config, user_data_from_js(data)?)?))
}

/// Whether this is the full core (false: the lite core, pkg/lite/).
#[wasm_bindgen(js_name = isFullCore)]
pub fn is_full_core() -> bool {
    lite::FULL
}

/// Hands the 8×8 digits (the bytes of data/digits.u8) to a core built without them;
/// throws naming what is wrong with a broken file.
#[wasm_bindgen(js_name = provideDigits)]
pub fn provide_digits(bytes: &[u8]) -> Result<(), JsError> {
    crate::data::digits::provide(bytes).map_err(js_err)
}

/// Whether digits runs can start (the digits are embedded or were provided).
#[wasm_bindgen(js_name = digitsLoaded)]
pub fn digits_loaded() -> bool {
    crate::data::digits::available()
}

/// The user's own rows ({ names, x, y, labels, note }, as `parseCsvData` returns them),
/// checked again: they may come from a hostile run file. undefined or null: none.
fn user_data_from_js(data: JsValue) -> Result<Option<Arc<UserData>>, JsError> {
    user_data(data).map_err(js_err)
}

fn user_data(data: JsValue) -> Result<Option<Arc<UserData>>, String> {
    if data.is_undefined() || data.is_null() {
        return Ok(None);
    }
    let d: UserData = serde_wasm_bindgen::from_value(data).map_err(|e| format!("data: {e}"))?;
    Ok(Some(Arc::new(d.checked()?)))
}

/// Reads a URL hash: { config, warnings, hash } (never throws; bad keys become warnings).
/// `data`, optional: the page's own rows, for a hash with dataset=custom.
#[wasm_bindgen(js_name = parseHash)]
pub fn parse_hash(text: &str, data: JsValue) -> JsValue {
    let (user, refused) = match user_data(data) {
        Ok(user) => (user, None),
        Err(e) => (None, Some(format!("the data kept in this browser was not used: {e}"))),
    };
    let mut parsed = hash::parse_with(text, user);
    parsed.warnings.splice(0..0, refused);
    let canonical = hash::format(&parsed.config);
    to_js(&serde_json::json!({ "config": parsed.config, "warnings": parsed.warnings, "hash": canonical }))
}

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
    trainer: Trainer,
    ws: Workspace,
    grid_res: usize,
    grid_x: Mat,
    grid: Vec<f32>,
    neuron_res: usize,
    neuron_x: Mat,
    neurons: Vec<f32>,
    snapshots: Vec<Vec<f32>>,
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
        let s = self.trainer.run(n as u64).map_err(|d| JsError::new(&d.to_string()))?;
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
        let c = config_with_data(config, self.trainer.config.user_data.clone())?;
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
        let points = |d: &crate::data::Dataset| -> Vec<[f32; 3]> {
            if d.points.ncols() == 2 { d.points.rows().into_iter().zip(&d.y).map(|(p, &y)| [p[0], p[1], y]).collect() } else { Vec::new() }
        };
        to_js(&serde_json::json!({
            "config": t.config,
            "task": t.data.task,
            "classes": t.data.task.classes(),
            "sizes": t.mlp.sizes,
            "activations": t.model.activations,
            "features": t.data.feature_names,
            "twoD": t.config.is_2d(),
            // The user's own rows (dataset=custom): how they were read, not the values.
            "data": t.config.user_data.as_ref().map(|u| serde_json::json!({
                "rows": u.rows(), "columns": u.columns(), "names": u.names, "labels": u.labels, "note": u.note,
            })),
            "extent": EXTENT,
            "train": points(&t.data.train),
            "test": points(&t.data.test),
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

    /// The flat parameter buffer in wasm memory: pointer and length (f32 entries).
    #[wasm_bindgen(js_name = paramsPtr)]
    pub fn params_ptr(&self) -> *const f32 {
        self.trainer.params.as_ptr()
    }

    #[wasm_bindgen(js_name = paramsLen)]
    pub fn params_len(&self) -> usize {
        self.trainer.params.len()
    }

    /// Evaluates the network on a res × res grid over [−6, 6]² in one batched call. Rows
    /// run from top (x2 = +6) to bottom, columns left to right. Per cell: binary, the
    /// probability mapped to [−1, 1]; regression, the output; multiclass, K probabilities.
    #[wasm_bindgen(js_name = computeGrid)]
    pub fn compute_grid(&mut self, res: usize) -> Result<(), JsError> {
        if !self.trainer.config.is_2d() {
            return Err(JsError::new("this dataset is not 2-D: no decision map"));
        }
        let res = res.clamp(2, 400);
        if res != self.grid_res {
            self.grid_res = res;
            self.grid_x = self.grid_inputs(res);
        }
        let out = self.trainer.mlp.predict(&self.trainer.params, self.grid_x.view(), self.trainer.loss, &mut self.ws);
        self.grid.clear();
        match map_head(self.trainer.data.task, self.trainer.loss) {
            "bce" => self.grid.extend(out.iter().map(|&z| 2.0 * crate::nn::activation::sigmoid(z) - 1.0)),
            "mse" => self.grid.extend(out.iter().map(|&z| 2.0 * z - 1.0)),
            "regression" => self.grid.extend(out.iter()),
            _ => {
                for row in out.rows() {
                    let max = row.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
                    let sum: f32 = row.iter().map(|&z| libm::expf(z - max)).sum();
                    self.grid.extend(row.iter().map(|&z| libm::expf(z - max) / sum));
                }
            }
        }
        Ok(())
    }

    #[wasm_bindgen(js_name = gridPtr)]
    pub fn grid_ptr(&self) -> *const f32 {
        self.grid.as_ptr()
    }

    #[wasm_bindgen(js_name = gridLen)]
    pub fn grid_len(&self) -> usize {
        self.grid.len()
    }

    /// Every neuron's activation on a res × res grid, neuron after neuron (layer by layer,
    /// the output layer last, raw logits there), each map row-major from the top.
    #[wasm_bindgen(js_name = computeNeurons)]
    pub fn compute_neurons(&mut self, res: usize) -> Result<(), JsError> {
        if !self.trainer.config.is_2d() {
            return Err(JsError::new("this dataset is not 2-D: no neuron maps"));
        }
        let res = res.clamp(2, 100);
        if res != self.neuron_res {
            self.neuron_res = res;
            self.neuron_x = self.grid_inputs(res);
        }
        let mlp = &self.trainer.mlp;
        mlp.forward(&self.trainer.params, self.neuron_x.view(), &mut self.ws);
        self.neurons.clear();
        for a in mlp.activations(&self.ws) {
            for col in a.columns() {
                self.neurons.extend(col.iter());
            }
        }
        Ok(())
    }

    #[wasm_bindgen(js_name = neuronsPtr)]
    pub fn neurons_ptr(&self) -> *const f32 {
        self.neurons.as_ptr()
    }

    #[wasm_bindgen(js_name = neuronsLen)]
    pub fn neurons_len(&self) -> usize {
        self.neurons.len()
    }

}

// ---- What the WebGPU kernels (www/gpu/) need from a run, and the steps they return ----
#[wasm_bindgen]
impl Lab {
    /// { sizes, activations, loss, head }: the model as the GPU builds it; head is what a
    /// decision-map cell holds (bce, mse, regression or softmax, as computeGrid).
    #[wasm_bindgen(js_name = gpuModel)]
    pub fn gpu_model(&self) -> JsValue {
        let t = &self.trainer;
        let head = map_head(t.data.task, t.loss);
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
        self.trainer.adopt_steps(params, steps as u64, moments.as_ref()).map_err(|d| JsError::new(&d.to_string()))
    }
}

/// How the decision map reads the output layer, shared by `computeGrid` and the GPU maps
/// (`gpuModel`): "bce", the probability σ(z) mapped to [−1, 1]; "mse", 2z − 1; "regression",
/// z itself; "softmax", K class probabilities.
fn map_head(task: Task, loss: crate::nn::Loss) -> &'static str {
    match (task, loss) {
        (Task::Binary, crate::nn::Loss::Bce) => "bce",
        (Task::Binary, _) => "mse",
        (Task::Regression, _) => "regression",
        (Task::Multiclass(_), _) => "softmax",
    }
}

impl Lab {
    fn build(config: RunConfig) -> Lab {
        Lab {
            trainer: Trainer::new(config),
            ws: Workspace::default(),
            grid_res: 0,
            grid_x: Mat::zeros((0, 0)),
            grid: Vec::new(),
            neuron_res: 0,
            neuron_x: Mat::zeros((0, 0)),
            neurons: Vec::new(),
            snapshots: Vec::new(),
        }
    }

    /// Model inputs of the cell centres of a res × res grid over [−6, 6]², top row first.
    fn grid_inputs(&self, res: usize) -> Mat {
        let step = 2.0 * EXTENT / res as f32;
        let points = Mat::from_shape_fn((res * res, 2), |(i, j)| {
            let (row, col) = (i / res, i % res);
            if j == 0 { -EXTENT + (col as f32 + 0.5) * step } else { EXTENT - (row as f32 + 0.5) * step }
        });
        feature::expand(&points, &self.trainer.config.features)
    }
}

/// Points of a dataset for a thumbnail: [[x1, x2, y], …] (first 200 of the training set).
/// Each key's choices, { key: [name, …] }, from the enums' name tables (`names!`): what
/// the pages' dropdowns offer (www/names.js).
#[wasm_bindgen]
pub fn choices() -> JsValue {
    use crate::train::schema::{Kind, FIELDS};
    let map: serde_json::Map<String, serde_json::Value> = FIELDS
        .iter()
        .filter_map(|f| match f.kind {
            Kind::Name(of) | Kind::Names { of, .. } => Some((f.key.to_string(), serde_json::json!(of))),
            _ => None,
        })
        .collect();
    to_js(&map)
}

#[wasm_bindgen(js_name = previewDataset)]
pub fn preview_dataset(name: &str, noise: f64) -> Result<JsValue, JsError> {
    let kind = DatasetKind::from_name(name).filter(|k| k.is_2d()).ok_or_else(|| JsError::new(&format!("dataset: {name:?} has no 2-D preview")))?;
    let mut c = RunConfig { dataset: kind, samples: 300, ..RunConfig::default() };
    c.noise = noise.clamp(0.0, 0.5);
    let data = c.data_spec().build();
    let pts: Vec<[f32; 3]> = data.train.points.rows().into_iter().zip(&data.train.y).map(|(p, &y)| [p[0], p[1], y]).collect();
    Ok(to_js(&pts))
}

// ---- The full core only (the `full` feature): the lab pages' exports ----

#[cfg(feature = "full")]
pub use full::*;

#[cfg(feature = "full")]
mod full {
    use super::*;
    use crate::surface::TestFunction;
    use crate::train::schema;

    fn config_from_js(config: JsValue) -> Result<RunConfig, JsError> {
        config_with_data(config, None)
    }

    /// Most snapshots kept for the PCA view; past it every other one is dropped.
    const MAX_SNAPSHOTS: usize = 300;
    /// Training rows the landscape views evaluate (the first ones of the training set).
    const LANDSCAPE_ROWS: usize = 512;

    impl Lab {
        /// The training rows the landscape views evaluate: the first LANDSCAPE_ROWS of them.
        fn landscape_rows(&self) -> (ndarray::ArrayView2<'_, f32>, &[f32]) {
            let train = &self.trainer.data.train;
            let rows = train.len().min(LANDSCAPE_ROWS);
            (train.x.slice(ndarray::s![..rows, ..]), &train.y[..rows])
        }
    }

    /// Imports a CSV's text as a custom dataset: { names, x, y, labels, note } (see
    /// `data::user` for the rules); throws a message naming the line, column or limit.
    #[wasm_bindgen(js_name = parseCsvData)]
    pub fn parse_csv_data(text: &str) -> Result<JsValue, JsError> {
        Ok(to_js(&UserData::from_csv(text).map_err(js_err)?))
    }

    /// Validates a config object and returns its canonical hash, or throws naming the field.
    #[wasm_bindgen(js_name = formatHash)]
    pub fn format_hash(config: JsValue) -> Result<String, JsError> {
        Ok(hash::format(&config_from_js(config)?))
    }

    /// The key table: [{ key, doc, allowed, default }].
    #[wasm_bindgen]
    pub fn schema() -> JsValue {
        let defaults = RunConfig::default().to_value();
        let rows: Vec<serde_json::Value> = schema::FIELDS
            .iter()
            .map(|f| serde_json::json!({ "key": f.key, "doc": f.doc, "allowed": f.kind.describe(), "default": defaults[f.key] }))
            .collect();
        to_js(&rows)
    }

    /// The benchmark cases: [[name, config JSON], …].
    #[wasm_bindgen(js_name = benchCases)]
    pub fn bench_cases() -> JsValue {
        to_js(&crate::bench::CASES)
    }

    /// The matmul shapes the benchmark times: [[m, k, n], …] (see crate::bench).
    #[wasm_bindgen(js_name = benchMatmulShapes)]
    pub fn bench_matmul_shapes() -> JsValue {
        to_js(&crate::bench::matmul_shapes())
    }

    /// `reps` f32 matmuls (m, k)·(k, n), timed by the caller; returns a checksum.
    #[wasm_bindgen(js_name = benchMatmul)]
    pub fn bench_matmul(m: usize, k: usize, n: usize, reps: u32) -> f32 {
        crate::bench::matmul(m, k, n, reps)
    }

    /// A seed from the browser's crypto, for "new weights".
    #[wasm_bindgen(js_name = freshSeed)]
    pub fn fresh_seed() -> u32 {
        crate::tensor::rng::fresh_seed()
    }

    #[wasm_bindgen]
    impl Lab {
        /// Per-epoch metrics so far.
        pub fn history(&self) -> JsValue {
            to_js(&self.trainer.history)
        }

        /// (For the WebGPU tests.) The gradient (penalty included) at the current weights on training rows `rows`.
        #[wasm_bindgen(js_name = gradientOn)]
        pub fn gradient_on(&mut self, rows: Vec<u32>) -> Result<Vec<f32>, JsError> {
            let idx: Vec<usize> = rows.into_iter().map(|r| r as usize).collect();
            Ok(self.trainer.gradient_on(&idx).map_err(|e| JsError::new(&e))?.1)
        }

        /// The mean loss (no penalty) at the current weights on training rows `rows`.
        #[wasm_bindgen(js_name = lossOn)]
        pub fn loss_on(&mut self, rows: Vec<u32>) -> Result<f64, JsError> {
            let idx: Vec<usize> = rows.into_iter().map(|r| r as usize).collect();
            Ok(self.trainer.gradient_on(&idx).map_err(|e| JsError::new(&e))?.0)
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

        /// Baydin et al.'s variance experiment at the current weights: for each K, rows of
        /// [K, mean cosine, E‖g − ∇L‖²/‖∇L‖², (n + 1)/K] over `samples` estimates.
        #[wasm_bindgen(js_name = varianceVsK)]
        pub fn variance_vs_k(&mut self, ks: Vec<u32>, samples: u32) -> JsValue {
            let ks: Vec<usize> = ks.into_iter().map(|k| k.clamp(1, 4096) as usize).collect();
            to_js(&self.trainer.variance_vs_k(&ks, samples.clamp(1, 10_000) as usize))
        }

        /// A fingerprint of the next `steps` minibatches' row indices (for fairness checks).
        #[wasm_bindgen(js_name = batchFingerprint)]
        pub fn batch_fingerprint(&self, steps: usize) -> String {
            let idx: Vec<f32> = self.trainer.upcoming_batches(steps.min(10_000)).into_iter().map(|i| i as f32).collect();
            format!("{:016x}", crate::train::fingerprint(&idx))
        }

        /// Keeps a copy of the current weights for the PCA trajectory view.
        #[wasm_bindgen(js_name = recordSnapshot)]
        pub fn record_snapshot(&mut self) {
            if self.snapshots.len() >= MAX_SNAPSHOTS {
                let kept: Vec<Vec<f32>> = self.snapshots.drain(..).step_by(2).collect();
                self.snapshots = kept;
            }
            self.snapshots.push(self.trainer.params.clone());
        }

        /// Loss slices around the current weights along filter-normalized random directions
        /// (Li et al. 2018), on at most 512 training rows: { axis, line: loss at θ + a·d₁ for a
        /// in axis, plane: loss at θ + a·d₁ + b·d₂, row-major with b descending }.
        pub fn landscape(&self, res: usize, radius: f32, seed: u32) -> JsValue {
            use crate::surface::landscape::{axis, filter_normalized_direction, slice};
            let t = &self.trainer;
            let res = res.clamp(3, 61);
            let mut rng = crate::tensor::Rng::stream(seed as u64, 11);
            let d1 = filter_normalized_direction(&t.mlp, &t.params, &mut rng);
            let d2 = filter_normalized_direction(&t.mlp, &t.params, &mut rng);
            let (x, y) = self.landscape_rows();
            let a = axis(res, radius);
            let line = slice(&t.mlp, &t.params, &d1, &d2, &a.iter().map(|&v| (v, 0.0)).collect::<Vec<_>>(), x, y, t.loss);
            let grid: Vec<(f32, f32)> = a.iter().rev().flat_map(|&b| a.iter().map(move |&v| (v, b))).collect();
            let plane = slice(&t.mlp, &t.params, &d1, &d2, &grid, x, y, t.loss);
            to_js(&serde_json::json!({ "axis": a, "line": line, "plane": plane }))
        }

        /// The recorded trajectory on its top-2 PCA directions (Li et al. 2018, sec. 7) and
        /// the loss on that plane around the current weights: { path, explained, xs, ys,
        /// plane } (plane row-major, y descending), or null with fewer than 3 snapshots.
        #[wasm_bindgen(js_name = pcaLandscape)]
        pub fn pca_landscape(&self, res: usize) -> JsValue {
            use crate::surface::landscape::{pca_plane, slice};
            let t = &self.trainer;
            let mut snaps = self.snapshots.clone();
            snaps.push(t.params.clone());
            let Some(pca) = pca_plane(&snaps) else { return JsValue::NULL };
            let res = res.clamp(3, 61);
            let span = |k: usize| {
                let (lo, hi) = pca.path.iter().fold((0.0f32, 0.0f32), |(lo, hi), p| (lo.min(p[k]), hi.max(p[k])));
                let pad = 0.25 * (hi - lo).max(1e-3);
                (lo - pad, hi + pad)
            };
            let ((x0, x1), (y0, y1)) = (span(0), span(1));
            let xs: Vec<f32> = (0..res).map(|i| x0 + (x1 - x0) * i as f32 / (res - 1) as f32).collect();
            let ys: Vec<f32> = (0..res).map(|i| y0 + (y1 - y0) * i as f32 / (res - 1) as f32).collect();
            let (x, y) = self.landscape_rows();
            let grid: Vec<(f32, f32)> = ys.iter().rev().flat_map(|&b| xs.iter().map(move |&a| (a, b))).collect();
            let [d1, d2] = &pca.directions;
            let plane = slice(&t.mlp, &t.params, d1, d2, &grid, x, y, t.loss);
            to_js(&serde_json::json!({ "path": pca.path, "explained": pca.explained, "xs": xs, "ys": ys, "plane": plane }))
        }

        /// The model as a safetensors file (PyTorch nn.Linear layout, config in metadata).
        /// Sets the step counter (a run restored from a file continues its count and schedule).
        #[wasm_bindgen(js_name = setStep)]
        pub fn set_step(&mut self, step: f64) {
            self.trainer.step = step.clamp(0.0, 1e15) as u64;
        }

        /// Prunes now to sparsity `s` with `criterion` (a `prune` value; "none" makes the
        /// network dense again). Pruned weights become 0 at once and stay 0.
        #[wasm_bindgen(js_name = pruneNow)]
        pub fn prune_now(&mut self, criterion: &str, s: f64) -> Result<(), JsError> {
            let c = crate::sparsity::Criterion::from_name(criterion)
                .ok_or_else(|| JsError::new(&format!("prune: {criterion:?} is not one of {}", schema::CRITERIA.join(", "))))?;
            self.trainer.prune_now(c, s).map_err(|e| JsError::new(&e))
        }

        /// One 0/1 per parameter (1 = live); empty for a dense network.
        pub fn mask(&self) -> Vec<f32> {
            self.trainer.mask().map(|m| m.as_slice().to_vec()).unwrap_or_default()
        }

        /// Nonzeros, sparsity per layer, forward FLOPs and sparse size of the current weights.
        #[wasm_bindgen(js_name = sparsityReport)]
        pub fn sparsity_report(&self) -> JsValue {
            to_js(&self.trainer.sparsity_report())
        }

        #[wasm_bindgen(js_name = saveModel)]
        pub fn save_model(&self) -> Result<Vec<u8>, JsError> {
            crate::io::save_model(&self.trainer.model, &self.trainer.params).map_err(|e| JsError::new(&e))
        }

        /// Loads weights from a safetensors file into this run; the file's architecture must
        /// match the run's network. On any error nothing changes.
        #[wasm_bindgen(js_name = loadModel)]
        pub fn load_model(&mut self, bytes: &[u8]) -> Result<(), JsError> {
            let (config, params) = crate::io::load_model(bytes).map_err(|e| JsError::new(&e))?;
            let m = &self.trainer.model;
            if config.sizes != m.sizes || config.activations != m.activations || config.features != m.features || config.extras() != m.extras() {
                return Err(JsError::new(&format!(
                    "model file: its network {:?} ({}) does not match this run's {:?} ({}): set the same layers and features first",
                    config.sizes,
                    config.features.join(", "),
                    m.sizes,
                    m.features.join(", ")
                )));
            }
            self.trainer.params.copy_from_slice(&params);
            Ok(())
        }
    }

    /// An optimizer's path on a test function: [x0, y0, x1, y1, …] (steps + 1 points). The
    /// config object supplies optimizer, lr, hyperparameters and schedule (validated).
    #[wasm_bindgen]
    pub fn trajectory(function: &str, config: JsValue, steps: usize, x: f64, y: f64) -> Result<Vec<f64>, JsError> {
        let f = TestFunction::from_name(function).ok_or_else(|| JsError::new(&format!("function: {function:?} is unknown")))?;
        let c = config_from_js(config)?;
        if steps > 100_000 || !x.is_finite() || !y.is_finite() {
            return Err(JsError::new("trajectory: steps must be at most 100000 and the start finite"));
        }
        let points = crate::surface::trajectory(f, c.optimizer, &c.hyper(), c.lr, &c.lr_schedule(), [x, y], steps);
        Ok(points.into_iter().flatten().collect())
    }

    /// f on a res × res grid over the function's view, top row first; with its view and start:
    /// { values, view: [[x0, x1], [y0, y1]], start: [x, y], oneD }.
    #[wasm_bindgen(js_name = functionSurface)]
    pub fn function_surface(function: &str, res: usize) -> Result<JsValue, JsError> {
        let f = TestFunction::from_name(function).ok_or_else(|| JsError::new(&format!("function: {function:?} is unknown")))?;
        let res = res.clamp(2, 400);
        let [[x0, x1], [y0, y1]] = f.view();
        let mut values = Vec::with_capacity(res * res);
        for r in 0..res {
            for c in 0..res {
                let x = x0 + (c as f64 + 0.5) * (x1 - x0) / res as f64;
                let y = y1 - (r as f64 + 0.5) * (y1 - y0) / res as f64;
                values.push(f.value([x, y], 2));
            }
        }
        Ok(to_js(&serde_json::json!({ "values": values, "view": f.view(), "start": f.start(), "oneD": f.one_dimensional() })))
    }

    // ---- The simplicity-bias lab (crate::simplicity) ----

    use crate::simplicity::live::{self, CloneRun, SpectralRun};
    use crate::simplicity::{Amplitudes, HermannConfig, Preset, RedshiftConfig, SlabRunConfig, SlabTrainer};

    /// A slab experiment (Shah et al. 2020) trained step by step, with its probes.
    #[wasm_bindgen]
    pub struct SlabLab {
        trainer: SlabTrainer,
        probe_rng: crate::tensor::Rng,
    }

    #[wasm_bindgen]
    impl SlabLab {
        /// `overrides`: { key: "value" } with the keys of `gradlab simplicity --set`.
        #[wasm_bindgen(constructor)]
        pub fn new(preset: &str, small: bool, seed: u32, overrides: JsValue) -> Result<SlabLab, JsError> {
            let mut config = SlabRunConfig::preset(Preset::parse(preset).map_err(js_err)?, small, seed as u64);
            let pairs: std::collections::BTreeMap<String, String> =
                if overrides.is_undefined() || overrides.is_null() { Default::default() } else { serde_wasm_bindgen::from_value(overrides)? };
            for (k, v) in pairs {
                config.set(&k, &v).map_err(js_err)?;
            }
            let trainer = SlabTrainer::new(config).map_err(js_err)?;
            Ok(SlabLab { probe_rng: crate::tensor::Rng::stream(seed as u64, 5), trainer })
        }

        /// `steps` SGD steps; the mean loss, or an error naming the step if it stops being finite.
        pub fn train(&mut self, steps: usize) -> Result<f64, JsError> {
            let mut total = 0.0;
            for _ in 0..steps {
                let l = self.trainer.step();
                if !l.is_finite() {
                    return Err(JsError::new(&format!("training diverged at step {}: the loss is {l}; lower lr", self.trainer.trainer.step)));
                }
                total += l;
            }
            Ok(total / steps.max(1) as f64)
        }

        /// Settings, sizes and the paper's reference numbers for the preset.
        pub fn info(&self) -> JsValue {
            let t = &self.trainer;
            to_js(&serde_json::json!({
                "settings": t.config,
                "stepsPerEpoch": t.steps_per_epoch(),
                "step": t.trainer.step,
                "dim": t.data.config.dim,
                "trainRows": t.train_set().len(),
                "testRows": t.test_set().len(),
            }))
        }

        /// Standard, S-randomized and Sᶜ-randomized accuracy and AUC on the test set now.
        #[wasm_bindgen(js_name = probePoint)]
        pub fn probe_point(&mut self) -> JsValue {
            to_js(&self.trainer.probe_point(&mut self.probe_rng))
        }

        /// The full probe report, per coordinate included.
        pub fn probe(&mut self) -> JsValue {
            to_js(&self.trainer.probe())
        }

        /// { grid: P(class 1) on res × res over canonical coordinates 0 and 1, points: [[z0, z1, y]] }.
        pub fn projection(&mut self, res: usize, row: usize) -> JsValue {
            let (grid, points) = live::slab_projection(&mut self.trainer, res, row, 400);
            to_js(&serde_json::json!({ "grid": grid, "points": points, "width": self.trainer.data.config.width }))
        }
    }

    /// The slab experiments' key table: [{ key, doc, allowed, default }] (defaults of LMS-5, small).
    #[wasm_bindgen(js_name = slabSchema)]
    pub fn slab_schema() -> JsValue {
        let defaults = serde_json::to_value(SlabRunConfig::preset(Preset::Lms5, true, 0)).unwrap_or_default();
        let rows: Vec<serde_json::Value> = crate::simplicity::experiment::KEYS
            .iter()
            .map(|f| {
                // Keys that name a field of the data settings differently.
                let (top, data) = match f.key {
                    "samples" => ("", "train"),
                    "data-seed" => ("", "seed"),
                    k => (k, k),
                };
                let default = defaults.get(top).or_else(|| defaults["data"].get(data)).cloned().unwrap_or(serde_json::Value::Null);
                serde_json::json!({ "key": f.key, "doc": f.doc, "allowed": f.kind.describe(), "default": default })
            })
            .collect();
        to_js(&rows)
    }

    /// Random networks' functions (Teney et al. 2024): `count` seeds from config.seed, each
    /// { values (grid² row-major, y up), row (complexity) }.
    #[wasm_bindgen(js_name = redshiftGallery)]
    pub fn redshift_gallery(config: JsValue, count: usize) -> Result<JsValue, JsError> {
        let base: RedshiftConfig = serde_wasm_bindgen::from_value(config)?;
        let mut out = Vec::new();
        for k in 0..count.min(64) as u64 {
            let (values, row) = RedshiftConfig { seed: base.seed.wrapping_add(k), ..base.clone() }.measure().map_err(js_err)?;
            out.push(serde_json::json!({ "values": values, "row": row }));
        }
        Ok(to_js(&out))
    }

    /// The gallery's `count` networks (seeds seed, seed + 1, …) as plain MLPs for the page's
    /// WebGPU kernels: { sizes, activations, points: Float32Array (grid² × 2), nets: [Float32Array
    /// of parameters] }, or { blocker } saying why they cannot run there.
    #[wasm_bindgen(js_name = redshiftPlainMlps)]
    pub fn redshift_plain_mlps(config: JsValue, count: usize) -> Result<JsValue, JsError> {
        let base: RedshiftConfig = serde_wasm_bindgen::from_value(config)?;
        base.validate().map_err(js_err)?;
        if let Some(why) = base.plain_mlp_blocker() {
            return Ok(object(&[("blocker", why.into())]));
        }
        let nets = js_sys::Array::new();
        let mut shape = None;
        for k in 0..count.min(64) as u64 {
            let (sizes, activations, params) = RedshiftConfig { seed: base.seed.wrapping_add(k), ..base.clone() }.plain_mlp().map_err(js_err)?;
            shape = Some((sizes, activations));
            nets.push(&js_sys::Float32Array::from(&params[..]));
        }
        let (sizes, activations) = shape.unwrap_or_default();
        Ok(object(&[
            ("sizes", to_js(&sizes)),
            ("activations", to_js(&activations)),
            ("points", js_sys::Float32Array::from(&base.grid_points()[..]).into()),
            ("nets", nets.into()),
        ]))
    }

    /// The complexity row (as the gallery's) of one network's values computed elsewhere (the
    /// WebGPU gallery) on config's grid, row-major.
    #[wasm_bindgen(js_name = redshiftRow)]
    pub fn redshift_row(config: JsValue, values: Vec<f64>) -> Result<JsValue, JsError> {
        let c: RedshiftConfig = serde_wasm_bindgen::from_value(config)?;
        c.validate().map_err(js_err)?;
        if values.len() != c.grid * c.grid {
            return Err(js_err(format!("values: {} given for a {}² grid", values.len(), c.grid)));
        }
        if let Some(i) = values.iter().position(|v| !v.is_finite()) {
            return Err(js_err(format!("values: cell {i} is {} (not finite)", values[i])));
        }
        Ok(to_js(&c.row(&values)))
    }

    /// The complexity table over activations × depths at config's amplitude and switches.
    #[wasm_bindgen(js_name = redshiftTable)]
    pub fn redshift_table(config: JsValue, activations: Vec<String>, depths: Vec<u32>, amplitudes: Vec<f64>) -> Result<JsValue, JsError> {
        let base: RedshiftConfig = serde_wasm_bindgen::from_value(config)?;
        let acts = activations.iter().map(|a| crate::simplicity::RandomActivation::parse(a)).collect::<Result<Vec<_>, _>>().map_err(js_err)?;
        let depths: Vec<usize> = depths.into_iter().map(|d| d as usize).collect();
        Ok(to_js(&crate::simplicity::redshift::table(&base, &acts, &depths, &amplitudes).map_err(js_err)?))
    }

    /// Spectral bias (Rahaman et al. 2019) trained step by step.
    #[wasm_bindgen]
    pub struct SpectralLab {
        run: SpectralRun,
    }

    #[wasm_bindgen]
    impl SpectralLab {
        /// `amplitudes`: "equal" or "increasing".
        #[wasm_bindgen(constructor)]
        pub fn new(amplitudes: &str, seed: u32) -> Result<SpectralLab, JsError> {
            let amplitudes = Amplitudes::from_name(amplitudes)
                .ok_or_else(|| JsError::new(&format!("amplitudes: {amplitudes:?} is not equal or increasing")))?;
            Ok(SpectralLab { run: SpectralRun::new(amplitudes, seed as u64).map_err(js_err)? })
        }

        pub fn train(&mut self, steps: usize) -> f64 {
            self.run.train(steps)
        }

        pub fn step(&self) -> f64 {
            self.run.trainer.step as f64
        }

        /// Normalized amplitude per target frequency (1 = learned).
        pub fn readout(&mut self) -> Vec<f64> {
            self.run.readout()
        }

        /// { z, target, prediction, frequencies, amplitudes }.
        pub fn curves(&mut self) -> JsValue {
            let prediction = self.run.prediction();
            let t = &self.run.target;
            to_js(&serde_json::json!({ "z": t.z, "target": t.y, "prediction": prediction, "frequencies": t.frequencies, "amplitudes": t.amplitudes }))
        }
    }

    /// Distributional simplicity bias (Refinetti et al. 2023) on the digits, step by step.
    #[wasm_bindgen]
    pub struct CloneLab {
        run: CloneRun,
    }

    #[wasm_bindgen]
    impl CloneLab {
        #[wasm_bindgen(constructor)]
        pub fn new(seed: u32) -> Result<CloneLab, JsError> {
            Ok(CloneLab { run: CloneRun::new(seed as u64).map_err(js_err)? })
        }

        pub fn train(&mut self, steps: usize) {
            self.run.train(steps)
        }

        /// { step, real, means, covariances }: test accuracy on the real data and on each clone.
        pub fn accuracy(&mut self) -> JsValue {
            to_js(&self.run.accuracy())
        }
    }

    /// Shortcut bias (Hermann et al. 2024) of MLPs with 0..=max_layers hidden layers.
    #[wasm_bindgen(js_name = shortcutBias)]
    pub fn shortcut_bias(config: JsValue, max_layers: usize, epochs: usize) -> Result<JsValue, JsError> {
        let config: HermannConfig = serde_wasm_bindgen::from_value(config)?;
        Ok(to_js(&live::shortcut_bias(&config, max_layers, epochs).map_err(js_err)?))
    }

    // ---- The compact-networks lab (crate::sparsity) ----

    /// The accuracy-vs-sparsity experiment's runs, [{ config, name }], the dense baseline
    /// first, so the page can share them out among workers (each calls `pruneRow`).
    #[wasm_bindgen(js_name = pruneSweepPlan)]
    pub fn prune_sweep_plan(config: JsValue, methods: Vec<String>, sparsities: Vec<f64>, after: f64) -> Result<JsValue, JsError> {
        let base = config_from_js(config)?;
        let criteria = methods
            .iter()
            .map(|m| crate::sparsity::Criterion::from_name(m).ok_or_else(|| JsError::new(&format!("methods: {m:?} is not one of {}", schema::CRITERIA.join(", ")))))
            .collect::<Result<Vec<_>, _>>()?;
        let sweep = crate::sparsity::experiment::Sweep::new(&base, &criteria, &sparsities, Some(after)).map_err(js_err)?;
        let plan: Vec<serde_json::Value> = sweep.runs().iter().map(|(c, name)| serde_json::json!({ "config": c, "name": name })).collect();
        Ok(to_js(&plan))
    }

    /// Trains one run of the plan and returns its row of the table.
    #[wasm_bindgen(js_name = pruneRow)]
    pub fn prune_row(config: JsValue, name: &str) -> Result<JsValue, JsError> {
        let config = config_from_js(config)?;
        Ok(to_js(&crate::sparsity::experiment::run_row(&config, name).map_err(js_err)?))
    }

    /// Lottery tickets (Frankle & Carbin 2019) one round at a time, with the two controls.
    #[wasm_bindgen]
    pub struct LotteryLab {
        run: crate::sparsity::lottery::Lottery,
    }

    #[wasm_bindgen]
    impl LotteryLab {
        #[wasm_bindgen(constructor)]
        pub fn new(config: JsValue, rounds: usize, rate: f64, rewind: u32) -> Result<LotteryLab, JsError> {
            let config = config_from_js(config)?;
            let lc = crate::sparsity::lottery::LotteryConfig { rounds, rate, rewind: rewind as u64, ..Default::default() };
            Ok(LotteryLab { run: crate::sparsity::lottery::Lottery::new(&config, &lc).map_err(js_err)? })
        }

        /// The next round's { round, sparsity, nonzeros, ticket, reinit, random_mask }, or null when done.
        #[wasm_bindgen(js_name = nextRound)]
        pub fn next_round(&mut self) -> Result<JsValue, JsError> {
            Ok(match self.run.next_round().map_err(js_err)? {
                Some(r) => to_js(&r),
                None => JsValue::NULL,
            })
        }
    }
}
