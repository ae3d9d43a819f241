//! Native side of the benchmark: training steps per second for the benchmark networks,
//! measured after a warm-up, one JSON line each. The same cases run in headless
//! Chromium from www/bench.html (scripts/bench.sh runs both).

use gradlab::train::{RunConfig, Trainer};
use std::time::Instant;

/// (name, config): the Playground's default net and a digits MLP.
pub const CASES: &[(&str, &str)] = &[
    ("playground 2-4-2-1 tanh, batch 10", r#"{"dataset": "circle", "hidden": [4, 2], "activation": "tanh", "batch-size": 10}"#),
    ("digits 64-128-128-10 relu, batch 64", r#"{"dataset": "digits", "hidden": [128, 128], "activation": "relu", "init": "he", "optimizer": "adam", "lr": 0.001, "batch-size": 64}"#),
];

pub fn run(seconds: f64) -> Result<(), String> {
    for (name, json) in CASES {
        let mut t = Trainer::new(RunConfig::from_json(json).map_err(|e| e.to_string())?);
        t.run(200).map_err(|e| e.to_string())?;
        let mut steps = 0u64;
        let started = Instant::now();
        while started.elapsed().as_secs_f64() < seconds {
            t.run(100).map_err(|e| e.to_string())?;
            steps += 100;
        }
        let rate = steps as f64 / started.elapsed().as_secs_f64();
        println!("{}", serde_json::json!({ "case": name, "backend": "native", "steps_per_second": rate }));
    }
    Ok(())
}
