//! The wasm boundary, and the only module that touches wasm_bindgen: one file per page or
//! lab, each export a few lines that call the core. Long-lived state stays in Rust behind
//! handles (`Lab`, `SlabLab`, …); names and plain objects go in, small structs come out,
//! and per-frame bulk data (decision grid, neuron maps, weights) is read by JS straight out
//! of wasm memory through pointer + length. User errors become JsError with a message
//! naming the problem; a panic is a bug (the hook logs it).
//!
//! Both wasm cores come from this folder: the lite core (crate/train/lite.rs) exports what
//! the playground's worker needs (run.rs, playground.rs, gpu.rs); the files behind the
//! `full` feature add the lab pages' exports.
//!
//! | file            | page or lab                                                    |
//! |-----------------|----------------------------------------------------------------|
//! | run.rs          | configs, URL hashes, key tables, the user's rows, the digits   |
//! | playground.rs   | the `Lab` handle: train, evaluate, decision map, neuron maps   |
//! | gpu.rs          | what the WebGPU trainer (www/shared/gpu/) reads from and hands a Lab  |
//! | model.rs        | model files (safetensors) and restoring a run                  |
//! | race.rs         | races and sweeps: history, fingerprints, agreement probes      |
//! | forward.rs      | the forward-gradient lab's variance experiment                 |
//! | optimizers.rs   | trajectories on test functions, loss landscapes               |
//! | outputs.rs      | the playground's digits view: test rows and the outputs on them |
//! | compact.rs      | pruning, sparsity sweeps, lottery tickets                      |
//! | simplicity.rs   | the simplicity-bias lab's runs                                 |
//! | dynamics.rs     | the training-dynamics lab's presets                            |
//! | bench.rs        | the benchmark page's cases and matmul clock                    |
//! | tfp.rs          | TensorFlow Playground links: `parseTfpLink`, the `TfpLab` handle |
//! | testing.rs      | test-only exports, in the `testing` build only (pkg/testing/)  |

use serde::Serialize;
use wasm_bindgen::prelude::*;

/// `xPtr()` / `xLen()` exports for f32 buffers that JS reads straight out of wasm memory (a
/// Float32Array over `memory.buffer` at the pointer, this many entries long), written once
/// for every handle: `memory_views!(Lab { params_ptr as paramsPtr, params_len as paramsLen
/// => trainer.params; … })`.
macro_rules! memory_views {
    ($handle:ident { $($ptr:ident as $js_ptr:ident, $len:ident as $js_len:ident => $($field:ident).+;)+ }) => {
        #[wasm_bindgen::prelude::wasm_bindgen]
        impl $handle {
            $(
                #[wasm_bindgen(js_name = $js_ptr)]
                pub fn $ptr(&self) -> *const f32 {
                    self.$($field).+.as_ptr()
                }

                #[wasm_bindgen(js_name = $js_len)]
                pub fn $len(&self) -> usize {
                    self.$($field).+.len()
                }
            )+
        }
    };
}

mod gpu;
mod playground;
mod run;

pub use playground::*;
pub use run::*;

#[cfg(feature = "full")]
mod bench;
#[cfg(feature = "full")]
mod compact;
#[cfg(feature = "full")]
mod dynamics;
#[cfg(feature = "full")]
mod forward;
#[cfg(feature = "full")]
mod model;
#[cfg(feature = "full")]
mod optimizers;
#[cfg(feature = "full")]
mod outputs;
#[cfg(feature = "full")]
mod race;
#[cfg(feature = "full")]
mod simplicity;
#[cfg(feature = "full")]
mod tfp;
#[cfg(all(feature = "full", feature = "testing"))]
mod testing;

#[cfg(feature = "full")]
pub use {bench::*, compact::*, dynamics::*, optimizers::*, simplicity::*, tfp::*};

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

fn to_js<T: Serialize>(v: &T) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).expect("plain data serializes")
}

/// A plain object of these fields, for values serde would copy element by element
/// (typed arrays: Float32Array::from copies the slice at once).
fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in fields {
        js_sys::Reflect::set(&o, &(*k).into(), v).expect("setting a field of a new object");
    }
    o.into()
}

fn js_err(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}
