//! The `gradlab` command-line tool over the same core as the page.

mod alloc_meter;
mod bench;
mod commands;
mod dynamics;
mod error;
mod fuzz;
mod prune;
mod serve;
mod simplicity;
mod sweep;
mod tfp;

use clap::{Parser, Subcommand};

#[global_allocator]
static ALLOCATOR: alloc_meter::Meter = alloc_meter::Meter;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "gradlab", version, about = "Gradient Lab: train compact networks and inspect their gradients")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a dataset as CSV (feature columns, then the label) to stdout or --out.
    Data {
        /// circle, xor, gauss, spiral, reg-plane, reg-gauss, multi-spiral or digits.
        #[arg(required_unless_present = "link")]
        name: Option<String>,
        /// A TensorFlow Playground link (or its #hash): its points exactly, as CSV
        /// x,y,label,split in the Playground's order (train, then test); --set takes its keys.
        #[arg(long, value_name = "URL", conflicts_with = "name")]
        link: Option<String>,
        /// The raw 2-D points with a split column (x,y,label,split), as --link writes them.
        #[arg(long)]
        raw: bool,
        /// Which rows: train, test or all.
        #[arg(long, default_value = "all")]
        split: String,
        /// Settings as key=value (the URL-hash keys: samples, noise, data-seed, features, classes, ...).
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Train a network, with a progress bar; prints final metrics as JSON.
    Train {
        /// A JSON run configuration (keys as in the URL hash); missing keys take defaults.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Overrides as key=value, applied after --config.
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        /// Write metrics.csv (one row per epoch) and model.safetensors here (the default,
        /// runs/, is git-ignored).
        #[arg(long, default_value = "runs")]
        out: PathBuf,
        /// No progress bar.
        #[arg(long)]
        quiet: bool,
        /// Train on your own CSV (numeric columns and a label column; sets dataset=custom),
        /// read by the same rules as the page's upload.
        #[arg(long, value_name = "FILE.csv")]
        data: Option<PathBuf>,
        /// A TensorFlow Playground link (or its #hash): its experiment with its training rule;
        /// --set takes epochs=N (default 100) and the link's own keys. metrics.csv has
        /// epoch,train_loss,test_loss from epoch 0 (the initial network).
        #[arg(long, value_name = "URL", conflicts_with_all = ["config", "data"])]
        link: Option<String>,
    },
    /// Print {"loss": L, "grad": {tensor: nested array}}: the mean loss over the rows of a
    /// CSV and its exact gradient (reverse mode).
    Grad {
        #[arg(long)]
        model: PathBuf,
        #[arg(long)]
        data: PathBuf,
        /// backprop (exact, default), jvp (prints {"loss", "jvp"} for --tangent), hvp
        /// (prints {"loss", "hvp": {tensor: nested array}}, the exact H·tangent),
        /// forward-gradient, activity-perturbation or spsa (print the estimate as "grad").
        #[arg(long, default_value = "backprop")]
        mode: String,
        /// For --mode jvp and hvp: a safetensors file with the model's tensor names and shapes.
        #[arg(long)]
        tangent: Option<PathBuf>,
        /// Tangents averaged by the estimators.
        #[arg(long, default_value_t = 1)]
        tangents: usize,
        /// Seed of the estimators' random tangents.
        #[arg(long, default_value_t = 0)]
        seed: u64,
    },
    /// Train one network with several gradient sources from one seed and print a table:
    /// steps and seconds to a target loss, final accuracies, mean cosine to the true gradient.
    CompareMethods {
        #[arg(long)]
        config: Option<PathBuf>,
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        /// A gradient source: "METHOD key=value …", e.g. "forward-gradient tangents=8". Repeat it.
        #[arg(long = "method", value_name = "SPEC", required = true)]
        methods: Vec<String>,
        #[arg(long, default_value_t = 2000)]
        steps: u64,
        #[arg(long, default_value_t = 100)]
        every: u64,
        #[arg(long, default_value_t = 0.3)]
        target: f64,
        /// json (default) or csv.
        #[arg(long, default_value = "json")]
        format: String,
    },
    /// An optimizer's path on a 2-D test function: {"points": [[x, y], …]}, N + 1 points.
    Trajectory {
        /// rosenbrock, beale, himmelblau, rastrigin, saddle, diffgrad-f1/f2/f3, amsgrad-counterexample.
        #[arg(long)]
        function: String,
        /// sgd, adam, adamw, amsgrad, lion, ademamix, madgrad, … (the config's optimizer names).
        #[arg(long)]
        optimizer: String,
        #[arg(long)]
        lr: f64,
        #[arg(long, default_value_t = 100)]
        steps: usize,
        /// Start point X,Y (default: the function's usual start).
        #[arg(long, allow_hyphen_values = true)]
        start: Option<String>,
        /// Hyperparameters and schedule as key=value (b1, b2, eps, momentum, weight_decay, schedule, …).
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        /// json (default) or csv.
        #[arg(long, default_value = "json")]
        format: String,
    },
    /// Race optimizers on one network (same initial weights and minibatches, asserted) and
    /// print the summary table; with --sweep, a learning-rate sweep instead.
    Race {
        /// The shared network and data as a JSON run configuration.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Shared settings as key=value, after --config.
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        /// An entrant: "NAME key=value …", e.g. "adam lr=0.01" or "sgd lr=0.1 momentum=0.9". Repeat it.
        #[arg(long = "entrant", value_name = "SPEC", required = true)]
        entrants: Vec<String>,
        #[arg(long, default_value_t = 2000)]
        steps: u64,
        /// Evaluate every this many steps.
        #[arg(long, default_value_t = 100)]
        every: u64,
        /// Target training loss for "steps to target".
        #[arg(long, default_value_t = 0.1)]
        target: f64,
        /// Run the learning-rate sweep (each entrant's lr is replaced by the grid).
        #[arg(long)]
        sweep: bool,
        #[arg(long, default_value_t = 1e-4)]
        lr_min: f64,
        #[arg(long, default_value_t = 1.0)]
        lr_max: f64,
        #[arg(long, default_value_t = 9)]
        lr_points: usize,
        /// json (default) or csv.
        #[arg(long, default_value = "json")]
        format: String,
    },
    /// Sweeps as independent cells for Slurm, Ray or Optuna (docs/SCALING.md): expand a
    /// spec into cells, run one cell (or all missing ones), merge the result records.
    Sweep {
        #[command(subcommand)]
        action: sweep::Action,
    },
    /// Train on a simplicity-bias slab dataset (Shah et al. 2020) with the paper's settings
    /// and print one JSON object: settings, train score and the test-set probes
    /// (standard, s_randomized, sc_randomized, per_coordinate; each {acc, auc}).
    Simplicity {
        /// lms-5, ms-5-7, noisy-lms-7 or ms-7.
        #[arg(long)]
        preset: String,
        /// Seed of the data, the initial weights, the batches and the probes.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// The small size (d = 10, 4,000 / 1,000 rows; seconds) instead of the paper's (d = 50).
        #[arg(long)]
        small: bool,
        /// Overrides as key=value: epochs, lr, momentum, weight-decay, batch, hidden, layers,
        /// dim, samples, test, width, margin, noise, p5, p7, rotate, simple, complex, data-seed.
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
    },
    /// Complexity of random networks' functions on a grid over [−1, 1]² (Teney et al. 2024):
    /// mean radial Fourier frequency and LZ76 phrases, one row per activation × depth × amplitude.
    Redshift {
        /// Comma-separated: relu, gelu, silu (swish), selu, tanh, sigmoid, gaussian, sin.
        #[arg(long, default_value = "relu,tanh,sin")]
        activations: String,
        /// Comma-separated hidden-layer counts in 1..=7.
        #[arg(long, default_value = "1,2,4")]
        depths: String,
        /// Comma-separated A of U(−A, A) for weights and biases.
        #[arg(long, default_value = "0.1,1,10")]
        amplitudes: String,
        #[arg(long, default_value_t = 64)]
        width: usize,
        /// Grid points per side (even).
        #[arg(long, default_value_t = 64)]
        grid: usize,
        #[arg(long)]
        layer_norm: bool,
        #[arg(long)]
        residual: bool,
        #[arg(long)]
        gating: bool,
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// CSV instead of a JSON array.
        #[arg(long)]
        csv: bool,
    },
    /// Pruning and sparse training: a dense baseline, then each criterion at each sparsity
    /// from the same seed and budget; prints the accuracy-vs-sparsity table. With
    /// --lottery: iterative magnitude pruning with rewinding and its two controls.
    Prune {
        /// A JSON run configuration; its `epochs` is each run's budget.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Overrides as key=value (e.g. sparse-training=rigl, prune-steps=500, prune-n=1).
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        /// Target sparsities, comma-separated, each in [0, 1).
        #[arg(long, default_value = "0.5,0.8,0.9,0.95")]
        sparsities: String,
        /// Criteria: magnitude, global-magnitude, erk, lamp, random, random-erk, snip, synflow, n-m.
        #[arg(long, default_value = "magnitude,global-magnitude,lamp,random,snip,synflow")]
        methods: String,
        /// Trained-weight criteria prune at this fraction of the run, then fine-tune (the
        /// at-initialization ones prune at step 0); "config" uses prune-at for all.
        #[arg(long, default_value = "0.5")]
        after: String,
        /// Lottery tickets: IMP with rewinding, against same-mask-fresh-init and random-mask controls.
        #[arg(long)]
        lottery: bool,
        /// Lottery rounds.
        #[arg(long, default_value_t = 5)]
        rounds: usize,
        /// Fraction of surviving weights pruned per lottery round.
        #[arg(long, default_value_t = 0.5)]
        rate: f64,
        /// Rewind to the weights of this step (0 = initialization).
        #[arg(long, default_value_t = 0)]
        rewind: u64,
        /// Lottery pruning: magnitude (per layer, as Frankle & Carbin's MLPs) or global-magnitude.
        #[arg(long, default_value = "magnitude")]
        lottery_criterion: String,
        /// json (default) or csv.
        #[arg(long, default_value = "json")]
        format: String,
    },
    /// Serve the page on localhost (wasm with the application/wasm MIME type).
    Serve {
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// The directory holding index.html, www/ and pkg/.
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
    /// A training-dynamics experiment (edge of stability, grokking, softmax collapse, XOR
    /// clusters, neural collapse): prints one JSON object, {"preset", "settings", "series"}.
    Dynamics {
        /// eos-chebyshev, grokking-mod, softmax-collapse, xor-cluster, neural-collapse or
        /// hessian-spectrum (docs/DYNAMICS.md has each one's settings and our numbers).
        #[arg(long)]
        preset: String,
        /// Overrides of the preset's settings as key=value (e.g. lr=0.4).
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
    },
    /// Fuzz a decoder of untrusted input (hash, config, csv or model) from the corpus in
    /// tests/fuzz/<target>/ for a while; prints executions and failures as JSON.
    Fuzz {
        #[arg(long)]
        target: String,
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The repository root (where tests/fuzz lives).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Native training steps per second for the benchmark networks (JSON lines).
    Bench {
        /// Seconds per measurement.
        #[arg(long, default_value_t = 2.0)]
        seconds: f64,
        /// Time only one f32 matmul shape, MxKxN (e.g. 256x256x256), and print its GFLOP/s.
        #[arg(long, value_name = "MxKxN")]
        matmul: Option<String>,
        /// Time windows on request instead: each stdin line "CASE STEPS" (a case's index)
        /// runs that many steps of the case's run, "matmul M K N REPS" that many matmuls,
        /// and prints the seconds they took (scripts/bench-ab.mjs alternates these with
        /// the page's wasm windows).
        #[arg(long, conflicts_with = "matmul")]
        serve: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Data { name, link, raw, split, set, out } => match (link, name) {
            (Some(url), _) => tfp::data(&url, &split, &set, out.as_deref()),
            (None, Some(name)) if raw => commands::data_raw(&name, &split, &set, out.as_deref()),
            (None, Some(name)) => commands::data(&name, &split, &set, out.as_deref()),
            (None, None) => Err("data: name a dataset or give --link".into()),
        },
        Command::Train { config, set, out, quiet, data, link } => match link {
            Some(url) => tfp::train(&url, &set, &out),
            None => commands::train(config.as_deref(), &set, &out, quiet, data.as_deref()),
        },
        Command::Grad { model, data, mode, tangent, tangents, seed } => commands::grad(&model, &data, &mode, tangent.as_deref(), tangents, seed),
        Command::CompareMethods { config, set, methods, steps, every, target, format } => {
            let specs: Vec<String> = methods.iter().map(|m| format!("method={}", m.trim())).collect();
            commands::race(config.as_deref(), &set, &specs, steps, every, target, None, &format)
        }
        Command::Trajectory { function, optimizer, lr, steps, start, set, format } => {
            commands::trajectory(&function, &optimizer, lr, steps, start.as_deref(), &set, &format)
        }
        Command::Race { config, set, entrants, steps, every, target, sweep, lr_min, lr_max, lr_points, format } => {
            let grid = sweep.then_some((lr_min, lr_max, lr_points));
            commands::race(config.as_deref(), &set, &entrants, steps, every, target, grid, &format)
        }
        Command::Sweep { action } => sweep::run(action),
        Command::Simplicity { preset, seed, small, set } => simplicity::simplicity(&preset, seed, small, &set),
        Command::Redshift { activations, depths, amplitudes, width, grid, layer_norm, residual, gating, seed, csv } => {
            simplicity::redshift(&activations, &depths, &amplitudes, width, grid, layer_norm, residual, gating, seed, csv)
        }
        Command::Prune { config, set, sparsities, methods, after, lottery, rounds, rate, rewind, lottery_criterion, format } => {
            prune::run(&prune::PruneArgs {
                file: config.as_deref(),
                set: &set,
                sparsities: &sparsities,
                methods: &methods,
                after: &after,
                lottery,
                rounds,
                rate,
                rewind,
                lottery_criterion: &lottery_criterion,
                format: &format,
            })
        }
        Command::Serve { port, dir } => serve::serve(port, &dir),
        Command::Dynamics { preset, set } => dynamics::run(&preset, &set),
        Command::Bench { seconds, matmul, serve } => match (matmul, serve) {
            (_, true) => bench::serve_windows(),
            (Some(shape), false) => bench::one_matmul(&shape, seconds),
            (None, false) => bench::run(seconds),
        },
        Command::Fuzz { target, seconds, seed, root } => fuzz::fuzz(&target, seconds, seed, &root),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gradlab: {e}");
            ExitCode::FAILURE
        }
    }
}
