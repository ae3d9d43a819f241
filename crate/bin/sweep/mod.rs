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

mod merge;
mod record;
mod spec;

use crate::error::{io, CliError};
use merge::*;
use record::*;
use spec::*;
use clap::Subcommand;
use std::path::PathBuf;

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

pub fn run(action: Action) -> Result<(), CliError> {
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
            std::fs::create_dir_all(&out).map_err(io(&out))?;
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
                    std::fs::write(&path, text + "\n").map_err(io(&path))?;
                    print!("{}", table(&merged.value));
                }
            }
            Ok(())
        }
    }
}

fn cell_from_env() -> Result<usize, CliError> {
    for var in ["SLURM_ARRAY_TASK_ID", "GRADLAB_CELL"] {
        if let Ok(v) = std::env::var(var) {
            return v.trim().parse().map_err(|_| CliError::from(format!("${var}: {v:?} is not a cell index")));
        }
    }
    Err("sweep run: give --cell I (or set SLURM_ARRAY_TASK_ID or GRADLAB_CELL), or --all".into())
}

