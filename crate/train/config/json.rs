//! The JSON form of a run config: flat, one key per row of the key table
//! (`schema::FIELDS`), in the table's order, `{"seed": 1, "data-seed": 1, "dataset":
//! "circle", …}`. Read and written through the table's accessors, so the keys are listed
//! once. (The alternatives not taken: serde's derive on a flat copy of the struct would list
//! every key a second time, and `#[serde(flatten)]` cannot be combined with
//! `deny_unknown_fields`, and buffers the map, which grows the lite wasm core.)

use super::validate::err;
use super::{ConfigError, RunConfig};
use crate::train::schema::{self, Field, FIELDS};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::Value;

impl RunConfig {
    /// The JSON form's keys and values in table order, leaving out null (a hyperparameter
    /// at the rule's default) and a `QUIET` key at false or 0.
    fn entries(&self) -> impl Iterator<Item = (&'static str, Value)> + '_ {
        FIELDS.iter().filter_map(move |f| {
            let v = (f.get)(self);
            let omit = v.is_null() || (f.quiet() && (v == false || v.as_f64() == Some(0.0)));
            (!omit).then_some((f.key, v))
        })
    }

    pub fn to_value(&self) -> serde_json::Value {
        Value::Object(self.entries().map(|(k, v)| (k.to_string(), v)).collect())
    }

    /// The configuration as JSON without the keys `leave_out` picks: what two configs
    /// must share when only those keys may differ (`Field::live` for live updates,
    /// `Field::entrant` for race entrants).
    pub fn without(&self, leave_out: fn(&Field) -> bool) -> serde_json::Value {
        let keep = |k: &str| schema::field(k).is_some_and(|f| !leave_out(f));
        Value::Object(self.entries().filter(|(k, _)| keep(k)).map(|(k, v)| (k.to_string(), v)).collect())
    }

    /// Reads the JSON form without validating: missing keys take their defaults, an unknown
    /// key or a value of the wrong type is an error naming the config, in serde's words.
    /// (`from_value_with` has checked every key and value against the schema first, naming
    /// the key.)
    pub(crate) fn deserialize_value(value: Value) -> Result<RunConfig, ConfigError> {
        let mut config = RunConfig::default();
        let set = |config: &mut RunConfig, f: &Field, v| (f.set)(config, v).map_err(|e| err("config", e.to_string()));
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    set(&mut config, schema::field(&key).ok_or_else(|| err("config", schema::unknown_key(&key)))?, v)?;
                }
            }
            // serde's derive also read a sequence: the values in table order.
            Value::Array(items) => {
                let n = items.len();
                for (f, v) in FIELDS.iter().zip(items) {
                    set(&mut config, f, v)?;
                }
                if n > FIELDS.len() {
                    return Err(err("config", format!("invalid length {n}, expected fewer elements in array")));
                }
            }
            other => return Err(err("config", format!("invalid type: {}, expected struct RunConfig", unexpected(&other)))),
        }
        Ok(config)
    }
}

/// A value as serde names it in "invalid type" messages.
fn unexpected(v: &Value) -> String {
    use serde::de::Unexpected;
    let u = match v {
        Value::Null => return "null".into(),
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (_, Some(i)) => Unexpected::Signed(i),
            _ => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    };
    u.to_string()
}

/// The JSON form, keys in table order (as serde's derive on the flat struct wrote them).
impl Serialize for RunConfig {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for (k, v) in self.entries() {
            map.serialize_entry(k, &v)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON text of the default config, as serde's derive wrote it on the flat struct
    /// before the config was grouped (struct order, optional keys and the `QUIET` keys at
    /// their defaults left out): the run files and configs written before read the same.
    #[test]
    fn the_default_config_writes_the_same_json_text_as_before_grouping() {
        let want = concat!(
            r#"{"seed":1,"data-seed":1,"dataset":"circle","samples":500,"noise":0.0,"train-ratio":0.5,"classes":3,"#,
            r#""features":["x1","x2"],"hidden":[4,2],"activation":"tanh","activations":[],"init":"uniform","loss":"auto","#,
            r#""optimizer":"sgd","lr":0.03,"method":"backprop","tangents":1,"tangent-dist":"gaussian","spsa-h":0.001,"#,
            r#""local-losses":false,"guess":"random","ff-threshold":2.0,"lookahead-k":0,"lookahead-alpha":0.8,"sam-rho":0.0,"#,
            r#""schedule":"constant","schedule-steps":1000,"schedule-rate":0.5,"min-lr":0.0,"t-mult":2.0,"warmup-steps":0,"#,
            r#""clip-norm":0.0,"batch-size":10,"regularization":"none","reg-rate":0.0,"epochs":100,"prune":"none","#,
            r#""sparsity":0.8,"prune-at":0,"prune-steps":0,"prune-every":100,"prune-n":2,"prune-m":4,"#,
            r#""sparse-training":"none","drop-fraction":0.3,"update-every":100}"#
        );
        assert_eq!(serde_json::to_string(&RunConfig::default()).unwrap(), want);
    }

    /// Every key reads into its place and writes back from it: a value other than the
    /// default, set through the JSON form, comes back unchanged, and changes that key only.
    #[test]
    fn every_key_reads_and_writes_its_own_place() {
        use crate::train::schema::Kind;
        let defaults = RunConfig::default().to_value();
        for f in FIELDS {
            let v = match f.kind {
                Kind::Int { min, .. } => serde_json::json!(min as u64 + 5),
                Kind::Float { min, max } => serde_json::json!(min + (max - min) / 7.0),
                Kind::Fraction => serde_json::json!(0.25),
                Kind::Bool => serde_json::json!(defaults.get(f.key) != Some(&Value::Bool(true))),
                Kind::Name(of) => serde_json::json!(of[of.len() - 1]),
                Kind::Ints { .. } => serde_json::json!([3, 5]),
                Kind::Names { of, .. } => serde_json::json!([of[1], of[0]]),
            };
            assert_ne!(defaults.get(f.key), Some(&v), "{}: pick a value other than the default", f.key);
            let config = RunConfig::deserialize_value(serde_json::json!({ f.key: v.clone() })).unwrap();
            let mut want = defaults.clone();
            want[f.key] = v;
            assert_eq!(config.to_value(), want, "{}", f.key);
        }
    }

    #[test]
    fn unknown_keys_and_wrong_types_are_refused_in_serdes_words() {
        let e = RunConfig::deserialize_value(serde_json::json!({ "learning-rate": 0.1 })).unwrap_err();
        assert!(e.message.starts_with("unknown field `learning-rate`, expected one of `seed`, `data-seed`,"), "{e}");
        let e = RunConfig::deserialize_value(serde_json::json!({ "seed": "x" })).unwrap_err();
        assert_eq!(e.message, "invalid type: string \"x\", expected u32");
        let e = RunConfig::deserialize_value(serde_json::json!("x")).unwrap_err();
        assert_eq!(e.message, "invalid type: string \"x\", expected struct RunConfig");
        let e = RunConfig::deserialize_value(Value::Null).unwrap_err();
        assert_eq!(e.message, "invalid type: null, expected struct RunConfig");
        assert_eq!(RunConfig::deserialize_value(serde_json::json!([7])).unwrap().training.seed, 7);
    }
}
