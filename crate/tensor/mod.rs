//! Numeric foundations: ndarray aliases and the seeded random number generator.

pub mod expf;
pub mod lane;
pub mod matmul;
pub mod rng;

pub use lane::{F32x4, Float};
pub use matmul::gemm;
pub use rng::Rng;

/// A (rows, cols) f32 matrix; rows are examples.
pub type Mat = ndarray::Array2<f32>;
