//! The `gradlab` binary end to end: data, train, grad (against finite differences),
//! serve, and clear errors for broken inputs.
#![cfg(feature = "cli")]

mod common;
use common::{gradlab, stderr, stdout, tmp};

use gradlab::autodiff::gradcheck::numeric_gradient;
use gradlab::io::load_model;
use gradlab::nn::Mlp;
use gradlab::tensor::Mat;
use serde_json::Value;
use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;

#[test]
fn data_writes_a_csv_with_features_then_the_label() {
    let text = stdout(&gradlab(&["data", "xor", "--set", "samples=40", "--set", "features=x1,x2,x1-x2"]));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "x1,x2,x1-x2,label");
    assert_eq!(lines.len(), 41);
    for line in &lines[1..] {
        let v: Vec<f32> = line.split(',').map(|c| c.parse().unwrap()).collect();
        assert!((v[2] - v[0] * v[1]).abs() < 1e-4);
        assert!(v[3] == 0.0 || v[3] == 1.0);
    }
    let digits = stdout(&gradlab(&["data", "digits", "--split", "test", "--set", "train-ratio=0.7"]));
    assert_eq!(digits.lines().count(), 1 + 1797 - 1257);
}

#[test]
fn train_writes_metrics_and_a_model_and_grad_matches_finite_differences() {
    let dir = tmp("train");
    let config = dir.join("run.json");
    std::fs::write(&config, r#"{"dataset": "spiral", "hidden": [6], "optimizer": "adam", "lr": 0.01, "epochs": 4, "regularization": "l2", "reg-rate": 0.001}"#).unwrap();
    let out = dir.join("out");
    let summary: Value = serde_json::from_str(&stdout(&gradlab(&[
        "train", "--config", config.to_str().unwrap(), "--set", "seed=3", "--out", out.to_str().unwrap(), "--quiet",
    ])))
    .unwrap();
    assert_eq!(summary["epochs"], 4.0);
    assert!(summary["test"]["accuracy"].as_f64().unwrap() > 0.0);
    let metrics = std::fs::read_to_string(out.join("metrics.csv")).unwrap();
    assert_eq!(metrics.lines().count(), 1 + 4);
    let model_path = out.join("model.safetensors");
    let (model, params) = load_model(&std::fs::read(&model_path).unwrap()).unwrap();
    assert_eq!(model.sizes, vec![2, 6, 1]);

    let csv = dir.join("d.csv");
    stdout(&gradlab(&["data", "spiral", "--set", "samples=30", "--set", "data-seed=9", "--out", csv.to_str().unwrap()]));
    let result: Value = serde_json::from_str(&stdout(&gradlab(&["grad", "--model", model_path.to_str().unwrap(), "--data", csv.to_str().unwrap()]))).unwrap();
    // Independent check: central differences of the data loss plus the model's L2 penalty.
    let table = gradlab::data::csv::parse(&std::fs::read_to_string(&csv).unwrap(), &Default::default()).unwrap();
    let x = Mat::from_shape_fn((table.rows(), 2), |(i, j)| table.row(i)[j]);
    let y: Vec<f32> = (0..table.rows()).map(|i| table.row(i)[2]).collect();
    let mlp = Mlp::from_config(&model);
    let mut numeric = numeric_gradient(&mlp, &params, x.view(), &y, model.loss, 1e-2);
    for s in &mlp.layout.layers {
        for i in s.weight.clone() {
            numeric[i] += 0.001 * params[i] as f64;
        }
    }
    let mut flat = Vec::new();
    for (name, shape, _) in mlp.layout.tensors() {
        let t = &result["grad"][&name];
        if shape.len() == 2 {
            let rows = t.as_array().unwrap();
            assert_eq!(rows.len(), shape[0], "{name} rows");
            for r in rows {
                assert_eq!(r.as_array().unwrap().len(), shape[1], "{name} columns");
                flat.extend(r.as_array().unwrap().iter().map(|v| v.as_f64().unwrap()));
            }
        } else {
            flat.extend(t.as_array().unwrap().iter().map(|v| v.as_f64().unwrap()));
        }
    }
    for (a, n) in flat.iter().zip(&numeric) {
        assert!((a - n).abs() < 2e-3 * n.abs().max(1.0), "{a} vs {n}");
    }
    assert!(result["loss"].as_f64().unwrap() > 0.0);
}

#[test]
fn broken_inputs_give_clear_errors() {
    let dir = tmp("broken");
    let out = dir.join("run");
    stdout(&gradlab(&["train", "--set", "epochs=1", "--out", out.to_str().unwrap(), "--quiet"]));
    let model = out.join("model.safetensors");
    let bytes = std::fs::read(&model).unwrap();
    let truncated = dir.join("truncated.safetensors");
    std::fs::write(&truncated, &bytes[..bytes.len() - 5]).unwrap();
    let csv = dir.join("bad.csv");
    std::fs::write(&csv, "x1,x2,label\n1,2,0\n3,oops,1\n").unwrap();
    let good_csv = dir.join("good.csv");
    std::fs::write(&good_csv, "1,2,0\n3,4,1\n").unwrap();
    let wide_csv = dir.join("wide.csv");
    std::fs::write(&wide_csv, "1,2,3,0\n").unwrap();
    let p = |p: &Path| p.to_str().unwrap().to_string();
    let e = stderr(&gradlab(&["grad", "--model", &p(&truncated), "--data", &p(&good_csv)]));
    assert!(e.contains("not a valid safetensors"), "{e}");
    let e = stderr(&gradlab(&["grad", "--model", &p(&model), "--data", &p(&csv)]));
    assert!(e.contains("line 3, column 2"), "{e}");
    let e = stderr(&gradlab(&["grad", "--model", &p(&model), "--data", &p(&wide_csv)]));
    assert!(e.contains("3 feature columns"), "{e}");
    let e = stderr(&gradlab(&["train", "--set", "hidden=4,0", "--quiet"]));
    assert!(e.contains("\"hidden\" ignored"), "{e}");
    let bad_json = dir.join("bad.json");
    std::fs::write(&bad_json, r#"{"optimizer": "adamx"}"#).unwrap();
    let e = stderr(&gradlab(&["train", "--config", &p(&bad_json)]));
    assert!(e.contains("optimizer") && e.contains("adamx"), "{e}");
}

#[test]
fn serve_answers_with_the_wasm_mime_type_and_refuses_escapes() {
    let dir = tmp("serve");
    std::fs::write(dir.join("index.html"), "<p>hi</p>").unwrap();
    std::fs::write(dir.join("m.wasm"), b"\0asm").unwrap();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_gradlab"))
        .args(["serve", "--port", &port.to_string(), "--dir", dir.to_str().unwrap()])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let get = |path: &str| -> String {
        for _ in 0..50 {
            if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
                write!(s, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
                let mut r = String::new();
                s.read_to_string(&mut r).ok();
                return r;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("server did not start");
    };
    let wasm = get("/m.wasm");
    let index = get("/");
    let escape = get("/../etc/passwd");
    child.kill().ok();
    assert!(wasm.contains("Content-Type: application/wasm"), "{wasm}");
    assert!(index.contains("<p>hi</p>"));
    assert!(escape.starts_with("HTTP/1.1 404"), "{escape}");
}

#[test]
fn trajectory_prints_n_plus_one_points_from_the_start() {
    let out: Value = serde_json::from_str(&stdout(&gradlab(&[
        "trajectory", "--function", "rosenbrock", "--optimizer", "adam", "--lr", "0.01", "--steps", "50", "--start=-1.5,2", "--set", "b1=0.8",
    ])))
    .unwrap();
    let points = out["points"].as_array().unwrap();
    assert_eq!(points.len(), 51);
    assert_eq!(points[0], serde_json::json!([-1.5, 2.0]));
    // One SGD step on the saddle x² − y² from (1, 1) with lr 0.1: (1 − 0.2, 1 + 0.2).
    let csv = stdout(&gradlab(&["trajectory", "--function", "saddle", "--optimizer", "sgd", "--lr", "0.1", "--steps", "1", "--start=1,1", "--format", "csv"]));
    let last: Vec<f64> = csv.lines().nth(2).unwrap().split(',').map(|c| c.parse().unwrap()).collect();
    assert_eq!(last[0], 1.0);
    assert!((last[1] - 0.8).abs() < 1e-6 && (last[2] - 1.2).abs() < 1e-6, "{csv}");
    let e = stderr(&gradlab(&["trajectory", "--function", "moon", "--optimizer", "sgd", "--lr", "0.1"]));
    assert!(e.contains("rosenbrock"), "{e}");
    let e = stderr(&gradlab(&["trajectory", "--function", "beale", "--optimizer", "sgd", "--lr", "0.1", "--start=1"]));
    assert!(e.contains("--start"), "{e}");
}

#[test]
fn race_prints_the_summary_and_sweep_reports_the_best_rates() {
    let out: Value = serde_json::from_str(&stdout(&gradlab(&[
        "race", "--set", "dataset=xor", "--set", "hidden=6", "--entrant", "adam lr=0.01", "--entrant", "sgd lr=0.1 momentum=0.9",
        "--entrant", "sgd lr=10 ", "--steps", "300", "--every", "50", "--target", "0.5",
    ])))
    .unwrap();
    let rows = out.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1]["label"], "sgd lr=0.1 momentum=0.9");
    assert_eq!(rows[0]["steps"], 300);
    for key in ["steps_to_target", "final_train_loss", "final_test_accuracy", "best_test_accuracy", "diverged_at"] {
        assert!(rows[0].get(key).is_some(), "{key}");
    }
    let csv = stdout(&gradlab(&["race", "--entrant", "adam", "--entrant", "lion", "--sweep", "--lr-points", "3", "--steps", "100", "--format", "csv"]));
    assert!(csv.starts_with("best_loss,best_lr,best_test_accuracy,final_loss,label,lrs"), "{csv}");
    assert_eq!(csv.lines().count(), 3);
    let e = stderr(&gradlab(&["race", "--entrant", "adam b1=1.5"]));
    assert!(e.contains("b1"), "{e}");
    let e = stderr(&gradlab(&["race", "--entrant", "adamz"]));
    assert!(e.contains("adamz"), "{e}");
    let e = stderr(&gradlab(&["race", "--entrant", "sgd lr=-1"]));
    assert!(e.contains("lr"), "{e}");
}

#[test]
fn grad_modes_give_the_jvp_and_estimates_and_compare_methods_prints_the_table() {
    let dir = tmp("modes");
    let out = dir.join("run");
    stdout(&gradlab(&["train", "--set", "hidden=3", "--set", "epochs=1", "--out", out.to_str().unwrap(), "--quiet"]));
    let model = out.join("model.safetensors");
    let csv = dir.join("d.csv");
    stdout(&gradlab(&["data", "circle", "--set", "samples=20", "--out", csv.to_str().unwrap()]));
    let p = |p: &Path| p.to_str().unwrap().to_string();
    let exact: Value = serde_json::from_str(&stdout(&gradlab(&["grad", "--model", &p(&model), "--data", &p(&csv)]))).unwrap();
    // A tangent file: the model's own layout, all ones, so jvp = the sum of the gradient.
    let (config, params) = load_model(&std::fs::read(&model).unwrap()).unwrap();
    let tangent = dir.join("t.safetensors");
    std::fs::write(&tangent, gradlab::io::save_model(&config, &vec![1.0; params.len()]).unwrap()).unwrap();
    let jvp: Value = serde_json::from_str(&stdout(&gradlab(&["grad", "--model", &p(&model), "--data", &p(&csv), "--mode", "jvp", "--tangent", &p(&tangent)]))).unwrap();
    let flat = |v: &Value| -> f64 {
        match v {
            Value::Array(a) => a.iter().map(flat_inner).sum(),
            _ => 0.0,
        }
    };
    fn flat_inner(v: &Value) -> f64 {
        match v {
            Value::Array(a) => a.iter().map(flat_inner).sum(),
            Value::Number(n) => n.as_f64().unwrap(),
            _ => 0.0,
        }
    }
    let sum: f64 = exact["grad"].as_object().unwrap().values().map(flat).sum();
    assert!((jvp["jvp"].as_f64().unwrap() - sum).abs() < 1e-5 * sum.abs().max(1.0), "{jvp} vs {sum}");
    assert_eq!(jvp["loss"], exact["loss"]);
    for mode in ["forward-gradient", "activity-perturbation", "spsa"] {
        let est: Value = serde_json::from_str(&stdout(&gradlab(&["grad", "--model", &p(&model), "--data", &p(&csv), "--mode", mode, "--tangents", "4", "--seed", "3"]))).unwrap();
        assert_eq!(est["grad"]["layers.0.weight"].as_array().unwrap().len(), 3, "{mode}");
        let again: Value = serde_json::from_str(&stdout(&gradlab(&["grad", "--model", &p(&model), "--data", &p(&csv), "--mode", mode, "--tangents", "4", "--seed", "3"]))).unwrap();
        assert_eq!(est, again, "{mode}: same seed, same estimate");
    }
    let e = stderr(&gradlab(&["grad", "--model", &p(&model), "--data", &p(&csv), "--mode", "jvp"]));
    assert!(e.contains("--tangent"), "{e}");
    let e = stderr(&gradlab(&["grad", "--model", &p(&model), "--data", &p(&csv), "--mode", "magic"]));
    assert!(e.contains("magic"), "{e}");

    let table: Value = serde_json::from_str(&stdout(&gradlab(&[
        "compare-methods", "--set", "dataset=gauss", "--set", "hidden=4", "--method", "backprop", "--method", "forward-gradient tangents=4",
        "--method", "activity-perturbation", "--steps", "400", "--every", "100", "--target", "0.4",
    ])))
    .unwrap();
    let rows = table.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert!(rows[0]["mean_cosine"].is_null(), "backprop is exact");
    for r in &rows[1..] {
        let c = r["mean_cosine"].as_f64().unwrap();
        assert!(c > 0.0 && c <= 1.0, "{r}");
        assert!(r["seconds"].as_f64().unwrap() > 0.0);
    }
    assert!(rows[1]["label"].as_str().unwrap().starts_with("forward-gradient"), "{}", rows[1]["label"]);
}

/// The fuzzer runs every decoder of untrusted input from the corpus in tests/fuzz for a
/// short while (docs/RELIABILITY.md records the long runs) and finds no failure.
#[test]
fn fuzzing_the_decoders_briefly_finds_nothing() {
    let root = env!("CARGO_MANIFEST_DIR");
    for target in ["hash", "config", "csv", "model", "state"] {
        let out = stdout(&gradlab(&["fuzz", "--target", target, "--seconds", "1.5", "--seed", "3", "--root", root]));
        let v: Value = serde_json::from_str(out.trim()).unwrap();
        assert!(v["executions"].as_u64().unwrap() > 100, "{v}");
        assert_eq!(v["failures"], serde_json::json!([]), "{v}");
    }
    assert!(stderr(&gradlab(&["fuzz", "--target", "pdf", "--root", root])).contains("not one of hash, config, csv, model, state"));
}

/// `bench --serve` times the steps and the matmuls it is asked for, one reply line per
/// request line, keeps going after a bad line, and its windows work: they take time.
#[test]
fn bench_serve_answers_each_window_with_its_seconds() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gradlab"))
        .args(["bench", "--serve"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"0 200\n0 2000\n99 1\nnot a request\n0 1\nmatmul 64 64 64 3\nmatmul 64 64\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let lines: Vec<String> = String::from_utf8(out.stdout).unwrap().lines().map(String::from).collect();
    assert_eq!(lines.len(), 7, "{lines:?}");
    let seconds: Vec<f64> = [0, 1, 4, 5].iter().map(|&i| lines[i].parse().expect("seconds")).collect();
    assert!(seconds.iter().all(|&s| s > 0.0 && s < 60.0), "{seconds:?}");
    assert!(lines[2].starts_with("error") && lines[2].contains("below") && lines[3].starts_with("error"), "{lines:?}");
    assert!(lines[6].starts_with("error") && lines[6].contains("matmul M K N REPS"), "{lines:?}");
}
