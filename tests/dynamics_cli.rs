//! The training-dynamics commands end to end: `gradlab grad --mode hvp` (exact
//! Hessian-vector products) and `gradlab dynamics --preset …`.
#![cfg(feature = "cli")]

mod common;
use common::{gradlab, json, stderr, stdout, tmp};

use gradlab::io::load_model;
use serde_json::Value;
use std::path::Path;

fn flat(v: &Value, out: &mut Vec<f64>) {
    match v {
        Value::Array(a) => a.iter().for_each(|x| flat(x, out)),
        Value::Number(n) => out.push(n.as_f64().unwrap()),
        _ => panic!("not a nested array: {v}"),
    }
}

/// The hvp of a tensor map, flattened in the layout's tensor order.
fn flat_tensors(map: &Value, names: &[String]) -> Vec<f64> {
    let mut out = Vec::new();
    for name in names {
        flat(&map[name], &mut out);
    }
    out
}

/// `--mode hvp` prints H·v in the tangent's layout: u·Hv = v·Hu through the CLI, and
/// ∇L(θ + hv) − ∇L(θ − hv) over 2h from `--mode backprop` on shifted model files agrees.
#[test]
fn grad_mode_hvp_is_symmetric_and_matches_a_difference_of_cli_gradients() {
    let dir = tmp("hvp");
    let out = dir.join("run");
    stdout(&gradlab(&["train", "--set", "dataset=spiral", "--set", "hidden=5", "--set", "activation=tanh", "--set", "epochs=2", "--out", out.to_str().unwrap(), "--quiet"]));
    let model = out.join("model.safetensors");
    let csv = dir.join("d.csv");
    stdout(&gradlab(&["data", "spiral", "--set", "samples=30", "--out", csv.to_str().unwrap()]));
    let p = |p: &Path| p.to_str().unwrap().to_string();
    let (config, params) = load_model(&std::fs::read(&model).unwrap()).unwrap();
    let mlp = gradlab::nn::Mlp::from_config(&config);
    let names: Vec<String> = mlp.layout.tensors().into_iter().map(|t| t.0).collect();
    let n = params.len();
    let u: Vec<f32> = (0..n).map(|i| ((i * 7 % 11) as f32 - 5.0) / 5.0).collect();
    let v: Vec<f32> = (0..n).map(|i| ((i * 3 % 13) as f32 - 6.0) / 6.0).collect();
    let write = |name: &str, t: &[f32]| {
        let f = dir.join(name);
        std::fs::write(&f, gradlab::io::save_model(&config, t).unwrap()).unwrap();
        p(&f)
    };
    let (tu, tv) = (write("u.safetensors", &u), write("v.safetensors", &v));
    let hu_json = json(&gradlab(&["grad", "--model", &p(&model), "--data", &p(&csv), "--mode", "hvp", "--tangent", &tu]));
    let hv_json = json(&gradlab(&["grad", "--model", &p(&model), "--data", &p(&csv), "--mode", "hvp", "--tangent", &tv]));
    let exact = json(&gradlab(&["grad", "--model", &p(&model), "--data", &p(&csv)]));
    assert!((hv_json["loss"].as_f64().unwrap() - exact["loss"].as_f64().unwrap()).abs() < 1e-5, "{} vs {}", hv_json["loss"], exact["loss"]);
    // The same tensor names and shapes as the gradient (and the tangent file).
    for name in &names {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        flat(&hv_json["hvp"][name], &mut a);
        flat(&exact["grad"][name], &mut b);
        assert_eq!(a.len(), b.len(), "{name}");
        assert_eq!(hv_json["hvp"][name].as_array().unwrap().len(), exact["grad"][name].as_array().unwrap().len(), "{name}");
    }
    let (hu, hv) = (flat_tensors(&hu_json["hvp"], &names), flat_tensors(&hv_json["hvp"], &names));
    let uhv: f64 = u.iter().zip(&hv).map(|(&a, b)| a as f64 * b).sum();
    let vhu: f64 = v.iter().zip(&hu).map(|(&a, b)| a as f64 * b).sum();
    assert!((uhv - vhu).abs() < 1e-6 * uhv.abs().max(1.0), "u·Hv {uhv} vs v·Hu {vhu}");
    // Central difference of the CLI's own gradients (f32, so h is large and the check loose).
    let h = 1e-2f32;
    let shifted = |s: f32, name: &str| {
        let q: Vec<f32> = params.iter().zip(&v).map(|(&a, &b)| a + s * b).collect();
        let f = write(name, &q);
        flat_tensors(&json(&gradlab(&["grad", "--model", &f, "--data", &p(&csv)]))["grad"], &names)
    };
    let (gp, gm) = (shifted(h, "plus.safetensors"), shifted(-h, "minus.safetensors"));
    let scale = hv.iter().fold(1e-3f64, |m, a| m.max(a.abs()));
    for i in 0..n {
        let numeric = (gp[i] - gm[i]) / (2.0 * h as f64);
        assert!((numeric - hv[i]).abs() < 2e-2 * scale, "Hv[{i}] {} vs difference {numeric}", hv[i]);
    }
    let e = stderr(&gradlab(&["grad", "--model", &p(&model), "--data", &p(&csv), "--mode", "hvp"]));
    assert!(e.contains("--tangent"), "{e}");
}

/// `gradlab dynamics` prints {"preset", "settings", "series"}; --set overrides a setting by
/// its key, and an unknown key or preset is refused by name.
#[test]
fn dynamics_prints_settings_and_series_and_refuses_unknown_names() {
    let out = json(&gradlab(&["dynamics", "--preset", "eos-chebyshev", "--set", "steps=300", "--set", "every=100", "--set", "lr=0.4"]));
    assert_eq!(out["preset"], "eos-chebyshev");
    assert_eq!(out["settings"]["lr"], 0.4);
    assert_eq!(out["series"]["steps"], serde_json::json!([0, 100, 200, 300]));
    assert_eq!(out["series"]["sharpness"].as_array().unwrap().len(), 4);
    assert_eq!(out["series"]["weight_movement"][0].as_array().unwrap().len(), 2, "one entry per layer");
    assert_eq!(out["series"]["two_over_lr"], 5.0);
    let e = stderr(&gradlab(&["dynamics", "--preset", "eos-chebyshev", "--set", "sharpnes=1"]));
    assert!(e.contains("sharpnes"), "{e}");
    let e = stderr(&gradlab(&["dynamics", "--preset", "eos-chebyshev", "--set", "lr=-1"]));
    assert!(e.contains("lr"), "{e}");
    let e = stderr(&gradlab(&["dynamics", "--preset", "nope"]));
    assert!(e.contains("nope") && e.contains("eos-chebyshev"), "{e}");
}
