//! `gradlab data --link` and `gradlab train --link` against the Playground's own values
//! (tests/fixtures/tfp, written by scripts/tfp/fixtures.mjs from the Playground's code run
//! in headless Chromium).
#![cfg(feature = "cli")]

mod common;
use common::{gradlab, json, stdout, tmp};

use gradlab::io::load_model;
use serde_json::Value;
use std::path::PathBuf;

fn fixture(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tfp").join(format!("{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn rows(csv: &str) -> Vec<Vec<String>> {
    csv.lines().skip(1).map(|l| l.split(',').map(str::to_string).collect()).collect()
}

#[test]
fn data_link_raw_writes_the_playgrounds_points_train_then_test() {
    for name in ["default", "reg-plane-tanh", "noise-90-batch1"] {
        let f = fixture(name);
        let out = gradlab(&["data", "--link", f["link"].as_str().unwrap(), "--raw"]);
        let text = stdout(&out);
        assert!(text.starts_with("x,y,label,split\n"), "{name}");
        let rows = rows(&text);
        assert_eq!(rows.len() as u64, f["count"].as_u64().unwrap(), "{name}");
        let split = f["split_index"].as_u64().unwrap() as usize;
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(r[3], if i < split { "train" } else { "test" }, "{name}: row {i}");
        }
        for (i, p) in f["first_points"].as_array().unwrap().iter().enumerate() {
            let x: f64 = rows[i][0].parse().unwrap();
            let y: f64 = rows[i][1].parse().unwrap();
            let label: f64 = rows[i][2].parse().unwrap();
            assert_eq!((x as f32, y as f32, label as f32), (p["x"].as_f64().unwrap() as f32, p["y"].as_f64().unwrap() as f32, p["label"].as_f64().unwrap() as f32), "{name}: point {i}");
        }
    }
    let test_only = stdout(&gradlab(&["data", "--link", fixture("default")["link"].as_str().unwrap(), "--split", "test"]));
    assert_eq!(rows(&test_only).len(), 250);
    assert!(rows(&test_only).iter().all(|r| r[3] == "test"));
}

#[test]
fn train_link_writes_the_playgrounds_loss_curve_and_initial_network() {
    for name in ["default", "xor-relu-batch7", "reg-gauss-relu-l1", "circle-linear-empty-l1"] {
        let f = fixture(name);
        let dir = tmp(&format!("tfp-{name}"));
        let link = f["link"].as_str().unwrap();
        // epochs=0: the initial network, layers.{i}.weight [out, in] in the Playground's node order.
        let summary = json(&gradlab(&["train", "--link", link, "--set", "epochs=0", "--out", dir.to_str().unwrap()]));
        assert_eq!(summary["seed"], f["seed"]);
        let (config, params) = load_model(&std::fs::read(dir.join("model.safetensors")).unwrap()).unwrap();
        let shape: Vec<usize> = serde_json::from_value(f["shape"].clone()).unwrap();
        assert_eq!(config.sizes, shape, "{name}");
        let mut expected = Vec::new();
        for layer in f["layers"].as_array().unwrap() {
            let nodes = layer.as_array().unwrap();
            for node in nodes {
                expected.extend(node["weights"].as_array().unwrap().iter().map(|w| w.as_f64().unwrap() as f32));
            }
            expected.extend(nodes.iter().map(|n| n["bias"].as_f64().unwrap() as f32));
        }
        assert_eq!(params, expected, "{name}: weights then biases per layer, in f32");
        // 50 epochs: the loss after each within 1e-3 relative of the Playground's.
        json(&gradlab(&["train", "--link", link, "--set", "epochs=50", "--out", dir.to_str().unwrap()]));
        let metrics = std::fs::read_to_string(dir.join("metrics.csv")).unwrap();
        assert!(metrics.starts_with("epoch,train_loss,test_loss\n"));
        let rows = rows(&metrics);
        assert_eq!(rows.len(), 51, "{name}: epochs 0..=50");
        for (row, expected) in rows.iter().zip(f["loss"].as_array().unwrap()) {
            for k in 0..2 {
                let (ours, theirs): (f64, f64) = (row[k + 1].parse().unwrap(), expected[k].as_f64().unwrap());
                assert!((ours - theirs).abs() <= 1e-3 * theirs.abs(), "{name}: epoch {}: {ours} vs {theirs}", row[0]);
            }
        }
    }
}

#[test]
fn a_seedless_link_names_the_seed_it_picked_and_that_seed_repeats_the_run() {
    let link = fixture("seedless")["link"].as_str().unwrap().to_string();
    let first = gradlab(&["data", "--link", &link, "--raw"]);
    let message = String::from_utf8(first.stderr.clone()).unwrap();
    let seed = message.split("seed=").nth(1).unwrap().split(';').next().unwrap().to_string();
    assert!(seed.len() == 7 && seed.starts_with("0."), "{message}");
    let again = gradlab(&["data", "--link", &link, "--raw", "--set", &format!("seed={seed}")]);
    assert_eq!(stdout(&first), stdout(&again));
    assert!(again.stderr.is_empty(), "{}", String::from_utf8_lossy(&again.stderr));
}

#[test]
fn malformed_link_keys_are_named_on_stderr_and_the_run_goes_on() {
    let out = gradlab(&["data", "--link", "https://playground.tensorflow.org/#dataset=moons&batchSize=0&seed=1&noise=loud", "--raw"]);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 501);
    let err = String::from_utf8(out.stderr).unwrap();
    for key in ["dataset:", "batchSize:", "noise:"] {
        assert!(err.contains(&format!("link: {key}")), "{key} not named in {err}");
    }
}

#[test]
fn data_raw_writes_our_own_sets_points_with_their_split() {
    let text = stdout(&gradlab(&["data", "circle", "--raw", "--set", "samples=40"]));
    let rows = rows(&text);
    assert!(text.starts_with("x,y,label,split\n"));
    assert!(!rows.is_empty() && rows.iter().all(|r| r.len() == 4 && (r[3] == "train" || r[3] == "test")));
}

#[test]
fn fuzzing_the_playground_link_reader_briefly_finds_nothing() {
    let root = env!("CARGO_MANIFEST_DIR");
    let v = json(&gradlab(&["fuzz", "--target", "tfp", "--seconds", "2", "--seed", "3", "--root", root]));
    assert!(v["executions"].as_u64().unwrap() > 100, "{v}");
    assert_eq!(v["failures"], serde_json::json!([]), "{v}");
}
