//! Files: the safetensors model format.

pub mod model_file;

pub use model_file::{load_model, save_model};
