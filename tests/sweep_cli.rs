//! `gradlab sweep` end to end: expand → run every cell apart → merge gives the tables
//! `gradlab race` (and `race --sweep`) print, bit for bit; reruns skip finished cells;
//! corrupt, partial, missing and duplicate records are named and the rest merges.
#![cfg(feature = "cli")]

mod common;
use common::{gradlab, json, stderr, stdout, tmp};

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const SWEEP: &str = r#"{"set": {"dataset": "circle", "hidden": "4", "lr": {"min": 0.001, "max": 1, "points": 3}},
  "entrants": ["sgd", "sgd momentum=0.9", "adam"], "seeds": [1, 2], "steps": 200, "every": 50}"#;

fn spec(dir: &Path, text: &str) -> PathBuf {
    let p = dir.join("spec.json");
    std::fs::write(&p, text).unwrap();
    p
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn lines(text: &str) -> Vec<Value> {
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn without_timing(mut v: Value) -> Value {
    v.as_object_mut().unwrap().remove("timing");
    v
}

/// Runs cells one process each, as an array job would, with the index in each of the ways.
fn run_cells(spec: &Path, out: &Path, cells: std::ops::Range<usize>) {
    for i in cells {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gradlab"));
        cmd.args(["sweep", "run", s(spec), "--out", s(out)]);
        match i % 3 {
            0 => cmd.args(["--cell", &i.to_string()]),
            1 => cmd.env("SLURM_ARRAY_TASK_ID", i.to_string()),
            _ => cmd.env("GRADLAB_CELL", i.to_string()),
        };
        stdout(&cmd.output().unwrap());
    }
}

#[test]
fn cells_run_apart_merge_to_the_race_sweep_bit_for_bit() {
    let dir = tmp("sweep");
    let spec = spec(&dir, SWEEP);
    let cells = lines(&stdout(&gradlab(&["sweep", "expand", s(&spec)])));
    assert_eq!(cells.len(), 2 * 3 * 3);
    assert_eq!((cells[4]["cell"].as_u64(), cells[4]["entrant"].as_str(), cells[4]["seed"].as_u64()), (Some(4), Some("sgd momentum=0.9"), Some(1)));
    let out = dir.join("results");
    run_cells(&spec, &out, 0..cells.len());
    let merged_path = dir.join("merged.json");
    let table = stdout(&gradlab(&["sweep", "merge", s(&out), "--out", s(&merged_path)]));
    assert!(table.contains("sgd momentum=0.9") && !table.contains("problem"), "{table}");
    let merged_text = std::fs::read_to_string(&merged_path).unwrap();
    let merged: Value = serde_json::from_str(&merged_text).unwrap();
    assert_eq!(merged["complete"], true);
    assert_eq!(merged["summary"].as_array().unwrap().len(), 3);
    for seed in [1, 2] {
        let race = stdout(&gradlab(&[
            "race", "--set", "dataset=circle", "--set", "hidden=4", "--set", &format!("seed={seed}"),
            "--entrant", "sgd", "--entrant", "sgd momentum=0.9", "--entrant", "adam",
            "--sweep", "--lr-min", "0.001", "--lr-max", "1", "--lr-points", "3", "--steps", "200",
        ]));
        // The very text race prints, inside the merged file.
        let needle = format!("\"sweep\":{}", race.trim());
        assert!(merged_text.contains(&needle), "seed {seed}: merged tables differ from `gradlab race --sweep`:\n{}\n{}", race.trim(), merged_text);
    }
    // Each optimizer at its best mean rate, with the spread over the two seeds.
    let sgd = &merged["summary"][0];
    assert_eq!(sgd["seeds"], 2);
    let best = sgd["best_loss"]["mean"].as_f64().unwrap();
    let means: Vec<f64> = sgd["mean_final_loss"].as_array().unwrap().iter().filter_map(|v| v.as_f64()).collect();
    assert_eq!(best, means.iter().cloned().fold(f64::INFINITY, f64::min));
    assert!(sgd["best_loss"]["sd"].as_f64().unwrap() > 0.0);

    // A rerun skips every finished cell and leaves the records as they were.
    let before = std::fs::read_to_string(out.join("cell-5.jsonl")).unwrap();
    let again = gradlab(&["sweep", "run", s(&spec), "--all", "--out", s(&out)]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("0 to run"), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(std::fs::read_to_string(out.join("cell-5.jsonl")).unwrap(), before);

    // The same record from another process (another machine), timing aside.
    let elsewhere = dir.join("elsewhere");
    run_cells(&spec, &elsewhere, 5..6);
    let a: Value = serde_json::from_str(&before).unwrap();
    let b: Value = serde_json::from_str(&std::fs::read_to_string(elsewhere.join("cell-5.jsonl")).unwrap()).unwrap();
    assert_eq!(without_timing(a.clone()), without_timing(b));
    for key in ["config", "result", "history", "version", "spec", "timing"] {
        assert!(!a[key].is_null(), "record has {key}");
    }
    assert_eq!(a["history"].as_array().unwrap().len(), 200 / 50);
}

#[test]
fn a_race_spec_merges_to_the_race_table() {
    let dir = tmp("sweep-race");
    let spec = spec(&dir, r#"{"set": {"dataset": "xor", "hidden": "6"}, "entrants": ["adam lr=0.01", "sgd lr=0.1 momentum=0.9"], "steps": 300, "every": 100, "target": 0.3}"#);
    let out = dir.join("results");
    stdout(&gradlab(&["sweep", "run", s(&spec), "--all", "--out", s(&out)]));
    let merged = json(&gradlab(&["sweep", "merge", s(&out.join("cell-0.jsonl")), s(&out.join("cell-1.jsonl"))]));
    let race = json(&gradlab(&["race", "--set", "dataset=xor", "--set", "hidden=6", "--entrant", "adam lr=0.01", "--entrant", "sgd lr=0.1 momentum=0.9", "--steps", "300", "--every", "100", "--target", "0.3"]));
    let timeless = |mut v: Value| {
        for r in v.as_array_mut().unwrap() {
            let o = r.as_object_mut().unwrap();
            o.remove("seconds");
            o.remove("seconds_to_target");
        }
        v
    };
    assert_eq!(merged["tables"][0]["race"], timeless(race.clone()));
    // The race view's curves: each entrant's run with its history, as its record has it.
    let runs = merged["tables"][0]["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2);
    for (i, run) in runs.iter().enumerate() {
        assert_eq!(run["result"], timeless(race.clone())[i]);
        let record: Value = serde_json::from_str(&std::fs::read_to_string(out.join(format!("cell-{i}.jsonl"))).unwrap()).unwrap();
        assert_eq!(run["history"], record["history"]);
        assert_eq!(run["history"].as_array().unwrap().len(), 3);
    }
}

#[test]
fn racing_cells_must_share_everything_but_optimizer_settings() {
    let dir = tmp("sweep-unfair");
    let spec = spec(&dir, r#"{"set": {"dataset": "xor"}, "entrants": ["adam", "sgd seed=9"], "steps": 10}"#);
    assert!(stderr(&gradlab(&["sweep", "expand", s(&spec)])).contains("differs from the first"));
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"set": {"dataset": "xor"}, "entrant": ["adam"]}"#).unwrap();
    assert!(stderr(&gradlab(&["sweep", "expand", s(&bad)])).contains("unknown spec key"));
    assert!(stderr(&gradlab(&["sweep", "run", s(&spec), "--cell", "7", "--out", s(&dir.join("o"))])).contains("2 cells"));
}

#[test]
fn corrupt_partial_missing_and_duplicate_records_are_named_and_the_rest_merges() {
    let dir = tmp("sweep-broken");
    let spec = spec(&dir, r#"{"set": {"dataset": "circle", "hidden": "4", "lr": [0.01, 0.1]}, "entrants": ["sgd", "adam"], "seeds": [1, 2], "steps": 100}"#);
    let out = dir.join("results");
    stdout(&gradlab(&["sweep", "run", s(&spec), "--all", "--out", s(&out)]));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 8);
    // Partial: cell 1 cut off mid-line. Corrupt: not JSON. Missing: cell 6. Duplicates:
    // cell 2 twice (same), cell 3 twice (different).
    let partial = std::fs::read_to_string(out.join("cell-1.jsonl")).unwrap();
    std::fs::write(out.join("cell-1.jsonl"), &partial[..partial.len() / 2]).unwrap();
    std::fs::write(out.join("junk.jsonl"), "\u{0}\u{1}garbage\n").unwrap();
    std::fs::remove_file(out.join("cell-6.jsonl")).unwrap();
    std::fs::copy(out.join("cell-2.jsonl"), out.join("copy-2.jsonl")).unwrap();
    let three = std::fs::read_to_string(out.join("cell-3.jsonl")).unwrap();
    let mut v: Value = serde_json::from_str(&three).unwrap();
    v["exact"]["final_train_loss"] = Value::String("0.5".into());
    std::fs::write(out.join("other-3.jsonl"), v.to_string()).unwrap();

    let o = gradlab(&["sweep", "merge", s(&out)]);
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    let merged: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(merged["complete"], false);
    let problems = merged["problems"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect::<Vec<_>>().join("\n");
    for needle in ["cell-1.jsonl: line 1: corrupt or partial", "junk.jsonl: line 1: corrupt or partial", "missing cell 6 (adam lr=0.01 seed=2)", "copy-2.jsonl:1 repeats", "counted once", "other-3.jsonl:1 differs", "missing cell 1 (sgd lr=0.1 seed=1)"] {
        assert!(problems.contains(needle), "{needle:?} not in:\n{problems}");
        assert!(err.contains(needle), "{needle:?} not on stderr:\n{err}");
    }
    // Seed 1 lost sgd (cell 1) and adam (cell 3); seed 2 lost adam (cell 6): only seed 2's
    // sgd row is whole, and no average counts a missing or doubtful cell.
    assert_eq!(merged["missing"].as_array().unwrap().len(), 3);
    let tables = merged["tables"].as_array().unwrap();
    assert_eq!(tables[0]["sweep"].as_array().unwrap().len(), 0);
    assert_eq!(tables[1]["sweep"].as_array().unwrap().len(), 1);
    assert_eq!((merged["summary"][0]["seeds"].as_u64(), merged["summary"][1]["seeds"].as_u64()), (Some(1), Some(0)));
    assert!(merged["summary"][1]["best_lr"].is_null());

    // Nothing readable at all is an error that names the files.
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(empty.join("cell-0.jsonl"), "{\"cell\": 0").unwrap();
    assert!(stderr(&gradlab(&["sweep", "merge", s(&empty)])).contains("cell-0.jsonl: line 1: corrupt or partial"));

    // A rerun runs the missing and broken cells again and the merge is whole.
    std::fs::remove_file(out.join("junk.jsonl")).unwrap();
    std::fs::remove_file(out.join("other-3.jsonl")).unwrap();
    std::fs::remove_file(out.join("copy-2.jsonl")).unwrap();
    let again = gradlab(&["sweep", "run", s(&spec), "--all", "--out", s(&out)]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("6 done, 2 to run"), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(json(&gradlab(&["sweep", "merge", s(&out)]))["complete"], true);
}
