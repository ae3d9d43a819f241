//! The data, train and grad subcommands.

use crate::error::{io, CliError};
use gradlab::data::{csv, feature, Feature, UserData};
use gradlab::io::{load_model, save_model_with_mask};
use gradlab::nn::{Mlp, ModelConfig, Workspace};
use gradlab::labs::surface::TestFunction;
use gradlab::tensor::Mat;
use gradlab::train::{hash, RunConfig, Trainer};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

/// A configuration from an optional JSON file, then key=value overrides; any bad key is an error.
pub fn load_config(file: Option<&Path>, set: &[String]) -> Result<RunConfig, CliError> {
    let mut config = match file {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(io(p))?;
            RunConfig::from_json(&text).map_err(|e| CliError::in_file(p, e))?
        }
        None => RunConfig::default(),
    };
    if !set.is_empty() {
        let mut text = hash::format(&config);
        for s in set {
            text.push('&');
            text.push_str(s);
        }
        let parsed = hash::parse(&text);
        if !parsed.warnings.is_empty() {
            return Err(format!("--set: {}", parsed.warnings.join("; ")).into());
        }
        config = parsed.config;
    }
    Ok(config)
}

pub fn data(name: &str, split: &str, set: &[String], out: Option<&Path>) -> Result<(), CliError> {
    let mut all = set.to_vec();
    all.push(format!("dataset={name}"));
    let config = load_config(None, &all)?;
    let d = config.data.build();
    let (x, y) = match split {
        "train" => (d.train.x.clone(), d.train.y.clone()),
        "test" => (d.test.x.clone(), d.test.y.clone()),
        "all" => (
            ndarray::concatenate![ndarray::Axis(0), d.train.x, d.test.x],
            d.train.y.iter().chain(&d.test.y).cloned().collect(),
        ),
        other => return Err(format!("--split: {other:?} is not train, test or all").into()),
    };
    let text = csv::write(&d.feature_names, &x, &y);
    match out {
        Some(p) => std::fs::write(p, text).map_err(io(p)),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

/// The raw 2-D points as CSV x,y,label,split (train rows, then test), for 2-D datasets.
pub fn data_raw(name: &str, split: &str, set: &[String], out: Option<&Path>) -> Result<(), CliError> {
    let mut all = set.to_vec();
    all.push(format!("dataset={name}"));
    let d = load_config(None, &all)?.data.build();
    if d.train.points.ncols() != 2 {
        return Err(format!("--raw: {name} has no 2-D points").into());
    }
    let parts: Vec<(&gradlab::data::Dataset, &str)> = match split {
        "train" => vec![(&d.train, "train")],
        "test" => vec![(&d.test, "test")],
        "all" => vec![(&d.train, "train"), (&d.test, "test")],
        other => return Err(format!("--split: {other:?} is not train, test or all").into()),
    };
    let mut text = String::from("x,y,label,split\n");
    for (set, name) in parts {
        for (p, y) in set.points.rows().into_iter().zip(&set.y) {
            let _ = writeln!(text, "{},{},{y},{name}", p[0], p[1]);
        }
    }
    match out {
        Some(p) => std::fs::write(p, text).map_err(io(p)),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

pub fn train(file: Option<&Path>, set: &[String], out: &Path, quiet: bool, data: Option<&Path>) -> Result<(), CliError> {
    let config = match data {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(io(path))?;
            let user = UserData::from_csv(&text).map_err(|e| CliError::in_file(path, e))?;
            let mut config = load_config(file, set)?.to_value();
            config["dataset"] = json!("custom");
            RunConfig::from_value_with(config, Some(Arc::new(user)))?
        }
        None => load_config(file, set)?,
    };
    let mut t = Trainer::new(config.clone());
    let steps = (config.training.epochs * t.data.train.len()).div_ceil(t.batch_size()) as u64;
    let bar = if quiet { ProgressBar::hidden() } else { ProgressBar::new(steps) };
    bar.set_style(ProgressStyle::with_template("{bar:40} {pos}/{len} steps {per_sec} {msg}").unwrap());
    let started = std::time::Instant::now();
    let mut result = Ok(());
    for _ in 0..steps {
        match t.step() {
            Ok(s) => {
                if s.step % 100 == 0 {
                    bar.set_position(s.step);
                    bar.set_message(format!("loss {:.4}", s.batch_loss));
                }
            }
            Err(d) => {
                result = Err(CliError::from(d));
                break;
            }
        }
    }
    bar.finish_and_clear();
    std::fs::create_dir_all(out).map_err(io(out))?;
    let mut metrics = String::from("epoch,step,train_loss,train_accuracy,test_loss,test_accuracy\n");
    let acc = |a: Option<f64>| a.map_or(String::new(), |v| v.to_string());
    for m in &t.history {
        let _ = writeln!(metrics, "{},{},{},{},{},{}", m.epoch, m.step, m.train.loss, acc(m.train.accuracy), m.test.loss, acc(m.test.accuracy));
    }
    std::fs::write(out.join("metrics.csv"), metrics)?;
    let model = save_model_with_mask(&t.model, &t.params, t.mask(), t.config.pruning.criterion.name())?;
    std::fs::write(out.join("model.safetensors"), model)?;
    let (train, test) = (t.evaluate_train(), t.evaluate_test());
    let mut summary = json!({
        "steps": t.step, "epochs": t.epoch(), "seconds": started.elapsed().as_secs_f64(),
        "train": train, "test": test,
        "metrics": out.join("metrics.csv"), "model": out.join("model.safetensors"),
    });
    if t.mask().is_some() {
        summary["sparsity"] = serde_json::to_value(t.sparsity_report()).unwrap();
    }
    println!("{summary}");
    result
}

/// The model's inputs from a CSV: its feature columns as they are when their number
/// matches the model's inputs, else two columns (x1, x2) expanded by the model's features.
fn inputs(model: &ModelConfig, table: &csv::Table) -> Result<(Mat, Vec<f32>), CliError> {
    let cols = table.columns() - 1;
    let raw = Mat::from_shape_fn((table.rows(), cols), |(i, j)| table.row(i)[j]);
    let y: Vec<f32> = (0..table.rows()).map(|i| table.row(i)[cols]).collect();
    if cols == model.sizes[0] {
        return Ok((raw, y));
    }
    let features: Option<Vec<Feature>> = model.features.iter().map(|f| Feature::from_name(f)).collect();
    match features {
        Some(f) if cols == 2 => Ok((feature::expand(&raw, &f), y)),
        _ => Err(format!("data: {cols} feature columns, but the model takes {} inputs ({})", model.sizes[0], model.features.join(", ")).into()),
    }
}

pub fn grad(model_path: &Path, data_path: &Path, mode: &str, tangent: Option<&Path>, tangents: usize, seed: u64) -> Result<(), CliError> {
    let bytes = std::fs::read(model_path).map_err(io(model_path))?;
    let (model, params) = load_model(&bytes)?;
    let text = std::fs::read_to_string(data_path).map_err(io(data_path))?;
    let table = csv::parse(&text, &csv::Limits::default())?;
    if table.columns() < 2 {
        return Err("data: need feature columns and a label column".into());
    }
    let (x, y) = inputs(&model, &table)?;
    if model.loss == gradlab::nn::Loss::SoftmaxCe {
        let k = *model.sizes.last().unwrap() as f32;
        if let Some(bad) = y.iter().find(|&&c| c < 0.0 || c >= k || c.fract() != 0.0) {
            return Err(format!("data: label {bad} is not a class index in 0..{k}").into());
        }
    }
    let mlp = Mlp::from_config(&model);
    if mode == "jvp" {
        let path = tangent.ok_or("--mode jvp needs --tangent T.safetensors")?;
        let bytes = std::fs::read(path).map_err(io(path))?;
        let v = gradlab::io::load_tensors(&bytes, &mlp.layout, gradlab::io::FileKind::Tangent)?;
        let (mut loss, mut d) = gradlab::autodiff::forward::jvp(&mlp, &params, &v, x.view(), &y, model.loss);
        // The penalty's own directional derivative, so jvp = ∇(loss + penalty)·v as for grad.
        let mut pg = vec![0.0; params.len()];
        loss += model.penalty.apply(model.penalty_rate, &mlp.layout, &params, &mut pg);
        d += pg.iter().zip(&v).map(|(a, b)| *a as f64 * *b as f64).sum::<f64>();
        println!("{}", json!({ "loss": loss, "jvp": d }));
        return Ok(());
    }
    if mode == "hvp" {
        // The exact Hessian-vector product (forward over reverse, autodiff::hvp), printed in
        // the tangent's layout; the penalty's Hessian added as for jvp (L2: rate·v on the
        // weights; L1's is 0 wherever it is defined).
        let path = tangent.ok_or("--mode hvp needs --tangent T.safetensors")?;
        let bytes = std::fs::read(path).map_err(io(path))?;
        let v = gradlab::io::load_tensors(&bytes, &mlp.layout, gradlab::io::FileKind::Tangent)?;
        let v64: Vec<f64> = v.iter().map(|&t| t as f64).collect();
        let (mut g, mut hv) = (vec![0.0; params.len()], vec![0.0; params.len()]);
        let mut loss = gradlab::autodiff::hvp::hvp(&mlp, &params, &v64, x.view(), &y, model.loss, &mut g, &mut hv);
        let mut pg = vec![0.0; params.len()];
        loss += model.penalty.apply(model.penalty_rate, &mlp.layout, &params, &mut pg);
        if model.penalty == gradlab::nn::Penalty::L2 {
            for slot in &mlp.layout.layers {
                slot.weight.clone().for_each(|i| hv[i] += model.penalty_rate as f64 * v64[i]);
            }
        }
        println!("{}", json!({ "loss": loss, "hvp": tensors_json(&mlp, &hv) }));
        return Ok(());
    }
    let method: gradlab::autodiff::estimator::Method = serde_json::from_value(json!(mode)).map_err(|_| {
        format!("--mode: {mode:?} is not backprop, jvp, hvp, forward-gradient, activity-perturbation or spsa")
    })?;
    if !(1..=100_000).contains(&tangents) {
        return Err(format!("--tangents: {tangents} is outside 1..=100000").into());
    }
    let mut estimator = gradlab::autodiff::estimator::Estimator::new(method, tangents, Default::default(), 1e-3, seed);
    let mut g = vec![0.0; params.len()];
    let mut loss = estimator.gradient(&mlp, &params, x.view(), &y, model.loss, &mut Workspace::default(), &mut g);
    loss += model.penalty.apply(model.penalty_rate, &mlp.layout, &params, &mut g);
    println!("{}", json!({ "loss": loss, "grad": tensors_json(&mlp, &g) }));
    Ok(())
}

/// {tensor name: nested array} of a flat buffer in the model's layout (matrices as rows).
fn tensors_json<T: serde::Serialize>(mlp: &Mlp, flat: &[T]) -> serde_json::Map<String, Value> {
    let mut out = serde_json::Map::new();
    for (name, shape, range) in mlp.layout.tensors() {
        let flat = &flat[range];
        let v: Value = if shape.len() == 2 { flat.chunks(shape[1]).map(|row| json!(row)).collect() } else { json!(flat) };
        out.insert(name, v);
    }
    out
}

pub fn trajectory(function: &str, optimizer: &str, lr: f64, steps: usize, start: Option<&str>, set: &[String], format: &str) -> Result<(), CliError> {
    let f = TestFunction::from_name(function).ok_or_else(|| {
        let names: Vec<_> = TestFunction::ALL.iter().map(|f| f.name()).collect();
        format!("--function: {function:?} is not one of {}", names.join(", "))
    })?;
    let mut all = set.to_vec();
    all.push(format!("optimizer={optimizer}"));
    all.push(format!("lr={lr}"));
    let config = load_config(None, &all)?;
    if steps > 1_000_000 {
        return Err(format!("--steps: {steps} is over the limit of 1000000").into());
    }
    let start = match start {
        None => f.start(),
        Some(text) => {
            let v: Vec<f64> = text.split(',').map(|t| t.trim().parse::<f64>()).collect::<Result<_, _>>().map_err(|_| format!("--start: {text:?} is not X,Y"))?;
            match v.as_slice() {
                [x, y] if x.is_finite() && y.is_finite() => [*x, *y],
                _ => return Err(format!("--start: {text:?} is not two finite numbers X,Y").into()),
            }
        }
    };
    let points = gradlab::labs::surface::trajectory(f, config.optimizer.kind, &config.optimizer.hyper, config.optimizer.lr, &config.optimizer.schedule, start, steps);
    match format {
        "json" => println!("{}", json!({ "points": points })),
        "csv" => {
            let mut out = String::from("step,x,y\n");
            for (i, p) in points.iter().enumerate() {
                let _ = writeln!(out, "{i},{},{}", p[0], p[1]);
            }
            print!("{out}");
        }
        other => return Err(format!("--format: {other:?} is not json or csv").into()),
    }
    Ok(())
}

/// One entrant of a race: the shared settings, then "NAME key=value …" (NAME is an
/// optimizer; a spec of key=value pairs only is taken as is).
pub fn entrant(file: Option<&Path>, set: &[String], spec: &str) -> Result<RunConfig, CliError> {
    let mut all = set.to_vec();
    for (i, word) in spec.split_whitespace().enumerate() {
        all.push(if i == 0 && !word.contains('=') { format!("optimizer={word}") } else { word.to_string() });
    }
    if all.len() == set.len() {
        return Err("--entrant: empty".to_string().into());
    }
    load_config(file, &all).map_err(|e| CliError::from(format!("--entrant {spec:?}: {e}")))
}

#[allow(clippy::too_many_arguments)]
pub fn race(
    file: Option<&Path>,
    set: &[String],
    specs: &[String],
    steps: u64,
    every: u64,
    target: f64,
    grid: Option<(f64, f64, usize)>,
    format: &str,
) -> Result<(), CliError> {
    use gradlab::labs::race;
    if !matches!(format, "json" | "csv") {
        return Err(format!("--format: {format:?} is not json or csv").into());
    }
    let entrants: Vec<RunConfig> = specs.iter().map(|spec| entrant(file, set, spec)).collect::<Result<_, CliError>>()?;
    let value = match grid {
        None => serde_json::to_value(race::race(&entrants, steps, every, target)?).unwrap(),
        Some((lo, hi, n)) => {
            if !(lo > 0.0 && hi >= lo && (1..=50).contains(&n)) {
                return Err("--lr-min, --lr-max, --lr-points: need 0 < min ≤ max and 1..=50 points".into());
            }
            serde_json::to_value(race::sweep(&entrants, &race::log_grid(lo, hi, n), steps)?).unwrap()
        }
    };
    if format == "json" {
        println!("{value}");
        return Ok(());
    }
    let rows = value.as_array().unwrap();
    let keys: Vec<String> = rows[0].as_object().unwrap().keys().cloned().collect();
    let mut out = keys.join(",") + "\n";
    for r in rows {
        let cells: Vec<String> = keys
            .iter()
            .map(|k| match &r[k] {
                Value::Null => String::new(),
                Value::String(s) => format!("\"{s}\""),
                Value::Array(a) => format!("\"{}\"", a.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(" ")),
                v => v.to_string(),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    print!("{out}");
    Ok(())
}
