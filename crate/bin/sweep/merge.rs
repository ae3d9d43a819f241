//! Merging result records into the race and sweep tables, the summary across seeds and
//! the file the optimizer page opens.

use crate::error::CliError;
use super::spec::{Cell, Spec};
use gradlab::labs::race::{self, RaceResult};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;

pub struct Merged {
    pub value: Value,
    pub problems: Vec<String>,
}

pub(super) fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(crate::error::io(p))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "jsonl"))
                .collect();
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Why a result record cannot be read (the merge leaves it out, saying this).
#[derive(Debug, thiserror::Error)]
pub(super) enum RecordError {
    #[error("exact.{key}: {text:?} is not a number")]
    NotANumber { key: &'static str, text: String },
    #[error("exact.{0} is missing")]
    NoExact(&'static str),
    #[error("result.{0} is not a step")]
    NotAStep(&'static str),
    #[error("result.{0} is missing")]
    Missing(&'static str),
}

/// A record's race result, its floats read from the exact text.
pub(super) fn race_result(record: &Value) -> Result<RaceResult, RecordError> {
    let r = &record["result"];
    let f = |key: &'static str| -> Result<Option<f64>, RecordError> {
        match &record["exact"][key] {
            Value::Null => Ok(None),
            Value::String(s) => s.parse::<f64>().map(Some).map_err(|_| RecordError::NotANumber { key, text: s.clone() }),
            _ => Err(RecordError::NoExact(key)),
        }
    };
    let u = |key: &'static str| -> Result<Option<u64>, RecordError> {
        match &r[key] {
            Value::Null => Ok(None),
            v => v.as_u64().map(Some).ok_or(RecordError::NotAStep(key)),
        }
    };
    Ok(RaceResult {
        label: r["label"].as_str().ok_or(RecordError::Missing("label"))?.to_string(),
        steps: u("steps")?.ok_or(RecordError::Missing("steps"))?,
        steps_to_target: u("steps_to_target")?,
        final_train_loss: f("final_train_loss")?.unwrap_or(f64::NAN),
        final_test_accuracy: f("final_test_accuracy")?,
        best_test_accuracy: f("best_test_accuracy")?,
        diverged_at: u("diverged_at")?,
        seconds: 0.0,
        seconds_to_target: None,
        mean_cosine: f("mean_cosine")?,
    })
}

pub(super) fn without_timing(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("timing");
    }
    v
}

pub(super) fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let sd = if xs.len() > 1 { (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt() } else { 0.0 };
    (mean, sd)
}

/// Gathers records: each cell once (identical duplicates are named and kept once;
/// differing ones are named and left out), missing cells named, unreadable files named
/// and skipped. Per seed, the tables `gradlab race` (or `race --sweep`) prints; across
/// seeds, each optimizer at its best rate by mean final loss, with the spread.
pub fn merge(paths: &[PathBuf]) -> Result<Merged, CliError> {
    let mut problems = Vec::new();
    let mut records: Vec<(String, Value)> = Vec::new();
    for f in files(paths)? {
        let name = f.display().to_string();
        let body = match std::fs::read_to_string(&f) {
            Ok(b) => b,
            Err(e) => {
                problems.push(format!("{name}: unreadable ({e})"));
                continue;
            }
        };
        if body.trim().is_empty() {
            problems.push(format!("{name}: empty"));
            continue;
        }
        for (n, line) in body.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            match serde_json::from_str::<Value>(line) {
                Ok(v) if v["cell"].is_u64() && v["spec"].is_object() && v["result"].is_object() && v["exact"].is_object() => records.push((format!("{name}:{}", n + 1), v)),
                Ok(_) => problems.push(format!("{name}: line {}: not a sweep result record", n + 1)),
                Err(e) => problems.push(format!("{name}: line {}: corrupt or partial ({e})", n + 1)),
            }
        }
    }
    let first = records.first().ok_or_else(|| format!("sweep merge: no readable result records{}", if problems.is_empty() { String::new() } else { format!(" ({})", problems.join("; ")) }))?;
    let (first_name, spec_json) = (first.0.clone(), first.1["spec"].clone());
    let spec = Spec::from_value(spec_json.clone()).map_err(|e| format!("{first_name}: spec: {e}"))?;
    let cells = spec.cells()?;
    let mut by_cell: Vec<Option<(String, Value)>> = vec![None; cells.len()];
    let mut conflicting = vec![false; cells.len()];
    for (name, v) in records {
        if v["spec"] != spec_json {
            problems.push(format!("{name}: from another spec than {first_name}; left out"));
            continue;
        }
        let i = v["cell"].as_u64().unwrap() as usize;
        if i >= cells.len() || v["config"] != cells[i].config.to_value() {
            problems.push(format!("{name}: cell {i} does not match the spec's cell {i}; left out"));
            continue;
        }
        if let Err(e) = race_result(&v) {
            problems.push(format!("{name}: {e}; left out"));
            continue;
        }
        match &by_cell[i] {
            None => by_cell[i] = Some((name, v)),
            Some((other, w)) if without_timing(w) == without_timing(&v) => problems.push(format!("duplicate {}: {name} repeats {other} (same result; counted once)", cells[i].name())),
            Some((other, _)) => {
                problems.push(format!("duplicate {}: {name} differs from {other}; left out", cells[i].name()));
                conflicting[i] = true;
            }
        }
    }
    let result = |i: usize| -> Option<RaceResult> { if conflicting[i] { None } else { by_cell[i].as_ref().map(|(_, v)| race_result(v).unwrap()) } };
    let missing: Vec<usize> = (0..cells.len()).filter(|&i| result(i).is_none()).collect();
    for &i in &missing {
        if !conflicting[i] {
            problems.push(format!("missing {}", cells[i].name()));
        }
    }

    // Per seed and setting of the varying keys: the race's (or the sweep's) table.
    let mut groups: Vec<Vec<&Cell>> = Vec::new();
    for c in &cells {
        if groups.len() < c.group {
            groups.push(vec![]);
        }
        groups[c.group - 1].push(c);
    }
    let n_entrants = spec.entrants.len();
    let mut tables = Vec::new();
    // (varying keys, entrant) → per seed: per rate (or one) the cell's result, if any.
    let mut across: BTreeMap<(String, usize), Vec<Vec<Option<RaceResult>>>> = BTreeMap::new();
    for list in &groups {
        let (seed, vary) = (list[0].seed, &list[0].vary);
        let vary_key = format!("{vary:?}");
        let mut rows = Vec::new();
        let mut runs = Vec::new();
        for e in 0..n_entrants {
            let mine: Vec<&&Cell> = list.iter().filter(|c| c.entrant == e).collect();
            let results: Vec<Option<RaceResult>> = mine.iter().map(|c| result(c.index)).collect();
            across.entry((vary_key.clone(), e)).or_default().push(results.clone());
            if results.iter().any(|r| r.is_none()) {
                continue; // named above as missing
            }
            let results: Vec<RaceResult> = results.into_iter().flatten().collect();
            // The table's row, and the run the race view draws: the entrant's one run (the
            // race's row, its wall-clock times aside: each record keeps its own), or in a sweep
            // its run at this seed's best rate (the first rate when every rate diverged).
            let pick = match &spec.lrs {
                Some(lrs) => {
                    let best = race::at_best_rate(&mine[0].config, lrs, &results);
                    let pick = best.best_lr.and_then(|b| lrs.iter().position(|&l| l == b)).unwrap_or(0);
                    rows.push(serde_json::to_value(best).unwrap());
                    pick
                }
                None => {
                    rows.push(timeless(serde_json::to_value(&results[0]).unwrap()));
                    0
                }
            };
            let record = &by_cell[mine[pick].index].as_ref().unwrap().1;
            runs.push(json!({ "label": results[pick].label, "lr": mine[pick].config.optimizer.lr, "result": timeless(serde_json::to_value(&results[pick]).unwrap()), "history": record["history"] }));
        }
        let vary_obj: Map<String, Value> = vary.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
        let key = if spec.lrs.is_some() { "sweep" } else { "race" };
        tables.push(json!({ "seed": seed, "vary": vary_obj, "complete": rows.len() == n_entrants, key: rows, "runs": runs }));
    }

    // Across seeds: each optimizer at its best rate by mean final loss.
    let mut summary = Vec::new();
    for ((vary_key, e), per_seed) in &across {
        let c = cells.iter().find(|c| c.entrant == *e && format!("{:?}", c.vary) == *vary_key).unwrap();
        let label = {
            let base = race::label(&c.config.with_lr(0.0)).replace(" lr=0", "");
            let vary: Vec<String> = c.vary.iter().map(|(k, v)| format!("{k}={v}")).collect();
            if vary.is_empty() { base } else { format!("{base} [{}]", vary.join(" ")) }
        };
        let n_lr = per_seed[0].len();
        // Seeds whose every cell of this row is present.
        let full: Vec<&Vec<Option<RaceResult>>> = per_seed.iter().filter(|s| s.iter().all(|r| r.is_some())).collect();
        let loss = |r: &RaceResult| (r.diverged_at.is_none() && r.final_train_loss.is_finite()).then_some(r.final_train_loss);
        let mut mean_loss = Vec::new();
        let mut mean_acc = Vec::new();
        let mut diverged = Vec::new();
        for i in 0..n_lr {
            let at: Vec<&RaceResult> = full.iter().map(|s| s[i].as_ref().unwrap()).collect();
            let losses: Vec<f64> = at.iter().filter_map(|r| loss(r)).collect();
            diverged.push(at.len() - losses.len());
            mean_loss.push((!at.is_empty() && losses.len() == at.len()).then(|| mean_sd(&losses).0));
            let accs: Vec<f64> = at.iter().filter_map(|r| r.final_test_accuracy).collect();
            mean_acc.push((!accs.is_empty() && accs.len() == at.len()).then(|| mean_sd(&accs).0));
        }
        let best = (0..n_lr).filter(|&i| mean_loss[i].is_some()).min_by(|&a, &b| mean_loss[a].partial_cmp(&mean_loss[b]).unwrap());
        let mut row = json!({
            "label": label, "entrant": spec.entrants[*e], "seeds": full.len(), "seeds_expected": per_seed.len(),
            "mean_final_loss": mean_loss, "mean_test_accuracy": mean_acc, "diverged": diverged,
        });
        if let Some(lrs) = &spec.lrs {
            row["lrs"] = json!(lrs);
            row["best_lr"] = json!(best.map(|i| lrs[i]));
        }
        if let Some(i) = best {
            let losses: Vec<f64> = full.iter().map(|s| s[i].as_ref().unwrap().final_train_loss).collect();
            let (m, sd) = mean_sd(&losses);
            row["best_loss"] = json!({ "mean": m, "sd": sd, "min": losses.iter().cloned().fold(f64::INFINITY, f64::min), "max": losses.iter().cloned().fold(f64::NEG_INFINITY, f64::max) });
            let accs: Vec<f64> = full.iter().filter_map(|s| s[i].as_ref().unwrap().final_test_accuracy).collect();
            if accs.len() == full.len() {
                let (m, sd) = mean_sd(&accs);
                row["best_test_accuracy"] = json!({ "mean": m, "sd": sd });
            }
        }
        summary.push(row);
    }
    let missing_names: Vec<String> = missing.iter().map(|&i| cells[i].name()).collect();
    let value = json!({
        "format": "gradlab-sweep", "version": 1, "core": env!("CARGO_PKG_VERSION"),
        "spec": spec_json, "cells": cells.len(), "complete": problems.is_empty(),
        "lrs": spec.lrs, "seeds": spec.seeds, "entrants": spec.entrants,
        "summary": summary, "tables": tables, "missing": missing_names, "problems": problems,
    });
    Ok(Merged { value, problems })
}

/// A race row without its wall-clock times (each record keeps its own under `timing`).
pub(super) fn timeless(mut row: Value) -> Value {
    if let Some(o) = row.as_object_mut() {
        o.retain(|k, _| k != "seconds" && k != "seconds_to_target");
    }
    row
}

/// The summary as a text table.
pub(super) fn table(merged: &Value) -> String {
    let mut out = format!("{:<32} {:>10} {:>22} {:>16} {:>6}\n", "optimizer", "best lr", "final loss (mean ± sd)", "test acc (mean)", "seeds");
    for r in merged["summary"].as_array().into_iter().flatten() {
        let lr = r["best_lr"].as_f64().map_or("–".into(), |v| format!("{v:.3e}"));
        let loss = r["best_loss"]["mean"].as_f64().map_or("–".into(), |m| format!("{m:.4} ± {:.4}", r["best_loss"]["sd"].as_f64().unwrap_or(0.0)));
        let acc = r["best_test_accuracy"]["mean"].as_f64().map_or("–".into(), |a| format!("{a:.3}"));
        out += &format!("{:<32} {:>10} {:>22} {:>16} {:>3}/{}\n", r["label"].as_str().unwrap_or("?"), lr, loss, acc, r["seeds"], r["seeds_expected"]);
    }
    let problems = merged["problems"].as_array().map_or(0, |p| p.len());
    if problems > 0 {
        out += &format!("{problems} problem(s): see \"problems\" in the merged file (also on stderr)\n");
    }
    out
}
