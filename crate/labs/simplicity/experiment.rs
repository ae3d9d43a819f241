//! Training on a slab preset as Shah et al. 2020 (arXiv:2006.07710) did, then the
//! randomization probes. Paper settings: fully connected ReLU network, 2 hidden layers of
//! width 100 (300 for L̂MS-7 and MS-7), 2 logits with softmax cross-entropy, batch 256,
//! SGD lr 0.1; LMS-5 and MS-(5,7) weight decay 5e-5 without momentum, L̂MS-7 momentum
//! 0.9 and weight decay 5e-4. MS-7's optimizer settings are not in our reference:
//! those of L̂MS-7 are used (to verify).
//!
//! Training is the crate's one trainer (`train::Trainer::with_data`) with PyTorch's
//! conventions as run-config options: init `torch`, `coupled-decay` (g += λθ on every
//! parameter) and `short-last-batch` (DataLoader's minibatches). Any other run-config key
//! (optimizer, gradient source, pruning, schedule...) can be set too. Seed streams: data 0–1
//! (see slabs), init 2, batches 3, probe permutations 4.
//!
//! Measured with this code (`gradlab simplicity --preset P [--small]`, seed 0, release
//! build, one core of a 2-core machine), test set, acc / AUC:
//!
//! | run                 | standard      | S-randomized  | Sᶜ-randomized | time  |
//! |---------------------|---------------|---------------|---------------|-------|
//! | lms-5 paper size    | 1.000 / 1.000 | 0.496 / 0.491 | 1.000 / 1.000 | 28 s  |
//! | ms-5-7 paper size   | 1.000 / 1.000 | 0.498 / 0.500 | 1.000 / 1.000 | 101 s |
//! | noisy-lms-7 paper   | 0.948 / 0.992 | 0.498 / 0.494 | 0.943 / 0.991 | 215 s |
//! | ms-7 paper size     | 1.000 / 1.000 | (coordinate 0 alone: 1.000 / 1.000) | 0.503 / 0.499 | 106 s |
//! | lms-5 small         | 1.000 / 1.000 | 0.498 / 0.511 | 1.000 / 1.000 | 2 s   |
//! | ms-5-7 small        | 1.000 / 1.000 | 0.498 / 0.497 | 1.000 / 1.000 | 6 s   |
//! | noisy-lms-7 small   | 0.965 / 0.996 | 0.516 / 0.537 | 0.941 / 0.991 | 12 s  |
//!
//! The paper's notebooks: LMS-5 AUC 1.000 / 0.507 / 1.000, MS-(5,7) 1.000 / 0.502 / 1.000,
//! L̂MS-7 acc 0.949 / 0.497 / 0.949, MS-7 acc 1.000. Paper-size MS-(5,7) sat at 50% until
//! about 9,000 updates and reached 99.7% at 11,000, as the paper describes (~10k).

use super::probes::{self, ProbeReport, Score};
use super::slabs::{Coordinate, Preset, SlabConfig, SlabData};
use super::SimplicityError;
use crate::data::{Data, Dataset, Task};
use crate::nn::{Activation, Init, Workspace};
use crate::optim::OptimizerKind;
use crate::tensor::Rng;
use crate::train::schema::{self, Key, Kind};
use crate::train::config::{NetworkConfig, TrainingConfig};
use crate::train::{Divergence, LossChoice, RunConfig, Trainer};
use serde::Serialize;

/// A slab experiment: the data and the training settings.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct SlabRunConfig {
    pub preset: Preset,
    /// Small size (d = 10, 4k/1k rows) instead of the paper's; default false.
    pub small: bool,
    pub data: SlabConfig,
    /// Width of each hidden layer; default 100 (300 for noisy-lms-7 and ms-7 at paper size).
    pub hidden: usize,
    /// Number of hidden layers; default 2.
    pub layers: usize,
    /// Passes over the training set; default per preset and size (see `Preset`).
    pub epochs: usize,
    /// Minibatch size; default 256.
    pub batch: usize,
    /// SGD learning rate; default 0.1.
    pub lr: f64,
    /// SGD momentum; default 0 (0.9 for noisy-lms-7 and ms-7).
    pub momentum: f64,
    /// PyTorch-style weight decay λ (g += λθ); default 5e-5 (5e-4 for noisy-lms-7 and ms-7).
    pub weight_decay: f64,
    /// Seed of the initial weights, batch order and probe permutations; default 0.
    pub seed: u64,
    /// Record the probes every this many steps during `run` (0: only at the end); default 0.
    pub probe_every: usize,
    /// Run-configuration keys set beyond the lab's own (optimizer, method, prune, ...),
    /// checked against `train::schema`; default none.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub options: serde_json::Map<String, serde_json::Value>,
}

/// Run-configuration keys the lab sets itself (from its own keys or its data), which
/// `set` does not take as options.
pub const LAB_OWNED: &[&str] = &[
    "seed", "data-seed", "dataset", "samples", "noise", "train-ratio", "classes", "features", "hidden", "lr", "momentum",
    "batch-size", "epochs", "coupled-decay",
];

const COORDINATES: &[&str] = &["linear", "noisy-linear", "3-slab", "5-slab", "7-slab"];

/// Every key `set` accepts, with its range: the one table for errors and docs.
pub const KEYS: &[Key] = &[
    Key { key: "seed", kind: Kind::Int { min: 0.0, max: 4294967295.0 }, doc: "Seed of the initial weights, batches and probes." },
    Key { key: "data-seed", kind: Kind::Int { min: 0.0, max: 4294967295.0 }, doc: "Seed of the samples and the rotation." },
    Key { key: "epochs", kind: Kind::Int { min: 1.0, max: 100000.0 }, doc: "Passes over the training set." },
    Key { key: "lr", kind: Kind::Float { min: 1e-6, max: 10.0 }, doc: "SGD learning rate." },
    Key { key: "momentum", kind: Kind::Float { min: 0.0, max: 0.999 }, doc: "SGD momentum." },
    Key { key: "weight-decay", kind: Kind::Float { min: 0.0, max: 1.0 }, doc: "Weight decay λ (g += λθ, every parameter)." },
    Key { key: "batch", kind: Kind::Int { min: 1.0, max: 65536.0 }, doc: "Minibatch size." },
    Key { key: "hidden", kind: Kind::Int { min: 1.0, max: 4096.0 }, doc: "Width of each hidden layer." },
    Key { key: "layers", kind: Kind::Int { min: 1.0, max: 8.0 }, doc: "Number of hidden layers." },
    Key { key: "dim", kind: Kind::Int { min: 2.0, max: 1000.0 }, doc: "Input dimension d." },
    Key { key: "samples", kind: Kind::Int { min: 1.0, max: 1000000.0 }, doc: "Training rows." },
    Key { key: "test", kind: Kind::Int { min: 2.0, max: 1000000.0 }, doc: "Test rows." },
    Key { key: "width", kind: Kind::Float { min: 1e-6, max: 1e6 }, doc: "Data width W." },
    Key { key: "margin", kind: Kind::Float { min: 1e-9, max: 1e6 }, doc: "Margin m (< W, and < W/(k−1) for k slabs)." },
    Key { key: "noise", kind: Kind::Float { min: 0.0, max: 1.0 }, doc: "Fraction of noisy-linear samples moved inside the margin." },
    Key { key: "p5", kind: Kind::Float { min: 0.0, max: 1.0 }, doc: "P(centre slab | class 0) of 5-slab coordinates." },
    Key { key: "p7", kind: Kind::Float { min: 0.0, max: 1.0 }, doc: "P(inner slab | class 1) of 7-slab coordinates." },
    Key { key: "rotate", kind: Kind::Bool, doc: "Apply the random orthogonal rotation." },
    Key { key: "probe-every", kind: Kind::Int { min: 0.0, max: 1e9 }, doc: "Record the probes every this many steps (0: only at the end)." },
    Key { key: "simple", kind: Kind::Name(COORDINATES), doc: "Kind of coordinate 0." },
    Key { key: "complex", kind: Kind::Name(COORDINATES), doc: "Kind of coordinates 1..d." },
];

/// The key table with defaults, for the docs page: [{ key, doc, allowed, default }], the
/// defaults those of LMS-5 at the small size. Two keys name a data setting differently
/// (samples is data.train, data-seed is data.seed).
pub fn key_table() -> Vec<serde_json::Value> {
    let defaults = serde_json::to_value(SlabRunConfig::preset(Preset::Lms5, true, 0)).unwrap_or_default();
    KEYS.iter()
        .map(|f| {
            let (top, data) = match f.key {
                "samples" => ("", "train"),
                "data-seed" => ("", "seed"),
                k => (k, k),
            };
            let default = defaults.get(top).or_else(|| defaults["data"].get(data)).cloned().unwrap_or(serde_json::Value::Null);
            serde_json::json!({ "key": f.key, "doc": f.doc, "allowed": f.kind.describe(), "default": default })
        })
        .collect()
}

impl SlabRunConfig {
    /// The paper's settings for `preset`, at the paper's size or the small one.
    pub fn preset(preset: Preset, small: bool, seed: u64) -> SlabRunConfig {
        let wide = matches!(preset, Preset::NoisyLms7 | Preset::Ms7);
        // Paper: LMS-5 converged in ~12 epochs, MS-(5,7) jumped after ~10k updates (26
        // epochs of 100k rows). The small sets have 16 steps an epoch, so they get more
        // epochs; small MS-(5,7) still sits near 70% after 100 epochs and needs ~400.
        let epochs = match (preset, small) {
            (Preset::Lms5, false) => 20,
            (Preset::Ms57, false) => 60,
            (_, false) => 100,
            (Preset::Lms5, true) => 150,
            (Preset::Ms57, true) => 400,
            (_, true) => 100,
        };
        SlabRunConfig {
            preset,
            small,
            data: preset.config(small, seed),
            // The small size keeps width 100 everywhere: noisy-lms-7 at width 100 measured
            // 94.3% / 48.9% / 94.4% (standard / S- / Sᶜ-randomized, seed 0) against the
            // paper's 94.9% / 49.7% / 94.9% at width 300, in a tenth of the time.
            hidden: if wide && !small { 300 } else { 100 },
            layers: 2,
            epochs,
            batch: 256,
            lr: 0.1,
            momentum: if wide { 0.9 } else { 0.0 },
            weight_decay: if wide { 5e-4 } else { 5e-5 },
            seed,
            probe_every: 0,
            options: serde_json::Map::new(),
        }
    }

    /// Applies `key=value`: a key of `KEYS`, or a run-configuration key the lab does not
    /// set itself (`LAB_OWNED`); the error names the key, the value and the allowed range.
    pub fn set(&mut self, key: &str, text: &str) -> Result<(), SimplicityError> {
        let Some(field) = KEYS.iter().find(|f| f.key == key) else {
            let option = schema::field(key).filter(|f| !LAB_OWNED.contains(&f.key)).ok_or_else(|| {
                let names: Vec<_> = KEYS.iter().map(|f| f.key).collect();
                SimplicityError::NotASetting { key: key.to_string(), settings: names, lab_owned: LAB_OWNED }
            })?;
            let v = option.kind.parse_text(text).and_then(|v| option.kind.check(&v).map(|_| v)).map_err(|source| SimplicityError::Value { key: key.to_string(), source })?;
            self.options.insert(key.to_string(), v);
            return Ok(());
        };
        let v = field.kind.parse_text(text).and_then(|v| field.kind.check(&v).map(|_| v)).map_err(|source| SimplicityError::Value { key: key.to_string(), source })?;
        let (f, u, b) = (v.as_f64().unwrap_or(0.0), v.as_u64().unwrap_or(0), v.as_bool().unwrap_or(false));
        let d = &mut self.data;
        match key {
            "seed" => self.seed = u,
            "data-seed" => d.seed = u,
            "epochs" => self.epochs = u as usize,
            "lr" => self.lr = f,
            "momentum" => self.momentum = f,
            "weight-decay" => self.weight_decay = f,
            "batch" => self.batch = u as usize,
            "hidden" => self.hidden = u as usize,
            "layers" => self.layers = u as usize,
            "dim" => d.dim = u as usize,
            "samples" => d.train = u as usize,
            "test" => d.test = u as usize,
            "width" => d.width = f,
            "margin" => d.margin = f,
            "noise" => d.noise = f,
            "p5" => d.p5 = f,
            "p7" => d.p7 = f,
            "rotate" => d.rotate = b,
            "probe-every" => self.probe_every = u as usize,
            "simple" => d.simple = Coordinate::parse(text)?,
            "complex" => d.complex = Coordinate::parse(text)?,
            _ => unreachable!("every key of KEYS is handled"),
        }
        Ok(())
    }

    /// The canonical coordinates probed as "S": coordinate 0.
    pub fn simple_coordinates(&self) -> Vec<usize> {
        vec![0]
    }

    pub fn sizes(&self) -> Vec<usize> {
        let mut s = vec![self.data.dim];
        s.extend(std::iter::repeat_n(self.hidden, self.layers));
        s.push(2);
        s
    }

    /// The trainer's settings: ReLU, 2 logits with softmax cross-entropy (`auto` on two
    /// classes given as a 2-class task), SGD, PyTorch's init, weight decay and minibatches;
    /// then `options` over them.
    pub fn run_config(&self) -> Result<RunConfig, SimplicityError> {
        let mut base = RunConfig::default();
        base.training = TrainingConfig {
            seed: self.seed as u32,
            batch_size: self.batch,
            short_last_batch: true,
            coupled_decay: self.weight_decay,
            epochs: self.epochs,
        };
        base.network = NetworkConfig {
            hidden: vec![self.hidden; self.layers],
            activation: Activation::Relu,
            init: Init::Torch,
            loss: LossChoice::Auto,
            ..base.network
        };
        base.optimizer.kind = OptimizerKind::Sgd;
        base.optimizer.lr = self.lr;
        base.optimizer.hyper.momentum = (self.momentum > 0.0).then_some(self.momentum);
        with_options(base, &self.options)
    }
}

/// `base` with run-configuration `options` (already checked key by key) set over it.
pub fn with_options(base: RunConfig, options: &serde_json::Map<String, serde_json::Value>) -> Result<RunConfig, SimplicityError> {
    if options.is_empty() {
        return Ok(base);
    }
    let mut value = base.to_value();
    for (k, v) in options {
        value[k] = v.clone();
    }
    Ok(RunConfig::deserialize_value(value)?)
}

/// A trainer on a lab's own train and test sets, per-epoch evaluation off (the labs
/// measure what they need).
pub fn lab_trainer(config: RunConfig, task: Task, train: Dataset, test: Dataset) -> Result<Trainer, SimplicityError> {
    let feature_names = (0..train.x.ncols()).map(|i| format!("x{}", i + 1)).collect();
    let mut t = Trainer::with_data(config, Data { task, train, test, feature_names })?;
    t.epoch_metrics = false;
    Ok(t)
}

/// A slab run that can be stepped (for live charts) and probed at any time. The training
/// and test rows live in the trainer (`train_set`, `test_set`); `data` keeps the rest.
pub struct SlabTrainer {
    pub config: SlabRunConfig,
    pub data: SlabData,
    pub trainer: Trainer,
    /// Why training stopped, when `step` met non-finite numbers (the weights are the last good ones).
    pub diverged: Option<Divergence>,
    probe_rng: Rng,
}

/// What a finished run reports (the CLI's JSON).
#[derive(Clone, Debug, Serialize)]
pub struct SlabReport {
    pub preset: &'static str,
    pub settings: SlabRunConfig,
    pub steps: u64,
    pub train: Score,
    #[serde(flatten)]
    pub probes: ProbeReport,
    /// Mean minibatch loss of each epoch.
    pub epoch_loss: Vec<f64>,
    /// The probes every `probe_every` steps (feature reliance over training).
    pub history: Vec<ProbePoint>,
}

/// The probes at one step of training (per-coordinate scores left out).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ProbePoint {
    pub step: u64,
    pub standard: Score,
    pub s_randomized: Score,
    pub sc_randomized: Score,
}

impl SlabTrainer {
    pub fn new(config: SlabRunConfig) -> Result<SlabTrainer, SimplicityError> {
        let mut data = config.data.generate()?;
        let (train, test) = (std::mem::take(&mut data.train), std::mem::take(&mut data.test));
        let trainer = lab_trainer(config.run_config()?, Task::Multiclass(2), train, test)?;
        Ok(SlabTrainer { probe_rng: Rng::stream(config.seed, 4), config, data, trainer, diverged: None })
    }

    pub fn train_set(&self) -> &Dataset {
        &self.trainer.data.train
    }

    pub fn test_set(&self) -> &Dataset {
        &self.trainer.data.test
    }

    /// Minibatches per epoch, the last one possibly smaller.
    pub fn steps_per_epoch(&self) -> usize {
        self.trainer.steps_per_epoch()
    }

    /// One optimizer step on the next minibatch; returns its mean loss, or NaN (with
    /// `diverged` set and the step undone) if the numbers stopped being finite.
    pub fn step(&mut self) -> f64 {
        match self.trainer.step() {
            Ok(s) => s.batch_loss,
            Err(d) => {
                self.diverged = Some(d);
                f64::NAN
            }
        }
    }

    /// One pass over the training set; returns the mean minibatch loss.
    pub fn epoch(&mut self) -> f64 {
        let n = self.steps_per_epoch();
        (0..n).map(|_| self.step()).sum::<f64>() / n as f64
    }

    /// The probes on the test set, with the next permutations of the probe stream.
    pub fn probe(&mut self) -> ProbeReport {
        let simple = self.config.simple_coordinates();
        let t = &self.trainer;
        probes::probe(&t.mlp, &t.params, &t.data.test, &self.data.rotation, &simple, &mut self.probe_rng)
    }

    /// Standard, S- and Sᶜ-randomized scores only (cheaper than `probe`: for live charts),
    /// with permutations from `rng`.
    pub fn probe_point(&self, rng: &mut Rng) -> ProbePoint {
        let simple = self.config.simple_coordinates();
        let others: Vec<usize> = (0..self.data.config.dim).filter(|c| !simple.contains(c)).collect();
        let (mlp, params, test, rot) = (&self.trainer.mlp, &self.trainer.params, &self.trainer.data.test, &self.data.rotation);
        let mut ws = Workspace::default();
        let mut eval = |coords: &[usize], rng: &mut Rng| probes::score(mlp, params, &probes::randomize(&test.x, rot, coords, rng), &test.y, &mut ws);
        let s_randomized = eval(&simple, rng);
        let sc_randomized = eval(&others, rng);
        let standard = probes::score(mlp, params, &test.x, &test.y, &mut ws);
        ProbePoint { step: self.trainer.step, standard, s_randomized, sc_randomized }
    }

    pub fn train_score(&mut self) -> Score {
        let mut ws = Workspace::default();
        let t = &self.trainer;
        probes::score(&t.mlp, &t.params, &t.data.train.x, &t.data.train.y, &mut ws)
    }

    /// Trains `config.epochs` epochs and probes; every `probe_every` steps the probes
    /// are recorded too (from their own seed stream 5, so the final probes do not depend
    /// on it). Stops with an error if the numbers stop being finite (lower lr).
    pub fn run(mut self) -> Result<SlabReport, SimplicityError> {
        let mut epoch_loss = Vec::with_capacity(self.config.epochs);
        let mut history = Vec::new();
        let mut history_rng = Rng::stream(self.config.seed, 5);
        let every = self.config.probe_every as u64;
        for e in 0..self.config.epochs {
            let n = self.steps_per_epoch();
            let mut total = 0.0;
            for _ in 0..n {
                total += self.step();
                if let Some(d) = &self.diverged {
                    return Err(SimplicityError::Diverged { epoch: e + 1, what: d.what.clone(), lr: self.config.lr });
                }
                if every > 0 && self.trainer.step % every == 0 {
                    history.push(self.probe_point(&mut history_rng));
                }
            }
            epoch_loss.push(total / n as f64);
        }
        let train = self.train_score();
        let probes = self.probe();
        Ok(SlabReport { preset: self.config.preset.name(), steps: self.trainer.step, train, probes, epoch_loss, history, settings: self.config })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_table_finds_every_default_the_data_keys_included() {
        let table = key_table();
        assert_eq!(table.len(), KEYS.len());
        assert!(table.iter().all(|r| !r["default"].is_null()), "{table:?}");
        let default = |k: &str| table.iter().find(|r| r["key"] == k).unwrap()["default"].clone();
        assert_eq!(default("samples"), serde_json::json!(SlabRunConfig::preset(Preset::Lms5, true, 0).data.train));
        assert_eq!(default("data-seed"), serde_json::json!(0));
        assert_eq!(default("lr"), serde_json::json!(0.1));
    }
}
