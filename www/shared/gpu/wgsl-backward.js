// WGSL of a training step after the forward pass, as crate/autodiff/reverse.rs:
// gather the minibatch rows, δ_last = ∂L/∂a ⊙ f'(z) with the loss of crate/nn/loss.rs,
// δ_l = (δ_{l+1} W_{l+1}) ⊙ f'(z_l), ∂L/∂W = δᵀ h (+ the L1/L2 penalty's gradient on
// weights), ∂L/∂b = Σ_rows δ. Losses are means over the rows, so δ carries 1/batch.
import { COMMON, MAIN } from './wgsl-common.js';

/** Loss codes, as crate/nn/loss.rs's Loss. */
export const LOSSES = { mse: 0, bce: 1, 'softmax-ce': 2 };

export const GATHER = COMMON + /* wgsl */ `
@group(0) @binding(0) var<uniform> L: Layer;
@group(0) @binding(1) var<storage, read> data_x: array<f32>;
@group(0) @binding(2) var<storage, read> data_y: array<f32>;
@group(0) @binding(3) var<storage, read> rows: array<u32>;
@group(0) @binding(4) var<storage, read_write> acts: array<f32>;
@group(0) @binding(5) var<storage, read_write> targets: array<f32>;

// One thread per (row of the minibatch, input): copies training row rows[b] into the
// input region of the activations; input 0's thread also copies the target.
${MAIN} {
  let t = flat(gid, groups);
  if (t >= L.batch * L.inputs) { return; }
  let b = t / L.inputs;
  let i = t % L.inputs;
  let r = rows[b];
  acts[b * L.inputs + i] = data_x[r * L.inputs + i];
  if (i == 0u) { targets[b] = data_y[r]; }
}
`;

export const OUTPUT_DELTA = COMMON + /* wgsl */ `
@group(0) @binding(0) var<uniform> L: Layer;
@group(0) @binding(1) var<storage, read> acts: array<f32>;
@group(0) @binding(2) var<storage, read> zs: array<f32>;
@group(0) @binding(3) var<storage, read> targets: array<f32>;
@group(0) @binding(4) var<storage, read_write> deltas: array<f32>;
@group(0) @binding(5) var<storage, read_write> row_loss: array<f32>;

// One thread per row of the output layer (L = that layer; L.mode = the loss code).
${MAIN} {
  let b = flat(gid, groups);
  if (b >= L.batch) { return; }
  let k = L.outputs;
  let row = b * k;
  let inv_n = 1.0 / f32(L.batch);
  let y = targets[b];
  switch L.mode {
    case 0u: {
      let d = acts[L.y_off + row] - y;
      row_loss[b] = d * d;
      deltas[L.z_off + row] = 2.0 * d * inv_n;
    }
    case 1u: {
      let z = acts[L.y_off + row];
      row_loss[b] = max(z, 0.0) - z * y + log(1.0 + exp(-abs(z)));
      deltas[L.z_off + row] = (sigmoid(z) - y) * inv_n;
    }
    default: {
      let cls = u32(y);
      var m = acts[L.y_off + row];
      for (var j = 1u; j < k; j++) { m = max(m, acts[L.y_off + row + j]); }
      var s = 0.0;
      for (var j = 0u; j < k; j++) { s += exp(acts[L.y_off + row + j] - m); }
      let lse = m + log(s);
      row_loss[b] = lse - acts[L.y_off + row + cls];
      for (var j = 0u; j < k; j++) {
        deltas[L.z_off + row + j] = (exp(acts[L.y_off + row + j] - lse) - select(0.0, 1.0, j == cls)) * inv_n;
      }
    }
  }
  // ∂L/∂a → ∂L/∂z through the output layer's own activation (linear by default).
  for (var j = 0u; j < k; j++) {
    let at = row + j;
    deltas[L.z_off + at] *= act_derivative(L.act, zs[L.z_off + at], acts[L.y_off + at]);
  }
}
`;

export const HIDDEN_DELTA = COMMON + /* wgsl */ `
@group(0) @binding(0) var<uniform> L: Layer;
@group(0) @binding(1) var<storage, read> params: array<f32>;
@group(0) @binding(2) var<storage, read> acts: array<f32>;
@group(0) @binding(3) var<storage, read> zs: array<f32>;
@group(0) @binding(4) var<storage, read_write> deltas: array<f32>;

// L = layer l + 1. One thread per (row b, input i of layer l + 1 = neuron i of layer l):
// δ_l[b, i] = Σ_o δ_{l+1}[b, o] W_{l+1}[o, i] · f_l'(z_l[b, i], a_l[b, i]).
${MAIN} {
  let t = flat(gid, groups);
  if (t >= L.batch * L.inputs) { return; }
  let b = t / L.inputs;
  let i = t % L.inputs;
  var s = 0.0;
  for (var o = 0u; o < L.outputs; o++) {
    s += deltas[L.z_off + b * L.outputs + o] * params[L.w_off + o * L.inputs + i];
  }
  let at = b * L.inputs + i;
  deltas[L.xz_off + at] = s * act_derivative(L.x_act, zs[L.xz_off + at], acts[L.x_off + at]);
}
`;

export const LAYER_GRADIENT = COMMON + /* wgsl */ `
@group(0) @binding(0) var<uniform> L: Layer;
@group(0) @binding(1) var<storage, read> params: array<f32>;
@group(0) @binding(2) var<storage, read> acts: array<f32>;
@group(0) @binding(3) var<storage, read> deltas: array<f32>;
@group(0) @binding(4) var<storage, read_write> grads: array<f32>;

// One thread per (output o, input i), i = inputs standing for the bias:
// ∂L/∂W[o, i] = Σ_b δ[b, o] h[b, i] (+ rate·sign(w) for L1, rate·w for L2); ∂L/∂b[o] = Σ_b δ[b, o].
${MAIN} {
  let t = flat(gid, groups);
  let cols = L.inputs + 1u;
  if (t >= L.outputs * cols) { return; }
  let o = t / cols;
  let i = t % cols;
  var s = 0.0;
  if (i == L.inputs) {
    for (var b = 0u; b < L.batch; b++) { s += deltas[L.z_off + b * L.outputs + o]; }
    grads[L.b_off + o] = s;
    return;
  }
  for (var b = 0u; b < L.batch; b++) {
    s += deltas[L.z_off + b * L.outputs + o] * acts[L.x_off + b * L.inputs + i];
  }
  let w_at = L.w_off + o * L.inputs + i;
  let w = params[w_at];
  if (L.penalty == 1u) { s += L.rate * sign(w); }
  if (L.penalty == 2u) { s += L.rate * w; }
  grads[w_at] = s;
}
`;
