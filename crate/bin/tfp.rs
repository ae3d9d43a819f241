//! `gradlab data --link URL` and `gradlab train --link URL`: a TensorFlow Playground link's
//! points, initial network and loss curve, as the Playground computes them (docs/TFP.md).

use crate::error::{io, CliError};
use gradlab::data::tfp::JsMath;
use gradlab::io::save_model;
use gradlab::train::tfp::{parse_with_overrides, seed_or_fresh, TfpRun};
use serde_json::json;
use std::fmt::Write as _;
use std::path::Path;

/// The link's run, its issues written to stderr (they never stop it, as on the page).
fn open(url: &str, overrides: &[String]) -> TfpRun {
    let parsed = parse_with_overrides(url, overrides);
    for issue in &parsed.issues {
        eprintln!("gradlab: link: {}: {}", issue.key, issue.message);
    }
    let (seed, picked) = seed_or_fresh(&parsed.link);
    if picked {
        eprintln!("gradlab: link: the link has no seed, so (as the Playground does) one was picked: seed={seed}; add &seed={seed} to the link, or --set seed={seed}, to repeat this run");
    }
    TfpRun::new(parsed.link, &seed, JsMath::NATIVE)
}

/// CSV x,y,label,split: the Playground's points in its order, train then test.
pub fn data(url: &str, split: &str, set: &[String], out: Option<&Path>) -> Result<(), CliError> {
    let run = open(url, set);
    let rows: Vec<(usize, &str)> = match split {
        "all" => (0..run.data.points.len()).map(|i| (i, if i < run.data.split { "train" } else { "test" })).collect(),
        "train" => (0..run.data.split).map(|i| (i, "train")).collect(),
        "test" => (run.data.split..run.data.points.len()).map(|i| (i, "test")).collect(),
        other => return Err(format!("--split: {other:?} is not train, test or all").into()),
    };
    let mut text = String::from("x,y,label,split\n");
    for (i, name) in rows {
        let p = run.data.points[i];
        let _ = writeln!(text, "{},{},{},{name}", p.x, p.y, p.label);
    }
    match out {
        Some(p) => std::fs::write(p, text).map_err(io(p)),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

/// Trains `epochs` Playground epochs; writes DIR/metrics.csv (epoch 0 = the initial
/// network) and DIR/model.safetensors; prints a JSON summary.
pub fn train(url: &str, set: &[String], out: &Path) -> Result<(), CliError> {
    let mut epochs = 100usize;
    let mut link_keys = Vec::new();
    for s in set {
        match s.split_once('=') {
            Some(("epochs", v)) => epochs = v.trim().parse().map_err(|_| format!("--set epochs: {v:?} is not a whole number"))?,
            _ => link_keys.push(s.clone()),
        }
    }
    let mut run = open(url, &link_keys);
    if run.inputs.is_empty() {
        return Err("link: no input feature is on (x, y, xSquared, …): the network has no inputs".into());
    }
    let mut metrics = String::from("epoch,train_loss,test_loss\n");
    let (mut train, mut test) = run.losses();
    let _ = writeln!(metrics, "0,{train},{test}");
    for e in 1..=epochs {
        run.epoch();
        (train, test) = run.losses();
        let _ = writeln!(metrics, "{e},{train},{test}");
    }
    std::fs::create_dir_all(out).map_err(io(out))?;
    std::fs::write(out.join("metrics.csv"), metrics)?;
    let (config, params) = run.model();
    std::fs::write(out.join("model.safetensors"), save_model(&config, &params)?)?;
    let summary = json!({
        "seed": run.seed, "epochs": run.epoch, "inputs": run.inputs, "sizes": run.sizes(),
        "train": {"loss": train}, "test": {"loss": test},
        "loss_text": {"train": format!("{train:.3}"), "test": format!("{test:.3}")},
        "metrics": out.join("metrics.csv"), "model": out.join("model.safetensors"),
    });
    println!("{summary}");
    Ok(())
}
