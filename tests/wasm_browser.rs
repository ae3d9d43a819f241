//! The same wasm boundary tests in headless Chromium (wasm-bindgen-test-runner with
//! CHROMEDRIVER set).
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

include!("wasm/fingerprints.rs");
include!("wasm/common.rs");
