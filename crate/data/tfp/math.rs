//! The five Math functions the Playground calls (sin, cos, log in the generators; tanh and
//! exp in the network; sin for the features), as a value, because their last bit differs
//! between JS engines and C libraries, and chaotic training runs grow that bit into visible
//! differences (docs/TFP.md). Measured on 20,000 arguments: Chrome 156 and glibc (Rust's
//! f64 methods on Linux) agree on every one; Node 20's V8 disagrees with both on 3-10% of
//! them; the libm crate (musl) with Chrome on 3-8%. So the CLI uses `NATIVE`, and the page
//! passes the browser's own Math, so a link opens there as the Playground computes it in
//! that browser.

/// Function pointers for Math.sin, cos, log, exp and tanh.
#[derive(Clone, Copy, Debug)]
pub struct JsMath {
    pub sin: fn(f64) -> f64,
    pub cos: fn(f64) -> f64,
    pub log: fn(f64) -> f64,
    pub exp: fn(f64) -> f64,
    pub tanh: fn(f64) -> f64,
}

impl JsMath {
    /// The platform's C library through Rust's f64 methods (glibc on Linux; in wasm,
    /// Rust's own libm, which the page does not use: it passes the browser's Math).
    pub const NATIVE: JsMath = JsMath { sin: f64::sin, cos: f64::cos, log: f64::ln, exp: f64::exp, tanh: f64::tanh };
}

impl Default for JsMath {
    fn default() -> JsMath {
        JsMath::NATIVE
    }
}
