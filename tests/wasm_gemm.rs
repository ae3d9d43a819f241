//! The wasm SIMD128 GEMM (crate/tensor/simd_gemm.rs) in Node (wasm-bindgen-test-runner):
//! against an independent f64 triple loop on shapes that are not multiples of its tiles
//! (4×8) nor of its blocks (k 256, m 64, n 256), every transposition, sliced and
//! transposed C, α and β of every kind, NaN in C with β = 0; bit-identical repeats; and,
//! with a counting allocator (this test file is its own binary), training steps of the
//! benchmark nets allocate nothing once warm, since the kernel's scratch only grows; and that
//! the kernel's multiply-add is mul + add in the default build and fused in the fma build.
//! Runs on both builds: scripts/test.sh runs it again with `--features fma` (the kernel
//! compiled with relaxed SIMD, scripts/fma-kernel.sh) under Node's relaxed-SIMD flag. The
//! f64 checks' tolerance holds for either rounding.
#![cfg(all(target_arch = "wasm32", target_feature = "simd128"))]

use gradlab::tensor::matmul::{gemm, gemm_simd128};
use gradlab::tensor::Rng;
use gradlab::train::{RunConfig, Trainer};
use ndarray::{s, Array2, ArrayView2};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use wasm_bindgen_test::*;

struct Counting;
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn random(rows: usize, cols: usize, rng: &mut Rng) -> Array2<f32> {
    Array2::from_shape_fn((rows, cols), |_| rng.uniform(-1.0, 1.0) as f32)
}

/// Checks C = α·A·B + β·C0 element by element in f64, within f32 rounding of a k-term sum.
fn check(what: &str, alpha: f32, a: &ArrayView2<f32>, b: &ArrayView2<f32>, beta: f32, c0: &Array2<f32>, c: &ArrayView2<f32>) {
    let ((m, k), n) = (a.dim(), b.dim().1);
    for i in 0..m {
        for j in 0..n {
            let (mut sum, mut size) = (0.0f64, 0.0f64);
            for p in 0..k {
                let t = a[[i, p]] as f64 * b[[p, j]] as f64;
                sum += t;
                size += t.abs();
            }
            let old = if beta == 0.0 { 0.0 } else { beta as f64 * c0[[i, j]] as f64 };
            let want = alpha as f64 * sum + old;
            let tol = 1e-6 * (k as f64 + 2.0) * (alpha.abs() as f64 * size + old.abs()) + 1e-30;
            let got = c[[i, j]] as f64;
            assert!((got - want).abs() <= tol, "{what}: C[{i}, {j}] = {got}, want {want} (± {tol})");
        }
    }
}

#[wasm_bindgen_test]
fn kernel_matches_an_f64_triple_loop_on_every_layout() {
    let mut rng = Rng::new(11);
    let shapes = [(1, 1, 1), (1, 7, 9), (3, 5, 7), (4, 8, 8), (5, 9, 17), (9, 3, 1), (13, 300, 11), (70, 20, 270), (66, 513, 10), (64, 64, 128)];
    for &(m, k, n) in &shapes {
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            for (alpha, beta) in [(1.0, 0.0), (1.0, 1.0), (-0.7, 0.3)] {
                let a = if ta { random(k, m, &mut rng) } else { random(m, k, &mut rng) };
                let b = if tb { random(n, k, &mut rng) } else { random(k, n, &mut rng) };
                let (av, bv) = (if ta { a.t() } else { a.view() }, if tb { b.t() } else { b.view() });
                let what = format!("{m}x{k}x{n} ta={ta} tb={tb} α={alpha} β={beta}");
                // C on its own.
                let c0 = random(m, n, &mut rng);
                let mut c = c0.clone();
                gemm_simd128(alpha, &av, &bv, beta, &mut c);
                check(&what, alpha, &av, &bv, beta, &c0, &c.view());
                // C a column slice of a wider buffer (row stride > n): the rest untouched.
                let mut wide = Array2::from_elem((m, n + 3), 5.0f32);
                wide.slice_mut(s![.., 1..n + 1]).assign(&c0);
                gemm_simd128(alpha, &av, &bv, beta, &mut wide.slice_mut(s![.., 1..n + 1]));
                check(&format!("{what}, sliced C"), alpha, &av, &bv, beta, &c0, &wide.slice(s![.., 1..n + 1]));
                assert!(wide.column(0).iter().chain(wide.column(n + 1)).chain(wide.column(n + 2)).all(|&v| v == 5.0), "{what}: wrote outside the slice");
                // C a transposed view (column stride ≠ 1).
                let mut ct = c0.t().to_owned();
                gemm_simd128(alpha, &av, &bv, beta, &mut ct.view_mut().reversed_axes());
                check(&format!("{what}, transposed C"), alpha, &av, &bv, beta, &c0, &ct.t());
            }
        }
    }
}

/// `gemm` picks the direct loop or the kernel by size, layout and strides: every pick
/// agrees with the triple loop, reversed (negative-stride) views included.
#[wasm_bindgen_test]
fn dispatch_matches_an_f64_triple_loop_around_its_thresholds() {
    let mut rng = Rng::new(14);
    for &(m, k, n) in &[(1, 64, 64), (1, 300, 5), (2, 10, 4), (5, 5, 5), (6, 6, 8), (8, 4, 8), (64, 64, 1), (33, 17, 9)] {
        for (tb, reversed) in [(false, false), (true, false), (false, true)] {
            let a = random(m, k, &mut rng);
            let b = if tb { random(n, k, &mut rng) } else { random(k, n, &mut rng) };
            let av = if reversed { a.slice(s![..;-1, ..]) } else { a.view() };
            let bv = if tb { b.t() } else { b.view() };
            let c0 = random(m, n, &mut rng);
            let mut c = c0.clone();
            gemm(1.0, &av, &bv, 0.5, &mut c);
            check(&format!("gemm {m}x{k}x{n} tb={tb} reversed={reversed}"), 1.0, &av, &bv, 0.5, &c0, &c.view());
        }
    }
}

#[wasm_bindgen_test]
fn beta_zero_overwrites_nan_and_k_zero_scales_c() {
    let mut rng = Rng::new(12);
    for &(m, k, n) in &[(5, 9, 17), (64, 64, 64)] {
        let (a, b) = (random(m, k, &mut rng), random(k, n, &mut rng));
        let mut c = Array2::from_elem((m, n), f32::NAN);
        gemm_simd128(1.0, &a, &b, 0.0, &mut c);
        check("NaN in C, β = 0", 1.0, &a.view(), &b.view(), 0.0, &Array2::zeros((m, n)), &c.view());
    }
    let (a, b) = (Array2::<f32>::zeros((3, 0)), Array2::<f32>::zeros((0, 2)));
    let mut c = Array2::from_elem((3, 2), 2.0f32);
    gemm_simd128(1.0, &a, &b, 0.5, &mut c);
    assert!(c.iter().all(|&v| v == 1.0));
    c.fill(f32::NAN);
    gemm_simd128(1.0, &a, &b, 0.0, &mut c);
    assert!(c.iter().all(|&v| v == 0.0));
}

#[wasm_bindgen_test]
fn same_inputs_give_identical_bits() {
    let mut rng = Rng::new(13);
    let (a, b, c0) = (random(256, 300, &mut rng), random(300, 257, &mut rng), random(256, 257, &mut rng));
    let run = |c: &mut Array2<f32>| gemm(0.5, &a, &b.view(), 0.25, c);
    let (mut c1, mut c2) = (c0.clone(), c0.clone());
    run(&mut c1);
    // Another shape in between leaves different data in the scratch.
    gemm(1.0, &random(70, 20, &mut rng), &random(20, 300, &mut rng), 0.0, &mut Array2::zeros((70, 300)));
    run(&mut c2);
    assert!(c1.iter().zip(&c2).all(|(x, y)| x.to_bits() == y.to_bits()));
}

#[wasm_bindgen_test]
fn training_steps_of_the_benchmark_nets_allocate_nothing_once_warm() {
    for (name, json) in gradlab::bench::CASES {
        let mut t = Trainer::new(RunConfig::from_json(json).unwrap());
        t.epoch_metrics = false;
        t.run(20).unwrap();
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        t.run(20).unwrap();
        let per_step = (ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / 20.0;
        assert_eq!(per_step, 0.0, "{name}: allocations per step");
    }
}

/// The kernel's multiply-add, through gemm: every row of A is [1, a] and every column of B
/// [−1, b], a = 1 + 2⁻¹³, b = 1 − 2⁻¹³. k runs in order, so the last step is a·b + (−1); the
/// exact a·b = 1 − 2⁻²⁶ rounds to 1 in f32, so mul then add gives 0 and a fused madd −2⁻²⁶
/// (the values www/shared/core-wasm.js probes with). The default build must give 0 (the same bits on
/// every engine); the fma build −2⁻²⁶, which catches the kernel silently built without relaxed
/// madd, or an engine running it unfused. (So the fma run needs a CPU with FMA3, as any x86-64
/// since 2013 and any arm64: the page would not load that build on one without.)
#[wasm_bindgen_test]
fn the_kernels_multiply_add_is_fused_in_the_fma_build_and_not_in_the_default_one() {
    let (a, b) = (1.0 + 2f32.powi(-13), 1.0 - 2f32.powi(-13));
    let want: f32 = if cfg!(feature = "fma") { -(2f32.powi(-26)) } else { 0.0 };
    for &(m, n) in &[(1, 1), (5, 9), (64, 64), (70, 260)] {
        let lhs = Array2::from_shape_fn((m, 2), |(_, p)| if p == 0 { 1.0 } else { a });
        let rhs = Array2::from_shape_fn((2, n), |(p, _)| if p == 0 { -1.0 } else { b });
        let mut c = Array2::from_elem((m, n), f32::NAN);
        gemm_simd128(1.0, &lhs, &rhs, 0.0, &mut c);
        assert!(c.iter().all(|v| v.to_bits() == want.to_bits()), "{m}x2x{n}: {:?}, want {want:e}", c.iter().find(|v| v.to_bits() != want.to_bits()));
        // The same through the dispatch (above SIMD_MIN, so the kernel too).
        if m * 2 * n > gradlab::tensor::matmul::SIMD_MIN {
            let mut c = Array2::from_elem((m, n), f32::NAN);
            gemm(1.0, &lhs, &rhs, 0.0, &mut c);
            assert!(c.iter().all(|v| v.to_bits() == want.to_bits()), "gemm {m}x2x{n}");
        }
    }
}
