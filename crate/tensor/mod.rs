//! Numeric foundations: ndarray aliases and the seeded random number generator.

pub mod expf;
pub mod lane;
pub mod matmul;
pub mod rng;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd_gemm;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd_pack;

pub use lane::{F32x4, Float};
pub use matmul::gemm;
pub use rng::Rng;

/// A (rows, cols) f32 matrix; rows are examples.
pub type Mat = ndarray::Array2<f32>;
