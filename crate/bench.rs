//! Benchmark cases shared by the native CLI (`gradlab bench`) and the wasm page
//! (www/bench.html), so both measure exactly the same work.

/// (name, run configuration as JSON).
pub const CASES: &[(&str, &str)] = &[
    ("playground 2-4-2-1 tanh, batch 10, sgd", r#"{"dataset": "circle", "hidden": [4, 2], "activation": "tanh", "batch-size": 10}"#),
    (
        "digits 64-128-128-10 relu, batch 64, adam",
        r#"{"dataset": "digits", "hidden": [128, 128], "activation": "relu", "init": "he", "optimizer": "adam", "lr": 0.001, "batch-size": 64}"#,
    ),
    (
        "digits 64-128-128-10, forward gradient (1 tangent)",
        r#"{"dataset": "digits", "hidden": [128, 128], "activation": "relu", "init": "he", "optimizer": "adam", "lr": 0.001, "batch-size": 64, "method": "forward-gradient"}"#,
    ),
    (
        "digits 64-128-128-10, forward gradient (1 rademacher tangent)",
        r#"{"dataset": "digits", "hidden": [128, 128], "activation": "relu", "init": "he", "optimizer": "adam", "lr": 0.001, "batch-size": 64, "method": "forward-gradient", "tangent-dist": "rademacher"}"#,
    ),
    (
        "deep 64-256x4-10 relu, batch 64, backprop",
        r#"{"dataset": "digits", "hidden": [256, 256, 256, 256], "activation": "relu", "init": "he", "optimizer": "sgd", "lr": 0.01, "batch-size": 64}"#,
    ),
    (
        "deep 64-256x4-10, forward gradient (1 tangent)",
        r#"{"dataset": "digits", "hidden": [256, 256, 256, 256], "activation": "relu", "init": "he", "optimizer": "sgd", "lr": 0.0001, "batch-size": 64, "method": "forward-gradient"}"#,
    ),
    (
        "deep 64-256x4-10, forward gradient (1 rademacher tangent)",
        r#"{"dataset": "digits", "hidden": [256, 256, 256, 256], "activation": "relu", "init": "he", "optimizer": "sgd", "lr": 0.0001, "batch-size": 64, "method": "forward-gradient", "tangent-dist": "rademacher"}"#,
    ),
];
