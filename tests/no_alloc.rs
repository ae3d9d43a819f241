//! The hot loop allocates nothing: after a warm-up, training steps on the Playground's
//! small nets make no heap allocation at all, with every gradient source the page races,
//! local losses included.
//! On larger nets the only allocations are matrixmultiply's packing buffers, one per large
//! matmul (at most 3 per layer), freed before the call returns: the bytes in use never
//! grow. (A global allocator counting per thread; this test file is its own binary.)

use gradlab::train::{RunConfig, Trainer};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

// Counted per thread, so the test harness's own threads (progress notices) do not count.
struct Counting;
thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static IN_USE: Cell<isize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
        let _ = IN_USE.try_with(|c| c.set(c.get() + layout.size() as isize));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let _ = IN_USE.try_with(|c| c.set(c.get() - layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// (Allocations per step, growth of the bytes in use) over `steps` training steps after
/// a warm-up (epoch metrics off, as on the page, which evaluates once per drawn frame).
fn allocations(json: &str, steps: u64) -> (f64, isize) {
    let mut t = Trainer::new(RunConfig::from_json(json).unwrap());
    t.epoch_metrics = false;
    t.run(50).unwrap();
    let (count, bytes) = (ALLOCATIONS.with(Cell::get), IN_USE.with(Cell::get));
    t.run(steps).unwrap();
    let per_step = (ALLOCATIONS.with(Cell::get) - count) as f64 / steps as f64;
    (per_step, IN_USE.with(Cell::get) - bytes)
}

#[test]
fn training_steps_allocate_nothing() {
    for (name, json) in gradlab::bench::CASES {
        let config = RunConfig::from_json(json).unwrap();
        let layers = config.network.hidden.len() + 1;
        let (per_step, growth) = allocations(json, 200);
        assert_eq!(growth, 0, "{name}: the bytes in use grew");
        if name.starts_with("playground") {
            assert_eq!(per_step, 0.0, "{name}");
        } else {
            assert!(per_step <= 3.0 * layers as f64, "{name}: {per_step} allocations per step");
        }
    }
    let small = |extra: &str| allocations(&format!(r#"{{"dataset": "spiral", "hidden": [8, 8], "batch-size": 10, {extra}}}"#), 200);
    for extra in [
        r#""optimizer": "adam""#,
        r#""optimizer": "lion", "sam-rho": 0.05"#,
        r#""method": "forward-gradient""#,
        r#""method": "forward-gradient", "tangents": 4"#,
        r#""method": "guessed-direction""#,
        r#""method": "spsa""#,
        r#""method": "activity-perturbation""#,
        r#""method": "feedback-alignment""#,
        r#""method": "direct-feedback-alignment""#,
        r#""local-losses": true"#,
        r#""local-losses": true, "method": "forward-gradient", "tangents": 2"#,
        r#""local-losses": true, "method": "activity-perturbation""#,
        r#""local-losses": true, "method": "guessed-direction", "guess": "local""#,
        r#""local-losses": true, "method": "guessed-direction""#,
    ] {
        assert_eq!(small(extra), (0.0, 0), "{extra}");
    }
}
