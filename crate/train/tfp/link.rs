//! A TensorFlow Playground link's hash (`#activation=tanh&batchSize=10&dataset=circle&…`)
//! read as the Playground reads it (tensorflow/playground src/state.ts, `deserializeState`):
//! split on '&', then on '=' (a value stops at a second '='; no percent-decoding, the seed
//! is the raw text), the last of a repeated key wins, a blank value leaves the default, a
//! boolean is false only for "false", `<name>_hide` is true only for "true".
//!
//! Where the Playground would take a malformed value anyway (`+"abc"` is NaN, an unknown
//! activation name is silently ignored), we keep its default instead and say so: every
//! problem is one `LinkIssue` naming its key. Unknown keys are reported too. Parsing
//! never fails.

use crate::data::DatasetKind;
use crate::nn::Activation;
use std::collections::BTreeMap;

/// Every key of the Playground's state table (state.ts `State.PROPS`), in its order.
pub const KEYS: &[&str] = &[
    "activation", "regularization", "batchSize", "dataset", "regDataset", "learningRate", "regularizationRate", "noise",
    "networkShape", "seed", "showTestData", "discretize", "percTrainData", "x", "y", "xTimesY", "xSquared", "ySquared",
    "cosX", "sinX", "cosY", "sinY", "collectStats", "tutorial", "problem", "initZero", "hideText",
];
/// Keys that exist only in the Playground (a hash holding one is a Playground link).
pub const ONLY_PLAYGROUND: &[&str] = &[
    "batchSize", "regDataset", "learningRate", "regularizationRate", "networkShape", "showTestData", "discretize",
    "percTrainData", "xTimesY", "xSquared", "ySquared", "cosX", "sinX", "cosY", "sinY", "collectStats", "tutorial",
    "problem", "initZero", "hideText",
];
/// Widest hidden layer and most hidden layers a link may ask for (the Playground's own
/// buttons stop at 8 and 6; links beyond that still build, up to these).
pub const MAX_WIDTH: usize = 64;
pub const MAX_LAYERS: usize = 10;

/// Why a Playground key's value was not taken (its `LinkIssue` message); each `#[error]`
/// line words it once.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum TfpLinkError {
    #[error("{0:?} is not a number: the default was kept")]
    NotANumber(String),
    /// `rule`: what the key accepts ("a number ≥ 0", "relu, tanh, sigmoid or linear").
    #[error("{text:?} is not {rule}: the default was kept")]
    NotRule { text: String, rule: String },
    #[error("{0} characters, over the limit of 256: a fresh seed is drawn")]
    SeedLength(usize),
    #[error("{0:?} is not a comma-separated list of widths in 1..={MAX_WIDTH}: 4,2 was kept")]
    Shape(String),
    #[error("{0} hidden layers, over the limit of {MAX_LAYERS}: 4,2 was kept")]
    Layers(usize),
}
pub const MAX_BATCH: usize = 10_000;

/// The L1 or L2 penalty (nn.ts `RegularizationFunction`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Regularization {
    L1,
    L2,
}

/// The seven input features in the Playground's order (playground.ts `INPUTS`); cosX and
/// cosY are state keys with no input behind them there, so none here.
pub const FEATURES: [&str; 7] = ["x", "y", "xSquared", "ySquared", "xTimesY", "sinX", "sinY"];

/// A link's experiment, every field with the Playground's default (state.ts `State`).
#[derive(Clone, Debug, PartialEq)]
pub struct TfpLink {
    /// Hidden layers' activation: relu, tanh (default), sigmoid or linear.
    pub activation: Activation,
    /// None (default), L1 or L2.
    pub regularization: Option<Regularization>,
    /// Examples per update; default 10.
    pub batch_size: usize,
    /// Classification set: circle (default), xor, gauss, spiral.
    pub dataset: DatasetKind,
    /// Regression set: reg-plane (default), reg-gauss.
    pub reg_dataset: DatasetKind,
    /// Default 0.03.
    pub learning_rate: f64,
    /// Default 0.
    pub regularization_rate: f64,
    /// Percent; default 0. Not clamped (the live site does not clamp it).
    pub noise: f64,
    /// Hidden layer widths; default [4, 2]; may be empty.
    pub network_shape: Vec<usize>,
    /// The seedrandom seed string; None when the link has none (the page then picks one).
    pub seed: Option<String>,
    /// Percent of the points used for training; default 50.
    pub perc_train: f64,
    /// Whether regression (problem=regression) rather than classification (default).
    pub regression: bool,
    /// Weights and biases start at 0; default false.
    pub init_zero: bool,
    /// The feature toggles by state name (x and y on by default), cosX and cosY included.
    pub features: BTreeMap<&'static str, bool>,
    /// Display: showTestData, discretize, collectStats, hideText (all false by default).
    pub show_test_data: bool,
    pub discretize: bool,
    pub collect_stats: bool,
    pub hide_text: bool,
    /// The tutorial page name, if any.
    pub tutorial: Option<String>,
    /// `<name>_hide` flags as given (name without the suffix → hidden).
    pub hide: BTreeMap<String, bool>,
}

impl Default for TfpLink {
    fn default() -> TfpLink {
        let features = ["x", "y", "xTimesY", "xSquared", "ySquared", "cosX", "sinX", "cosY", "sinY"].into_iter().map(|k| (k, k == "x" || k == "y")).collect();
        TfpLink {
            activation: Activation::Tanh,
            regularization: None,
            batch_size: 10,
            dataset: DatasetKind::Circle,
            reg_dataset: DatasetKind::RegPlane,
            learning_rate: 0.03,
            regularization_rate: 0.0,
            noise: 0.0,
            network_shape: vec![4, 2],
            seed: None,
            perc_train: 50.0,
            regression: false,
            init_zero: false,
            features,
            show_test_data: false,
            discretize: false,
            collect_stats: false,
            hide_text: false,
            tutorial: None,
            hide: BTreeMap::new(),
        }
    }
}

/// One key the link could not honour as written, and why.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct LinkIssue {
    pub key: String,
    pub message: String,
}

/// A link read over the defaults, with its issues.
#[derive(Clone, Debug)]
pub struct ParsedLink {
    pub link: TfpLink,
    pub issues: Vec<LinkIssue>,
}

/// The hash of a full Playground URL, or the text itself when it has no '#'.
pub fn hash_of(url: &str) -> &str {
    url.find('#').map_or(url, |i| &url[i..])
}

/// Whether a hash is a Playground link rather than one of ours: it holds a key only the
/// Playground has, or is only Playground keys and names an activation or feature of its.
pub fn looks_like_playground(hash: &str) -> bool {
    pairs(hash).any(|(k, _)| ONLY_PLAYGROUND.contains(&k) || k.ends_with("_hide"))
}

fn pairs(hash: &str) -> impl Iterator<Item = (&str, Option<&str>)> {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    hash.split('&').map(|kv| {
        let mut parts = kv.split('=');
        (parts.next().unwrap_or(""), parts.next())
    })
}

impl TfpLink {
    /// Reads a hash (or a whole URL) as the Playground does; see the module's notes.
    pub fn parse(url_or_hash: &str) -> ParsedLink {
        let mut map: BTreeMap<&str, Option<&str>> = BTreeMap::new();
        for (k, v) in pairs(hash_of(url_or_hash)) {
            map.insert(k, v);
        }
        let mut link = TfpLink::default();
        let mut issues = Vec::new();
        let mut issue = |key: &str, message: String| issues.push(LinkIssue { key: key.to_string(), message });
        for (&key, &value) in &map {
            let Some(text) = value else {
                if !key.is_empty() && !KEYS.contains(&key) && !key.ends_with("_hide") {
                    issue(key, "not a Playground key".into());
                }
                continue;
            };
            if let Some(name) = key.strip_suffix("_hide") {
                if text != "true" && text != "false" {
                    issue(key, format!("{text:?} is not true or false: read as false, as the Playground does"));
                }
                link.hide.insert(name.to_string(), text == "true");
                continue;
            }
            if key == "networkShape" {
                match parse_shape(text) {
                    Ok(shape) => link.network_shape = shape,
                    Err(e) => issue(key, e.to_string()),
                }
                continue;
            }
            if text.trim().is_empty() {
                continue; // the Playground's hasKey: a blank value keeps the default
            }
            let named = |rule: &str| TfpLinkError::NotRule { text: text.to_string(), rule: rule.to_string() };
            let number = |ok: &dyn Fn(f64) -> bool, rule: &str| -> Result<f64, TfpLinkError> {
                let v = js_number(text).ok_or_else(|| TfpLinkError::NotANumber(text.to_string()))?;
                if v.is_finite() && ok(v) {
                    Ok(v)
                } else {
                    Err(named(rule))
                }
            };
            let result: Result<(), TfpLinkError> = match key {
                "activation" => pick(text, &[("relu", Activation::Relu), ("tanh", Activation::Tanh), ("sigmoid", Activation::Sigmoid), ("linear", Activation::Linear)])
                    .map(|a| link.activation = a)
                    .ok_or_else(|| named("relu, tanh, sigmoid or linear")),
                "regularization" => pick(text, &[("none", None), ("L1", Some(Regularization::L1)), ("L2", Some(Regularization::L2))])
                    .map(|r| link.regularization = r)
                    .ok_or_else(|| named("none, L1 or L2")),
                "dataset" => pick(text, &[("circle", DatasetKind::Circle), ("xor", DatasetKind::Xor), ("gauss", DatasetKind::Gauss), ("spiral", DatasetKind::Spiral)])
                    .map(|k| link.dataset = k)
                    .ok_or_else(|| named("circle, xor, gauss or spiral")),
                "regDataset" => pick(text, &[("reg-plane", DatasetKind::RegPlane), ("reg-gauss", DatasetKind::RegGauss)])
                    .map(|k| link.reg_dataset = k)
                    .ok_or_else(|| named("reg-plane or reg-gauss")),
                "problem" => pick(text, &[("classification", false), ("regression", true)])
                    .map(|r| link.regression = r)
                    .ok_or_else(|| named("classification or regression")),
                "batchSize" => number(&|v| (1.0..=MAX_BATCH as f64).contains(&v) && v.fract() == 0.0, &format!("a whole number in 1..={MAX_BATCH}"))
                    .map(|v| link.batch_size = v as usize),
                "learningRate" => number(&|v| v >= 0.0, "a number ≥ 0").map(|v| link.learning_rate = v),
                "regularizationRate" => number(&|v| v >= 0.0, "a number ≥ 0").map(|v| link.regularization_rate = v),
                "noise" => number(&|v| (0.0..=100.0).contains(&v), "a percentage in 0..=100").map(|v| link.noise = v),
                "percTrainData" => number(&|v| (0.0..=100.0).contains(&v), "a percentage in 0..=100").map(|v| link.perc_train = v),
                "seed" if text.len() > 256 => Err(TfpLinkError::SeedLength(text.len())),
                "seed" => {
                    link.seed = Some(text.to_string());
                    Ok(())
                }
                "tutorial" => {
                    link.tutorial = Some(text.to_string());
                    Ok(())
                }
                _ => Ok(()),
            };
            if let Err(e) = result {
                issue(key, e.to_string());
                continue;
            }
            // Booleans: anything but "false" is true, as the Playground reads them.
            let flag = text != "false";
            let slot = match key {
                "showTestData" => Some(&mut link.show_test_data),
                "discretize" => Some(&mut link.discretize),
                "collectStats" => Some(&mut link.collect_stats),
                "hideText" => Some(&mut link.hide_text),
                "initZero" => Some(&mut link.init_zero),
                _ => link.features.get_mut(key),
            };
            if let Some(slot) = slot {
                *slot = flag;
                if text != "true" && text != "false" {
                    issue(key, format!("{text:?} is not true or false: read as true, as the Playground does"));
                }
            } else if !KEYS.contains(&key) {
                issue(key, "not a Playground key".into());
            }
        }
        ParsedLink { link, issues }
    }

    /// The input features the network gets, in the Playground's order: those switched on
    /// and not hidden by `<name>_hide=true` (playground.ts deletes hidden ones from INPUTS).
    pub fn inputs(&self) -> Vec<&'static str> {
        FEATURES.iter().copied().filter(|f| self.features[f] && !self.hide.get(*f).copied().unwrap_or(false)).collect()
    }

    /// The set the link draws from (dataset or regDataset, by problem).
    pub fn data_kind(&self) -> DatasetKind {
        if self.regression {
            self.reg_dataset
        } else {
            self.dataset
        }
    }

    /// The hash the Playground would write back (state.ts `serialize`), with `seed`.
    pub fn to_hash(&self, seed: &str) -> String {
        let b = |v: bool| if v { "true" } else { "false" };
        let mut parts = vec![
            format!("activation={}", self.activation.name()),
            format!("batchSize={}", self.batch_size),
            format!("dataset={}", self.dataset.name()),
            format!("regDataset={}", self.reg_dataset.name()),
            format!("learningRate={}", self.learning_rate),
            format!("regularization={}", match self.regularization { None => "none", Some(Regularization::L1) => "L1", Some(Regularization::L2) => "L2" }),
            format!("regularizationRate={}", self.regularization_rate),
            format!("noise={}", self.noise),
            format!("networkShape={}", self.network_shape.iter().map(|w| w.to_string()).collect::<Vec<_>>().join(",")),
            format!("seed={seed}"),
            format!("showTestData={}", b(self.show_test_data)),
            format!("discretize={}", b(self.discretize)),
            format!("percTrainData={}", self.perc_train),
        ];
        for k in ["x", "y", "xTimesY", "xSquared", "ySquared", "cosX", "sinX", "cosY", "sinY"] {
            parts.push(format!("{k}={}", b(self.features[k])));
        }
        parts.push(format!("collectStats={}", b(self.collect_stats)));
        if let Some(t) = &self.tutorial {
            parts.push(format!("tutorial={t}"));
        }
        parts.push(format!("problem={}", if self.regression { "regression" } else { "classification" }));
        parts.push(format!("initZero={}", b(self.init_zero)));
        parts.push(format!("hideText={}", b(self.hide_text)));
        for (k, v) in &self.hide {
            parts.push(format!("{k}_hide={}", b(*v)));
        }
        format!("#{}", parts.join("&"))
    }
}

/// The value `text` names in `table`.
fn pick<T: Copy>(text: &str, table: &[(&str, T)]) -> Option<T> {
    table.iter().find(|(name, _)| *name == text).map(|(_, v)| *v)
}

/// The seed the Playground picks for a link without one (state.ts: `Math.random().toFixed(5)`
/// from the page's unseeded generator), given that draw `u` in [0, 1).
pub fn seed_from_unit(u: f64) -> String {
    format!("{u:.5}")
}

/// JS's `+text` for the plain decimal forms links use ("0.03", "1e-3", " 5 ", ".5"),
/// None for anything `+` would turn into NaN. Hex and binary forms are refused too.
fn js_number(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() {
        return Some(0.0);
    }
    if t.chars().any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E') {
        return if t == "Infinity" || t == "+Infinity" { Some(f64::INFINITY) } else if t == "-Infinity" { Some(f64::NEG_INFINITY) } else { None };
    }
    t.parse::<f64>().ok()
}

/// `networkShape=4,2` (an empty value is no hidden layer): whole numbers in 1..=MAX_WIDTH.
fn parse_shape(text: &str) -> Result<Vec<usize>, TfpLinkError> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let widths: Vec<usize> = text
        .split(',')
        .map(|w| w.trim().parse::<usize>().ok().filter(|&n| (1..=MAX_WIDTH).contains(&n)))
        .collect::<Option<_>>()
        .ok_or_else(|| TfpLinkError::Shape(text.to_string()))?;
    if widths.len() > MAX_LAYERS {
        return Err(TfpLinkError::Layers(widths.len()));
    }
    Ok(widths)
}

/// Keys both hash forms have, with different meanings (noise is a percentage there, a
/// fraction here; seed a string there, an integer here; L1/L2 there, l1/l2 here).
pub const SHARED: &[&str] = &["activation", "dataset", "noise", "regularization", "seed"];

/// Which form a hash is in.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "ours")]
pub enum HashForm {
    /// Gradient Lab's own keys (or only keys both have, in a form ours accept).
    Ours,
    /// A Playground link.
    Playground,
    /// A Playground link with some of our own keys in it: they are listed, and not applied.
    Mixed(Vec<String>),
}

/// Tells a Playground hash from one of ours: a key only the Playground has (or a
/// `<name>_hide` flag) makes it the Playground's, and then any key only we have makes it
/// mixed. Without either kind of key, a shared key in a form only the Playground writes
/// (regularization=L1 or L2, a seed that is not a whole number) makes it the Playground's
/// too; a hash with one of our own keys is otherwise ours, as it always was (its bad values
/// are reported by our parser). `our_keys`: our schema's keys.
pub fn classify(hash: &str, our_keys: &[&str]) -> HashForm {
    let pairs: Vec<(&str, Option<&str>)> = pairs(hash_of(hash)).filter(|(k, _)| !k.is_empty()).collect();
    let mut ours: Vec<String> = pairs.iter().map(|(k, _)| *k).filter(|k| our_keys.contains(k) && !KEYS.contains(k)).map(str::to_string).collect();
    ours.dedup();
    let only_theirs = pairs.iter().any(|(k, _)| ONLY_PLAYGROUND.contains(k) || k.ends_with("_hide"));
    let their_form = pairs.iter().any(|(k, v)| match (*k, v) {
        ("regularization", Some(v)) => *v == "L1" || *v == "L2",
        ("seed", Some(v)) => !v.is_empty() && v.parse::<u64>().is_err(),
        _ => false,
    });
    match (only_theirs, ours.is_empty()) {
        (true, true) => HashForm::Playground,
        (true, false) => HashForm::Mixed(ours),
        (false, true) if their_form => HashForm::Playground,
        _ => HashForm::Ours,
    }
}
