//! Run configs, URL hashes, the key tables, the user's own rows and the digits: what every
//! page hands the core before it builds a run.

use super::{js_err, to_js};
use crate::data::{DataError, DatasetKind, UserData};
use crate::train::{hash, lite, RunConfig};
use std::sync::Arc;
use wasm_bindgen::prelude::*;

/// A config this build can run: validated, with the digits at hand when it uses them; the
/// lite core also refuses what needs the full core (train::lite), naming it.
pub(super) fn config_with_data(config: JsValue, user: Option<Arc<UserData>>) -> Result<RunConfig, JsError> {
    let config = parse_config(config, user)?;
    if config.data.kind == DatasetKind::Digits && !crate::data::digits::available() {
        return Err(js_err(DataError::DigitsMissing));
    }
    match lite::needs_full(&config) {
        Some(what) if !lite::FULL => Err(JsError::new(&format!("{what} needs the full core; this is the lite core (pkg/lite/)"))),
        _ => Ok(config),
    }
}

/// A config of the lab pages (no user rows).
#[cfg(feature = "full")]
pub(super) fn config_from_js(config: JsValue) -> Result<RunConfig, JsError> {
    config_with_data(config, None)
}

fn parse_config(config: JsValue, user: Option<Arc<UserData>>) -> Result<RunConfig, JsError> {
    let value: serde_json::Value =
        serde_wasm_bindgen::from_value(config).map_err(|e| JsError::new(&format!("config: {e}")))?;
    RunConfig::from_value_with(value, user).map_err(js_err)
}

/// What in a config object needs the full core (a phrase: "the optimizer lion"), or
/// undefined when the lite core runs it; throws naming a bad field. The same answer in
/// both builds: the page's worker asks the lite core before it builds a run.
#[wasm_bindgen(js_name = fullCoreNeeded)]
pub fn full_core_needed(config: JsValue, data: JsValue) -> Result<Option<String>, JsError> {
    Ok(lite::needs_full(&parse_config(config, user_data_from_js(data)?)?))
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
pub(super) fn user_data_from_js(data: JsValue) -> Result<Option<Arc<UserData>>, JsError> {
    user_data(data).map_err(js_err)
}

fn user_data(data: JsValue) -> Result<Option<Arc<UserData>>, DataError> {
    if data.is_undefined() || data.is_null() {
        return Ok(None);
    }
    let d: UserData = serde_wasm_bindgen::from_value(data).map_err(|e| DataError::Form(e.to_string()))?;
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

/// Points of a dataset for a thumbnail: [[x1, x2, y], …] (first 200 of the training set).
#[wasm_bindgen(js_name = previewDataset)]
pub fn preview_dataset(name: &str, noise: f64) -> Result<JsValue, JsError> {
    let kind = DatasetKind::from_name(name).filter(|k| k.is_2d()).ok_or_else(|| JsError::new(&format!("dataset: {name:?} has no 2-D preview")))?;
    Ok(to_js(&crate::train::map::preview(kind, noise)))
}

#[cfg(feature = "full")]
pub use full::*;

/// Each key's choices as JSON text, { "key": ["name", …] }, from the enums' name tables
/// (`names!`): what the pages' dropdowns offer (www/names.js parses it); plus
/// "regression-datasets" and "point-datasets" (the generated 2-D sets). Text written here
/// rather than a serde map: that would pull serde's map code into the lite core (+5 KB
/// gzipped); the names are plain lower-kebab words, nothing to escape.
#[wasm_bindgen]
pub fn choices() -> String {
    use crate::train::schema::{Kind, FIELDS};
    let list = |key: &str, of: &[&str]| format!("\"{key}\":[\"{}\"]", of.join("\",\""));
    let mut lists: Vec<String> = FIELDS
        .iter()
        .filter_map(|f| match f.kind {
            Kind::Name(of) | Kind::Names { of, .. } => Some(list(f.key, of)),
            _ => None,
        })
        .collect();
    // Groupings the pages show, from the datasets' own properties: the regression sets, and
    // the generated 2-D sets (dataset thumbnails, the compact lab's choices).
    use crate::data::{DatasetKind, Task};
    let kinds = |keep: fn(DatasetKind) -> bool| DatasetKind::ALL.iter().filter(|k| keep(**k)).map(|k| k.name()).collect::<Vec<_>>();
    lists.push(list("regression-datasets", &kinds(|k| k.task(2) == Task::Regression)));
    lists.push(list("point-datasets", &kinds(|k| k.is_2d())));
    format!("{{{}}}", lists.join(","))
}

#[cfg(feature = "full")]
mod full {
    use super::*;
    use crate::train::schema;

    /// Imports a CSV's text as a custom dataset: { names, x, y, labels, note } (see
    /// `data::user` for the rules); `label`, if given, names the label column (else the
    /// rules pick it). Throws a message naming the line, column or limit.
    #[wasm_bindgen(js_name = parseCsvData)]
    pub fn parse_csv_data(text: &str, label: Option<String>) -> Result<JsValue, JsError> {
        Ok(to_js(&UserData::from_csv_with(text, label.as_deref()).map_err(js_err)?))
    }

    /// Validates a config object and returns its canonical hash, or throws naming the field.
    /// Exported to JS only in `testing` builds: no page calls it; tests/wasm/ does, in Rust.
    #[cfg_attr(feature = "testing", wasm_bindgen(js_name = formatHash))]
    pub fn format_hash(config: JsValue) -> Result<String, JsError> {
        Ok(hash::format(&super::config_from_js(config)?))
    }

    /// The key table: [{ key, doc, allowed, default }].
    #[wasm_bindgen]
    pub fn schema() -> JsValue {
        let defaults = RunConfig::default().to_value();
        let rows: Vec<serde_json::Value> = schema::FIELDS
            .iter()
            .map(|f| {
                // Keys left out of the JSON at their default (false or 0: RunConfig's
                // short_last_batch, coupled_decay); null stays for the optimizer's own.
                let default = match (defaults.get(f.key), f.kind) {
                    (Some(v), _) => v.clone(),
                    (None, schema::Kind::Bool) => false.into(),
                    (None, _) => 0.into(),
                };
                serde_json::json!({ "key": f.key, "doc": f.doc, "allowed": f.kind.describe(), "default": default })
            })
            .collect();
        to_js(&rows)
    }
}
