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
    memory_vs_depth();
    matmuls(seconds);
    Ok(())
}

/// Peak working memory of one gradient computation against depth (width 256, batch 64,
/// digits-sized input and output), from fresh buffers: backprop keeps every layer's
/// pre-activation, activation and error (it needs them on the way back); a forward-mode
/// JVP keeps the current layer's values and tangents only. The parameter-sized buffers
/// (the gradient for backprop, the tangent for forward mode, one each) are allocated
/// before the measurement and reported separately.
fn memory_vs_depth() {
    use crate::alloc_meter::{peak, reset_peak};
    use gradlab::autodiff::forward::{jvp_with, JvpBuffers};
    use gradlab::autodiff::loss_and_gradient;
    use gradlab::nn::{Activation, Init, Loss, Mlp, Workspace};
    use gradlab::tensor::{Mat, Rng};
    for depth in [1usize, 2, 4, 8, 16] {
        let mut sizes = vec![64];
        sizes.extend(std::iter::repeat_n(256, depth));
        sizes.push(10);
        let mut acts = vec![Activation::Relu; depth];
        acts.push(Activation::Linear);
        let mlp = Mlp::new(&sizes, &acts);
        let mut rng = Rng::new(1);
        let mut params = vec![0.0; mlp.layout.len];
        Init::He.fill(&mlp.layout, &mut rng, &mut params);
        let x = Mat::from_shape_fn((64, 64), |_| rng.unit() as f32);
        let y: Vec<f32> = (0..64).map(|i| (i % 10) as f32).collect();
        let measure = |f: &mut dyn FnMut()| {
            let before = crate::alloc_meter::in_use();
            reset_peak();
            f();
            peak() - before
        };
        let mut grad = vec![0.0; params.len()];
        let backprop = measure(&mut || {
            loss_and_gradient(&mlp, &params, x.view(), &y, Loss::SoftmaxCe, &mut Workspace::default(), &mut grad);
        });
        let mut tangent = vec![0.0; params.len()];
        Rng::new(2).fill_normal(&mut tangent);
        let forward = measure(&mut || {
            jvp_with(&mlp, &params, &tangent, x.view(), &y, Loss::SoftmaxCe, &mut JvpBuffers::default());
        });
        let vector_bytes = params.len() * std::mem::size_of::<f32>();
        println!(
            "{}",
            serde_json::json!({ "case": "memory", "depth": depth, "params": params.len(), "backprop_bytes": backprop, "forward_bytes": forward, "vector_bytes": vector_bytes })
        );
    }
}

/// GFLOP/s of single-threaded f32 matmul for each shape the benchmark prices, after a
/// warm-up of many short calls, and each backprop case's matmul list (for the implied
/// per-step FLOP limit that scripts/bench.sh computes).
fn matmuls(seconds: f64) {
    use gradlab::bench::{matmul_shapes, step_matmuls, NETS};
    let budget = (seconds / 8.0).clamp(0.05, 0.5);
    for (m, k, n) in matmul_shapes() {
        matmul_line(m, k, n, budget);
    }
    for (name, sizes, batch) in NETS {
        println!("{}", serde_json::json!({ "case": "plan", "net": name, "matmuls": step_matmuls(sizes, *batch) }));
    }
}

/// `gradlab bench --matmul MxKxN`: that shape's GFLOP/s only.
pub fn one_matmul(shape: &str, seconds: f64) -> Result<(), String> {
    let dims: Vec<usize> = shape.split('x').map(|d| d.trim().parse().map_err(|_| format!("--matmul {shape}: want MxKxN, e.g. 256x256x256"))).collect::<Result<_, _>>()?;
    let [m, k, n] = dims[..] else { return Err(format!("--matmul {shape}: want MxKxN, e.g. 256x256x256")) };
    if m == 0 || k == 0 || n == 0 {
        return Err(format!("--matmul {shape}: every dimension must be at least 1"));
    }
    matmul_line(m, k, n, seconds);
    Ok(())
}

/// Times one shape and prints a JSON line with its GFLOP/s. Reps per call double until a
/// call takes 0.5 ms (tiny shapes run far below the big ones' rate, so a fixed FLOP count
/// per call would make them slow), then 50 warm-up calls (at most 0.2 s), then the timing.
fn matmul_line(m: usize, k: usize, n: usize, seconds: f64) {
    use gradlab::bench::matmul;
    let mut sink = 0.0;
    let mut reps = 1u32;
    loop {
        let t0 = Instant::now();
        sink += matmul(m, k, n, reps);
        if t0.elapsed().as_secs_f64() >= 5e-4 || reps >= 1 << 20 {
            break;
        }
        reps *= 2;
    }
    let warm = Instant::now();
    for _ in 0..50 {
        sink += matmul(m, k, n, reps);
        if warm.elapsed().as_secs_f64() > 0.2 {
            break;
        }
    }
    let mut calls = 0u64;
    let started = Instant::now();
    while started.elapsed().as_secs_f64() < seconds {
        sink += matmul(m, k, n, reps);
        calls += 1;
    }
    let flops = 2.0 * (m * k * n) as f64 * reps as f64 * calls as f64;
    let gflops = flops / started.elapsed().as_secs_f64() / 1e9;
    println!("{}", serde_json::json!({ "case": "matmul", "backend": "native", "m": m, "k": k, "n": n, "reps": reps, "gflops": gflops, "checksum": sink }));
}
