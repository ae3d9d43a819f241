//! The benchmark page's cases and matmul clock (www/bench.js, scripts/bench-ab.mjs;
//! crate::bench). They load the full core the pages load, so these ship in it.

use super::to_js;
use wasm_bindgen::prelude::*;

/// The benchmark cases: [[name, config JSON], …].
#[wasm_bindgen(js_name = benchCases)]
pub fn bench_cases() -> JsValue {
    to_js(&crate::bench::CASES)
}

/// The matmul shapes the benchmark times: [[m, k, n], …] (see crate::bench).
#[wasm_bindgen(js_name = benchMatmulShapes)]
pub fn bench_matmul_shapes() -> JsValue {
    to_js(&crate::bench::matmul_shapes())
}

/// `reps` f32 matmuls (m, k)·(k, n), timed by the caller; returns a checksum.
#[wasm_bindgen(js_name = benchMatmul)]
pub fn bench_matmul(m: usize, k: usize, n: usize, reps: u32) -> f32 {
    crate::bench::matmul(m, k, n, reps)
}
