//! `gradlab prune`: the accuracy-vs-sparsity table (a dense baseline, then each criterion
//! at each sparsity), or with --lottery the lottery-ticket rounds with their two controls.

use crate::error::CliError;
use gradlab::labs::lottery::{lottery, LotteryConfig};
use gradlab::labs::prune_sweep::sweep;
use gradlab::sparsity::Criterion;
use serde_json::Value;
use std::path::Path;

pub struct PruneArgs<'a> {
    pub file: Option<&'a Path>,
    pub set: &'a [String],
    pub sparsities: &'a str,
    pub methods: &'a str,
    pub after: &'a str,
    pub lottery: bool,
    pub rounds: usize,
    pub rate: f64,
    pub rewind: u64,
    pub lottery_criterion: &'a str,
    pub format: &'a str,
}

pub fn run(a: &PruneArgs) -> Result<(), CliError> {
    if !matches!(a.format, "json" | "csv") {
        return Err(format!("--format: {:?} is not json or csv", a.format).into());
    }
    // Every row sets its own criterion; a placeholder one lets `sparse-training` validate
    // without a `prune` key (a --set prune=… given by the user comes later and wins).
    let mut set = vec!["prune=random".to_string()];
    set.extend_from_slice(a.set);
    let config = crate::commands::load_config(a.file, &set)?;
    let (value, keys): (Value, &[&str]) = if a.lottery {
        let criterion = match a.lottery_criterion {
            "magnitude" => Criterion::Magnitude,
            "global-magnitude" => Criterion::GlobalMagnitude,
            other => return Err(format!("--lottery-criterion: {other:?} is not magnitude or global-magnitude").into()),
        };
        let lc = LotteryConfig { rounds: a.rounds, rate: a.rate, rewind: a.rewind, criterion };
        let rounds = lottery(&config, &lc).map_err(|e| CliError::under("--lottery: ", e))?;
        // Flatten each control into its own columns for the table.
        let rows = Value::Array(
            rounds.iter()
                .map(|r| {
                    let o = |x: &gradlab::labs::lottery::Outcome| (x.test_accuracy, x.train_loss);
                    serde_json::json!({
                        "round": r.round, "sparsity": r.sparsity, "nonzeros": r.nonzeros,
                        "ticket_test_accuracy": o(&r.ticket).0, "ticket_train_loss": o(&r.ticket).1,
                        "reinit_test_accuracy": o(&r.reinit).0, "reinit_train_loss": o(&r.reinit).1,
                        "random_mask_test_accuracy": o(&r.random_mask).0, "random_mask_train_loss": o(&r.random_mask).1,
                    })
                })
                .collect(),
        );
        (rows, LOTTERY_COLUMNS)
    } else {
        let sparsities: Vec<f64> = a
            .sparsities
            .split(',')
            .map(|t| t.trim().parse::<f64>().map_err(|_| format!("--sparsities: {t:?} is not a number")))
            .collect::<Result<_, _>>()?;
        if let Some(s) = sparsities.iter().find(|s| !(0.0..1.0).contains(*s)) {
            return Err(format!("--sparsities: {s} is outside [0, 1)").into());
        }
        let methods: Vec<Criterion> = a
            .methods
            .split(',')
            .map(|t| {
                Criterion::from_name(t.trim()).filter(|c| *c != Criterion::None).ok_or_else(|| {
                    let names: Vec<&str> = Criterion::ALL[1..].iter().map(|c| c.name()).collect(); // (not none)
                    format!("--methods: {t:?} is not one of {}", names.join(", "))
                })
            })
            .collect::<Result<_, _>>()?;
        let after = match a.after {
            "config" => None,
            t => Some(t.parse::<f64>().ok().filter(|x| (0.0..1.0).contains(x)).ok_or_else(|| {
                format!("--after: {t:?} is not a fraction in [0, 1) of the run, or \"config\" (use prune-at)")
            })?),
        };
        (serde_json::to_value(sweep(&config, &methods, &sparsities, after)?).unwrap(), SWEEP_COLUMNS)
    };
    if a.format == "json" {
        println!("{value}");
    } else {
        print!("{}", csv(&value, keys));
    }
    Ok(())
}

const SWEEP_COLUMNS: &[&str] = &[
    "method", "sparsity", "measured", "prune_at", "steps", "weights", "nonzeros", "flops", "flops_dense", "bytes_sparse",
    "test_accuracy", "test_loss", "train_loss",
];
const LOTTERY_COLUMNS: &[&str] = &[
    "round", "sparsity", "nonzeros", "ticket_test_accuracy", "reinit_test_accuracy", "random_mask_test_accuracy",
    "ticket_train_loss", "reinit_train_loss", "random_mask_train_loss",
];

/// Rows of flat JSON objects as CSV with the given columns.
fn csv(value: &Value, keys: &[&str]) -> String {
    let rows = value.as_array().map(Vec::as_slice).unwrap_or(&[]);
    let mut out = keys.join(",") + "\n";
    for r in rows {
        let cells: Vec<String> = keys
            .iter()
            .map(|k| match &r[*k] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                v => v.to_string(),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}
