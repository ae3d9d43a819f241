//! The sweep spec and its cells: expansion of the varying keys and the race check.

use crate::error::{io, CliError};
use crate::commands;
use gradlab::labs::race::{self};
use gradlab::train::RunConfig;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// A parsed spec, kept with its JSON (each record carries it, so merge needs only records).
#[derive(Clone)]
pub struct Spec {
    pub(super) json: Value,
    pub(super) fixed: Vec<String>,
    /// Varying keys other than lr, each with its values as `--set` text.
    pub(super) vary: Vec<(String, Vec<String>)>,
    pub(super) lrs: Option<Vec<f64>>,
    pub(super) entrants: Vec<String>,
    pub(super) seeds: Option<Vec<u32>>,
    pub(super) steps: u64,
    pub(super) every: u64,
    pub(super) target: f64,
}

pub struct Cell {
    pub(super) index: usize,
    /// Cells of one group (one seed, one setting of the varying keys) race each other.
    pub(super) group: usize,
    pub(super) seed: u32,
    pub(super) entrant: usize,
    pub(super) entrant_spec: String,
    /// The varying keys' values (lr aside).
    pub(super) vary: Vec<(String, String)>,
    pub(super) config: RunConfig,
}

impl Cell {
    pub(super) fn describe(&self) -> Value {
        let vary: Map<String, Value> = self.vary.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
        json!({
            "cell": self.index, "seed": self.seed, "entrant": self.entrant_spec,
            "lr": self.config.optimizer.lr, "vary": vary, "config": self.config.to_value(),
        })
    }
    pub(super) fn name(&self) -> String {
        let vary: Vec<String> = self.vary.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let mut s = format!("cell {} ({} lr={} seed={}", self.index, self.entrant_spec, self.config.optimizer.lr, self.seed);
        for v in vary {
            s.push(' ');
            s.push_str(&v);
        }
        s + ")"
    }
}

pub(super) fn text(v: &Value) -> Result<String, CliError> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(format!("{other} is not a string, number or boolean (a list varies the key)").into()),
    }
}

impl Spec {
    pub fn read(path: &Path) -> Result<Spec, CliError> {
        let body = std::fs::read_to_string(path).map_err(io(&path))?;
        let json: Value = serde_json::from_str(&body).map_err(|e| CliError::in_file(path, e))?;
        Spec::from_value(json).map_err(|e| CliError::in_file(path, e))
    }

    pub fn from_value(json: Value) -> Result<Spec, CliError> {
        let obj = json.as_object().ok_or("a spec is a JSON object")?;
        for k in obj.keys() {
            if !["set", "entrants", "seeds", "steps", "every", "target"].contains(&k.as_str()) {
                return Err(format!("unknown spec key {k:?} (set, entrants, seeds, steps, every, target)").into());
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
                            return Err(format!("set.{k}: an empty list").into());
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
    pub fn cells(&self) -> Result<Vec<Cell>, CliError> {
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
                            Some(r) => base.with_lr(self.lrs.as_ref().unwrap()[r]),
                            None => base.clone(),
                        };
                        cells.push(Cell { index: cells.len(), group, seed: config.training.seed, entrant: e, entrant_spec: spec.clone(), vary: combo.clone(), config });
                    }
                }
            }
        }
        Ok(cells)
    }
}

/// Cells of one seed and one setting of the varying keys race each other: the race's check.
pub(super) fn check_races(cells: &[Cell]) -> Result<(), CliError> {
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
