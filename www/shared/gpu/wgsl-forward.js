// WGSL of the forward pass: one dense layer per dispatch (a tiled matmul, bias and
// activation), and the decision map's output head (sigmoid / softmax as Lab.computeGrid).
// Shapes: x (batch, in) · Wᵀ (in, out) + b → z, a (batch, out); W is [out, in] row-major
// in the flat parameter buffer, as crate/nn/layout.rs.
import { COMMON, TILE, MAIN } from './wgsl-common.js';

export const DENSE_FORWARD = COMMON + /* wgsl */ `
@group(0) @binding(0) var<uniform> L: Layer;
@group(0) @binding(1) var<storage, read> params: array<f32>;
@group(0) @binding(2) var<storage, read_write> acts: array<f32>;
@group(0) @binding(3) var<storage, read_write> zs: array<f32>;

var<workgroup> tx: array<array<f32, ${TILE}>, ${TILE}>;
var<workgroup> tw: array<array<f32, ${TILE}>, ${TILE}>;

// Thread (lx, ly) of tile (gx, gy) computes output column o = gx·T + lx of row
// b = gy·T + ly. Out-of-range threads load zeros and write nothing, so any shape works.
@compute @workgroup_size(${TILE}, ${TILE})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let o = wg.x * ${TILE}u + lid.x;
  let b = wg.y * ${TILE}u + lid.y;
  var sum = 0.0;
  let tiles = (L.inputs + ${TILE}u - 1u) / ${TILE}u;
  for (var t = 0u; t < tiles; t++) {
    let i = t * ${TILE}u + lid.x;
    tx[lid.y][lid.x] = select(0.0, acts[L.x_off + b * L.inputs + i], b < L.batch && i < L.inputs);
    // tw[k][j]: weight of output wg.x·T + k for input t·T + j; thread (lx, ly) loads k = ly.
    let ow = wg.x * ${TILE}u + lid.y;
    tw[lid.y][lid.x] = select(0.0, params[L.w_off + ow * L.inputs + i], ow < L.outputs && i < L.inputs);
    workgroupBarrier();
    for (var k = 0u; k < ${TILE}u; k++) {
      sum += tx[lid.y][k] * tw[lid.x][k];
    }
    workgroupBarrier();
  }
  if (b < L.batch && o < L.outputs) {
    let z = sum + params[L.b_off + o];
    zs[L.z_off + b * L.outputs + o] = z;
    acts[L.y_off + b * L.outputs + o] = act_value(L.act, z);
  }
}
`;

// The same layer without tiles: one thread per (row, output), no workgroup memory or
// barriers. Used for narrow layers (fewer than TILE inputs or outputs), where most of a
// tile would be padding; much faster there on SwiftShader, and no slower on a GPU.
export const DENSE_FORWARD_NARROW = COMMON + /* wgsl */ `
@group(0) @binding(0) var<uniform> L: Layer;
@group(0) @binding(1) var<storage, read> params: array<f32>;
@group(0) @binding(2) var<storage, read_write> acts: array<f32>;
@group(0) @binding(3) var<storage, read_write> zs: array<f32>;

${MAIN} {
  let t = flat(gid, groups);
  if (t >= L.batch * L.outputs) { return; }
  let b = t / L.outputs;
  let o = t % L.outputs;
  var z = params[L.b_off + o];
  for (var i = 0u; i < L.inputs; i++) {
    z += acts[L.x_off + b * L.inputs + i] * params[L.w_off + o * L.inputs + i];
  }
  zs[L.z_off + t] = z;
  acts[L.y_off + t] = act_value(L.act, z);
}
`;

/** Head modes: what one decision-map cell holds (crate/train/map.rs, Head; Lab::computeGrid). */
export const HEAD = { bce: 0, mse: 1, regression: 2, softmax: 3 };

export const OUTPUT_HEAD = COMMON + /* wgsl */ `
@group(0) @binding(0) var<uniform> L: Layer;
@group(0) @binding(1) var<storage, read> acts: array<f32>;
@group(0) @binding(2) var<storage, read_write> cells: array<f32>;

// One thread per row of the output layer (L.outputs logits at L.y_off): binary with bce,
// 2σ(z) − 1; binary with mse, 2z − 1; regression, z; multiclass, softmax probabilities.
${MAIN} {
  let b = flat(gid, groups);
  if (b >= L.batch) { return; }
  let k = L.outputs;
  let row = L.y_off + b * k;
  switch L.mode {
    case 0u: { cells[b] = 2.0 * sigmoid(acts[row]) - 1.0; }
    case 1u: { cells[b] = 2.0 * acts[row] - 1.0; }
    case 2u: { cells[b] = acts[row]; }
    default: {
      var m = acts[row];
      for (var j = 1u; j < k; j++) { m = max(m, acts[row + j]); }
      var s = 0.0;
      for (var j = 0u; j < k; j++) { s += exp(acts[row + j] - m); }
      for (var j = 0u; j < k; j++) { cells[b * k + j] = exp(acts[row + j] - m) / s; }
    }
  }
}
`;
