//! The training-dynamics lab (crate::labs::dynamics; www/dynamics/dynamics-worker.js): one
//! export that runs a preset with the page's overrides and returns what `gradlab dynamics`
//! prints, {preset, settings, series}.

use super::{js_err, to_js};
use wasm_bindgen::prelude::*;

/// `overrides`: { key: value } with the keys of `gradlab dynamics --set`.
#[wasm_bindgen(js_name = dynamicsRun)]
pub fn dynamics_run(preset: &str, overrides: JsValue) -> Result<JsValue, JsError> {
    let map: serde_json::Map<String, serde_json::Value> =
        if overrides.is_undefined() || overrides.is_null() { Default::default() } else { serde_wasm_bindgen::from_value(overrides)? };
    let out = crate::labs::dynamics::run_preset(preset, &map).map_err(js_err)?;
    Ok(to_js(&out))
}

/// The edge-of-stability preset step by step, so the page draws it live.
#[wasm_bindgen]
pub struct EosLab {
    run: crate::labs::dynamics::eos::EosRun,
}

#[wasm_bindgen]
impl EosLab {
    /// `overrides` as for `dynamicsRun("eos-chebyshev", …)`.
    #[wasm_bindgen(constructor)]
    pub fn new(overrides: JsValue) -> Result<EosLab, JsError> {
        let map: serde_json::Map<String, serde_json::Value> =
            if overrides.is_undefined() || overrides.is_null() { Default::default() } else { serde_wasm_bindgen::from_value(overrides)? };
        let config: crate::labs::dynamics::eos::EosConfig = crate::labs::dynamics::settings(&map).map_err(js_err)?;
        Ok(EosLab { run: crate::labs::dynamics::eos::EosRun::new(&config).map_err(js_err)? })
    }

    /// Up to `steps` more GD steps; true once the run is over.
    pub fn advance(&mut self, steps: u32) -> bool {
        self.run.advance(steps as u64)
    }

    /// The series so far (as `gradlab dynamics` prints under "series").
    pub fn series(&self) -> JsValue {
        to_js(&self.run.out)
    }
}
