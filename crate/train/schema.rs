//! The table of run-configuration keys: for each key its place in `RunConfig`, its group,
//! type and allowed range, whether a running trainer takes it, and a line of
//! documentation. It is the single list of keys: the JSON form (config/json.rs), validation,
//! the URL hash, the CLI's `--set`, the race's and the live update's key sets and the
//! generated docs all read it, so they cannot drift apart. Adding a key is one `field!` row
//! here (and its field in a group of `RunConfig`).

use super::{LossChoice, RunConfig};
use crate::autodiff::estimator::{Guess, Method, TangentDist};
use crate::data::{DatasetKind, Feature};
use crate::nn::{Activation, Init, Penalty};
use crate::optim::schedule::ScheduleKind;
use crate::optim::OptimizerKind;
use crate::sparsity::{Criterion, SparseTraining};
use super::ValueError;
use serde_json::Value;

/// What values a key accepts.
#[derive(Clone, Copy, Debug, PartialEq)]
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

/// Which group of `RunConfig` a key belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Data,
    Network,
    /// The gradient source (`method` and its settings).
    Gradient,
    /// The update rule, its learning rate, schedule and wrappers.
    Optimizer,
    /// An update rule's hyperparameter (`Hyper`): may be null, the rule's own default.
    Hyper,
    Training,
    Pruning,
}

/// A running trainer takes the key without a rebuild (`Trainer::update`): the learning
/// rate, its schedule, clipping, the hyperparameters (not the rule itself),
/// regularization and the run length.
pub const LIVE: u8 = 1;
/// Left out of the JSON at false or 0: keys added after configs and run files were first
/// written, which then read as before.
pub const QUIET: u8 = 2;

#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub key: &'static str,
    pub group: Group,
    /// `LIVE`, `QUIET`, or both.
    pub flags: u8,
    pub kind: Kind,
    pub doc: &'static str,
    /// The key's value in a config, as JSON (null: a hyperparameter left at the rule's default).
    pub get: fn(&RunConfig) -> Value,
    /// Sets the key from JSON of its type (range not checked: see `Kind::check`).
    pub set: fn(&mut RunConfig, Value) -> Result<(), serde_json::Error>,
}

/// A key of a lab's own settings table (the simplicity lab's `KEYS`): its name, values and
/// line of help, read by errors and the docs page as the run config's `Field`s are.
#[derive(Clone, Copy, Debug)]
pub struct Key {
    pub key: &'static str,
    pub kind: Kind,
    pub doc: &'static str,
}

/// One row of the table: `field!(key, Group, path.in.run_config, flags, kind, doc)`.
macro_rules! field {
    ($key:literal, $group:ident, $($path:ident).+, $flags:expr, $kind:expr, $doc:literal) => {
        Field {
            key: $key,
            group: Group::$group,
            flags: $flags,
            kind: $kind,
            doc: doc($doc),
            get: |c| to_json(&c.$($path).+),
            set: |c, v| {
                c.$($path).+ = serde_json::from_value(v)?;
                Ok(())
            },
        }
    };
}

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("a config value serializes")
}

// Each list of choices is its enum's name table (`names!`): defined once, read here, by
// the docs page and by the pages' dropdowns (through the `schema` export).
pub const DATASETS: &[&str] = DatasetKind::NAMES;
pub const FEATURES: &[&str] = Feature::NAMES;
pub const ACTIVATIONS: &[&str] = Activation::NAMES;
pub const INITS: &[&str] = Init::NAMES;
pub const LOSSES: &[&str] = LossChoice::NAMES;
pub const OPTIMIZERS: &[&str] = OptimizerKind::NAMES;

pub const SCHEDULES: &[&str] = ScheduleKind::NAMES;
pub const METHODS: &[&str] = Method::NAMES;
pub const GUESSES: &[&str] = Guess::NAMES;
pub const TANGENT_DISTS: &[&str] = TangentDist::NAMES;
pub const PENALTIES: &[&str] = Penalty::NAMES;
pub const CRITERIA: &[&str] = Criterion::NAMES;
pub const SPARSE_TRAININGS: &[&str] = SparseTraining::NAMES;

pub const MAX_HIDDEN_LAYERS: usize = 6;
pub const MAX_WIDTH: f64 = 512.0;

pub const FIELDS: &[Field] = &[
    field!("seed", Training, training.seed, 0, Kind::Int { min: 0.0, max: 4294967295.0 },
        "Seed of the initial weights and the minibatch order."),
    field!("data-seed", Data, data.seed, 0, Kind::Int { min: 0.0, max: 4294967295.0 },
        "Seed of the generated points and the train/test split."),
    field!("dataset", Data, data.kind, 0, Kind::Name(DATASETS),
        "Which data to learn; reg-* are regression, multi-spiral has `classes` arms, digits is the UCI 8×8 set, custom is your own data (an uploaded CSV or points drawn on the map; a link cannot carry it)."),
    field!("samples", Data, data.samples, 0, Kind::Int { min: 10.0, max: 5000.0 },
        "Number of generated points (ignored for digits)."),
    field!("noise", Data, data.noise, 0, Kind::Float { min: 0.0, max: 0.5 },
        "Noise level, the Playground's percentage / 100."),
    field!("train-ratio", Data, data.train_ratio, 0, Kind::Float { min: 0.1, max: 0.9 },
        "Fraction of the rows used for training; the rest is the test set."),
    field!("classes", Data, data.classes, 0, Kind::Int { min: 2.0, max: 8.0 },
        "Number of arms (classes) of multi-spiral."),
    field!("features", Data, data.features, 0, Kind::Names { len: 7, of: FEATURES },
        "Input features computed from a 2-D point (ignored for digits)."),
    field!("hidden", Network, network.hidden, 0, Kind::Ints { len: MAX_HIDDEN_LAYERS, min: 1.0, max: MAX_WIDTH },
        "Width of each hidden layer; empty for a linear model."),
    field!("activation", Network, network.activation, 0, Kind::Name(ACTIVATIONS),
        "Activation of the hidden layers (the output layer is linear: it gives logits)."),
    field!("activations", Network, network.activations, 0, Kind::Names { len: MAX_HIDDEN_LAYERS, of: ACTIVATIONS },
        "Optional activation per hidden layer, overriding `activation`; one per hidden layer."),
    field!("init", Network, network.init, 0, Kind::Name(INITS),
        "Weight initializer: uniform (Playground, U(−0.5, 0.5), bias 0.1), glorot, he, or torch (PyTorch's nn.Linear: weights and biases U(−1/√fan_in, 1/√fan_in))."),
    field!("loss", Network, network.loss, 0, Kind::Name(LOSSES),
        "auto picks bce for two classes, softmax-ce for more, mse for regression."),
    field!("optimizer", Optimizer, optimizer.kind, 0, Kind::Name(OPTIMIZERS),
        "Update rule."),
    field!("lr", Optimizer, optimizer.lr, LIVE, Kind::Float { min: 0.0, max: 10.0 },
        "Learning rate; can change while training."),
    field!("momentum", Hyper, optimizer.hyper.momentum, LIVE, Kind::Float { min: 0.0, max: 0.999 },
        "SGD momentum μ (default 0 = plain SGD); MADGRAD's momentum (default 0.9)."),
    field!("nesterov", Hyper, optimizer.hyper.nesterov, LIVE, Kind::Bool,
        "SGD with Nesterov momentum (default false)."),
    field!("centered", Hyper, optimizer.hyper.centered, LIVE, Kind::Bool,
        "Centered RMSProp (default false)."),
    field!("b1", Hyper, optimizer.hyper.b1, LIVE, Kind::Float { min: 0.0, max: 0.9999 },
        "β1, decay of the first moment (default 0.9); Gravity's β (default 0.9)."),
    field!("b2", Hyper, optimizer.hyper.b2, LIVE, Kind::Float { min: 0.0, max: 0.99999 },
        "β2, decay of the second moment (default 0.999; Lion 0.99)."),
    field!("b3", Hyper, optimizer.hyper.b3, LIVE, Kind::Float { min: 0.0, max: 0.999999 },
        "AdEMAMix's slow EMA decay β3 (default 0.9999)."),
    field!("alpha", Hyper, optimizer.hyper.alpha, LIVE, Kind::Float { min: 0.0, max: 100.0 },
        "AdEMAMix's weight of the slow EMA (default 2); Gravity's α (default 0.01)."),
    field!("eps", Hyper, optimizer.hyper.eps, LIVE, Kind::Float { min: 0.0, max: 1.0 },
        "ε in the denominator (default 1e-8; Adagrad 1e-7, AdaBelief 1e-16, Grams and MADGRAD 1e-6)."),
    field!("eps_root", Hyper, optimizer.hyper.eps_root, LIVE, Kind::Float { min: 0.0, max: 1.0 },
        "AdaBelief's ε added inside the second moment (default 1e-16)."),
    field!("weight_decay", Hyper, optimizer.hyper.weight_decay, LIVE, Kind::Float { min: 0.0, max: 10.0 },
        "Decoupled weight decay λ (AdamW default 0.01, Lion 0.001, others 0)."),
    field!("decay", Hyper, optimizer.hyper.decay, LIVE, Kind::Float { min: 0.0, max: 0.9999 },
        "RMSProp's decay ρ of the squared-gradient average (default 0.9)."),
    field!("initial_accumulator_value", Hyper, optimizer.hyper.initial_accumulator_value, LIVE, Kind::Float { min: 0.0, max: 10.0 },
        "Adagrad's starting accumulator (default 0.1, optax; PyTorch uses 0)."),
    field!("threshold", Hyper, optimizer.hyper.threshold, LIVE, Kind::Float { min: 0.0, max: 1000.0 },
        "RAdam's ρ threshold below which the step is un-rectified (default 5)."),
    field!("final_lr", Hyper, optimizer.hyper.final_lr, LIVE, Kind::Float { min: 0.0, max: 10.0 },
        "AdaBound's final (SGD-like) learning rate (default 0.1)."),
    field!("gamma", Hyper, optimizer.hyper.gamma, LIVE, Kind::Float { min: 0.0, max: 1.0 },
        "AdaBound's bound convergence speed γ (default 1e-3)."),
    field!("alpha_warmup", Hyper, optimizer.hyper.alpha_warmup, LIVE, Kind::Float { min: 0.0, max: 1e9 },
        "AdEMAMix: steps of linear warm-up of α from 0 (default 0 = off)."),
    field!("b3_warmup", Hyper, optimizer.hyper.b3_warmup, LIVE, Kind::Float { min: 0.0, max: 1e9 },
        "AdEMAMix: steps over which β3 rises from β1 in half-life (default 0 = off)."),
    field!("eps_inside", Hyper, optimizer.hyper.eps_inside, LIVE, Kind::Bool,
        "ε inside the square root: Adagrad default true (optax), RMSProp default false (PyTorch)."),
    field!("max_corrected", Hyper, optimizer.hyper.max_corrected, LIVE, Kind::Bool,
        "AMSGrad keeps the max of the corrected v̂ (true, optax, default) or of the raw v (false, PyTorch)."),
    field!("method", Gradient, gradient.method, 0, Kind::Name(METHODS),
        "Gradient source: backprop (exact), forward-gradient (Baydin et al. 2022), activity-perturbation (Ren et al. 2023), spsa (finite differences), feedback-alignment (Lillicrap et al. 2016) direct-feedback-alignment (Nøkland 2016), guessed-direction (Fournier et al. 2023) or forward-forward (Hinton 2022)."),
    field!("tangents", Gradient, gradient.tangents, 0, Kind::Int { min: 1.0, max: 1024.0 },
        "Random directions averaged per step by the forward-gradient methods."),
    field!("tangent-dist", Gradient, gradient.tangent_dist, 0, Kind::Name(TANGENT_DISTS),
        "Distribution of weight-perturbation tangents: gaussian or rademacher (±1)."),
    field!("spsa-h", Gradient, gradient.spsa_h, 0, Kind::Float { min: 1e-7, max: 1.0 },
        "Step h of SPSA's central difference (L(θ+hv) − L(θ−hv))/2h."),
    field!("local-losses", Gradient, gradient.local_losses, 0, Kind::Bool,
        "Train each hidden layer on its own linear head's loss, its input detached (Ren et al. 2023); with backprop, forward-gradient, activity-perturbation or as guessed-direction's target."),
    field!("guess", Gradient, gradient.guess, 0, Kind::Name(GUESSES),
        "What guessed-direction projects the gradient onto: random noise or each layer's local-loss gradient."),
    field!("ff-threshold", Gradient, gradient.ff_threshold, 0, Kind::Float { min: 0.0, max: 100.0 },
        "Forward-Forward's goodness threshold θ (goodness = mean squared activity)."),
    field!("lookahead-k", Optimizer, optimizer.lookahead_k, 0, Kind::Int { min: 0.0, max: 1000.0 },
        "Lookahead around the optimizer: sync the slow weights every k steps (0 = off)."),
    field!("lookahead-alpha", Optimizer, optimizer.lookahead_alpha, 0, Kind::Float { min: 0.0, max: 1.0 },
        "Lookahead's slow-weight step α."),
    field!("sam-rho", Optimizer, optimizer.sam_rho, 0, Kind::Float { min: 0.0, max: 10.0 },
        "SAM: take the gradient at θ + ρ·g/‖g‖ on the same minibatch (0 = off)."),
    field!("schedule", Optimizer, optimizer.schedule.kind, LIVE, Kind::Name(SCHEDULES),
        "Learning-rate schedule: constant, step, exponential, cosine or sgdr (cosine with warm restarts)."),
    field!("schedule-steps", Optimizer, optimizer.schedule.steps, LIVE, Kind::Int { min: 1.0, max: 1e9 },
        "Schedule period in steps: per decay (step), T (cosine), T₀ (sgdr)."),
    field!("schedule-rate", Optimizer, optimizer.schedule.rate, LIVE, Kind::Float { min: 0.0, max: 1.0 },
        "Decay factor per period (step) or rate k of η·e^(−k·t) (exponential)."),
    field!("min-lr", Optimizer, optimizer.schedule.min_lr, LIVE, Kind::Float { min: 0.0, max: 10.0 },
        "Lowest learning rate of cosine and sgdr."),
    field!("t-mult", Optimizer, optimizer.schedule.t_mult, LIVE, Kind::Float { min: 1.0, max: 10.0 },
        "SGDR: each period is this many times longer than the last."),
    field!("warmup-steps", Optimizer, optimizer.schedule.warmup, LIVE, Kind::Int { min: 0.0, max: 1e9 },
        "Linear warm-up from lr/warmup to lr over this many steps (0 = none)."),
    field!("clip-norm", Optimizer, optimizer.clip_norm, LIVE, Kind::Float { min: 0.0, max: 1e6 },
        "Clip the gradient's global L2 norm to this value (0 = no clipping)."),
    field!("batch-size", Training, training.batch_size, 0, Kind::Int { min: 1.0, max: 4096.0 },
        "Rows per training step (capped at the training set's size)."),
    field!("short-last-batch", Training, training.short_last_batch, QUIET, Kind::Bool,
        "End each epoch with a smaller batch of the rows left, as PyTorch's DataLoader (drop_last=False), instead of carrying them into the next epoch (default false)."),
    field!("regularization", Network, network.regularization, LIVE, Kind::Name(PENALTIES),
        "Weight penalty: l1 = rate·Σ|w|, l2 = rate·½Σw² (weights only)."),
    field!("reg-rate", Network, network.reg_rate, LIVE, Kind::Float { min: 0.0, max: 10.0 },
        "Strength of the weight penalty."),
    field!("coupled-decay", Training, training.coupled_decay, LIVE | QUIET, Kind::Float { min: 0.0, max: 1.0 },
        "PyTorch's weight_decay of SGD and Adam: λθ added to the gradient of every parameter, biases included, before the optimizer (0 = off; unlike weight_decay, which AdamW and Lion apply decoupled)."),
    field!("epochs", Training, training.epochs, LIVE, Kind::Int { min: 1.0, max: 1_000_000.0 },
        "Length of a CLI or test run in epochs (the page trains until paused)."),
    field!("prune", Pruning, pruning.criterion, 0, Kind::Name(CRITERIA),
        "Pruning criterion: magnitude (per layer), global-magnitude, erk (Evci et al. 2020 ratios), lamp (Lee et al. 2021), random, random-erk, snip (Lee et al. 2019), synflow (Tanaka et al. 2020) or n-m (N of every M inputs); none = dense."),
    field!("sparsity", Pruning, pruning.sparsity, 0, Kind::Fraction,
        "Fraction of the layers' weights pruned, 0 ≤ s < 1 (biases are never pruned; ignored by n-m, whose sparsity is 1 − N/M)."),
    field!("prune-at", Pruning, pruning.at, 0, Kind::Int { min: 0.0, max: 1e9 },
        "Step at which pruning starts (0 = at initialization)."),
    field!("prune-steps", Pruning, pruning.steps, 0, Kind::Int { min: 0.0, max: 1e9 },
        "Length of the gradual ramp (cubic, Zhu & Gupta 2017) in steps; 0 = one-shot. With n-m: the progressive ramp."),
    field!("prune-every", Pruning, pruning.every, 0, Kind::Int { min: 1.0, max: 1e9 },
        "Steps between prunings during the ramp."),
    field!("prune-n", Pruning, pruning.n, 0, Kind::Int { min: 1.0, max: 64.0 },
        "N of N:M sparsity: weights kept in each group (1 ≤ N ≤ M)."),
    field!("prune-m", Pruning, pruning.m, 0, Kind::Int { min: 1.0, max: 64.0 },
        "M of N:M sparsity: consecutive inputs per group."),
    field!("sparse-training", Pruning, pruning.sparse_training, 0, Kind::Name(SPARSE_TRAININGS),
        "Dynamic sparse training at constant parameter count: set (Mocanu et al. 2018) or rigl (Evci et al. 2020); needs a prune criterion for the starting mask."),
    field!("drop-fraction", Pruning, pruning.drop_fraction, 0, Kind::Float { min: 0.0, max: 1.0 },
        "Fraction of each layer's live weights dropped and regrown per update (SET's ζ; RigL's α, cosine-decayed)."),
    field!("update-every", Pruning, pruning.update_every, 0, Kind::Int { min: 1.0, max: 1e9 },
        "Steps between drop-and-regrow updates (ΔT)."),
];

impl Field {
    /// May be null (absent): the update rules' hyperparameters, whose absence means "the
    /// chosen rule's own default".
    pub fn optional(&self) -> bool {
        self.group == Group::Hyper
    }

    /// Taken by a running trainer without a rebuild (`LIVE`).
    pub fn live(&self) -> bool {
        self.flags & LIVE != 0
    }

    /// Left out of the JSON at false or 0 (`QUIET`).
    pub fn quiet(&self) -> bool {
        self.flags & QUIET != 0
    }

    /// A key race entrants may differ in: the gradient source, the update rule and their
    /// settings (everything else must be shared).
    pub fn entrant(&self) -> bool {
        matches!(self.group, Group::Gradient | Group::Optimizer | Group::Hyper)
    }
}

pub fn field(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.key == key)
}

/// The keys race entrants may differ in (`Field::entrant`), in the order an entrant's label
/// names them: the gradient source's, then the update rule's.
pub fn entrant_keys() -> impl Iterator<Item = &'static Field> {
    let gradient = FIELDS.iter().filter(|f| f.group == Group::Gradient);
    gradient.chain(FIELDS.iter().filter(|f| f.entrant() && f.group != Group::Gradient))
}

/// serde's message for a key outside the table, word for word.
pub fn unknown_key(key: &str) -> String {
    let keys: Vec<String> = FIELDS.iter().map(|f| format!("`{}`", f.key)).collect();
    format!("unknown field `{key}`, expected one of {}", keys.join(", "))
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
    pub fn check(&self, v: &serde_json::Value) -> Result<(), ValueError> {
        let bad = || Err(ValueError::NotKind { value: v.to_string(), kind: *self });
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
    pub fn parse_text(&self, text: &str) -> Result<serde_json::Value, ValueError> {
        use serde_json::Value;
        let number = |t: &str| -> Result<Value, ValueError> {
            let x: f64 = t.parse().map_err(|_| ValueError::NotANumber(t.to_string()))?;
            serde_json::Number::from_f64(x).map(Value::Number).ok_or_else(|| ValueError::NotFinite(t.to_string()))
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
                _ => Err(ValueError::NotBool(text.to_string())),
            },
            Kind::Name(_) => Ok(Value::String(text.to_string())),
            Kind::Ints { .. } => list(text)
                .iter()
                .map(|t| t.parse::<u64>().map(Value::from).map_err(|_| ValueError::NotWhole(t.to_string())))
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

    /// The group and flag columns give exactly the key lists the schema once spelled out
    /// by hand (race entrants in their label order, live keys, optional keys).
    #[test]
    fn the_key_sets_read_from_the_table_are_the_former_lists() {
        let entrants: Vec<&str> = entrant_keys().map(|f| f.key).collect();
        let hyper = [
            "momentum", "nesterov", "centered", "b1", "b2", "b3", "alpha", "eps", "eps_root", "weight_decay", "decay",
            "initial_accumulator_value", "threshold", "final_lr", "gamma", "alpha_warmup", "b3_warmup", "eps_inside",
            "max_corrected",
        ];
        let mut want = vec!["method", "tangents", "tangent-dist", "spsa-h", "local-losses", "guess", "ff-threshold", "optimizer", "lr"];
        want.extend(hyper);
        want.extend(["lookahead-k", "lookahead-alpha", "sam-rho", "schedule", "schedule-steps", "schedule-rate", "min-lr", "t-mult", "warmup-steps", "clip-norm"]);
        assert_eq!(entrants, want);
        let live: Vec<&str> = FIELDS.iter().filter(|f| f.live()).map(|f| f.key).collect();
        let mut want = vec!["lr"];
        want.extend(hyper);
        want.extend(["schedule", "schedule-steps", "schedule-rate", "min-lr", "t-mult", "warmup-steps", "clip-norm", "regularization", "reg-rate", "coupled-decay", "epochs"]);
        assert_eq!(live, want);
        let optional: Vec<&str> = FIELDS.iter().filter(|f| f.optional()).map(|f| f.key).collect();
        assert_eq!(optional, hyper);
        let quiet: Vec<&str> = FIELDS.iter().filter(|f| f.quiet()).map(|f| f.key).collect();
        assert_eq!(quiet, ["short-last-batch", "coupled-decay"]);
    }

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
