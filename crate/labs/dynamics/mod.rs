//! The training-dynamics lab: curvature (sharpness, top-k spectrum, gradient share), the
//! edge of stability, grokking, softmax collapse and neural collapse, each an experiment on
//! the one trainer or beside it, reporting series for the CLI (`gradlab dynamics`) and the
//! page (www/dynamics/). docs/DYNAMICS.md sets our numbers beside the papers'.

pub mod curvature;
pub mod eos;
pub mod grokking;
pub mod neural_collapse;
pub mod softmax_collapse;
pub mod subspace;
pub mod xor;

use crate::nn::Mlp;

/// ‖W_l − W_l⁰‖ / ‖W_l⁰‖ for each layer's weight matrix (biases left out): how far training
/// moved each layer, small in the lazy (kernel) regime and order one in the rich one
/// (Kumar et al. 2024; Chizat et al. 2019).
pub fn movement(mlp: &Mlp, initial: &[f32], params: &[f32]) -> Vec<f64> {
    mlp.layout
        .layers
        .iter()
        .map(|s| {
            let (mut d, mut n) = (0.0f64, 0.0f64);
            for i in s.weight.clone() {
                d += ((params[i] - initial[i]) as f64).powi(2);
                n += (initial[i] as f64).powi(2);
            }
            if n > 0.0 { (d / n).sqrt() } else { d.sqrt() }
        })
        .collect()
}

/// 0, then about `per_decade` steps per decade up to `total` (distinct, rising, ending at
/// `total`): measurements for a log step axis.
pub fn log_steps(total: u64, per_decade: usize) -> Vec<u64> {
    let mut out = vec![0];
    let mut k = 0.0f64;
    loop {
        let s = libm::round(libm::pow(10.0, k / per_decade as f64)) as u64;
        if s >= total {
            break;
        }
        if s > *out.last().unwrap() {
            out.push(s);
        }
        k += 1.0;
    }
    if total > 0 {
        out.push(total);
    }
    out
}

/// A setting's range check; the error names the key.
pub(crate) fn check(key: &str, value: f64, min: f64, max: f64) -> Result<(), String> {
    if !(value.is_finite() && value >= min && value <= max) {
        return Err(format!("{key}: {value} is outside {min}..={max}"));
    }
    Ok(())
}

/// A preset's settings: its defaults with `overrides` applied (an unknown key is refused by
/// name, a value of the wrong type too; ranges are checked when the experiment starts).
pub fn settings<T: serde::Serialize + serde::de::DeserializeOwned + Default>(overrides: &serde_json::Map<String, serde_json::Value>) -> Result<T, String> {
    let mut v = serde_json::to_value(T::default()).map_err(|e| e.to_string())?;
    for (k, x) in overrides {
        v.as_object_mut().unwrap().insert(k.clone(), x.clone());
    }
    serde_json::from_value(v).map_err(|e| format!("settings: {e}"))
}

/// The presets, by the names the CLI and the page use.
pub const PRESETS: &[&str] = &["eos-chebyshev", "grokking-mod", "softmax-collapse", "xor-cluster", "neural-collapse", "hessian-spectrum"];

/// A preset's settings (its defaults with `overrides` applied; unknown keys are refused by
/// name) and the series it measured, as one JSON object: {"preset", "settings", "series"}.
pub fn run_preset(preset: &str, overrides: &serde_json::Map<String, serde_json::Value>) -> Result<serde_json::Value, String> {
    let (settings, series) = match preset {
        "eos-chebyshev" => {
            let c: eos::EosConfig = settings(overrides)?;
            (serde_json::to_value(&c), serde_json::to_value(eos::run(&c)?))
        }
        "grokking-mod" => {
            let c: grokking::GrokConfig = settings(overrides)?;
            (serde_json::to_value(&c), serde_json::to_value(grokking::run(&c)?))
        }
        "softmax-collapse" => {
            let c: softmax_collapse::CollapseConfig = settings(overrides)?;
            (serde_json::to_value(&c), serde_json::to_value(softmax_collapse::run(&c)?))
        }
        "xor-cluster" => {
            let c: xor::XorConfig = settings(overrides)?;
            (serde_json::to_value(&c), serde_json::to_value(xor::run(&c)?))
        }
        "neural-collapse" => {
            let c: neural_collapse::NcConfig = settings(overrides)?;
            (serde_json::to_value(&c), serde_json::to_value(neural_collapse::run(&c)?))
        }
        "hessian-spectrum" => {
            let c: subspace::SubspaceConfig = settings(overrides)?;
            (serde_json::to_value(&c), serde_json::to_value(subspace::run(&c)?))
        }
        _ => return Err(format!("--preset: {preset:?} is not one of {}", PRESETS.join(", "))),
    };
    Ok(serde_json::json!({ "preset": preset, "settings": settings.map_err(|e| e.to_string())?, "series": series.map_err(|e| e.to_string())? }))
}
