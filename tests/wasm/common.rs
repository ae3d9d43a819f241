// Wasm boundary tests, shared by tests/wasm_node.rs (Node) and tests/wasm_browser.rs
// (headless Chromium): they drive the exported `Lab` handle and functions exactly as
// www/playground/worker.js does, with JS values built here.

use gradlab::wasm::{format_hash, parse_hash, preview_dataset, schema, Lab};
use js_sys::{Float32Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

fn config(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

/// Copies f32 values out of wasm memory. The JS-side slice is taken before any Rust
/// allocation, since growing the memory would detach the view (as www/shared/memory.js does).
fn read_f32(ptr: *const f32, len: usize) -> Vec<f32> {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().dyn_into().unwrap();
    let view = Float32Array::new_with_byte_offset_and_length(&memory.buffer(), ptr as u32, len as u32);
    view.slice(0, len as u32).to_vec()
}

fn error_text(e: wasm_bindgen::JsError) -> String {
    let v: JsValue = e.into();
    let err: js_sys::Error = v.dyn_into().unwrap();
    String::from(err.message())
}

#[wasm_bindgen_test]
fn lab_trains_and_the_loss_falls() {
    let mut lab = Lab::new(config(r#"{"dataset": "circle", "optimizer": "adam", "lr": 0.03}"#), JsValue::UNDEFINED).unwrap();
    let before = get(&get(&lab.evaluate(), "test"), "loss").as_f64().unwrap();
    let stats = lab.train(2000).unwrap();
    assert_eq!(stats.step, 2000.0);
    let after = get(&get(&lab.evaluate(), "test"), "loss").as_f64().unwrap();
    assert!(after < 0.5 * before, "{before} → {after}");
}

#[wasm_bindgen_test]
fn bad_config_throws_a_message_naming_the_field() {
    let err = Lab::new(config(r#"{"lr": -1}"#), JsValue::UNDEFINED).err().map(error_text).unwrap();
    assert!(err.starts_with("lr:"), "{err}");
    let err = Lab::new(config(r#"{"hidden": "wide"}"#), JsValue::UNDEFINED).err().map(error_text).unwrap();
    assert!(err.starts_with("hidden:"), "{err}");
    let err = format_hash(config(r#"{"dataset": "mnist"}"#)).err().map(error_text).unwrap();
    assert!(err.contains("mnist"), "{err}");
}

#[wasm_bindgen_test]
fn hostile_hash_gives_warnings_and_a_working_config() {
    let parsed = parse_hash("#lr=NaN&seed=99999999999&hidden=1,2,3,4,5,6,7&%00=1&dataset=spiral", JsValue::UNDEFINED);
    let warnings: js_sys::Array = get(&parsed, "warnings").dyn_into().unwrap();
    assert_eq!(warnings.length(), 4, "{:?}", warnings.to_vec());
    let cfg = get(&parsed, "config");
    assert_eq!(get(&cfg, "dataset").as_string().unwrap(), "spiral");
    let mut lab = Lab::new(cfg, JsValue::UNDEFINED).unwrap();
    lab.train(10).unwrap();
}

/// Kept rows that fail their checks (a tampered localStorage) are named, not silently
/// replaced by the "custom means your own data" fallback alone.
#[wasm_bindgen_test]
fn broken_kept_data_is_named_in_the_hash_warnings() {
    let data = js_sys::JSON::parse(r#"{"names": ["a", "b"], "x": [0, 1], "y": [7], "labels": ["0", "1"], "note": ""}"#).unwrap();
    let parsed = parse_hash("#dataset=custom", data);
    let warnings: Vec<String> = get(&parsed, "warnings").dyn_into::<js_sys::Array>().unwrap().iter().map(|w| w.as_string().unwrap()).collect();
    assert!(warnings[0].starts_with("the data kept in this browser was not used: "), "{warnings:?}");
    assert_eq!(get(&get(&parsed, "config"), "dataset").as_string().unwrap(), "circle", "{warnings:?}");
}

#[wasm_bindgen_test]
fn decision_grid_and_weights_are_read_from_wasm_memory() {
    let mut lab = Lab::new(config(r#"{"dataset": "xor"}"#), JsValue::UNDEFINED).unwrap();
    lab.compute_grid(50).unwrap();
    assert_eq!(lab.grid_len(), 2500);
    let grid = read_f32(lab.grid_ptr(), 2500);
    assert!(grid.iter().all(|v| (-1.0..=1.0).contains(v)));
    let n = lab.params_len();
    assert_eq!(n, 2 * 4 + 4 + 4 * 2 + 2 + 2 + 1);
    let params = read_f32(lab.params_ptr(), n);
    assert!(params.iter().any(|&p| p != 0.0));
    lab.compute_neurons(10).unwrap();
    assert_eq!(lab.neurons_len(), (4 + 2 + 1) * 100);
}

#[wasm_bindgen_test]
fn divergence_throws_and_keeps_the_run() {
    let mut lab = Lab::new(config(r#"{"dataset": "reg-plane", "hidden": [], "lr": 10}"#), JsValue::UNDEFINED).unwrap();
    let err = lab.train(1000).err().map(error_text).unwrap();
    assert!(err.contains("diverged"), "{err}");
    let step = lab.step();
    let params = read_f32(lab.params_ptr(), lab.params_len());
    assert!(params.iter().all(|p| p.is_finite()), "the last good weights are kept");
    assert!(lab.update_live(config(r#"{"dataset": "reg-plane", "hidden": [], "lr": 0.0001}"#)).unwrap());
    assert!(step > 0.0);
    // The last good weights may already be huge; a reset with the lower rate trains on.
    lab.reset();
    lab.train(5).unwrap();
    assert_eq!(lab.step(), 5.0);
}

#[wasm_bindgen_test]
fn model_saves_and_loads_and_rejects_a_broken_file() {
    let mut lab = Lab::new(config("{}"), JsValue::UNDEFINED).unwrap();
    lab.train(50).unwrap();
    let bytes = lab.save_model().unwrap();
    let mut other = Lab::new(config("{}"), JsValue::UNDEFINED).unwrap();
    other.load_model(&bytes).unwrap();
    assert_eq!(get(&other.evaluate(), "test").as_f64(), get(&lab.evaluate(), "test").as_f64());
    let err = other.load_model(&bytes[..bytes.len() / 2]).err().map(error_text).unwrap();
    assert!(err.contains("not a valid safetensors"), "{err}");
    let mut wider = Lab::new(config(r#"{"hidden": [5]}"#), JsValue::UNDEFINED).unwrap();
    let err = wider.load_model(&bytes).err().map(error_text).unwrap();
    assert!(err.contains("does not match"), "{err}");
}

#[wasm_bindgen_test]
fn initial_weights_and_data_match_the_native_build_bit_for_bit() {
    // The same constant is asserted natively in tests/training.rs: data and initial weights
    // draw through libm, so both builds produce identical bits.
    let lab = Lab::new(config(gradlab_fingerprint_config()), JsValue::UNDEFINED).unwrap();
    let params = read_f32(lab.params_ptr(), lab.params_len());
    assert_eq!(gradlab::train::fingerprint(&params), NATIVE_INIT_FINGERPRINT);
    let info = lab.info();
    let train: js_sys::Array = get(&info, "train").dyn_into().unwrap();
    let flat: Vec<f32> = train.iter().flat_map(|p| js_sys::Array::from(&p).iter().map(|v| v.as_f64().unwrap() as f32).collect::<Vec<_>>()).collect();
    assert_eq!(gradlab::train::fingerprint(&flat), NATIVE_DATA_FINGERPRINT);
}

#[wasm_bindgen_test]
fn schema_and_previews_are_available() {
    let rows: js_sys::Array = schema().dyn_into().unwrap();
    assert!(rows.length() > 20);
    let pts: js_sys::Array = preview_dataset("spiral", 0.1).unwrap().dyn_into().unwrap();
    assert!(pts.length() > 100);
    assert!(preview_dataset("digits", 0.0).is_err());
}

fn gradlab_fingerprint_config() -> &'static str {
    r#"{"dataset": "spiral", "noise": 0.3, "hidden": [8, 8], "init": "he", "seed": 42, "data-seed": 7}"#
}

#[wasm_bindgen_test]
fn small_net_lanes_match_the_layer_by_layer_path() {
    // As the native unit test in crate/autodiff/lanes.rs, in the wasm build: there the
    // lanes are simd128 and the layer-by-layer path runs gemm's wasm code.
    use gradlab::autodiff::{lanes::Lanes, reverse::by_layers};
    use gradlab::nn::{Activation, Loss, Mlp, Workspace};
    let mut rng = gradlab::tensor::Rng::new(3);
    for act in Activation::ALL {
        for (loss, out) in [(Loss::Bce, 1), (Loss::Mse, 1), (Loss::SoftmaxCe, 3)] {
            let mlp = Mlp::new(&[2, 4, 2, out], &[act, act, Activation::Linear]);
            for batch in [1, 10, 17, 40] {
                let params: Vec<f32> = (0..mlp.layout.len).map(|_| rng.uniform(-2.0, 2.0) as f32).collect();
                let x = gradlab::tensor::Mat::from_shape_fn((batch, 2), |_| rng.uniform(-3.0, 3.0) as f32);
                let y: Vec<f32> = (0..batch).map(|r| if loss == Loss::Mse { rng.uniform(-1.0, 1.0) as f32 } else { (r % out.max(2)) as f32 }).collect();
                let (mut want, mut got) = (vec![0.0; params.len()], vec![0.0; params.len()]);
                let lw = by_layers(&mlp, &params, x.view(), &y, loss, &mut Workspace::default(), &mut want);
                let lg = Lanes::default().loss_and_gradient(&mlp, &params, x.view(), &y, loss, &mut got);
                assert_eq!(lw.to_bits(), lg.to_bits(), "{} {} batch {batch}", act.name(), loss.name());
                assert_eq!(want.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), got.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
            }
        }
    }
    // The four-lane expf against libm, on every 4099th f32 pattern.
    let xs: Vec<f32> = (0..u32::MAX).step_by(4099).map(f32::from_bits).collect();
    for c in xs.chunks_exact(4) {
        let got = gradlab::tensor::expf::expf(gradlab::tensor::F32x4::from_array([c[0], c[1], c[2], c[3]])).to_array();
        for (&x, g) in c.iter().zip(got) {
            let want = libm::expf(x);
            assert!(g.to_bits() == want.to_bits() || (g.is_nan() && want.is_nan()), "expf({x:e})");
        }
    }
}
