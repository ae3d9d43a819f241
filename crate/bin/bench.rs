//! Native side of the benchmark: training steps per second for the benchmark networks,
//! measured after a warm-up, one JSON line each. The same cases (gradlab::bench) run in
//! headless Chromium from bench/bench.html; scripts/bench.sh runs both in one go.

use crate::error::CliError;
use gradlab::bench::CASES;
use gradlab::train::{RunConfig, Trainer};
use std::time::Instant;

/// The run of a benchmark case, timing training steps only (no per-epoch metrics).
fn case_trainer(json: &str) -> Result<Trainer, CliError> {
    let mut t = Trainer::new(RunConfig::from_json(json)?);
    t.epoch_metrics = false;
    Ok(t)
}

pub fn run(seconds: f64) -> Result<(), CliError> {
    for (name, json) in CASES {
        let mut t = case_trainer(json)?;
        let mut failed = None;
        let rate = best_rate(seconds, &mut |n| {
            if let Err(e) = t.run(n) {
                failed.get_or_insert(e);
            }
        });
        if let Some(e) = failed {
            return Err(CliError::under(format!("{name}: "), e));
        }
        println!("{}", serde_json::json!({ "case": name, "backend": "native", "steps_per_second": rate }));
    }
    memory_vs_depth();
    matmuls(seconds);
    Ok(())
}

/// Timing windows on request, for a benchmark that alternates native and wasm windows (the
/// host's slow phases then hit both alike). Each stdin line is "CASE STEPS", which runs STEPS
/// steps of CASES[CASE] (one trainer per case, kept warm across requests), or "matmul M K N
/// REPS", which runs gradlab::bench::matmul; the reply is the seconds it took. A bad line
/// gets an error line and the loop goes on.
pub fn serve_windows() -> Result<(), CliError> {
    use std::io::{BufRead, Write};
    let mut trainers: Vec<Option<Trainer>> = CASES.iter().map(|_| None).collect();
    let stdout = std::io::stdout();
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let words: Vec<&str> = line.split_whitespace().collect();
        let numbers: Option<Vec<usize>> = words.iter().skip(usize::from(words.first() == Some(&"matmul"))).map(|w| w.parse().ok()).collect();
        let reply = match (words.first() == Some(&"matmul"), numbers.as_deref()) {
            (true, Some(&[m, k, n, reps])) => {
                let start = Instant::now();
                std::hint::black_box(gradlab::bench::matmul(m, k, n, reps as u32));
                format!("{}", start.elapsed().as_secs_f64())
            }
            (false, Some(&[case, steps])) if case < CASES.len() => {
                let t = trainers[case].get_or_insert_with(|| case_trainer(CASES[case].1).expect("benchmark cases are valid"));
                let start = Instant::now();
                match t.run(steps as u64) {
                    Ok(_) => format!("{}", start.elapsed().as_secs_f64()),
                    Err(e) => format!("error {e}"),
                }
            }
            _ => format!("error: expected \"CASE STEPS\" with CASE below {} or \"matmul M K N REPS\", got {line:?}", CASES.len()),
        };
        writeln!(stdout.lock(), "{reply}")?;
    }
    Ok(())
}

/// Windows per measurement: each figure is the best of this many windows of equal length,
/// since load from other processes (a shared 2-core VM) only ever slows a window down.
const WINDOWS: u32 = 4;

/// Units of `work(n)` per second, as bench/bench.js measures it: up to 100 calls of one unit
/// (at most 0.3 s) to warm up, calls that grow until one takes 2 ms, then the best of
/// `WINDOWS` windows sharing `seconds`.
fn best_rate(seconds: f64, work: &mut dyn FnMut(u64)) -> f64 {
    let warm = Instant::now();
    for _ in 0..100 {
        work(1);
        if warm.elapsed().as_secs_f64() > 0.3 {
            break;
        }
    }
    let mut n = 1u64;
    loop {
        let t0 = Instant::now();
        work(n);
        if t0.elapsed().as_secs_f64() >= 2e-3 || n >= 1 << 20 {
            break;
        }
        n *= 2;
    }
    let mut best = 0.0f64;
    for _ in 0..WINDOWS {
        let mut done = 0u64;
        let started = Instant::now();
        while started.elapsed().as_secs_f64() < seconds / WINDOWS as f64 {
            work(n);
            done += n;
        }
        best = best.max(done as f64 / started.elapsed().as_secs_f64());
    }
    best
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
    let budget = (seconds / 8.0).clamp(0.1, 0.5);
    for (m, k, n) in matmul_shapes() {
        matmul_line(m, k, n, budget);
    }
    for (name, sizes, batch) in NETS {
        println!("{}", serde_json::json!({ "case": "plan", "net": name, "matmuls": step_matmuls(sizes, *batch) }));
    }
}

/// `gradlab bench --matmul MxKxN`: that shape's GFLOP/s only.
pub fn one_matmul(shape: &str, seconds: f64) -> Result<(), CliError> {
    let dims: Vec<usize> = shape.split('x').map(|d| d.trim().parse().map_err(|_| format!("--matmul {shape}: want MxKxN, e.g. 256x256x256"))).collect::<Result<_, _>>()?;
    let [m, k, n] = dims[..] else { return Err(format!("--matmul {shape}: want MxKxN, e.g. 256x256x256").into()) };
    if m == 0 || k == 0 || n == 0 {
        return Err(format!("--matmul {shape}: every dimension must be at least 1").into());
    }
    matmul_line(m, k, n, seconds);
    Ok(())
}

/// Times one shape (see `best_rate`) and prints a JSON line with its GFLOP/s.
fn matmul_line(m: usize, k: usize, n: usize, seconds: f64) {
    let mut sink = 0.0;
    let reps_per_second = best_rate(seconds, &mut |reps| sink += gradlab::bench::matmul(m, k, n, reps as u32));
    let gflops = 2.0 * (m * k * n) as f64 * reps_per_second / 1e9;
    println!("{}", serde_json::json!({ "case": "matmul", "backend": "native", "m": m, "k": k, "n": n, "gflops": gflops, "checksum": sink }));
}
