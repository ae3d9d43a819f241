//! `gradlab dynamics --preset NAME [--set key=value …]`: one training-dynamics experiment
//! (labs::dynamics), printed as one JSON object with its settings and measured series.

use crate::error::CliError;
use serde_json::{Map, Value};

pub fn run(preset: &str, set: &[String]) -> Result<(), CliError> {
    let mut overrides = Map::new();
    for kv in set {
        let (k, v) = kv.split_once('=').ok_or_else(|| format!("--set: {kv:?} is not key=value"))?;
        // Numbers and booleans as JSON; anything else as a string (names of choices).
        let value = serde_json::from_str::<Value>(v.trim()).unwrap_or_else(|_| Value::String(v.trim().to_string()));
        overrides.insert(k.trim().to_string(), value);
    }
    let out = gradlab::labs::dynamics::run_preset(preset, &overrides)?;
    println!("{out}");
    Ok(())
}
