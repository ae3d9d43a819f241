//! TensorFlow Playground links on the playground page: `parseTfpLink` reads one, and
//! `TfpLab` runs it with the Playground's own rule (crate/train/tfp), answering the calls
//! the page's worker makes of a `Lab` (train, evaluate, info, the maps, the weights), so
//! the page draws it as any run. One "step" of a TfpLab is one Playground epoch. Its Math
//! functions are the browser's own (see crate/data/tfp/math.rs).

use super::{js_err, to_js};
use crate::data::tfp::JsMath;
use crate::train::schema::FIELDS;
use crate::train::tfp::{link, our_hash, parse_with_overrides, seed_or_fresh, TfpRun};
use crate::train::{hash, map};
use wasm_bindgen::prelude::*;

fn sin(x: f64) -> f64 {
    js_sys::Math::sin(x)
}
fn cos(x: f64) -> f64 {
    js_sys::Math::cos(x)
}
fn log(x: f64) -> f64 {
    js_sys::Math::log(x)
}
fn exp(x: f64) -> f64 {
    js_sys::Math::exp(x)
}
fn tanh(x: f64) -> f64 {
    js_sys::Math::tanh(x)
}
/// The browser's Math.sin, cos, log, exp and tanh: the page computes what the Playground
/// computes in the same browser.
const BROWSER: JsMath = JsMath { sin, cos, log, exp, tanh };

/// { form: {kind: ours|playground|mixed, ours: [keys]}, issues: [{key, message}], seed,
///   picked (whether the link had no seed), hash (the link as the Playground writes it back,
///   seed included), config (our nearest run config) } for a hash or URL.
#[wasm_bindgen(js_name = parseTfpLink)]
pub fn parse_tfp_link(url: &str) -> JsValue {
    let keys: Vec<&str> = FIELDS.iter().map(|f| f.key).collect();
    let form = link::classify(url, &keys);
    let parsed = parse_with_overrides(url, &[]);
    let (seed, picked) = seed_or_fresh(&parsed.link);
    let ours = hash::parse(&our_hash(&parsed.link)).config;
    let l = &parsed.link;
    to_js(&serde_json::json!({
        "form": form, "issues": parsed.issues, "seed": seed, "picked": picked,
        "hash": l.to_hash(&seed), "config": ours,
        "display": { "showTestData": l.show_test_data, "discretize": l.discretize, "hideText": l.hide_text,
                     "collectStats": l.collect_stats, "tutorial": l.tutorial, "hide": l.hide,
                     "cosX": l.features["cosX"], "cosY": l.features["cosY"] },
    }))
}

#[wasm_bindgen]
pub struct TfpLab {
    run: TfpRun,
    initial: TfpRun,
    params: Vec<f32>,
    grid: Vec<f32>,
    neurons: Vec<f32>,
}

#[wasm_bindgen]
impl TfpLab {
    /// The experiment of a Playground hash (its seed, or `seed` for a seedless link).
    #[wasm_bindgen(constructor)]
    pub fn new(url: &str, seed: &str) -> Result<TfpLab, JsError> {
        let parsed = parse_with_overrides(url, &[]);
        let seed = parsed.link.seed.clone().unwrap_or_else(|| seed.to_string());
        let run = TfpRun::new(parsed.link, &seed, BROWSER);
        if run.inputs.is_empty() {
            return Err(JsError::new("link: no input feature is on (x, y, xSquared, …): the network has no inputs"));
        }
        let mut lab = TfpLab { initial: run.clone(), run, params: Vec::new(), grid: Vec::new(), neurons: Vec::new() };
        lab.sync();
        Ok(lab)
    }

    /// Trains `n` Playground epochs.
    pub fn train(&mut self, n: u32) -> super::StepStats {
        for _ in 0..n {
            self.run.epoch();
        }
        self.sync();
        let (train, _) = self.run.losses();
        super::StepStats { step: self.run.epoch as f64, epoch: self.run.epoch as f64, loss: train }
    }

    /// Back to the link's initial network (the Playground's reset keeps the data).
    pub fn reset(&mut self) {
        self.run = self.initial.clone();
        self.sync();
    }

    #[wasm_bindgen(js_name = setEpochMetrics)]
    pub fn set_epoch_metrics(&mut self, _on: bool) {}

    /// Never live: any change of settings leaves the Playground's rule for our trainer.
    #[wasm_bindgen(js_name = updateLive)]
    pub fn update_live(&mut self, _config: JsValue) -> bool {
        false
    }

    pub fn step(&self) -> f64 {
        self.run.epoch as f64
    }

    pub fn epoch(&self) -> f64 {
        self.run.epoch as f64
    }

    /// { train: {loss, accuracy}, test: {...} }: the loss the Playground's chart shows
    /// (mean ½(ŷ − y)²); accuracy (sign of ŷ against the ±1 label) for classification.
    pub fn evaluate(&mut self) -> JsValue {
        let part = |run: &mut TfpRun, test: bool| {
            let loss = run.loss(test);
            let accuracy = (!run.link.regression).then(|| {
                let pts: Vec<_> = if test { run.data.test().to_vec() } else { run.data.train().to_vec() };
                let right = pts.iter().filter(|p| (run.predict(p.x, p.y) >= 0.0) == (p.label > 0.0)).count();
                right as f64 / pts.len().max(1) as f64
            });
            serde_json::json!({ "loss": loss, "accuracy": accuracy })
        };
        let (train, test) = (part(&mut self.run, false), part(&mut self.run, true));
        to_js(&serde_json::json!({ "train": train, "test": test }))
    }

    /// As `Lab.info`, with `tfp` set: the views' task, sizes, features and points (labels
    /// 0/1 for classification, as our views draw them), and the Playground hash.
    pub fn info(&self) -> JsValue {
        let run = &self.run;
        let (config, _) = run.model();
        let ours = hash::parse(&our_hash(&run.link)).config;
        let points = |pts: &[crate::data::tfp::Example]| -> Vec<[f32; 3]> {
            pts.iter().map(|p| [p.x as f32, p.y as f32, if run.link.regression { p.label as f32 } else { (p.label > 0.0) as u8 as f32 }]).collect()
        };
        let task = if run.link.regression { serde_json::json!({"kind": "regression"}) } else { serde_json::json!({"kind": "binary"}) };
        to_js(&serde_json::json!({
            "config": ours, "task": task, "classes": if run.link.regression { 0 } else { 2 },
            "sizes": config.sizes, "activations": config.activations, "features": config.features, "twoD": true,
            "data": null, "extent": map::EXTENT,
            "train": points(run.data.train()), "test": points(run.data.test()),
            "trainRows": run.data.split, "testRows": run.data.points.len() - run.data.split,
            "params": self.params.len(), "modelParams": self.params.len(),
            "hash": run.link.to_hash(&run.seed).trim_start_matches('#'),
            "tfp": { "seed": run.seed, "inputs": run.inputs, "points": run.data.points.len() },
        }))
    }

    #[wasm_bindgen(js_name = exportState)]
    pub fn export_state(&self) -> Result<Vec<u8>, JsError> {
        Err(JsError::new("a Playground link's run is kept as its link and a model file"))
    }

    /// The network as a model file (f32, our layout; see `TfpRun::model`).
    #[wasm_bindgen(js_name = saveModel)]
    pub fn save_model(&self) -> Result<Vec<u8>, JsError> {
        let (config, params) = self.run.model();
        crate::io::save_model(&config, &params).map_err(js_err)
    }

    #[wasm_bindgen(js_name = loadModel)]
    pub fn load_model(&mut self, _bytes: &[u8]) -> Result<(), JsError> {
        Err(JsError::new("a Playground link starts from its own weights: change a setting first to load a model file"))
    }

    #[wasm_bindgen(js_name = setStep)]
    pub fn set_step(&mut self, _step: f64) {}

    /// The output on a res × res grid over [−6, 6]² (top row first): tanh's value in
    /// [−1, 1] for classification, as the Playground colours it; the value for regression.
    #[wasm_bindgen(js_name = computeGrid)]
    pub fn compute_grid(&mut self, res: usize) {
        let res = res.clamp(2, 400);
        self.grid.clear();
        for (x, y) in cells(res) {
            let v = self.run.predict(x, y);
            self.grid.push(v as f32);
        }
    }

    /// Every neuron's value on a res × res grid, neuron after neuron, layer by layer (the
    /// output node's total input last), each map row-major from the top.
    #[wasm_bindgen(js_name = computeNeurons)]
    pub fn compute_neurons(&mut self, res: usize) {
        let res = res.clamp(2, 100);
        let layers = &self.run.network.layers;
        let count: usize = layers.iter().map(|l| l.outputs).sum();
        let last = layers.len() - 1;
        let cells: Vec<(f64, f64)> = cells(res).collect();
        self.neurons.clear();
        self.neurons.resize(count * cells.len(), 0.0);
        for (c, &(x, y)) in cells.iter().enumerate() {
            self.run.predict(x, y);
            let mut k = 0;
            for (l, layer) in self.run.network.layers.iter().enumerate() {
                let values = if l == last { layer.totals() } else { layer.outputs() };
                for v in values {
                    self.neurons[k * cells.len() + c] = *v as f32;
                    k += 1;
                }
            }
        }
    }
}

impl TfpLab {
    fn sync(&mut self) {
        self.params = self.run.model().1;
    }
}

/// Cell centres of a res × res grid over [−EXTENT, EXTENT]², top row first (map.rs's order).
fn cells(res: usize) -> impl Iterator<Item = (f64, f64)> {
    let e = map::EXTENT as f64;
    let step = 2.0 * e / res as f64;
    (0..res * res).map(move |i| (-e + ((i % res) as f64 + 0.5) * step, e - ((i / res) as f64 + 0.5) * step))
}

// The flat parameter buffer, the decision map (`computeGrid`) and the neuron maps
// (`computeNeurons`), read by the page straight out of wasm memory.
memory_views!(TfpLab {
    params_ptr as paramsPtr, params_len as paramsLen => params;
    grid_ptr as gridPtr, grid_len as gridLen => grid;
    neurons_ptr as neuronsPtr, neurons_len as neuronsLen => neurons;
});
