// WGSL of the optimizer update, elementwise over the flat buffer (gradients and moments
// share the parameters' layout): SGD with momentum / Nesterov as crate/optim/sgd.rs and
// Adam as crate/optim/adam.rs (ε outside the root; bias corrections c1, c2 computed in
// f64 on the CPU each step, as optim::correction).
import { COMMON, MAIN } from './wgsl-common.js';

export const UPDATE = COMMON + /* wgsl */ `
struct Update {
  n: u32, kind: u32, nesterov: u32, pad: u32,
  lr: f32, mu: f32, b1: f32, b2: f32,
  eps: f32, c1: f32, c2: f32, pad2: f32,
}
@group(0) @binding(0) var<uniform> U: Update;
@group(0) @binding(1) var<storage, read_write> params: array<f32>;
@group(0) @binding(2) var<storage, read> grads: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;
@group(0) @binding(4) var<storage, read_write> v: array<f32>;

${MAIN} {
  let i = flat(gid, groups);
  if (i >= U.n) { return; }
  let g = grads[i];
  if (U.kind == 0u) {
    if (U.mu == 0.0) { params[i] -= U.lr * g; return; }
    let buf = U.mu * m[i] + g;
    m[i] = buf;
    params[i] -= U.lr * select(buf, g + U.mu * buf, U.nesterov == 1u);
    return;
  }
  let mi = U.b1 * m[i] + (1.0 - U.b1) * g;
  let vi = U.b2 * v[i] + (1.0 - U.b2) * g * g;
  m[i] = mi;
  v[i] = vi;
  params[i] -= U.lr * (mi / U.c1) / (sqrt(vi / U.c2) + U.eps);
}
`;
