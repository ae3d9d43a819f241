//! The training-dynamics lab (crate::labs::dynamics; www/dynamics/dynamics-worker.js): a
//! handle that runs a preset with the page's overrides in slices, so the page draws every
//! preset live, and ends with what `gradlab dynamics` prints, {preset, settings, series}
//! (the same loop: the series at the end is the same).

use super::{js_err, to_js};
use crate::labs::dynamics::PresetRun;
use wasm_bindgen::prelude::*;

fn overrides(o: JsValue) -> Result<serde_json::Map<String, serde_json::Value>, JsError> {
    Ok(if o.is_undefined() || o.is_null() { Default::default() } else { serde_wasm_bindgen::from_value(o)? })
}

/// One preset run in slices, so the page draws it as it goes.
#[wasm_bindgen]
pub struct DynamicsLab {
    run: PresetRun,
}

#[wasm_bindgen]
impl DynamicsLab {
    /// `overrides`: { key: value } with the keys of `gradlab dynamics --set`.
    #[wasm_bindgen(constructor)]
    pub fn new(preset: &str, overrides_: JsValue) -> Result<DynamicsLab, JsError> {
        Ok(DynamicsLab { run: PresetRun::new(preset, &overrides(overrides_)?).map_err(js_err)? })
    }

    /// Up to `units` more steps (epochs for neural-collapse); true once the run is over.
    pub fn advance(&mut self, units: u32) -> Result<bool, JsError> {
        self.run.advance(units as u64).map_err(js_err)
    }

    /// The series so far (as `gradlab dynamics` prints under "series").
    pub fn series(&self) -> JsValue {
        to_js(&self.run.series())
    }

    /// {preset, settings, series}, as `gradlab dynamics` prints at the end.
    pub fn output(&self) -> JsValue {
        to_js(&self.run.output())
    }
}
