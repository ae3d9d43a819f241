//! Files: the safetensors model format.

pub mod model_file;

pub use model_file::{check_fits, load_mask, load_model, load_tensors, save_model, save_model_with_mask, FileKind, ModelFileError};
