//! The training-dynamics lab: curvature (sharpness, top-k spectrum, gradient share), the
//! edge of stability, grokking, softmax collapse and neural collapse, each an experiment on
//! the one trainer or beside it, reporting series for the CLI (`gradlab dynamics`) and the
//! page (www/dynamics/). docs/DYNAMICS.md sets our numbers beside the papers'.

/// A preset's run type (made by `new(&config)`, measuring in `one()`, setting `finished`
/// after its last unit, `$unit`: steps or epochs) gets `advance(k)`, `Stepwise` (below):
/// that `advance` and its `out` (the series so far) as JSON, and its module a `run`: the
/// whole experiment, one `advance` to the end.
macro_rules! stepwise {
    ($run:ty, $config:ty, $series:ty, $unit:literal) => {
        pub fn run(c: &$config) -> Result<$series, super::DynamicsError> {
            let mut r = <$run>::new(c)?;
            r.advance(u64::MAX)?;
            Ok(r.out)
        }

        impl $run {
            #[doc = concat!("Up to `k` more ", $unit, "; true once the last is measured.")]
            pub fn advance(&mut self, k: u64) -> Result<bool, super::DynamicsError> {
                let mut done = 0;
                while !self.finished && done < k {
                    self.one()?;
                    done += 1;
                }
                Ok(self.finished)
            }
        }

        impl super::Stepwise for $run {
            fn advance(&mut self, n: u64) -> Result<bool, super::DynamicsError> {
                <$run>::advance(self, n)
            }
            fn series(&self) -> serde_json::Value {
                serde_json::to_value(&self.out).unwrap_or_default()
            }
        }
    };
}

pub mod curvature;
pub mod error;
pub mod eos;
pub mod grokking;
pub mod nc_metrics;
pub mod neural_collapse;
pub mod softmax_collapse;
pub mod subspace;
pub mod xor;

pub use error::DynamicsError;

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
pub(crate) fn check(key: &'static str, value: f64, min: f64, max: f64) -> Result<(), DynamicsError> {
    if !(value.is_finite() && value >= min && value <= max) {
        return Err(DynamicsError::OutOfRange { key, value, min, max });
    }
    Ok(())
}

/// A preset's settings: its defaults with `overrides` applied (an unknown key is refused by
/// name, a value of the wrong type too; ranges are checked when the experiment starts).
pub fn settings<T: serde::Serialize + serde::de::DeserializeOwned + Default>(overrides: &serde_json::Map<String, serde_json::Value>) -> Result<T, DynamicsError> {
    // (A settings struct of plain fields always serializes: a failure here is a bug.)
    let mut v = serde_json::to_value(T::default()).expect("settings serialize");
    for (k, x) in overrides {
        v.as_object_mut().unwrap().insert(k.clone(), x.clone());
    }
    serde_json::from_value(v).map_err(|e| DynamicsError::Settings(e.to_string()))
}

/// The presets, by the names the CLI and the page use.
/// The columns every preset records at each measurement (flattened into its series, so
/// the JSON keys stay `steps` and `loss`).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Curves {
    pub steps: Vec<u64>,
    pub loss: Vec<f64>,
}

/// Train and test accuracy at each measurement, for the presets that score a held-out test
/// set the same way (flattened: `train_acc`, `test_acc`).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Accuracy {
    pub train_acc: Vec<f64>,
    pub test_acc: Vec<f64>,
}

pub const PRESETS: &[&str] = &["eos-chebyshev", "grokking-mod", "softmax-collapse", "xor-cluster", "neural-collapse", "hessian-spectrum"];

/// An experiment that runs in slices: `advance(n)` runs up to `n` more units (GD or SGD
/// steps; epochs for neural collapse) and says whether it has finished; `series` is what was
/// measured so far. The CLI runs one slice to the end, the page many small ones (and draws
/// the series after each); both give the very same series, because there is one loop.
pub trait Stepwise {
    fn advance(&mut self, n: u64) -> Result<bool, DynamicsError>;
    fn series(&self) -> serde_json::Value;
}

fn boxed<S: Stepwise + 'static>(r: S) -> Box<dyn Stepwise> {
    Box::new(r)
}

/// One preset's run: its settings (defaults with the overrides applied) and its experiment.
pub struct PresetRun {
    preset: &'static str,
    settings: serde_json::Value,
    run: Box<dyn Stepwise>,
    done: bool,
}

impl PresetRun {
    /// The preset with `overrides` (unknown keys are refused by name, ranges checked here).
    pub fn new(preset: &str, overrides: &serde_json::Map<String, serde_json::Value>) -> Result<PresetRun, DynamicsError> {
        fn typed<T: serde::Serialize + serde::de::DeserializeOwned + Default>(o: &serde_json::Map<String, serde_json::Value>) -> Result<(T, serde_json::Value), DynamicsError> {
            let c: T = settings(o)?;
            let v = serde_json::to_value(&c).expect("settings serialize");
            Ok((c, v))
        }
        let name = PRESETS.iter().find(|&&p| p == preset).copied().ok_or_else(|| DynamicsError::Preset(preset.to_string()))?;
        let (settings, run) = match name {
            "eos-chebyshev" => typed::<eos::EosConfig>(overrides).and_then(|(c, v)| Ok((v, boxed(eos::EosRun::new(&c)?))))?,
            "grokking-mod" => typed::<grokking::GrokConfig>(overrides).and_then(|(c, v)| Ok((v, boxed(grokking::GrokRun::new(&c)?))))?,
            "softmax-collapse" => typed::<softmax_collapse::CollapseConfig>(overrides).and_then(|(c, v)| Ok((v, boxed(softmax_collapse::CollapseRun::new(&c)?))))?,
            "xor-cluster" => typed::<xor::XorConfig>(overrides).and_then(|(c, v)| Ok((v, boxed(xor::XorRun::new(&c)?))))?,
            "neural-collapse" => typed::<neural_collapse::NcConfig>(overrides).and_then(|(c, v)| Ok((v, boxed(neural_collapse::NcRun::new(&c)?))))?,
            _ => typed::<subspace::SubspaceConfig>(overrides).and_then(|(c, v)| Ok((v, boxed(subspace::SubspaceRun::new(&c)?))))?,
        };
        Ok(PresetRun { preset: name, settings, run, done: false })
    }

    /// Up to `n` more units of the experiment; true once it has finished.
    pub fn advance(&mut self, n: u64) -> Result<bool, DynamicsError> {
        if !self.done {
            self.done = self.run.advance(n)?;
        }
        Ok(self.done)
    }

    /// The series measured so far.
    pub fn series(&self) -> serde_json::Value {
        self.run.series()
    }

    /// {"preset", "settings", "series"}, as `gradlab dynamics` prints it.
    pub fn output(&self) -> serde_json::Value {
        serde_json::json!({ "preset": self.preset, "settings": self.settings, "series": self.series() })
    }
}

/// A preset's settings (its defaults with `overrides` applied; unknown keys are refused by
/// name) and the series it measured, as one JSON object: {"preset", "settings", "series"}.
pub fn run_preset(preset: &str, overrides: &serde_json::Map<String, serde_json::Value>) -> Result<serde_json::Value, DynamicsError> {
    let mut run = PresetRun::new(preset, overrides)?;
    run.advance(u64::MAX)?;
    Ok(run.output())
}
