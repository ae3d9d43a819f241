//! Native side of the benchmark: training steps per second for the benchmark networks,
//! measured after a warm-up, one JSON line each. The same cases (gradlab::bench) run in
//! headless Chromium from www/bench.html; scripts/bench.sh runs both in one go.

use gradlab::bench::CASES;
use gradlab::train::{RunConfig, Trainer};
use std::time::Instant;

pub fn run(seconds: f64) -> Result<(), String> {
    for (name, json) in CASES {
        let mut t = Trainer::new(RunConfig::from_json(json).map_err(|e| e.to_string())?);
        t.epoch_metrics = false; // time training steps only
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
