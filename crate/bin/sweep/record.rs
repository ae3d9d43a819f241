//! One cell run as `gradlab race` runs an entrant, and its result record (written whole).

use crate::error::{io, CliError};
use super::spec::{Cell, Spec};
use gradlab::labs::race::{self};
use gradlab::train::Trainer;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub(super) fn record_path(out: &Path, i: usize) -> PathBuf {
    out.join(format!("cell-{i}.jsonl"))
}

/// Floats in a record's result, also as Rust's shortest round-trip text: merge parses
/// these, so the merged table matches `gradlab race` bit for bit whatever JSON reader
/// wrote or read the record.
pub(super) const EXACT: [&str; 4] = ["final_train_loss", "final_test_accuracy", "best_test_accuracy", "mean_cosine"];

pub(super) fn exact(v: Option<f64>) -> Value {
    v.map_or(Value::Null, |x| json!(format!("{x:?}")))
}

/// Runs one cell as the race runs an entrant and returns its record.
pub fn run_cell(spec: &Spec, c: &Cell, cells: usize) -> Value {
    let started = Instant::now();
    let mut t = Trainer::new(c.config.clone());
    let mut history = Vec::new();
    let r = race::run_entrant(&mut t, spec.steps, spec.every, spec.target, &mut |step, train, test| {
        history.push(json!({ "step": step, "train_loss": train.loss, "train_accuracy": train.accuracy, "test_loss": test.loss, "test_accuracy": test.accuracy }));
    });
    let mut result = serde_json::to_value(&r).unwrap();
    let timing = json!({ "seconds": r.seconds, "seconds_to_target": r.seconds_to_target, "wall_seconds": started.elapsed().as_secs_f64() });
    result.as_object_mut().unwrap().retain(|k, _| k != "seconds" && k != "seconds_to_target");
    let values = [r.final_train_loss.into(), r.final_test_accuracy, r.best_test_accuracy, r.mean_cosine];
    let exact: Map<String, Value> = EXACT.iter().zip(values).map(|(k, v)| (k.to_string(), exact(v))).collect();
    let mut record = c.describe();
    let o = record.as_object_mut().unwrap();
    o.insert("cells".into(), json!(cells));
    o.insert("result".into(), result);
    o.insert("exact".into(), Value::Object(exact));
    o.insert("history".into(), json!(history));
    o.insert("version".into(), json!(env!("CARGO_PKG_VERSION")));
    o.insert("spec".into(), spec.json.clone());
    o.insert("timing".into(), timing);
    record
}

/// Written whole, then renamed: a record that exists is complete.
pub(super) fn write_record(path: &Path, record: &Value) -> Result<(), CliError> {
    let tmp = path.with_extension("jsonl.part");
    std::fs::write(&tmp, format!("{record}\n")).map_err(io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io(path))
}

/// The record at `path` when it is this cell's under this spec; an unreadable or foreign
/// one is said and run again.
pub(super) fn existing_record(spec: &Spec, c: &Cell, path: &Path) -> Option<Value> {
    let body = std::fs::read_to_string(path).ok()?;
    let v: Option<Value> = serde_json::from_str(body.trim()).ok();
    match v {
        Some(v) if v["cell"] == json!(c.index) && v["spec"] == spec.json && v["config"] == c.config.to_value() && v["exact"].is_object() => Some(v),
        _ => {
            eprintln!("gradlab sweep: {} is not a complete record of cell {} of this spec; running it again", path.display(), c.index);
            None
        }
    }
}

pub(super) fn run_all(spec: &Spec, cells: &[Cell], out: &Path) -> Result<(), CliError> {
    let todo: Vec<&Cell> = cells.iter().filter(|c| existing_record(spec, c, &record_path(out, c.index)).is_none()).collect();
    eprintln!("gradlab sweep: {} cells, {} done, {} to run → {}", cells.len(), cells.len() - todo.len(), todo.len(), out.display());
    let bar = ProgressBar::new(todo.len() as u64);
    bar.set_style(ProgressStyle::with_template("{bar:40} {pos}/{len} cells {elapsed} (eta {eta}) {msg}").unwrap());
    for c in todo {
        bar.set_message(c.name());
        write_record(&record_path(out, c.index), &run_cell(spec, c, cells.len()))?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(())
}
