//! The URL-hash form of a run configuration: `#dataset=circle&hidden=4,2&lr=0.03&seed=7`.
//! The hash is untrusted input: every key is parsed and checked on its own, a bad one is
//! dropped with a warning naming the key and the reason, and the rest loads over the
//! defaults. Parsing never fails.

use super::schema::{self, FIELDS};
use super::{ConfigError, RunConfig, ValueError};
use serde::Serialize;

pub const MAX_HASH_BYTES: usize = 4096;
/// Room for every key of the table (65 with all optional hyperparameters set) and then some.
pub const MAX_KEYS: usize = 96;

/// A configuration read from a hash, with one warning per ignored or repaired key.
#[derive(Clone, Debug, Serialize)]
pub struct Parsed {
    pub config: RunConfig,
    pub warnings: Vec<String>,
}

/// Reads `hash` (with or without the leading '#') over the defaults.
pub fn parse(hash: &str) -> Parsed {
    parse_with(hash, None)
}

/// As `parse`, for a page that holds the rows of a `custom` dataset (a link cannot carry
/// them: without `user_data`, dataset=custom falls back to the default with a warning).
pub fn parse_with(hash: &str, user_data: Option<std::sync::Arc<crate::data::UserData>>) -> Parsed {
    let mut warnings = Vec::new();
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    let hash = if hash.len() > MAX_HASH_BYTES {
        warnings.push(format!("the hash is {} bytes, over the limit of {MAX_HASH_BYTES}: all of it was ignored", hash.len()));
        ""
    } else {
        hash
    };
    let mut value = RunConfig::default().to_value();
    for (n, pair) in hash.split('&').filter(|p| !p.is_empty()).enumerate() {
        if n == MAX_KEYS {
            warnings.push(format!("more than {MAX_KEYS} keys: the rest were ignored"));
            break;
        }
        let (key, text) = pair.split_once('=').unwrap_or((pair, ""));
        let shown = shorten(key);
        if let Err(why) = apply(&mut value, key, text) {
            warnings.push(format!("{shown} ignored: {why}"));
        }
    }
    // Keys that are fine alone but clash with others (loss vs dataset, say) fall back to
    // their defaults one at a time, each with a warning.
    let defaults = RunConfig::default().to_value();
    for _ in 0..FIELDS.len() {
        match RunConfig::from_value_with(value.clone(), user_data.clone()) {
            Ok(config) => return Parsed { config, warnings },
            Err(e) => {
                warnings.push(format!("{} reset to its default: {}", e.field, e.message));
                match defaults.get(&e.field) {
                    Some(d) if value[&e.field] != *d => value[&e.field] = d.clone(),
                    _ => break,
                }
            }
        }
    }
    warnings.push("the settings could not be repaired: defaults loaded".into());
    Parsed { config: RunConfig::default(), warnings }
}

/// Why one `key=value` pair of a hash was ignored (the warning says "KEY ignored: …").
#[derive(Debug, thiserror::Error)]
enum Ignored {
    #[error("unknown key")]
    UnknownKey,
    /// The value as `shorten` shows it.
    #[error("value {0} has characters outside letters, digits and .,-+_")]
    Characters(String),
    #[error(transparent)]
    Value(#[from] ValueError),
    /// The key does not deserialize: the config error's message, its key being the warning's.
    #[error("{}", .0.message)]
    Config(ConfigError),
}

fn apply(value: &mut serde_json::Value, key: &str, text: &str) -> Result<(), Ignored> {
    let field = schema::field(key).ok_or(Ignored::UnknownKey)?;
    if !text.chars().all(|c| c.is_ascii_alphanumeric() || ".,-+_".contains(c)) {
        return Err(Ignored::Characters(shorten(text)));
    }
    let v = field.kind.parse_text(text)?;
    field.kind.check(&v)?;
    let mut candidate = value.clone();
    candidate[key] = v;
    // The key must also deserialize (e.g. a dataset name serde knows).
    RunConfig::deserialize_value(candidate.clone()).map_err(Ignored::Config)?;
    *value = candidate;
    Ok(())
}

fn shorten(s: &str) -> String {
    let cut: String = s.chars().take(40).filter(|c| !c.is_control()).collect();
    if s.chars().count() > 40 { format!("{cut:?}…") } else { format!("{cut:?}") }
}

/// The hash for a configuration: every key in table order, so a link reproduces the run.
pub fn format(config: &RunConfig) -> String {
    let value = config.to_value();
    let parts: Vec<String> = FIELDS
        .iter()
        .filter(|f| !value[f.key].is_null())
        .map(|f| {
            let v = &value[f.key];
            let text = match v {
                serde_json::Value::Array(a) => a.iter().map(plain).collect::<Vec<_>>().join(","),
                other => plain(other),
            };
            format!("{}={}", f.key, text)
        })
        .collect();
    parts.join("&")
}

fn plain(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DatasetKind;

    #[test]
    fn format_then_parse_gives_back_the_config() {
        let mut c = RunConfig::default();
        c.data.kind = DatasetKind::Spiral;
        c.network.hidden = vec![8, 8, 3];
        c.optimizer.lr = 0.1;
        c.training.seed = 4_000_000_000;
        c.optimizer.hyper.eps = Some(1e-7);
        c.optimizer.hyper.weight_decay = Some(0.25);
        c.optimizer.hyper.nesterov = Some(true);
        let p = parse(&format!("#{}", format(&c)));
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        assert_eq!(p.config, c);
    }

    #[test]
    fn hostile_hash_is_reported_key_by_key_and_the_rest_loads() {
        let p = parse("#lr=0.1&dataset=<script>&hidden=4,x&evil=1&noise=9&seed=-1&hidden=&batch-size=7");
        assert_eq!(p.config.optimizer.lr, 0.1);
        assert_eq!(p.config.training.batch_size, 7);
        assert!(p.config.network.hidden.is_empty());
        assert_eq!(p.config.data.kind, DatasetKind::Circle);
        let w = p.warnings.join("\n");
        for key in ["dataset", "hidden", "evil", "noise", "seed"] {
            assert!(w.contains(&format!("\"{key}\" ignored")), "{key} missing from {w}");
        }
        assert_eq!(p.warnings.len(), 5, "{w}");
    }

    #[test]
    fn clashing_keys_fall_back_with_a_warning() {
        let p = parse("dataset=digits&loss=bce");
        assert_eq!(p.config.data.kind, DatasetKind::Digits);
        assert!(p.warnings[0].starts_with("loss reset to its default"), "{:?}", p.warnings);
        let p = parse("hidden=3,3&activations=relu");
        assert!(p.config.network.activations.is_empty());
        assert_eq!(p.warnings.len(), 1);
    }

    #[test]
    fn oversized_hash_is_ignored_whole() {
        let p = parse(&"a".repeat(MAX_HASH_BYTES + 1));
        assert_eq!(p.config, RunConfig::default());
        assert_eq!(p.warnings.len(), 1);
    }
}
