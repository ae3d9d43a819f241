//! `gradlab fuzz`: a mutational fuzzer for the decoders of untrusted input (URL hash and
//! JSON config, CSV, safetensors model files, a run's handed-over state as the page keeps
//! it in the browser, TensorFlow Playground links). cargo-fuzz needs a nightly toolchain (for
//! libFuzzer's sanitizer coverage), which these machines cannot install, so this is a
//! plain, coverage-blind mutator on stable Rust: it starts from the corpus in
//! tests/fuzz/<target>/, applies random byte- and token-level mutations (flips, interesting
//! bytes, inserts, deletes, duplications, splices with other corpus entries, dictionary
//! tokens), and runs the target on each input under catch_unwind. A target fails on a
//! panic or on a broken property (e.g. a parsed hash must format and parse back to the same
//! configuration). Failing inputs are written to tests/fuzz/<target>/crash-*. Seeded, so a
//! run can be repeated exactly.

use crate::error::CliError;
use gradlab::data::DataError;
use gradlab::nn::ModelConfigError;
use gradlab::train::tfp::LinkIssue;
use gradlab::train::{ConfigError, HandoverError};
use gradlab::tensor::Rng;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub const TARGETS: &[&str] = &["hash", "config", "csv", "model", "state", "tfp"];

/// The run every "state" input is handed to (its corpus holds states of this run).
pub const STATE_RUN: &str = r#"{"samples": 40, "hidden": [3], "momentum": 0.9, "batch-size": 7}"#;

const TOKENS: &[&str] = &[
    "=", "&", ",", "#", "-1", "0", "1e309", "-0", "NaN", "inf", "4294967296", "18446744073709551616", "\u{0}", "%", "%2C",
    "\u{feff}", "é", "\n", "\r\n", "\"", "{", "}", "[", "]", ":", "null", "true", "dataset", "hidden", "lr", "seed", "features",
    "activations", "method", "optimizer", "batch-size", "local-losses", "1,2,3", "x1,x2", "label", "__metadata__",
    "\"dtype\":\"F32\"", "\"shape\":[1]", "\"data_offsets\":[0,4]",
];

/// A broken property: what a target found wrong with an input (a panic is reported apart).
#[derive(Debug, thiserror::Error)]
enum Finding {
    #[error("parse gave an invalid config: {0}")]
    ParseInvalid(ConfigError),
    #[error("format/parse round trip changed the config (warnings {0:?})")]
    RoundTrip(Vec<String>),
    #[error("accepted an invalid config: {0}")]
    AcceptedInvalid(ConfigError),
    #[error("from_csv accepted rows its checks refuse: {0}")]
    CsvRechecked(DataError),
    #[error("from_csv put a point outside the map")]
    OffMap,
    #[error("loaded a model with an invalid config: {0}")]
    ModelInvalid(ModelConfigError),
    #[error("loaded {got} parameters for a layout of {want}")]
    ParamCount { got: usize, want: usize },
    #[error("a refused state changed the run")]
    RefusedChanged,
    #[error("an accepted state's export is refused: {0}")]
    ExportRefused(HandoverError),
    #[error("an accepted state's export does not come back the same")]
    ExportDiffers,
    #[error("the written-back hash reads differently (issues {0:?})")]
    TfpRoundTrip(Vec<LinkIssue>),
    #[error("unknown target {0}")]
    UnknownTarget(String),
}

/// Runs one input through a target: Ok, or the property it broke.
fn run_target(target: &str, input: &[u8]) -> Result<(), Finding> {
    let text = String::from_utf8_lossy(input);
    match target {
        "hash" => {
            let parsed = gradlab::train::hash::parse(&text);
            parsed.config.validate().map_err(Finding::ParseInvalid)?;
            let again = gradlab::train::hash::parse(&gradlab::train::hash::format(&parsed.config));
            if again.config != parsed.config || !again.warnings.is_empty() {
                return Err(Finding::RoundTrip(again.warnings));
            }
            Ok(())
        }
        "config" => {
            if let Ok(c) = gradlab::train::RunConfig::from_json(&text) {
                c.validate().map_err(Finding::AcceptedInvalid)?;
            }
            Ok(())
        }
        "csv" => {
            let limits = gradlab::data::csv::Limits { max_bytes: 1 << 20, max_rows: 10_000, max_columns: 512 };
            let _ = gradlab::data::csv::parse(&text, &limits);
            // The page's import: whatever it accepts must pass its own checks again and,
            // for points, lie inside the map.
            if let Ok(d) = gradlab::data::UserData::from_csv(&text) {
                let d = d.checked().map_err(Finding::CsvRechecked)?;
                if d.is_2d() && d.x.iter().any(|v| v.abs() > gradlab::data::user::FIT) {
                    return Err(Finding::OffMap);
                }
            }
            Ok(())
        }
        "model" => {
            if let Ok((config, params)) = gradlab::io::load_model(input) {
                config.validate().map_err(Finding::ModelInvalid)?;
                let want = gradlab::nn::Mlp::from_config(&config).layout.len;
                if params.len() != want {
                    return Err(Finding::ParamCount { got: params.len(), want });
                }
            }
            Ok(())
        }
        "state" => {
            // Refused: nothing changes. Accepted: what the run then exports is taken as it is by
            // another run (fields the optimizer ignores, SGD's step count, export as 0), and
            // the run trains on.
            let run = || gradlab::train::Trainer::new(gradlab::train::RunConfig::from_json(STATE_RUN).expect("a valid run"));
            let mut t = run();
            let before = t.export_state().expect("an SGD run exports");
            let accepted = t.import_state(input).is_ok();
            let now = t.export_state().expect("an SGD run exports");
            if !accepted && now != before {
                return Err(Finding::RefusedChanged);
            }
            if accepted {
                let mut again = run();
                again.import_state(&now).map_err(Finding::ExportRefused)?;
                if again.export_state().expect("an SGD run exports") != now {
                    return Err(Finding::ExportDiffers);
                }
            }
            let _ = t.run(3); // a divergence is an answer; only a panic fails
            Ok(())
        }
        "tfp" => {
            // A TensorFlow Playground link: read (issues, never a panic), told from ours, and
            // the hash the Playground would write back reads again to the same link, cleanly.
            use gradlab::train::tfp::{link, TfpLink};
            let keys: Vec<&str> = gradlab::train::schema::FIELDS.iter().map(|f| f.key).collect();
            let _ = link::classify(&text, &keys);
            let parsed = TfpLink::parse(&text);
            let mut expected = parsed.link.clone();
            expected.seed = Some("0.5".into());
            let again = TfpLink::parse(&parsed.link.to_hash("0.5"));
            if !again.issues.is_empty() || again.link != expected {
                return Err(Finding::TfpRoundTrip(again.issues));
            }
            Ok(())
        }
        _ => Err(Finding::UnknownTarget(target.to_string())),
    }
}

fn mutate(rng: &mut Rng, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = |rng: &mut Rng, v: &Vec<u8>| if v.is_empty() { 0 } else { rng.below(v.len() + 1) };
        match rng.below(8) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
            1 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] = [0u8, 0xff, 0x7f, 0x80, b'0', b'9', b'-', b'.', b'e'][rng.below(9)];
            }
            2 => {
                let i = at(rng, &v);
                v.insert(i, rng.next_u64() as u8);
            }
            3 if !v.is_empty() => {
                let i = rng.below(v.len());
                let n = 1 + rng.below((v.len() - i).min(16));
                v.drain(i..i + n);
            }
            4 if !v.is_empty() => {
                let i = rng.below(v.len());
                let n = 1 + rng.below((v.len() - i).min(64));
                let piece = v[i..i + n].to_vec();
                let j = at(rng, &v);
                v.splice(j..j, piece);
            }
            5 if !corpus.is_empty() => {
                let other = &corpus[rng.below(corpus.len())];
                let (i, j) = (at(rng, &v), if other.is_empty() { 0 } else { rng.below(other.len()) });
                v.truncate(i);
                v.extend_from_slice(&other[j..]);
            }
            _ => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                let i = at(rng, &v);
                v.splice(i..i, t.iter().copied());
            }
        }
    }
    v.truncate(1 << 16);
    v
}

fn corpus_dir(root: &Path, target: &str) -> PathBuf {
    root.join("tests/fuzz").join(target)
}

/// Fuzzes `target` for `seconds`; prints one JSON line of executions and failures.
pub fn fuzz(target: &str, seconds: f64, seed: u64, root: &Path) -> Result<(), CliError> {
    if !TARGETS.contains(&target) {
        return Err(format!("--target: {target:?} is not one of {}", TARGETS.join(", ")).into());
    }
    let dir = corpus_dir(root, target);
    let mut corpus: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .map_err(|e| format!("corpus {}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_name().to_string_lossy().starts_with("crash-"))
        .filter_map(|e| std::fs::read(e.path()).ok())
        .collect();
    if corpus.is_empty() {
        corpus.push(Vec::new());
    }
    let seeds = corpus.len();
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng::stream(seed, 9);
    let (mut execs, mut failures) = (0u64, Vec::new());
    let started = Instant::now();
    // The corpus itself first, then mutants of it.
    let mut queue: Vec<Vec<u8>> = corpus.clone();
    while started.elapsed().as_secs_f64() < seconds {
        let input = queue.pop().unwrap_or_else(|| {
            let base = &corpus[rng.below(corpus.len())];
            mutate(&mut rng, base, &corpus)
        });
        execs += 1;
        let outcome = catch_unwind(AssertUnwindSafe(|| run_target(target, &input)));
        let failure = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(property)) => Some(property.to_string()),
            Err(panic) => Some(format!("panic: {}", panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default())),
        };
        if let Some(what) = failure {
            let path = dir.join(format!("crash-{:016x}", gradlab::train::fingerprint(&input.iter().map(|&b| b as f32).collect::<Vec<_>>())));
            let _ = std::fs::write(&path, &input);
            failures.push(serde_json::json!({ "input": path.display().to_string(), "failure": what }));
            if failures.len() >= 20 {
                break;
            }
        }
    }
    let _ = std::panic::take_hook();
    println!(
        "{}",
        serde_json::json!({ "target": target, "seconds": started.elapsed().as_secs_f64(), "executions": execs, "corpus": seeds, "failures": failures })
    );
    if failures.is_empty() { Ok(()) } else { Err(format!("{target}: {} failing inputs (written beside the corpus)", failures.len()).into()) }
}
