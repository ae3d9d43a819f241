//! `gradlab prune` end to end: the table as JSON and CSV with its dense baseline, the
//! lottery rounds, a pruned `train` whose model file carries the mask, and clear errors.
#![cfg(feature = "cli")]

mod common;
use common::{gradlab, stderr, stdout};

use serde_json::Value;

const SMALL: [&str; 6] = ["--set", "dataset=spiral", "--set", "hidden=12,8", "--set", "epochs=5"];

#[test]
fn prune_prints_the_accuracy_vs_sparsity_table_with_the_dense_baseline() {
    let mut args = vec!["prune", "--methods", "magnitude,snip,n-m", "--sparsities", "0.5,0.9"];
    args.extend(SMALL);
    let rows: Value = serde_json::from_str(&stdout(&gradlab(&args))).unwrap();
    let rows = rows.as_array().unwrap();
    // dense + magnitude × 2 + snip × 2 + n-m once.
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[0]["method"], "dense");
    assert_eq!(rows[0]["nonzeros"], rows[0]["weights"]);
    // [2, 12, 8, 1]: 128 weights; magnitude at 0.9 keeps 2 + 10 + 1 = 13 (round(0.1·n), ≥ 1).
    assert_eq!(rows[2]["method"], "magnitude");
    assert_eq!(rows[2]["nonzeros"], 13);
    // FLOPs: 2 per live weight + 1 per bias (21 biases): 2·13 + 21 = 47; dense 2·128 + 21 = 277.
    assert_eq!(rows[2]["flops"], 47);
    assert_eq!(rows[2]["flops_dense"], 277);
    // Trained-weight criteria prune halfway (5 epochs of 250 rows in batches of 10: 125 steps → 63);
    // snip at initialization.
    assert_eq!(rows[2]["prune_at"], 63);
    assert_eq!(rows[3]["prune_at"], 0);
    assert_eq!(rows[5]["method"], "n-m");
    assert_eq!(rows[5]["sparsity"], 0.5);
    assert!(rows.iter().all(|r| r["test_accuracy"].as_f64().is_some_and(|a| (0.0..=1.0).contains(&a))));

    let mut args = vec!["prune", "--methods", "random", "--sparsities", "0.8", "--format", "csv"];
    args.extend(SMALL);
    let text = stdout(&gradlab(&args));
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("method,sparsity,measured,prune_at"), "{}", lines[0]);
    assert_eq!(lines.len(), 3);
    assert!(lines[2].starts_with("random,0.8,"), "{}", lines[2]);
}

#[test]
fn prune_lottery_prints_one_row_per_round_with_both_controls() {
    let mut args = vec!["prune", "--lottery", "--rounds", "2", "--rate", "0.5", "--format", "csv"];
    args.extend(SMALL);
    let text = stdout(&gradlab(&args));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "round,sparsity,nonzeros,ticket_test_accuracy,reinit_test_accuracy,random_mask_test_accuracy,ticket_train_loss,reinit_train_loss,random_mask_train_loss");
    assert_eq!(lines.len(), 4);
    assert!(lines[3].starts_with("2,0.75,"), "{}", lines[3]);
}

#[test]
fn a_pruned_training_run_saves_its_mask_in_the_model_file() {
    let out = std::env::temp_dir().join(format!("gradlab-prune-cli-{}", std::process::id()));
    let o = gradlab(&["train", "--quiet", "--out", out.to_str().unwrap(), "--set", "dataset=spiral", "--set", "hidden=8", "--set", "epochs=2", "--set", "prune=lamp", "--set", "sparsity=0.75"]);
    let summary: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(summary["sparsity"]["nonzeros"], 6);
    let bytes = std::fs::read(out.join("model.safetensors")).unwrap();
    let mask = gradlab::io::load_mask(&bytes).unwrap().expect("a mask in the metadata");
    let (config, _) = gradlab::io::load_model(&bytes).unwrap();
    let layout = gradlab::nn::Layout::new(&config.sizes);
    // [2, 8, 1]: 24 weights, global by LAMP score: round(0.25·24) = 6 kept.
    assert_eq!(mask.live_per_layer(&layout).iter().sum::<usize>(), 6);
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn bad_prune_flags_and_settings_give_clear_errors() {
    assert!(stderr(&gradlab(&["prune", "--methods", "obd"])).contains("--methods: \"obd\" is not one of magnitude"));
    assert!(stderr(&gradlab(&["prune", "--sparsities", "0.5,1"])).contains("--sparsities: 1 is outside [0, 1)"));
    assert!(stderr(&gradlab(&["prune", "--after", "2"])).contains("--after"));
    let e = stderr(&gradlab(&["prune", "--set", "prune-n=5", "--set", "prune-m=4"]));
    assert!(e.contains("prune-n"), "{e}");
    assert!(stderr(&gradlab(&["prune", "--format", "xml"])).contains("--format"));
}
