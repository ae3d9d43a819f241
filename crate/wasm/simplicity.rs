//! The simplicity-bias lab (crate::labs::simplicity; www/simplicity-worker.js): slabs, spectral
//! bias, distributional simplicity bias, shortcuts and random networks' complexity.

use super::{js_err, object, to_js};
use crate::labs::simplicity::live::{self, CloneRun, SpectralRun};
use crate::labs::simplicity::{Amplitudes, HermannConfig, Preset, RedshiftConfig, SlabRunConfig, SlabTrainer};
use wasm_bindgen::prelude::*;

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

/// The random networks' activations, by name (Neural Redshift's table and gallery).
#[wasm_bindgen(js_name = redshiftActivations)]
pub fn redshift_activations() -> JsValue {
    to_js(&crate::labs::simplicity::RandomActivation::NAMES)
}

/// The slab experiments' key table: [{ key, doc, allowed, default }] (defaults of LMS-5, small).
#[wasm_bindgen(js_name = slabSchema)]
pub fn slab_schema() -> JsValue {
    to_js(&crate::labs::simplicity::experiment::key_table())
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
    let acts = activations.iter().map(|a| crate::labs::simplicity::RandomActivation::parse(a)).collect::<Result<Vec<_>, _>>().map_err(js_err)?;
    let depths: Vec<usize> = depths.into_iter().map(|d| d as usize).collect();
    Ok(to_js(&crate::labs::simplicity::redshift::table(&base, &acts, &depths, &amplitudes).map_err(js_err)?))
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
