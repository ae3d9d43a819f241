//! Benchmark cases shared by the native CLI (`gradlab bench`) and the wasm page
//! (www/bench.html), so both measure exactly the same work.

/// (name, run configuration as JSON).
pub const CASES: &[(&str, &str)] = &[
    ("playground 2-4-2-1 tanh, batch 10, sgd", r#"{"dataset": "circle", "hidden": [4, 2], "activation": "tanh", "batch-size": 10}"#),
    (
        "digits 64-128-128-10 relu, batch 64, adam",
        r#"{"dataset": "digits", "hidden": [128, 128], "activation": "relu", "init": "he", "optimizer": "adam", "lr": 0.001, "batch-size": 64}"#,
    ),
];
