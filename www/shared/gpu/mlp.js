// Training a plain MLP on the GPU: forward, backprop, and an SGD (momentum, Nesterov) or
// Adam update, with the losses of crate/nn/loss.rs and the L1/L2 penalty of
// crate/nn/penalty.rs. The parameters keep the core's flat layout, so they round-trip:
// upload(lab params) → step(…) → readParams() gives a buffer the wasm Lab can take back.
import { GpuNet, groups1d } from './net.js';
import { LOSSES } from './wgsl-backward.js';

const PENALTIES = { none: 0, l1: 1, l2: 2 };
const OPTIMIZERS = { sgd: 0, adam: 1 };

/** Optimizer settings with the core's defaults (crate/optim/sgd.rs, adam.rs). */
export function hyperOf(c) {
  return {
    optimizer: c.optimizer, lr: c.lr,
    momentum: c.momentum ?? 0, nesterov: c.nesterov ?? false,
    b1: c.b1 ?? 0.9, b2: c.b2 ?? 0.999, eps: c.eps ?? 1e-8,
    regularization: c.regularization ?? 'none', regRate: c['reg-rate'] ?? c.regRate ?? 0,
  };
}

export class GpuMlp {
  /**
   * spec: { sizes, activations, loss ('mse' | 'bce' | 'softmax-ce') } and the settings of
   * hyperOf: optimizer ('sgd' | 'adam'), lr, momentum, nesterov, b1, b2, eps,
   * regularization ('none' | 'l1' | 'l2'), regRate.
   */
  static async create(device, spec) {
    const net = await GpuNet.create(device, spec);
    return new GpuMlp(net, spec);
  }

  constructor(net, spec) {
    if (!(spec.loss in LOSSES)) throw new Error(`loss ${spec.loss} has no WebGPU kernel`);
    this.net = net;
    this.device = net.device;
    this.loss = LOSSES[spec.loss];
    const n = net.layout.len;
    this.grads = net.buffer(n);
    this.m = net.buffer(n);
    this.v = net.buffer(n);
    this.updateUniform = this.device.createBuffer({ size: 48, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.data = null;
    this.rows = null;
    this.t = 0;
    this.setHyper(spec);
  }

  /** Changes optimizer settings and regularization live (moments are kept). */
  setHyper(h) {
    if (h.optimizer != null && !(h.optimizer in OPTIMIZERS)) throw new Error(`optimizer ${h.optimizer} has no WebGPU kernel (sgd and adam do)`);
    this.hyper = { ...hyperOf({ optimizer: 'sgd', lr: 0.03 }), ...this.hyper, ...h };
    const penalty = PENALTIES[this.hyper.regularization] ?? 0;
    const rate = this.hyper.regRate;
    if (penalty !== this.penalty || rate !== this.rate) {
      this.penalty = penalty;
      this.rate = rate;
      this.net.dropWorkspaces();
    }
  }

  /**
   * Uploads the parameters (a core buffer: its first layout.len entries), the optimizer
   * state to continue from ({ t, m, v } as the core's optimizerMoments gives it: SGD's
   * momentum buffer in m, Adam's m, v and step count t; null or absent starts from zero)
   * and, optionally, the training data: { x (rows × inputs), y (one target per row), rows }.
   */
  upload(params, moments, data) {
    this.net.writeParams(params);
    const n = this.net.layout.len;
    const zeros = new Float32Array(n);
    const fit = (buf) => (buf && buf.length >= n ? buf.subarray(0, n) : zeros);
    this.device.queue.writeBuffer(this.m, 0, fit(moments?.m));
    this.device.queue.writeBuffer(this.v, 0, fit(moments?.v));
    this.t = moments?.t ?? 0;
    if (data) {
      if (data.x.length !== data.rows * this.net.sizes[0] || data.y.length !== data.rows) throw new Error('data: x must be rows × inputs and y one target per row');
      this.data?.x.destroy();
      this.data?.y.destroy();
      this.data = { x: this.net.buffer(data.x.length), y: this.net.buffer(data.rows), rows: data.rows, version: (this.data?.version ?? 0) + 1 };
      this.device.queue.writeBuffer(this.data.x, 0, data.x);
      this.device.queue.writeBuffer(this.data.y, 0, data.y);
    }
  }

  workspace(batch) {
    const ws = this.net.workspace(batch);
    if (!ws.train) {
      const last = this.net.layout.layers.length - 1;
      ws.train = {
        lossUniform: this.net.uniform(batch, last, ws.zOff, ws.inputs, this.loss),
        // The gradient kernels carry the penalty; the forward ones do not need it.
        gradUniforms: this.net.layout.layers.map((_, l) => this.net.uniform(batch, l, ws.zOff, ws.inputs, 0, this.penalty, this.rate)),
      };
    }
    return ws;
  }

  /**
   * One optimizer step. `batch` is either row indices into the uploaded data (an array
   * or Uint32Array, the minibatch of the core's Trainer for instance) or explicit rows
   * { x, y, rows }. Queued on the GPU; nothing is read back.
   */
  step(batch) {
    const { net, device } = this;
    const explicit = !(Array.isArray(batch) || ArrayBuffer.isView(batch));
    const size = explicit ? batch.rows : batch.length;
    if (!size) throw new Error('step: an empty minibatch');
    const ws = this.workspace(size);
    if (explicit) {
      device.queue.writeBuffer(ws.acts, 0, batch.x);
      device.queue.writeBuffer(ws.targets, 0, batch.y);
    } else {
      if (!this.data) throw new Error('step: upload data before stepping on row indices');
      const idx = Uint32Array.from(batch);
      for (const r of idx) if (r >= this.data.rows) throw new Error(`step: row ${r} is outside the ${this.data.rows} uploaded rows`);
      if (!ws.rows || ws.rows.size < idx.byteLength) { ws.rows?.destroy(); ws.rows = net.buffer(idx.length); ws.bindings.delete(`g${this.data.version}`); }
      device.queue.writeBuffer(ws.rows, 0, idx);
    }
    this.t += 1;
    this.writeUpdate();
    const layers = net.layout.layers;
    const last = layers.length - 1;
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    if (!explicit) {
      pass.setPipeline(net.pipes.gather);
      pass.setBindGroup(0, net.bind(ws, `g${this.data.version}`, 'gather', [ws.uniforms[0], this.data.x, this.data.y, ws.rows, ws.acts, ws.targets]));
      pass.dispatchWorkgroups(...groups1d(size * net.sizes[0]));
    }
    net.encodeForward(pass, ws);
    pass.setPipeline(net.pipes.outputDelta);
    pass.setBindGroup(0, net.bind(ws, 'od', 'outputDelta', [ws.train.lossUniform, ws.acts, ws.zs, ws.targets, ws.deltas, ws.rowLoss]));
    pass.dispatchWorkgroups(...groups1d(size));
    for (let l = last; l >= 0; l--) {
      const s = layers[l];
      pass.setPipeline(net.pipes.layerGradient);
      pass.setBindGroup(0, net.bind(ws, `lg${l}`, 'layerGradient', [ws.train.gradUniforms[l], net.params, ws.acts, ws.deltas, this.grads]));
      pass.dispatchWorkgroups(...groups1d(s.outputs * (s.inputs + 1)));
      if (l > 0) {
        pass.setPipeline(net.pipes.hiddenDelta);
        pass.setBindGroup(0, net.bind(ws, `hd${l}`, 'hiddenDelta', [ws.uniforms[l], net.params, ws.acts, ws.zs, ws.deltas]));
        pass.dispatchWorkgroups(...groups1d(size * s.inputs));
      }
    }
    pass.setPipeline(net.pipes.update);
    pass.setBindGroup(0, net.bind(ws, 'up', 'update', [this.updateUniform, net.params, this.grads, this.m, this.v]));
    pass.dispatchWorkgroups(...groups1d(net.layout.len));
    pass.end();
    device.queue.submit([enc.finish()]);
    this.lastBatch = size;
  }

  writeUpdate() {
    const h = this.hyper;
    const u = new Uint32Array(12);
    const f = new Float32Array(u.buffer);
    u[0] = this.net.layout.len;
    u[1] = OPTIMIZERS[h.optimizer];
    u[2] = h.nesterov ? 1 : 0;
    // Bias corrections in f64, then rounded, as crate/optim/mod.rs's correction().
    f.set([h.lr, h.momentum, h.b1, h.b2, h.eps, 1 - h.b1 ** this.t, 1 - h.b2 ** this.t], 4);
    this.device.queue.writeBuffer(this.updateUniform, 0, u);
  }

  /** The flat parameters (layout.len entries, the core's layout). */
  readParams() {
    return this.net.read(this.net.params, this.net.layout.len);
  }

  /** { params, t, m, v }: the weights and the optimizer state after the queued steps. */
  async readState() {
    const n = this.net.layout.len;
    const t = this.t;
    const [params, m, v] = await Promise.all([this.net.params, this.m, this.v].map((b) => this.net.read(b, n)));
    return { params, t, m, v };
  }

  /** The last step's gradient (before the update), same layout. */
  readGradient() {
    return this.net.read(this.grads, this.net.layout.len);
  }

  /** Mean loss of the last step's minibatch (before its update), without penalty. */
  async readLoss() {
    if (!this.lastBatch) return NaN;
    const rows = await this.net.read(this.net.workspace(this.lastBatch).rowLoss, this.lastBatch);
    let total = 0;
    for (const v of rows) total += v;
    return total / rows.length;
  }

  destroy() {
    this.net.destroy();
    for (const b of [this.grads, this.m, this.v, this.updateUniform, this.data?.x, this.data?.y]) b?.destroy();
  }
}
