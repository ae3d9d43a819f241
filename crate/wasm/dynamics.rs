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
