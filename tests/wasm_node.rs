//! Wasm boundary tests in Node (wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

include!("wasm/fingerprints.rs");
include!("wasm/common.rs");
