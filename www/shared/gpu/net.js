// A plain MLP on the GPU: the flat parameter layout of crate/nn/layout.rs (per layer the
// weight [out, in] row-major, then the bias [out]; auxiliary tensors after the layers are
// not used here), per-batch-size workspaces, and the batched forward pass with the
// decision map's output head. Shape contract: x (rows, sizes[0]) → (rows, sizes[last]).
import { kernels } from './kernels.js';
import { ACTIVATIONS, WG, TILE } from './wgsl-common.js';
import { HEAD } from './wgsl-forward.js';

// A function, not a constant: GPUBufferUsage does not exist where WebGPU is missing,
// and importing this module must not throw there.
const storage = () => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

/** Offsets of each layer's weight and bias in the flat buffer, as Layout::new. */
export function layout(sizes) {
  let at = 0;
  const layers = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [inputs, outputs] = [sizes[l], sizes[l + 1]];
    layers.push({ inputs, outputs, wOff: at, bOff: at + inputs * outputs });
    at += inputs * outputs + outputs;
  }
  return { layers, len: at };
}

/** Workgroups for n threads of a 1-D kernel, spread over y past the 65535 limit. */
export function groups1d(n) {
  const g = Math.max(1, Math.ceil(n / WG));
  const x = Math.min(g, 65535);
  return [x, Math.ceil(g / x)];
}

/** Whether a layer uses the untiled kernel (a tile would be mostly padding). */
export const narrow = (s) => s.inputs < TILE || s.outputs < TILE;

export class GpuNet {
  /** spec: { sizes, activations (one name per layer), head? ('bce' | 'mse' | 'regression' | 'softmax') }. */
  static async create(device, spec) {
    return new GpuNet(device, await kernels(device), spec);
  }

  constructor(device, pipes, { sizes, activations, head = 'regression' }) {
    if (activations.length !== sizes.length - 1) throw new Error(`activations: ${activations.length} for ${sizes.length - 1} layers`);
    this.codes = activations.map((a) => {
      const code = ACTIVATIONS.indexOf(a);
      if (code < 0) throw new Error(`activation ${a} has no WebGPU kernel`);
      return code;
    });
    this.device = device;
    this.pipes = pipes;
    this.sizes = sizes.slice();
    this.layout = layout(sizes);
    this.head = HEAD[head] ?? HEAD.regression;
    this.params = this.buffer(this.layout.len);
    this.workspaces = new Map();
  }

  buffer(floats, usage = storage()) {
    return this.device.createBuffer({ size: Math.max(16, Math.ceil(floats * 4 / 16) * 16), usage });
  }

  /** Writes the model's weights: the first `layout.len` entries of a core parameter buffer. */
  writeParams(params) {
    if (params.length < this.layout.len) throw new Error(`params: ${params.length} entries, the layout needs ${this.layout.len}`);
    this.device.queue.writeBuffer(this.params, 0, params, 0, this.layout.len);
  }

  /** Buffers and per-layer uniforms for `batch` rows (kept for reuse, a few sizes at most). */
  workspace(batch) {
    let ws = this.workspaces.get(batch);
    if (ws) return ws;
    if (this.workspaces.size >= 4) this.dropWorkspaces();
    const { layers } = this.layout;
    const zOff = [];
    let total = 0;
    for (const s of layers) { zOff.push(total); total += batch * s.outputs; }
    const inputs = batch * this.sizes[0];
    const last = layers.length - 1;
    ws = {
      batch, zOff, inputs,
      acts: this.buffer(inputs + total),
      zs: this.buffer(total),
      deltas: this.buffer(total),
      targets: this.buffer(batch),
      rowLoss: this.buffer(batch),
      cells: this.buffer(batch * layers[last].outputs),
      uniforms: layers.map((_, l) => this.uniform(batch, l, zOff, inputs, 0)),
      headUniform: this.uniform(batch, last, zOff, inputs, this.head),
      bindings: new Map(),
    };
    this.workspaces.set(batch, ws);
    return ws;
  }

  /** The Layer uniform (see wgsl-common.js) of layer l; penalty fields are set by training. */
  uniform(batch, l, zOff, inputs, mode, penalty = 0, rate = 0) {
    const s = this.layout.layers[l];
    const u = new Uint32Array(16);
    const f = new Float32Array(u.buffer);
    u.set([batch, s.inputs, s.outputs, this.codes[l], s.wOff, s.bOff,
      l === 0 ? 0 : inputs + zOff[l - 1], inputs + zOff[l], zOff[l], l === 0 ? 0 : zOff[l - 1],
      l === 0 ? 0 : this.codes[l - 1], penalty]);
    f[12] = rate;
    u[13] = mode;
    const buf = this.device.createBuffer({ size: 64, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.device.queue.writeBuffer(buf, 0, u);
    return buf;
  }

  dropWorkspaces() {
    for (const ws of this.workspaces.values()) {
      const extra = ws.train ? [ws.train.lossUniform, ...ws.train.gradUniforms] : [];
      for (const b of [ws.acts, ws.zs, ws.deltas, ws.targets, ws.rowLoss, ws.cells, ws.headUniform, ws.rows, ...ws.uniforms, ...extra]) b?.destroy();
    }
    this.workspaces.clear();
  }

  /** A bind group of pipeline `name` over `buffers` (cached per workspace and key). */
  bind(ws, key, name, buffers) {
    let g = ws.bindings.get(key);
    if (!g) {
      g = this.device.createBindGroup({
        layout: this.pipes[name].getBindGroupLayout(0),
        entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
      });
      ws.bindings.set(key, g);
    }
    return g;
  }

  /** Records the forward pass over the rows already in ws.acts' input region. */
  encodeForward(pass, ws) {
    this.layout.layers.forEach((s, l) => {
      const name = narrow(s) ? 'forwardNarrow' : 'forward';
      pass.setPipeline(this.pipes[name]);
      pass.setBindGroup(0, this.bind(ws, `f${l}`, name, [ws.uniforms[l], this.params, ws.acts, ws.zs]));
      if (narrow(s)) pass.dispatchWorkgroups(...groups1d(ws.batch * s.outputs));
      else pass.dispatchWorkgroups(Math.ceil(s.outputs / TILE), Math.ceil(ws.batch / TILE));
    });
  }

  encodeHead(pass, ws) {
    pass.setPipeline(this.pipes.head);
    pass.setBindGroup(0, this.bind(ws, 'head', 'head', [ws.headUniform, ws.acts, ws.cells]));
    pass.dispatchWorkgroups(...groups1d(ws.batch));
  }

  /** Copies `floats` f32 from `buffer` at float offset `at` back to the CPU. */
  async read(buffer, floats, at = 0) {
    const staging = this.device.createBuffer({ size: Math.max(16, Math.ceil(floats * 4 / 16) * 16), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const enc = this.device.createCommandEncoder();
    enc.copyBufferToBuffer(buffer, at * 4, staging, 0, floats * 4);
    this.device.queue.submit([enc.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const out = new Float32Array(staging.getMappedRange(0, floats * 4).slice(0));
    staging.destroy();
    return out;
  }

  /**
   * Evaluates x (rows × sizes[0], row-major). Returns { cells } (the head per row: one
   * value, or K softmax probabilities) and, with { activations: true }, every layer's
   * activations [(rows, width) row-major, …] (the last one the raw outputs).
   */
  async forward(x, rows, { activations = false } = {}) {
    if (x.length !== rows * this.sizes[0]) throw new Error(`x: ${x.length} values for ${rows} rows of ${this.sizes[0]}`);
    const ws = this.workspace(rows);
    this.device.queue.writeBuffer(ws.acts, 0, x);
    const enc = this.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    this.encodeForward(pass, ws);
    this.encodeHead(pass, ws);
    pass.end();
    this.device.queue.submit([enc.finish()]);
    const out = this.layout.layers.at(-1).outputs;
    const cells = await this.read(ws.cells, rows * (this.head === HEAD.softmax ? out : 1));
    if (!activations) return { cells };
    const all = await this.read(ws.acts, ws.zOff.at(-1) + rows * out, ws.inputs);
    const acts = this.layout.layers.map((s, l) => all.subarray(ws.zOff[l], ws.zOff[l] + rows * s.outputs));
    return { cells, activations: acts };
  }

  destroy() {
    this.dropWorkspaces();
    this.params.destroy();
  }
}
