//! Wasm boundary tests in Node (wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

include!("wasm/fingerprints.rs");
include!("wasm/common.rs");

include!("wasm/update_formulas.rs");

#[wasm_bindgen_test]
fn vectorized_update_loops_match_the_formulas_bit_for_bit() {
    update_loops_match_the_formulas_bit_for_bit();
}
