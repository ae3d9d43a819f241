// WGSL shared by every kernel: the per-layer uniform block and each activation as a
// value / derivative pair, mirroring crate/nn/activation.rs (same codes as ACTIVATIONS).
// Kept as JS strings (not fetched .wgsl files) so the modules load under the pages' CSP
// with no extra requests and the shaders version with the code that dispatches them.

/** Activation names in the order of their WGSL codes. */
export const ACTIVATIONS = ['linear', 'relu', 'leaky-relu', 'tanh', 'sigmoid', 'gelu', 'sin'];

/** Threads per workgroup of the 1-D kernels; the 2-D kernels use TILE × TILE. */
export const WG = 64;
export const TILE = 16;

/** The entry point of every 1-D kernel, written once: one thread per global id, over a 2-D
 *  grid of workgroups; `flat(gid, groups)` (in COMMON) is the thread's index. */
export const MAIN = `@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>)`;

export const COMMON = /* wgsl */ `
// One layer's shapes and offsets (f32 entries) into the shared buffers. Activations
// buffer: [inputs (batch, in0) | a0 | a1 | …]; pre-activations and deltas: [z0 | z1 | …].
struct Layer {
  batch: u32, inputs: u32, outputs: u32, act: u32,
  w_off: u32, b_off: u32, x_off: u32, y_off: u32,
  z_off: u32, xz_off: u32, x_act: u32, penalty: u32,
  rate: f32, mode: u32, pad0: u32, pad1: u32,
}

// Stable logistic, as nn::activation::sigmoid.
fn sigmoid(z: f32) -> f32 {
  if (z >= 0.0) { return 1.0 / (1.0 + exp(-z)); }
  let e = exp(z);
  return e / (1.0 + e);
}

// tanh from e^{-2|z|}: finite for any z (a naive (e^{2z}−1)/(e^{2z}+1) overflows).
fn tanh_stable(z: f32) -> f32 {
  let t = exp(-2.0 * abs(z));
  return sign(z) * (1.0 - t) / (1.0 + t);
}

// erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7; WGSL has no erf).
fn erf_approx(x: f32) -> f32 {
  let s = sign(x);
  let a = abs(x);
  let t = 1.0 / (1.0 + 0.3275911 * a);
  let y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp(-a * a);
  return s * y;
}

// sin and cos to about 1 ulp for |x| up to ~1e5 (WGSL's builtins only promise an
// absolute 2^-11 on [−π, π], which SwiftShader shows): Cody–Waite reduction by π/2 in
// three parts, then Cephes' sinf / cosf polynomials on [−π/4, π/4] by quadrant.
fn sin_cos_reduced(x: f32) -> vec3<f32> {
  let k = round(x * 0.63661977);
  let r = ((x - k * 1.5703125) - k * 4.8375129699707031e-4) - k * 7.5497899548918822e-8;
  let r2 = r * r;
  let s = r + r * r2 * (-1.6666654611e-1 + r2 * (8.3321608736e-3 + r2 * -1.9515295891e-4));
  let c = 1.0 - 0.5 * r2 + r2 * r2 * (4.166664568298827e-2 + r2 * (-1.388731625493765e-3 + r2 * 2.443315711809948e-5));
  let q = f32(i32(k) & 3);
  return vec3<f32>(s, c, q);
}

fn sin_accurate(x: f32) -> f32 {
  let v = sin_cos_reduced(x);
  switch u32(v.z) {
    case 0u: { return v.x; }
    case 1u: { return v.y; }
    case 2u: { return -v.x; }
    default: { return -v.y; }
  }
}

fn cos_accurate(x: f32) -> f32 {
  let v = sin_cos_reduced(x);
  switch u32(v.z) {
    case 0u: { return v.y; }
    case 1u: { return -v.x; }
    case 2u: { return -v.y; }
    default: { return v.x; }
  }
}

fn act_value(code: u32, z: f32) -> f32 {
  switch code {
    case 1u: { return max(z, 0.0); }
    case 2u: { return select(0.01 * z, z, z > 0.0); }
    case 3u: { return tanh_stable(z); }
    case 4u: { return sigmoid(z); }
    case 5u: { return 0.5 * z * (1.0 + erf_approx(z * 0.70710678)); }
    case 6u: { return sin_accurate(z); }
    default: { return z; }
  }
}

// f'(z) given z and a = f(z), as Activation::derivative.
fn act_derivative(code: u32, z: f32, a: f32) -> f32 {
  switch code {
    case 1u: { return select(0.0, 1.0, z > 0.0); }
    case 2u: { return select(0.01, 1.0, z > 0.0); }
    case 3u: { return 1.0 - a * a; }
    case 4u: { return a * (1.0 - a); }
    case 5u: {
      let cdf = 0.5 * (1.0 + erf_approx(z * 0.70710678));
      return cdf + z * 0.39894228 * exp(-0.5 * z * z);
    }
    case 6u: { return cos_accurate(z); }
    default: { return 1.0; }
  }
}

// Linear index of a 1-D kernel dispatched as a 2-D grid of workgroups (so more than
// 65535 × WG threads fit the per-dimension limit).
fn flat(gid: vec3<u32>, groups: vec3<u32>) -> u32 {
  return gid.y * groups.x * ${WG}u + gid.x;
}
`;
