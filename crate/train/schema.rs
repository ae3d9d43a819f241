//! The table of run-configuration keys: type, allowed range, default's meaning and a
//! line of documentation. It is the single source for validation, the URL hash parser
//! and the generated docs, so they cannot drift apart.

use super::LossChoice;
use crate::autodiff::estimator::{Guess, Method, TangentDist};
use crate::data::{DatasetKind, Feature};
use crate::nn::{Activation, Init, Penalty};
use crate::optim::schedule::ScheduleKind;
use crate::optim::OptimizerKind;
use crate::sparsity::{Criterion, SparseTraining};

/// What values a key accepts.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    Int { min: f64, max: f64 },
    Float { min: f64, max: f64 },
    /// A number in the half-open [0, 1) (sparsities: 1 would prune everything).
    Fraction,
    Bool,
    /// One name from the list.
    Name(&'static [&'static str]),
    /// A comma-separated list of integers, each in range, at most `len` long.
    Ints { len: usize, min: f64, max: f64 },
    /// A comma-separated list of names from the list, at most `len` long.
    Names { len: usize, of: &'static [&'static str] },
}

/// A key's one line of help. The lite core (the playground's first download) leaves the text
/// out: only the full core's `schema` export (the docs page) reads it, and the 67 lines are
/// about 3 KB of that download gzipped.
const fn doc(text: &'static str) -> &'static str {
    if cfg!(feature = "full") {
        text
    } else {
        ""
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub key: &'static str,
    pub kind: Kind,
    pub doc: &'static str,
}

// Each list of choices is its enum's name table (`names!`): defined once, read here, by
// the docs page and by the pages' dropdowns (through the `schema` export).
pub const DATASETS: &[&str] = DatasetKind::NAMES;
pub const FEATURES: &[&str] = Feature::NAMES;
pub const ACTIVATIONS: &[&str] = Activation::NAMES;
pub const INITS: &[&str] = Init::NAMES;
pub const LOSSES: &[&str] = LossChoice::NAMES;
pub const OPTIMIZERS: &[&str] = OptimizerKind::NAMES;

/// Keys that may be absent (null): the optimizer hyperparameters, whose absence means
/// "the chosen optimizer's own default".
pub const OPTIONAL: &[&str] = &[
    "momentum", "nesterov", "centered", "b1", "b2", "b3", "alpha", "eps", "eps_root", "weight_decay", "decay",
    "initial_accumulator_value", "threshold", "final_lr", "gamma", "alpha_warmup", "b3_warmup", "eps_inside", "max_corrected",
];
pub const SCHEDULES: &[&str] = ScheduleKind::NAMES;
pub const METHODS: &[&str] = Method::NAMES;
pub const GUESSES: &[&str] = Guess::NAMES;
pub const TANGENT_DISTS: &[&str] = TangentDist::NAMES;
pub const PENALTIES: &[&str] = Penalty::NAMES;
pub const CRITERIA: &[&str] = Criterion::NAMES;
pub const SPARSE_TRAININGS: &[&str] = SparseTraining::NAMES;

/// The keys race entrants may differ in: the update rule, the gradient source and their
/// settings (everything else must be shared).
pub const OPTIMIZER_KEYS: &[&str] = &[
    "method", "tangents", "tangent-dist", "spsa-h", "local-losses", "guess", "ff-threshold", "optimizer", "lr", "momentum", "nesterov", "centered", "b1", "b2", "b3", "alpha", "eps", "eps_root", "weight_decay",
    "decay", "initial_accumulator_value", "threshold", "final_lr", "gamma", "alpha_warmup", "b3_warmup", "eps_inside",
    "max_corrected", "lookahead-k",
    "lookahead-alpha", "sam-rho", "schedule", "schedule-steps", "schedule-rate", "min-lr", "t-mult", "warmup-steps",
    "clip-norm",
];

/// The keys a running trainer takes without a rebuild: the learning rate, its schedule,
/// clipping, the optimizer's hyperparameters (not the optimizer itself), regularization
/// and the run length.
pub const LIVE_KEYS: &[&str] = &[
    "lr", "momentum", "nesterov", "centered", "b1", "b2", "b3", "alpha", "eps", "eps_root", "weight_decay", "decay",
    "initial_accumulator_value", "threshold", "final_lr", "gamma", "alpha_warmup", "b3_warmup", "eps_inside",
    "max_corrected", "regularization", "reg-rate", "schedule", "schedule-steps", "schedule-rate", "min-lr", "t-mult",
    "warmup-steps", "clip-norm", "epochs", "coupled-decay",
];

pub const MAX_HIDDEN_LAYERS: usize = 6;
pub const MAX_WIDTH: f64 = 512.0;

pub const FIELDS: &[Field] = &[
    Field { key: "seed", kind: Kind::Int { min: 0.0, max: 4294967295.0 }, doc: doc("Seed of the initial weights and the minibatch order.") },
    Field { key: "data-seed", kind: Kind::Int { min: 0.0, max: 4294967295.0 }, doc: doc("Seed of the generated points and the train/test split.") },
    Field { key: "dataset", kind: Kind::Name(DATASETS), doc: doc("Which data to learn; reg-* are regression, multi-spiral has `classes` arms, digits is the UCI 8×8 set, custom is your own data (an uploaded CSV or points drawn on the map; a link cannot carry it).") },
    Field { key: "samples", kind: Kind::Int { min: 10.0, max: 5000.0 }, doc: doc("Number of generated points (ignored for digits).") },
    Field { key: "noise", kind: Kind::Float { min: 0.0, max: 0.5 }, doc: doc("Noise level, the Playground's percentage / 100.") },
    Field { key: "train-ratio", kind: Kind::Float { min: 0.1, max: 0.9 }, doc: doc("Fraction of the rows used for training; the rest is the test set.") },
    Field { key: "classes", kind: Kind::Int { min: 2.0, max: 8.0 }, doc: doc("Number of arms (classes) of multi-spiral.") },
    Field { key: "features", kind: Kind::Names { len: 7, of: FEATURES }, doc: doc("Input features computed from a 2-D point (ignored for digits).") },
    Field { key: "hidden", kind: Kind::Ints { len: MAX_HIDDEN_LAYERS, min: 1.0, max: MAX_WIDTH }, doc: doc("Width of each hidden layer; empty for a linear model.") },
    Field { key: "activation", kind: Kind::Name(ACTIVATIONS), doc: doc("Activation of the hidden layers (the output layer is linear: it gives logits).") },
    Field { key: "activations", kind: Kind::Names { len: MAX_HIDDEN_LAYERS, of: ACTIVATIONS }, doc: doc("Optional activation per hidden layer, overriding `activation`; one per hidden layer.") },
    Field { key: "init", kind: Kind::Name(INITS), doc: doc("Weight initializer: uniform (Playground, U(−0.5, 0.5), bias 0.1), glorot, he, or torch (PyTorch's nn.Linear: weights and biases U(−1/√fan_in, 1/√fan_in)).") },
    Field { key: "loss", kind: Kind::Name(LOSSES), doc: doc("auto picks bce for two classes, softmax-ce for more, mse for regression.") },
    Field { key: "optimizer", kind: Kind::Name(OPTIMIZERS), doc: doc("Update rule.") },
    Field { key: "lr", kind: Kind::Float { min: 0.0, max: 10.0 }, doc: doc("Learning rate; can change while training.") },
    Field { key: "momentum", kind: Kind::Float { min: 0.0, max: 0.999 }, doc: doc("SGD momentum μ (default 0 = plain SGD); MADGRAD's momentum (default 0.9).") },
    Field { key: "nesterov", kind: Kind::Bool, doc: doc("SGD with Nesterov momentum (default false).") },
    Field { key: "centered", kind: Kind::Bool, doc: doc("Centered RMSProp (default false).") },
    Field { key: "b1", kind: Kind::Float { min: 0.0, max: 0.9999 }, doc: doc("β1, decay of the first moment (default 0.9); Gravity's β (default 0.9).") },
    Field { key: "b2", kind: Kind::Float { min: 0.0, max: 0.99999 }, doc: doc("β2, decay of the second moment (default 0.999; Lion 0.99).") },
    Field { key: "b3", kind: Kind::Float { min: 0.0, max: 0.999999 }, doc: doc("AdEMAMix's slow EMA decay β3 (default 0.9999).") },
    Field { key: "alpha", kind: Kind::Float { min: 0.0, max: 100.0 }, doc: doc("AdEMAMix's weight of the slow EMA (default 2); Gravity's α (default 0.01).") },
    Field { key: "eps", kind: Kind::Float { min: 0.0, max: 1.0 }, doc: doc("ε in the denominator (default 1e-8; Adagrad 1e-7, AdaBelief 1e-16, Grams and MADGRAD 1e-6).") },
    Field { key: "eps_root", kind: Kind::Float { min: 0.0, max: 1.0 }, doc: doc("AdaBelief's ε added inside the second moment (default 1e-16).") },
    Field { key: "weight_decay", kind: Kind::Float { min: 0.0, max: 10.0 }, doc: doc("Decoupled weight decay λ (AdamW default 0.01, Lion 0.001, others 0).") },
    Field { key: "decay", kind: Kind::Float { min: 0.0, max: 0.9999 }, doc: doc("RMSProp's decay ρ of the squared-gradient average (default 0.9).") },
    Field { key: "initial_accumulator_value", kind: Kind::Float { min: 0.0, max: 10.0 }, doc: doc("Adagrad's starting accumulator (default 0.1, optax; PyTorch uses 0).") },
    Field { key: "threshold", kind: Kind::Float { min: 0.0, max: 1000.0 }, doc: doc("RAdam's ρ threshold below which the step is un-rectified (default 5).") },
    Field { key: "final_lr", kind: Kind::Float { min: 0.0, max: 10.0 }, doc: doc("AdaBound's final (SGD-like) learning rate (default 0.1).") },
    Field { key: "gamma", kind: Kind::Float { min: 0.0, max: 1.0 }, doc: doc("AdaBound's bound convergence speed γ (default 1e-3).") },
    Field { key: "alpha_warmup", kind: Kind::Float { min: 0.0, max: 1e9 }, doc: doc("AdEMAMix: steps of linear warm-up of α from 0 (default 0 = off).") },
    Field { key: "b3_warmup", kind: Kind::Float { min: 0.0, max: 1e9 }, doc: doc("AdEMAMix: steps over which β3 rises from β1 in half-life (default 0 = off).") },
    Field { key: "eps_inside", kind: Kind::Bool, doc: doc("ε inside the square root: Adagrad default true (optax), RMSProp default false (PyTorch).") },
    Field { key: "max_corrected", kind: Kind::Bool, doc: doc("AMSGrad keeps the max of the corrected v̂ (true, optax, default) or of the raw v (false, PyTorch).") },
    Field { key: "method", kind: Kind::Name(METHODS), doc: doc("Gradient source: backprop (exact), forward-gradient (Baydin et al. 2022), activity-perturbation (Ren et al. 2023), spsa (finite differences), feedback-alignment (Lillicrap et al. 2016) direct-feedback-alignment (Nøkland 2016), guessed-direction (Fournier et al. 2023) or forward-forward (Hinton 2022).") },
    Field { key: "tangents", kind: Kind::Int { min: 1.0, max: 1024.0 }, doc: doc("Random directions averaged per step by the forward-gradient methods.") },
    Field { key: "tangent-dist", kind: Kind::Name(TANGENT_DISTS), doc: doc("Distribution of weight-perturbation tangents: gaussian or rademacher (±1).") },
    Field { key: "spsa-h", kind: Kind::Float { min: 1e-7, max: 1.0 }, doc: doc("Step h of SPSA's central difference (L(θ+hv) − L(θ−hv))/2h.") },
    Field { key: "local-losses", kind: Kind::Bool, doc: doc("Train each hidden layer on its own linear head's loss, its input detached (Ren et al. 2023); with backprop, forward-gradient, activity-perturbation or as guessed-direction's target.") },
    Field { key: "guess", kind: Kind::Name(GUESSES), doc: doc("What guessed-direction projects the gradient onto: random noise or each layer's local-loss gradient.") },
    Field { key: "ff-threshold", kind: Kind::Float { min: 0.0, max: 100.0 }, doc: doc("Forward-Forward's goodness threshold θ (goodness = mean squared activity).") },
    Field { key: "lookahead-k", kind: Kind::Int { min: 0.0, max: 1000.0 }, doc: doc("Lookahead around the optimizer: sync the slow weights every k steps (0 = off).") },
    Field { key: "lookahead-alpha", kind: Kind::Float { min: 0.0, max: 1.0 }, doc: doc("Lookahead's slow-weight step α.") },
    Field { key: "sam-rho", kind: Kind::Float { min: 0.0, max: 10.0 }, doc: doc("SAM: take the gradient at θ + ρ·g/‖g‖ on the same minibatch (0 = off).") },
    Field { key: "schedule", kind: Kind::Name(SCHEDULES), doc: doc("Learning-rate schedule: constant, step, exponential, cosine or sgdr (cosine with warm restarts).") },
    Field { key: "schedule-steps", kind: Kind::Int { min: 1.0, max: 1e9 }, doc: doc("Schedule period in steps: per decay (step), T (cosine), T₀ (sgdr).") },
    Field { key: "schedule-rate", kind: Kind::Float { min: 0.0, max: 1.0 }, doc: doc("Decay factor per period (step) or rate k of η·e^(−k·t) (exponential).") },
    Field { key: "min-lr", kind: Kind::Float { min: 0.0, max: 10.0 }, doc: doc("Lowest learning rate of cosine and sgdr.") },
    Field { key: "t-mult", kind: Kind::Float { min: 1.0, max: 10.0 }, doc: doc("SGDR: each period is this many times longer than the last.") },
    Field { key: "warmup-steps", kind: Kind::Int { min: 0.0, max: 1e9 }, doc: doc("Linear warm-up from lr/warmup to lr over this many steps (0 = none).") },
    Field { key: "clip-norm", kind: Kind::Float { min: 0.0, max: 1e6 }, doc: doc("Clip the gradient's global L2 norm to this value (0 = no clipping).") },
    Field { key: "batch-size", kind: Kind::Int { min: 1.0, max: 4096.0 }, doc: doc("Rows per training step (capped at the training set's size).") },
    Field { key: "short-last-batch", kind: Kind::Bool, doc: doc("End each epoch with a smaller batch of the rows left, as PyTorch's DataLoader (drop_last=False), instead of carrying them into the next epoch (default false).") },
    Field { key: "regularization", kind: Kind::Name(PENALTIES), doc: doc("Weight penalty: l1 = rate·Σ|w|, l2 = rate·½Σw² (weights only).") },
    Field { key: "reg-rate", kind: Kind::Float { min: 0.0, max: 10.0 }, doc: doc("Strength of the weight penalty.") },
    Field { key: "coupled-decay", kind: Kind::Float { min: 0.0, max: 1.0 }, doc: doc("PyTorch's weight_decay of SGD and Adam: λθ added to the gradient of every parameter, biases included, before the optimizer (0 = off; unlike weight_decay, which AdamW and Lion apply decoupled).") },
    Field { key: "epochs", kind: Kind::Int { min: 1.0, max: 1_000_000.0 }, doc: doc("Length of a CLI or test run in epochs (the page trains until paused).") },
    Field { key: "prune", kind: Kind::Name(CRITERIA), doc: doc("Pruning criterion: magnitude (per layer), global-magnitude, erk (Evci et al. 2020 ratios), lamp (Lee et al. 2021), random, random-erk, snip (Lee et al. 2019), synflow (Tanaka et al. 2020) or n-m (N of every M inputs); none = dense.") },
    Field { key: "sparsity", kind: Kind::Fraction, doc: doc("Fraction of the layers' weights pruned, 0 ≤ s < 1 (biases are never pruned; ignored by n-m, whose sparsity is 1 − N/M).") },
    Field { key: "prune-at", kind: Kind::Int { min: 0.0, max: 1e9 }, doc: doc("Step at which pruning starts (0 = at initialization).") },
    Field { key: "prune-steps", kind: Kind::Int { min: 0.0, max: 1e9 }, doc: doc("Length of the gradual ramp (cubic, Zhu & Gupta 2017) in steps; 0 = one-shot. With n-m: the progressive ramp.") },
    Field { key: "prune-every", kind: Kind::Int { min: 1.0, max: 1e9 }, doc: doc("Steps between prunings during the ramp.") },
    Field { key: "prune-n", kind: Kind::Int { min: 1.0, max: 64.0 }, doc: doc("N of N:M sparsity: weights kept in each group (1 ≤ N ≤ M).") },
    Field { key: "prune-m", kind: Kind::Int { min: 1.0, max: 64.0 }, doc: doc("M of N:M sparsity: consecutive inputs per group.") },
    Field { key: "sparse-training", kind: Kind::Name(SPARSE_TRAININGS), doc: doc("Dynamic sparse training at constant parameter count: set (Mocanu et al. 2018) or rigl (Evci et al. 2020); needs a prune criterion for the starting mask.") },
    Field { key: "drop-fraction", kind: Kind::Float { min: 0.0, max: 1.0 }, doc: doc("Fraction of each layer's live weights dropped and regrown per update (SET's ζ; RigL's α, cosine-decayed).") },
    Field { key: "update-every", kind: Kind::Int { min: 1.0, max: 1e9 }, doc: doc("Steps between drop-and-regrow updates (ΔT).") },
];

impl Field {
    pub fn optional(&self) -> bool {
        OPTIONAL.contains(&self.key)
    }
}

pub fn field(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.key == key)
}

impl Kind {
    /// A short description of the allowed values, as used in error messages and docs.
    pub fn describe(&self) -> String {
        match *self {
            Kind::Int { min, max } => format!("an integer in {min}..={max}"),
            Kind::Float { min, max } => format!("a number in [{min}, {max}]"),
            Kind::Fraction => "a number in [0, 1)".into(),
            Kind::Bool => "true or false".into(),
            Kind::Name(of) => format!("one of {}", of.join(", ")),
            Kind::Ints { len, min, max } => format!("up to {len} integers in {min}..={max}"),
            Kind::Names { len, of } => format!("up to {len} of {}", of.join(", ")),
        }
    }

    /// Checks a JSON value against the kind.
    pub fn check(&self, v: &serde_json::Value) -> Result<(), String> {
        let bad = || Err(format!("{v} is not {}", self.describe()));
        let in_range = |x: f64, min: f64, max: f64| x.is_finite() && x >= min && x <= max;
        match (*self, v) {
            (Kind::Int { min, max }, serde_json::Value::Number(n)) => match n.as_f64() {
                Some(x) if x.fract() == 0.0 && in_range(x, min, max) => Ok(()),
                _ => bad(),
            },
            (Kind::Float { min, max }, serde_json::Value::Number(n)) => match n.as_f64() {
                Some(x) if in_range(x, min, max) => Ok(()),
                _ => bad(),
            },
            (Kind::Fraction, serde_json::Value::Number(n)) => match n.as_f64() {
                Some(x) if x.is_finite() && (0.0..1.0).contains(&x) => Ok(()),
                _ => bad(),
            },
            (Kind::Bool, serde_json::Value::Bool(_)) => Ok(()),
            (Kind::Name(of), serde_json::Value::String(s)) if of.contains(&s.as_str()) => Ok(()),
            (Kind::Ints { len, min, max }, serde_json::Value::Array(a)) if a.len() <= len => {
                let ok = a.iter().all(|e| e.as_f64().is_some_and(|x| x.fract() == 0.0 && in_range(x, min, max)));
                if ok { Ok(()) } else { bad() }
            }
            (Kind::Names { len, of }, serde_json::Value::Array(a)) if a.len() <= len => {
                let ok = a.iter().all(|e| e.as_str().is_some_and(|s| of.contains(&s)));
                if ok { Ok(()) } else { bad() }
            }
            _ => bad(),
        }
    }

    /// Parses the text of a URL-hash value into JSON of this kind (range not yet checked).
    pub fn parse_text(&self, text: &str) -> Result<serde_json::Value, String> {
        use serde_json::Value;
        let number = |t: &str| -> Result<Value, String> {
            let x: f64 = t.parse().map_err(|_| format!("{t:?} is not a number"))?;
            serde_json::Number::from_f64(x).map(Value::Number).ok_or_else(|| format!("{t:?} is not finite"))
        };
        let list = |t: &str| -> Vec<String> {
            if t.is_empty() { Vec::new() } else { t.split(',').map(str::to_string).collect() }
        };
        match self {
            Kind::Int { .. } => {
                let v = number(text)?;
                // Keep integers integral in JSON so serde reads them into usize / u32.
                match v.as_f64() {
                    Some(x) if x.fract() == 0.0 && x >= 0.0 && x < 1e15 => Ok(Value::from(x as u64)),
                    _ => Ok(v),
                }
            }
            Kind::Float { .. } | Kind::Fraction => number(text),
            Kind::Bool => match text {
                "true" | "1" => Ok(Value::Bool(true)),
                "false" | "0" => Ok(Value::Bool(false)),
                _ => Err(format!("{text:?} is not true or false")),
            },
            Kind::Name(_) => Ok(Value::String(text.to_string())),
            Kind::Ints { .. } => list(text)
                .iter()
                .map(|t| t.parse::<u64>().map(Value::from).map_err(|_| format!("{t:?} is not a whole number")))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            Kind::Names { .. } => Ok(Value::Array(list(text).into_iter().map(Value::String).collect())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::RunConfig;

    /// Every choice the schema offers is a name its enum parses and prints back (the
    /// lists are the enums' own tables; this ties them to the config's serde too), and
    /// every key with choices is covered.
    #[test]
    fn every_choice_of_the_schema_round_trips_through_the_run_config() {
        let mut checked = 0;
        for f in FIELDS {
            let of = match f.kind {
                Kind::Name(of) | Kind::Names { of, .. } => of,
                _ => continue,
            };
            for name in of {
                let v = match f.kind {
                    Kind::Names { .. } => serde_json::json!([name]),
                    _ => serde_json::json!(name),
                };
                f.kind.check(&v).unwrap();
                let config = RunConfig::deserialize_value(serde_json::json!({ f.key: v })).unwrap_or_else(|e| panic!("{}={name}: {e}", f.key));
                assert_eq!(config.to_value()[f.key], v, "{}={name}", f.key);
            }
            checked += 1;
        }
        assert_eq!(checked, 14, "keys with a list of choices");
    }
}
