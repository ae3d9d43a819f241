//! Benchmark cases shared by the native CLI (`gradlab bench`) and the wasm page
//! (bench/bench.html), so both measure exactly the same work.

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
    WIDE,
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

/// The wide net of the speed issue: 2-256-256-1 ReLU, BCE, SGD, batch 256 on the circle
/// (1,000 points, half for training, so a batch of 256 is not capped).
pub const WIDE: (&str, &str) = (
    "wide 2-256-256-1 relu, batch 256, sgd",
    r#"{"dataset": "circle", "samples": 1000, "hidden": [256, 256], "activation": "relu", "init": "he", "optimizer": "sgd", "lr": 0.01, "batch-size": 256}"#,
);

/// Layer sizes and batch of the backprop cases whose matmul cost the benchmark prices.
pub const NETS: &[(&str, &[usize], usize)] = &[
    ("playground 2-4-2-1 tanh, batch 10, sgd", &[2, 4, 2, 1], 10),
    ("digits 64-128-128-10 relu, batch 64, adam", &[64, 128, 128, 10], 64),
    ("wide 2-256-256-1 relu, batch 256, sgd", &[2, 256, 256, 1], 256),
    ("deep 64-256x4-10 relu, batch 64, backprop", &[64, 256, 256, 256, 256, 10], 64),
];

/// The (m, k, n) of every matmul in one backprop step of an MLP with these layer sizes:
/// per layer the forward h·Wᵀ (batch, in, out) and ∂L/∂W = δᵀh (out, batch, in), and
/// below the first layer δ·W (batch, out, in), as in autodiff/reverse.rs.
pub fn step_matmuls(sizes: &[usize], batch: usize) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    for (l, w) in sizes.windows(2).enumerate() {
        let (inputs, outputs) = (w[0], w[1]);
        out.push((batch, inputs, outputs));
        out.push((outputs, batch, inputs));
        if l > 0 {
            out.push((batch, outputs, inputs));
        }
    }
    out
}

/// Every distinct matmul shape the benchmark times: 256³ first, then those of `NETS`.
pub fn matmul_shapes() -> Vec<(usize, usize, usize)> {
    let mut shapes = vec![(256, 256, 256)];
    for (_, sizes, batch) in NETS {
        for s in step_matmuls(sizes, *batch) {
            if !shapes.contains(&s) {
                shapes.push(s);
            }
        }
    }
    shapes
}

/// `reps` single-threaded f32 matmuls (m, k)·(k, n) through `tensor::gemm`, the path the
/// training code takes; the caller times the call. Returns a checksum so the work cannot be
/// optimized away. The inputs are allocated per call, so call it with enough reps that
/// their allocation is noise.
pub fn matmul(m: usize, k: usize, n: usize, reps: u32) -> f32 {
    let a = ndarray::Array2::from_shape_fn((m, k), |(i, j)| ((i * 7 + j * 3) % 13) as f32 * 0.1 - 0.6);
    let b = ndarray::Array2::from_shape_fn((k, n), |(i, j)| ((i * 5 + j * 11) % 17) as f32 * 0.05 - 0.4);
    let mut c = ndarray::Array2::<f32>::zeros((m, n));
    for _ in 0..reps {
        crate::tensor::gemm(1.0, &a, &b, 0.5, &mut c);
    }
    c.iter().sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_matmuls_count_the_forward_weight_and_input_gradients() {
        // 2-4-1: forward 10·2·4 and 10·4·1; ∂W 4·10·2 and 1·10·4; one δ·W (10·1·4).
        assert_eq!(step_matmuls(&[2, 4, 1], 10), vec![(10, 2, 4), (4, 10, 2), (10, 4, 1), (1, 10, 4), (10, 1, 4)]);
    }

    #[test]
    fn matmul_checksum_matches_a_hand_computed_product() {
        // One rep with beta 0.5 on a zero C is just A·B; compare with a triple loop.
        let (m, k, n) = (3, 5, 2);
        let a = |i: usize, j: usize| ((i * 7 + j * 3) % 13) as f32 * 0.1 - 0.6;
        let b = |i: usize, j: usize| ((i * 5 + j * 11) % 17) as f32 * 0.05 - 0.4;
        let mut want = 0.0f32;
        for i in 0..m {
            for j in 0..n {
                want += (0..k).map(|p| a(i, p) * b(p, j)).sum::<f32>();
            }
        }
        assert!((matmul(m, k, n, 1) - want).abs() < 1e-4);
    }
}
