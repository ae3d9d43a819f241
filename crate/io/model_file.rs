//! Model files in safetensors: tensors `layers.{i}.weight` [out, in] and
//! `layers.{i}.bias` [out], f32, then any auxiliary tensors of the run (local heads
//! `heads.{i}.*`, a Forward-Forward `label.weight`) (PyTorch nn.Linear's layout, so
//! `torch.nn.Linear.load_state_dict` reads them), and `__metadata__["gradlab"]` holding
//! the JSON `ModelConfig`. Files are untrusted: truncation, wrong names, shapes or
//! dtypes and non-finite values give errors that say which.
//!
//! A sparse model is stored dense, its pruned weights as exact zeros (so PyTorch loads it
//! as ordinary tensors), with `__metadata__["gradlab-mask"]` beside the config:
//! {"criterion": name, "sparsity": [per layer], "bits": {"layers.{i}.weight": hex}}, where
//! the hex string packs the layer's 0/1 mask row-major, 8 weights per byte, the first
//! weight in the lowest bit. Reading it back gives the same mask (`load_mask`).

use crate::nn::{Layout, ModelConfig, ModelConfigError};
use crate::sparsity::{Mask, SparsityError};
use safetensors::tensor::{Dtype, SafeTensors, TensorView};
use std::collections::HashMap;

pub const MAX_FILE_BYTES: usize = 256 << 20;

/// Which file a read error is about: a model, or a tangent (a model's tensors, no metadata).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Model,
    Tangent,
}

impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(match self {
            FileKind::Model => "model file",
            FileKind::Tangent => "tangent file",
        })
    }
}

/// What is wrong with a model (or tangent) file, or with a model about to be written; the
/// message names the file and the part (the page, the CLI and the tests show it as is).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ModelFileError {
    #[error("{got} parameters for a layout of {expected}")]
    ParamCount { got: usize, expected: usize },
    #[error("mask: {got} entries for a layout of {expected}")]
    MaskLength { got: usize, expected: usize },
    #[error("{0}")]
    Write(String),
    #[error("{kind}: {bytes} bytes is over the limit of {MAX_FILE_BYTES}")]
    TooLarge { kind: FileKind, bytes: usize },
    #[error("{kind}: not a valid safetensors file ({why})")]
    NotSafetensors { kind: FileKind, why: String },
    #[error("model file: no \"gradlab\" entry in __metadata__, so the architecture is unknown")]
    NoConfig,
    #[error("model file: metadata \"gradlab\": {0}")]
    BadConfig(String),
    #[error("model file: metadata \"gradlab\": {0}")]
    InvalidConfig(#[from] ModelConfigError),
    #[error("model file: its network {file:?} ({}) does not match this run's {run:?} ({}): set the same layers and features first", file_features.join(", "), run_features.join(", "))]
    Mismatch { file: Vec<usize>, file_features: Vec<String>, run: Vec<usize>, run_features: Vec<String> },
    #[error("model file: metadata \"gradlab-mask\": {0}")]
    BadMask(#[from] MaskEntryError),
    #[error("{kind}: tensor {name} is missing")]
    Missing { kind: FileKind, name: String },
    #[error("{kind}: tensor {name} is {dtype}, expected F32")]
    Dtype { kind: FileKind, name: String, dtype: String },
    #[error("{kind}: tensor {name} has shape {got:?}, expected {expected:?}")]
    Shape { kind: FileKind, name: String, got: Vec<usize>, expected: Vec<usize> },
    #[error("{kind}: tensor {name} holds a non-finite value at flat index {index}")]
    NonFinite { kind: FileKind, name: String, index: usize },
    #[error("{kind}: unexpected tensors {names:?}")]
    Unexpected { kind: FileKind, names: Vec<String> },
}

/// What is wrong with a model file's "gradlab-mask" entry (`ModelFileError::BadMask`).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum MaskEntryError {
    /// Not JSON: the parser's own words.
    #[error("{0}")]
    Json(String),
    #[error("no bits for {0}")]
    NoBits(String),
    #[error("{name}: {digits} hex digits for {weights} weights")]
    BitCount { name: String, digits: usize, weights: usize },
    #[error("{name}: {source}")]
    Hex { name: String, source: std::num::ParseIntError },
    #[error("weight at flat index {0} is pruned but not zero")]
    PrunedNotZero(usize),
    #[error(transparent)]
    Mask(#[from] SparsityError),
}

type Result<T> = std::result::Result<T, ModelFileError>;

/// Serializes a model (config + flat parameters) to safetensors bytes.
pub fn save_model(config: &ModelConfig, params: &[f32]) -> Result<Vec<u8>> {
    save_model_with_mask(config, params, None, "none")
}

/// As `save_model`, with a sparse network's mask (and the criterion that made it) in the
/// metadata; the weights are stored with the mask applied.
pub fn save_model_with_mask(config: &ModelConfig, params: &[f32], mask: Option<&Mask>, criterion: &str) -> Result<Vec<u8>> {
    let layout = Layout::with_extras(&config.sizes, config.extras());
    if params.len() != layout.len {
        return Err(ModelFileError::ParamCount { got: params.len(), expected: layout.len });
    }
    let mut masked = params.to_vec();
    if let Some(m) = mask {
        if m.len() < layout.len {
            return Err(ModelFileError::MaskLength { got: m.len(), expected: layout.len });
        }
        m.apply(&mut masked);
    }
    let bytes: Vec<u8> = masked.iter().flat_map(|v| v.to_le_bytes()).collect();
    let views: Vec<(String, TensorView)> = layout
        .tensors()
        .into_iter()
        .map(|(name, shape, range)| {
            let view = TensorView::new(Dtype::F32, shape, &bytes[range.start * 4..range.end * 4]).expect("shape matches");
            (name, view)
        })
        .collect();
    let mut meta = HashMap::from([("gradlab".to_string(), serde_json::to_string(config).unwrap())]);
    if let Some(m) = mask {
        let bits: serde_json::Map<String, serde_json::Value> = layout
            .layers
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("layers.{i}.weight"), serde_json::Value::String(pack_bits(&m.as_slice()[s.weight.clone()]))))
            .collect();
        let entry = serde_json::json!({ "criterion": criterion, "sparsity": m.sparsity_per_layer(&layout), "bits": bits });
        meta.insert("gradlab-mask".to_string(), entry.to_string());
    }
    safetensors::serialize(views, Some(meta)).map_err(|e| ModelFileError::Write(e.to_string()))
}

/// Reads a model file back into its config and flat parameters.
pub fn load_model(bytes: &[u8]) -> Result<(ModelConfig, Vec<f32>)> {
    let meta = metadata(bytes)?;
    let text = meta.get("gradlab").ok_or(ModelFileError::NoConfig)?;
    let config: ModelConfig = serde_json::from_str(text).map_err(|e| ModelFileError::BadConfig(e.to_string()))?;
    config.validate()?;
    let params = load_tensors(bytes, &Layout::with_extras(&config.sizes, config.extras()), FileKind::Model)?;
    Ok((config, params))
}

/// A model file's `__metadata__` (empty when it has none), its size checked first.
fn metadata(bytes: &[u8]) -> Result<HashMap<String, String>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ModelFileError::TooLarge { kind: FileKind::Model, bytes: bytes.len() });
    }
    let (_, meta) = SafeTensors::read_metadata(bytes).map_err(|e| ModelFileError::NotSafetensors { kind: FileKind::Model, why: e.to_string() })?;
    Ok(meta.metadata().clone().unwrap_or_default())
}

/// Whether a model file's network (`file`, as `load_model` read it) fits a run's: the same
/// layers, activations, features and extras; the error says what to set first.
pub fn check_fits(file: &ModelConfig, run: &ModelConfig) -> Result<()> {
    if file.sizes == run.sizes && file.activations == run.activations && file.features == run.features && file.extras() == run.extras() {
        return Ok(());
    }
    Err(ModelFileError::Mismatch { file: file.sizes.clone(), file_features: file.features.clone(), run: run.sizes.clone(), run_features: run.features.clone() })
}

/// The mask stored in a model file, None when the file has no "gradlab-mask" entry. Errors
/// when it does not fit the model, or a weight it marks as pruned is not zero.
pub fn load_mask(bytes: &[u8]) -> Result<Option<Mask>> {
    let (config, params) = load_model(bytes)?;
    let meta = metadata(bytes)?;
    let Some(text) = meta.get("gradlab-mask") else { return Ok(None) };
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| MaskEntryError::Json(e.to_string()))?;
    let layout = Layout::with_extras(&config.sizes, config.extras());
    let mut keep = vec![1.0f32; layout.len];
    for (i, s) in layout.layers.iter().enumerate() {
        let name = format!("layers.{i}.weight");
        let hex = v["bits"][&name].as_str().ok_or_else(|| MaskEntryError::NoBits(name.clone()))?;
        unpack_bits(&name, hex, &mut keep[s.weight.clone()])?;
    }
    if let Some(i) = keep.iter().zip(&params).position(|(&k, &p)| k == 0.0 && p != 0.0) {
        return Err(MaskEntryError::PrunedNotZero(i).into());
    }
    Ok(Some(Mask::from_keep(&layout, keep).map_err(MaskEntryError::Mask)?))
}

fn pack_bits(keep: &[f32]) -> String {
    keep.chunks(8)
        .map(|c| c.iter().enumerate().fold(0u8, |b, (j, &k)| b | (((k != 0.0) as u8) << j)))
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Layer `name`'s mask bits from `hex` into `out`.
fn unpack_bits(name: &str, hex: &str, out: &mut [f32]) -> std::result::Result<(), MaskEntryError> {
    if hex.len() != out.len().div_ceil(8) * 2 || !hex.is_ascii() {
        return Err(MaskEntryError::BitCount { name: name.to_string(), digits: hex.len(), weights: out.len() });
    }
    for (c, chunk) in out.chunks_mut(8).enumerate() {
        let b = u8::from_str_radix(&hex[2 * c..2 * c + 2], 16).map_err(|source| MaskEntryError::Hex { name: name.to_string(), source })?;
        for (j, k) in chunk.iter_mut().enumerate() {
            *k = ((b >> j) & 1) as f32;
        }
    }
    Ok(())
}

/// Reads tensors named and shaped as `layout`'s (layers.{i}.weight / .bias, f32) into a
/// flat buffer: a model's weights, or a tangent with the model's layout. Metadata is not
/// required here.
pub fn load_tensors(bytes: &[u8], layout: &Layout, kind: FileKind) -> Result<Vec<f32>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ModelFileError::TooLarge { kind, bytes: bytes.len() });
    }
    let tensors = SafeTensors::deserialize(bytes).map_err(|e| ModelFileError::NotSafetensors { kind, why: e.to_string() })?;
    let mut params = vec![0.0f32; layout.len];
    let expected = layout.tensors();
    for (name, shape, range) in &expected {
        let t = tensors.tensor(name).map_err(|_| ModelFileError::Missing { kind, name: name.clone() })?;
        if t.dtype() != Dtype::F32 {
            return Err(ModelFileError::Dtype { kind, name: name.clone(), dtype: format!("{:?}", t.dtype()) });
        }
        if t.shape() != shape.as_slice() {
            return Err(ModelFileError::Shape { kind, name: name.clone(), got: t.shape().to_vec(), expected: shape.clone() });
        }
        for (dst, chunk) in params[range.clone()].iter_mut().zip(t.data().chunks_exact(4)) {
            *dst = f32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
        if let Some(index) = params[range.clone()].iter().position(|v| !v.is_finite()) {
            return Err(ModelFileError::NonFinite { kind, name: name.clone(), index });
        }
    }
    if tensors.len() != expected.len() {
        let names: Vec<String> = tensors.names().into_iter().filter(|n| !expected.iter().any(|(e, _, _)| e == n)).map(str::to_string).collect();
        return Err(ModelFileError::Unexpected { kind, names });
    }
    Ok(params)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Activation, Loss, Penalty};

    fn config() -> ModelConfig {
        ModelConfig {
            sizes: vec![2, 3, 1],
            activations: vec![Activation::Tanh, Activation::Linear],
            loss: Loss::Bce,
            features: vec!["x1".into(), "x2".into()],
            penalty: Penalty::None,
            penalty_rate: 0.0,
            local_heads: false,
            label_classes: 0,
        }
    }

    #[test]
    fn a_file_fits_only_a_run_of_the_same_network() {
        let c = config();
        assert_eq!(check_fits(&c, &c.clone()), Ok(()));
        let mut wider = c.clone();
        wider.sizes[1] = 4;
        let e = check_fits(&wider, &c).unwrap_err().to_string();
        assert!(e.contains("[2, 4, 1] (x1, x2) does not match this run's [2, 3, 1]"), "{e}");
        let mut heads = c.clone();
        heads.local_heads = true;
        assert!(check_fits(&heads, &c).is_err());
    }

    #[test]
    fn models_with_local_heads_and_a_label_embedding_round_trip() {
        let mut c = config();
        c.local_heads = true;
        c.label_classes = 2;
        let n = crate::nn::Layout::with_extras(&c.sizes, c.extras()).len;
        let params: Vec<f32> = (0..n).map(|i| i as f32 * 0.01).collect();
        let (back, loaded) = load_model(&save_model(&c, &params).unwrap()).unwrap();
        assert_eq!((back, loaded), (c, params));
    }

    #[test]
    fn save_then_load_round_trips_bit_for_bit() {
        let params: Vec<f32> = (0..13).map(|i| i as f32 * 0.37 - 2.0).collect();
        let bytes = save_model(&config(), &params).unwrap();
        let (c, p) = load_model(&bytes).unwrap();
        assert_eq!(c, config());
        assert_eq!(p, params);
    }

    #[test]
    fn a_mask_round_trips_through_the_metadata_and_the_zeros_stay_in_the_tensors() {
        // [2, 3, 1]: W0 = 0..6, b0 = 6..9, W1 = 9..12, b1 = 12.
        let layout = Layout::new(&[2, 3, 1]);
        let keep = vec![1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0];
        let mask = Mask::from_keep(&layout, keep).unwrap();
        let params: Vec<f32> = (0..13).map(|i| i as f32 + 1.0).collect();
        let bytes = save_model_with_mask(&config(), &params, Some(&mask), "magnitude").unwrap();
        let (_, p) = load_model(&bytes).unwrap();
        assert_eq!(p[1..3], [0.0, 0.0]);
        assert_eq!(p[9], 0.0);
        assert_eq!(p[10], 11.0);
        assert_eq!(load_mask(&bytes).unwrap(), Some(mask));
        // Layer 0's bits: 1, 0, 0, 1, 1, 1 → 0b111001 = 0x39; layer 1: 0, 1, 0 → 0x02.
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("39") && text.contains("\\\"layers.1.weight\\\":\\\"02\\\""), "{text}");
        assert_eq!(load_mask(&save_model(&config(), &params).unwrap()).unwrap(), None);
    }

    #[test]
    fn broken_files_give_clear_errors() {
        let params = vec![0.5f32; 13];
        let bytes = save_model(&config(), &params).unwrap();
        assert!(load_model(&bytes[..bytes.len() - 3]).unwrap_err().to_string().contains("not a valid safetensors"));
        assert!(load_model(b"garbage").unwrap_err().to_string().contains("not a valid safetensors"));
        let mut nan = params.clone();
        nan[4] = f32::NAN;
        let bad = save_model(&config(), &nan).unwrap();
        assert!(load_model(&bad).unwrap_err().to_string().contains("layers.0.weight holds a non-finite value"));
        // A file whose metadata claims 4 hidden units while the tensors hold 3.
        let at = bytes.windows(7).position(|w| w == b"[2,3,1]").unwrap();
        let mut lying = bytes.clone();
        lying[at + 3] = b'4';
        let err = load_model(&lying).unwrap_err();
        assert!(matches!(&err, ModelFileError::Shape { kind: FileKind::Model, name, .. } if name == "layers.0.weight"), "{err}");
        assert!(err.to_string().contains("shape"), "{err}");
        // The same tensors read as a tangent say so.
        let layout = Layout::with_extras(&[2, 4, 1], config().extras());
        let as_tangent = load_tensors(&bytes, &layout, FileKind::Tangent).unwrap_err().to_string();
        assert!(as_tangent.starts_with("tangent file: tensor layers.0.weight has shape"), "{as_tangent}");
        assert_eq!(load_model(&vec![0; MAX_FILE_BYTES + 1]), Err(ModelFileError::TooLarge { kind: FileKind::Model, bytes: MAX_FILE_BYTES + 1 }));
    }
}
