//! The simplicity and redshift subcommands.

use crate::error::CliError;
use gradlab::labs::simplicity::redshift::{self, RandomActivation, RedshiftConfig};
use gradlab::labs::simplicity::{Preset, SlabRunConfig, SlabTrainer};
use serde_json::json;
use std::fmt::Write as _;

/// Trains on a slab preset with the paper's settings (or the small size), then prints
/// one JSON object: the settings, the training score and the test-set probes.
pub fn simplicity(preset: &str, seed: u64, small: bool, set: &[String]) -> Result<(), CliError> {
    let preset = Preset::parse(preset).map_err(|e| CliError::under("--", e))?;
    let mut config = SlabRunConfig::preset(preset, small, seed);
    for s in set {
        let (k, v) = s.split_once('=').ok_or_else(|| format!("--set: {s:?} is not KEY=VALUE"))?;
        config.set(k.trim(), v.trim()).map_err(|e| CliError::under("--set ", e))?;
    }
    let started = std::time::Instant::now();
    let report = SlabTrainer::new(config)?.run()?;
    let mut value = serde_json::to_value(&report)?;
    value["seconds"] = json!(started.elapsed().as_secs_f64());
    println!("{value}");
    Ok(())
}

fn list<T, E: Into<CliError>>(flag: &str, text: &str, parse: impl Fn(&str) -> Result<T, E>) -> Result<Vec<T>, CliError> {
    let items: Vec<T> = text.split(',').map(|t| parse(t.trim()).map_err(|e| CliError::under(format!("--{flag}: "), e))).collect::<Result<_, _>>()?;
    if items.is_empty() || items.len() > 64 {
        return Err(format!("--{flag}: give 1 to 64 comma-separated values").into());
    }
    Ok(items)
}

/// The complexity table of random networks over activations × depths × amplitudes.
#[allow(clippy::too_many_arguments)]
pub fn redshift(
    activations: &str,
    depths: &str,
    amplitudes: &str,
    width: usize,
    grid: usize,
    layer_norm: bool,
    residual: bool,
    gating: bool,
    seed: u64,
    csv: bool,
) -> Result<(), CliError> {
    let acts = list("activations", activations, RandomActivation::parse)?;
    let depths = list("depths", depths, |t| t.parse::<usize>().map_err(|_| format!("{t:?} is not a whole number")))?;
    let amps = list("amplitudes", amplitudes, |t| t.parse::<f64>().map_err(|_| format!("{t:?} is not a number")))?;
    let base = RedshiftConfig { width, grid, layer_norm, residual, gating, seed, ..Default::default() };
    let rows = redshift::table(&base, &acts, &depths, &amps)?;
    if !csv {
        println!("{}", serde_json::to_string(&rows)?);
        return Ok(());
    }
    let mut out = String::from("activation,depth,amplitude,layer_norm,residual,gating,fourier,lz,lz_normalized\n");
    for r in &rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{}",
            r.activation, r.depth, r.amplitude, r.layer_norm, r.residual, r.gating, r.fourier, r.lz, r.lz_normalized
        );
    }
    print!("{out}");
    Ok(())
}
