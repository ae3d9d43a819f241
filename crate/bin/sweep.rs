//! `gradlab sweep`: a sweep as independent cells, so that Slurm job arrays, Ray or Optuna
//! can distribute it (docs/SCALING.md). `expand` lists the cells, `run` runs one (or all
//! missing ones) and writes one JSON-lines record per cell, `merge` gathers records into the
//! summary table and the file the optimizer page opens.
//!
//! A spec is JSON:
//!
//! ```json
//! {"set": {"dataset": "circle", "hidden": "4", "lr": {"min": 0.001, "max": 1, "points": 4}},
//!  "entrants": ["sgd", "sgd momentum=0.9", "adam"], "seeds": [1, 2], "steps": 300}
//! ```
//!
//! `set` holds the `--set` keys (values as the URL writes them); a list makes the key vary,
//! and `lr` may also be a log grid as `gradlab race --sweep` builds it. `entrants` are
//! `gradlab race --entrant` specs. Cells are ordered seed, then the other varying keys, then
//! entrant, then learning rate. Cells of one seed and one setting of the varying keys race
//! each other: `expand` checks with the race's own check that they share initial weights
//! and minibatch order, and each cell runs exactly as `gradlab race` runs an entrant.

use crate::commands;
use clap::Subcommand;
use gradlab::labs::race::{self, RaceResult};
use gradlab::train::{RunConfig, Trainer};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Subcommand)]
pub enum Action {
    /// Print the spec's cells, one JSON line each: {"cell", "seed", "entrant", "lr", "vary", "config"}.
    Expand {
        spec: PathBuf,
        /// Skip the check that racing cells share initial weights and minibatches.
        #[arg(long)]
        no_check: bool,
    },
    /// Run one cell (--cell, else $SLURM_ARRAY_TASK_ID, else $GRADLAB_CELL) or, with --all,
    /// every cell without a result record in --out; existing records are skipped.
    Run {
        spec: PathBuf,
        #[arg(long, conflicts_with = "all")]
        cell: Option<usize>,
        /// Run every missing cell here, with a progress bar.
        #[arg(long)]
        all: bool,
        /// The folder of result records (cell-I.jsonl).
        #[arg(long, default_value = "runs/sweep")]
        out: PathBuf,
    },
    /// Merge result records (files or folders of cell-*.jsonl) into the summary table;
    /// missing, duplicate and unreadable cells are named. Writes the merged file to --out
    /// (the optimizer page's "Open sweep results" reads it) and prints the table; without
    /// --out, prints the merged file.
    Merge {
        #[arg(required = true)]
        results: Vec<PathBuf>,
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

pub fn run(action: Action) -> Result<(), String> {
    match action {
        Action::Expand { spec, no_check } => {
            let spec = Spec::read(&spec)?;
            let cells = spec.cells()?;
            if !no_check {
                check_races(&cells)?;
            }
            for c in &cells {
                println!("{}", c.describe());
            }
            Ok(())
        }
        Action::Run { spec, cell, all, out } => {
            let spec = Spec::read(&spec)?;
            let cells = spec.cells()?;
            std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
            if all {
                return run_all(&spec, &cells, &out);
            }
            let i = match cell {
                Some(i) => i,
                None => cell_from_env()?,
            };
            let c = cells.get(i).ok_or_else(|| format!("--cell {i}: the spec has {} cells (0..{})", cells.len(), cells.len()))?;
            let path = record_path(&out, i);
            if let Some(existing) = existing_record(&spec, c, &path) {
                eprintln!("gradlab sweep: cell {i} already done ({})", path.display());
                println!("{existing}");
                return Ok(());
            }
            let record = run_cell(&spec, c, cells.len());
            write_record(&path, &record)?;
            println!("{record}");
            Ok(())
        }
        Action::Merge { results, out } => {
            let merged = merge(&results)?;
            for p in &merged.problems {
                eprintln!("gradlab sweep merge: {p}");
            }
            let text = serde_json::to_string(&merged.value).unwrap();
            match out {
                None => println!("{text}"),
                Some(path) => {
                    std::fs::write(&path, text + "\n").map_err(|e| format!("{}: {e}", path.display()))?;
                    print!("{}", table(&merged.value));
                }
            }
            Ok(())
        }
    }
}

fn cell_from_env() -> Result<usize, String> {
    for var in ["SLURM_ARRAY_TASK_ID", "GRADLAB_CELL"] {
        if let Ok(v) = std::env::var(var) {
            return v.trim().parse().map_err(|_| format!("${var}: {v:?} is not a cell index"));
        }
    }
    Err("sweep run: give --cell I (or set SLURM_ARRAY_TASK_ID or GRADLAB_CELL), or --all".into())
}

/// A parsed spec, kept with its JSON (each record carries it, so merge needs only records).
#[derive(Clone)]
pub struct Spec {
    json: Value,
    fixed: Vec<String>,
    /// Varying keys other than lr, each with its values as `--set` text.
    vary: Vec<(String, Vec<String>)>,
    lrs: Option<Vec<f64>>,
    entrants: Vec<String>,
    seeds: Option<Vec<u32>>,
    steps: u64,
    every: u64,
    target: f64,
}

pub struct Cell {
    index: usize,
    /// Cells of one group (one seed, one setting of the varying keys) race each other.
    group: usize,
    seed: u32,
    entrant: usize,
    entrant_spec: String,
    /// The varying keys' values (lr aside).
    vary: Vec<(String, String)>,
    config: RunConfig,
}

impl Cell {
    fn describe(&self) -> Value {
        let vary: Map<String, Value> = self.vary.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
        json!({
            "cell": self.index, "seed": self.seed, "entrant": self.entrant_spec,
            "lr": self.config.lr, "vary": vary, "config": self.config.to_value(),
        })
    }
    fn name(&self) -> String {
        let vary: Vec<String> = self.vary.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let mut s = format!("cell {} ({} lr={} seed={}", self.index, self.entrant_spec, self.config.lr, self.seed);
        for v in vary {
            s.push(' ');
            s.push_str(&v);
        }
        s + ")"
    }
}

fn text(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(format!("{other} is not a string, number or boolean (a list varies the key)")),
    }
}

impl Spec {
    pub fn read(path: &Path) -> Result<Spec, String> {
        let body = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let json: Value = serde_json::from_str(&body).map_err(|e| format!("{}: {e}", path.display()))?;
        Spec::from_value(json).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn from_value(json: Value) -> Result<Spec, String> {
        let obj = json.as_object().ok_or("a spec is a JSON object")?;
        for k in obj.keys() {
            if !["set", "entrants", "seeds", "steps", "every", "target"].contains(&k.as_str()) {
                return Err(format!("unknown spec key {k:?} (set, entrants, seeds, steps, every, target)"));
            }
        }
        let (mut fixed, mut vary, mut lrs) = (Vec::new(), Vec::new(), None);
        if let Some(set) = obj.get("set") {
            let set = set.as_object().ok_or("\"set\" is an object of --set keys")?;
            for (k, v) in set {
                match v {
                    Value::Array(list) if k == "lr" => {
                        let rates: Option<Vec<f64>> = list.iter().map(|v| v.as_f64()).collect();
                        lrs = Some(rates.filter(|r| !r.is_empty()).ok_or("set.lr: a list of numbers")?);
                    }
                    Value::Object(grid) if k == "lr" => {
                        let num = |n: &str| grid.get(n).and_then(|v| v.as_f64()).ok_or(format!("set.lr: {{\"min\", \"max\", \"points\"}}, {n} missing"));
                        let (lo, hi, n) = (num("min")?, num("max")?, num("points")?);
                        if !(lo > 0.0 && hi >= lo && (1.0..=50.0).contains(&n) && n.fract() == 0.0) {
                            return Err("set.lr: need 0 < min ≤ max and 1..=50 points".into());
                        }
                        lrs = Some(race::log_grid(lo, hi, n as usize));
                    }
                    Value::Array(list) => {
                        let values = list.iter().map(text).collect::<Result<Vec<_>, _>>().map_err(|e| format!("set.{k}: {e}"))?;
                        if values.is_empty() {
                            return Err(format!("set.{k}: an empty list"));
                        }
                        vary.push((k.clone(), values));
                    }
                    v => fixed.push(format!("{k}={}", text(v).map_err(|e| format!("set.{k}: {e}"))?)),
                }
            }
        }
        let entrants: Vec<String> = match obj.get("entrants") {
            Some(Value::Array(list)) if !list.is_empty() => list.iter().map(|v| v.as_str().map(String::from)).collect::<Option<_>>().ok_or("\"entrants\": a list of strings like \"adam lr=0.01\"")?,
            _ => return Err("\"entrants\": a non-empty list of strings like \"adam lr=0.01\"".into()),
        };
        let seeds = match obj.get("seeds") {
            None => None,
            Some(Value::Array(list)) if !list.is_empty() => {
                Some(list.iter().map(|v| v.as_u64().and_then(|s| u32::try_from(s).ok())).collect::<Option<Vec<u32>>>().ok_or("\"seeds\": a list of integers in 0..2^32")?)
            }
            Some(_) => return Err("\"seeds\": a non-empty list of integers".into()),
        };
        let int = |k: &str, d: u64| obj.get(k).map_or(Ok(d), |v| v.as_u64().filter(|&n| n >= 1).ok_or(format!("\"{k}\": a positive integer")));
        let steps = int("steps", 2000)?;
        let every = int("every", 100)?;
        let target = obj.get("target").map_or(Ok(0.1), |v| v.as_f64().ok_or("\"target\": a number"))?;
        Ok(Spec { json, fixed, vary, lrs, entrants, seeds, steps, every, target })
    }

    /// Every cell in order, its configuration built as `gradlab race` (and `--sweep`) builds an entrant's.
    pub fn cells(&self) -> Result<Vec<Cell>, String> {
        let mut combos: Vec<Vec<(String, String)>> = vec![vec![]];
        for (k, values) in &self.vary {
            combos = combos.iter().flat_map(|c| values.iter().map(move |v| [c.clone(), vec![(k.clone(), v.clone())]].concat())).collect();
        }
        let seeds: Vec<Option<u32>> = match &self.seeds {
            Some(s) => s.iter().map(|&s| Some(s)).collect(),
            None => vec![None],
        };
        let lrs: Vec<Option<usize>> = match &self.lrs {
            Some(l) => (0..l.len()).map(Some).collect(),
            None => vec![None],
        };
        let mut cells = Vec::new();
        let mut group = 0;
        for seed in &seeds {
            for combo in &combos {
                group += 1;
                let mut set = self.fixed.clone();
                set.extend(combo.iter().map(|(k, v)| format!("{k}={v}")));
                if let Some(s) = seed {
                    set.push(format!("seed={s}"));
                }
                for (e, spec) in self.entrants.iter().enumerate() {
                    let base = commands::entrant(None, &set, spec)?;
                    for &lr in &lrs {
                        let config = match lr {
                            Some(r) => RunConfig { lr: self.lrs.as_ref().unwrap()[r], ..base.clone() },
                            None => base.clone(),
                        };
                        cells.push(Cell { index: cells.len(), group, seed: config.seed, entrant: e, entrant_spec: spec.clone(), vary: combo.clone(), config });
                    }
                }
            }
        }
        Ok(cells)
    }
}

/// Cells of one seed and one setting of the varying keys race each other: the race's check.
fn check_races(cells: &[Cell]) -> Result<(), String> {
    let mut groups: BTreeMap<usize, Vec<&Cell>> = BTreeMap::new();
    for c in cells {
        groups.entry(c.group).or_default().push(c);
    }
    for list in groups.values() {
        let configs: Vec<RunConfig> = list.iter().map(|c| c.config.clone()).collect();
        race::start(&configs).map_err(|e| format!("cells {}..={}: {e}", list[0].index, list[list.len() - 1].index))?;
    }
    Ok(())
}

fn record_path(out: &Path, i: usize) -> PathBuf {
    out.join(format!("cell-{i}.jsonl"))
}

/// Floats in a record's result, also as Rust's shortest round-trip text: merge parses
/// these, so the merged table matches `gradlab race` bit for bit whatever JSON reader
/// wrote or read the record.
const EXACT: [&str; 4] = ["final_train_loss", "final_test_accuracy", "best_test_accuracy", "mean_cosine"];

fn exact(v: Option<f64>) -> Value {
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
fn write_record(path: &Path, record: &Value) -> Result<(), String> {
    let tmp = path.with_extension("jsonl.part");
    std::fs::write(&tmp, format!("{record}\n")).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The record at `path` when it is this cell's under this spec; an unreadable or foreign
/// one is said and run again.
fn existing_record(spec: &Spec, c: &Cell, path: &Path) -> Option<Value> {
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

fn run_all(spec: &Spec, cells: &[Cell], out: &Path) -> Result<(), String> {
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

pub struct Merged {
    pub value: Value,
    pub problems: Vec<String>,
}

fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| format!("{}: {e}", p.display()))?
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

/// A record's race result, its floats read from the exact text.
fn race_result(record: &Value) -> Result<RaceResult, String> {
    let r = &record["result"];
    let f = |k: &str| -> Result<Option<f64>, String> {
        match &record["exact"][k] {
            Value::Null => Ok(None),
            Value::String(s) => s.parse::<f64>().map(Some).map_err(|_| format!("exact.{k}: {s:?} is not a number")),
            _ => Err(format!("exact.{k} is missing")),
        }
    };
    let u = |k: &str| -> Result<Option<u64>, String> {
        match &r[k] {
            Value::Null => Ok(None),
            v => v.as_u64().map(Some).ok_or(format!("result.{k} is not a step")),
        }
    };
    Ok(RaceResult {
        label: r["label"].as_str().ok_or("result.label is missing")?.to_string(),
        steps: u("steps")?.ok_or("result.steps is missing")?,
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

fn without_timing(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("timing");
    }
    v
}

fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let sd = if xs.len() > 1 { (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt() } else { 0.0 };
    (mean, sd)
}

/// Gathers records: each cell once (identical duplicates are named and kept once;
/// differing ones are named and left out), missing cells named, unreadable files named
/// and skipped. Per seed, the tables `gradlab race` (or `race --sweep`) prints; across
/// seeds, each optimizer at its best rate by mean final loss, with the spread.
pub fn merge(paths: &[PathBuf]) -> Result<Merged, String> {
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
            // The run the race view draws: the entrant's one run, or in a sweep its run at
            // this seed's best rate (the first rate when every rate diverged).
            let pick = match &spec.lrs {
                Some(lrs) => race::at_best_rate(&mine[0].config, lrs, &results).best_lr.and_then(|b| lrs.iter().position(|&l| l == b)).unwrap_or(0),
                None => 0,
            };
            let record = &by_cell[mine[pick].index].as_ref().unwrap().1;
            runs.push(json!({ "label": results[pick].label, "lr": mine[pick].config.lr, "result": timeless(serde_json::to_value(&results[pick]).unwrap()), "history": record["history"] }));
            match &spec.lrs {
                Some(lrs) => rows.push(serde_json::to_value(race::at_best_rate(&mine[0].config, lrs, &results)).unwrap()),
                None => {
                    // The race's row, its wall-clock times aside (each record keeps its own).
                    rows.push(timeless(serde_json::to_value(&results[0]).unwrap()))
                }
            }
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
            let base = race::label(&RunConfig { lr: 0.0, ..c.config.clone() }).replace(" lr=0", "");
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
fn timeless(mut row: Value) -> Value {
    if let Some(o) = row.as_object_mut() {
        o.retain(|k, _| k != "seconds" && k != "seconds_to_target");
    }
    row
}

/// The summary as a text table.
fn table(merged: &Value) -> String {
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
