// The benchmark's baseline: the best plain JavaScript MLP a playground could use. All
// parameters, gradients and Adam moments live in flat Float32Arrays, activations in
// preallocated per-layer arrays, and a step allocates nothing: forward, loss gradient,
// backprop and the update are plain loops. It trains the same shapes, batch, loss and
// optimizer as the benchmark's wasm cases, on minibatches drawn as ours are (Minibatches,
// below) from random rows as many as the case's training set (speed does not depend on
// the values, apart from ReLU sparsity).
export class PlainMlp {
  /** sizes [in, …, out]; act 'tanh' | 'relu' for hidden layers; loss 'bce' | 'softmax'. */
  constructor(sizes, act, loss, optimizer, lr, batch, seed = 1) {
    Object.assign(this, { sizes, act, loss, optimizer, lr, batch });
    let rand = seed >>> 0;
    const uniform = () => { rand = (Math.imul(rand, 1664525) + 1013904223) >>> 0; return rand / 4294967296 - 0.5; };
    this.w = []; this.b = [];
    let n = 0;
    for (let l = 0; l + 1 < sizes.length; l++) { this.w.push(n); n += sizes[l] * sizes[l + 1]; this.b.push(n); n += sizes[l + 1]; }
    this.p = new Float32Array(n).map(uniform);
    this.g = new Float32Array(n);
    this.m = new Float32Array(n);
    this.v = new Float32Array(n);
    this.t = 0;
    this.a = sizes.map((s) => new Float32Array(batch * s)); // a[0] is the input
    this.d = sizes.map((s) => new Float32Array(batch * s));
  }

  /** One training step on x (batch × in, row-major) and targets y (0/1 or class index). */
  step(x, y) {
    const { sizes, batch, p, g, a, d } = this;
    const L = sizes.length - 1;
    a[0].set(x);
    for (let l = 0; l < L; l++) {
      const [nin, nout, w, bo, h, z] = [sizes[l], sizes[l + 1], this.w[l], this.b[l], a[l], a[l + 1]];
      for (let r = 0; r < batch; r++) {
        for (let o = 0; o < nout; o++) {
          let s = p[bo + o];
          const row = w + o * nin;
          for (let i = 0; i < nin; i++) s += p[row + i] * h[r * nin + i];
          z[r * nout + o] = l + 1 === L ? s : this.act === 'relu' ? (s > 0 ? s : 0) : Math.tanh(s);
        }
      }
    }
    // ∂L/∂logits of the mean loss.
    const out = sizes[L];
    const dz = d[L];
    for (let r = 0; r < batch; r++) {
      if (this.loss === 'bce') {
        dz[r] = (1 / (1 + Math.exp(-a[L][r])) - y[r]) / batch;
      } else {
        let max = -Infinity;
        for (let k = 0; k < out; k++) max = Math.max(max, a[L][r * out + k]);
        let sum = 0;
        for (let k = 0; k < out; k++) sum += Math.exp(a[L][r * out + k] - max);
        for (let k = 0; k < out; k++) dz[r * out + k] = (Math.exp(a[L][r * out + k] - max) / sum - (k === y[r] ? 1 : 0)) / batch;
      }
    }
    for (let l = L - 1; l >= 0; l--) {
      const [nin, nout, w, bo, h, dl, dh] = [sizes[l], sizes[l + 1], this.w[l], this.b[l], a[l], d[l + 1], d[l]];
      g.fill(0, w, bo + nout);
      for (let r = 0; r < batch; r++) {
        for (let o = 0; o < nout; o++) {
          const e = dl[r * nout + o];
          g[bo + o] += e;
          const row = w + o * nin;
          for (let i = 0; i < nin; i++) g[row + i] += e * h[r * nin + i];
        }
      }
      if (l > 0) {
        // δ_below = (δ W) ⊙ σ'(h), accumulated row by row of W so every inner loop is contiguous.
        dh.fill(0);
        for (let r = 0; r < batch; r++) {
          for (let o = 0; o < nout; o++) {
            const e = dl[r * nout + o];
            const row = w + o * nin;
            for (let i = 0; i < nin; i++) dh[r * nin + i] += e * p[row + i];
          }
          for (let i = 0; i < nin; i++) {
            const hv = h[r * nin + i];
            dh[r * nin + i] *= this.act === 'relu' ? (hv > 0 ? 1 : 0) : 1 - hv * hv;
          }
        }
      }
    }
    this.update();
  }

  update() {
    const { p, g, m, v, lr } = this;
    if (this.optimizer === 'sgd') {
      for (let i = 0; i < p.length; i++) p[i] -= lr * g[i];
      return;
    }
    this.t += 1;
    const [b1, b2, eps] = [0.9, 0.999, 1e-8];
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    for (let i = 0; i < p.length; i++) {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      p[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
    }
  }
}

/** The minibatches a playground trains on, as our trainer draws them: the training rows in
 *  a fresh random order each epoch (Fisher–Yates), taken `batch` at a time and copied into
 *  the batch's buffers. The order comes from a 32-bit xorshift (Marsaglia 2003) with a
 *  modulo, cheaper than our core's PCG64 with its unbiased rejection: the baseline is not
 *  charged for our exactness. */
export class Minibatches {
  /** x: rows × width (row-major), y: one target per row. */
  constructor(x, y, width, batch, seed = 7) {
    Object.assign(this, { x, y, width, batch, state: seed >>> 0 || 1 });
    this.order = Uint32Array.from(y, (_, i) => i);
    this.cursor = this.order.length;
    this.bx = new Float32Array(batch * width);
    this.by = new Float32Array(batch);
  }

  /** Fills bx, by with the next batch (the rows wrap into the next epoch). */
  next() {
    const { order, x, y, width, bx, by } = this;
    for (let r = 0; r < this.batch; r++) {
      if (this.cursor === order.length) {
        for (let i = order.length - 1; i > 0; i--) {
          let s = this.state;
          s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
          this.state = s >>> 0;
          const j = this.state % (i + 1);
          const t = order[i]; order[i] = order[j]; order[j] = t;
        }
        this.cursor = 0;
      }
      const row = order[this.cursor++];
      for (let c = 0; c < width; c++) bx[r * width + c] = x[row * width + c];
      by[r] = y[row];
    }
  }
}

/** The benchmark cases this baseline runs, named as the wasm cases they mirror. */
export const PLAIN_CASES = [
  ['playground 2-4-2-1 tanh, batch 10, sgd', [2, 4, 2, 1], 'tanh', 'bce', 'sgd', 0.03, 10],
  ['digits 64-128-128-10 relu, batch 64, adam', [64, 128, 128, 10], 'relu', 'softmax', 'adam', 0.001, 64],
  ['wide 2-256-256-1 relu, batch 256, sgd', [2, 256, 256, 1], 'relu', 'bce', 'sgd', 0.01, 256],
  ['deep 64-256x4-10 relu, batch 64, backprop', [64, 256, 256, 256, 256, 10], 'relu', 'softmax', 'sgd', 0.01, 64],
];

/** The benchmark's plain-JS contender for a case (null if it has none): a function of n
 *  that trains n steps on minibatches of the case's own training rows where they are the
 *  2-D points themselves (`info` of the case's Lab: features x1, x2), else of random rows
 *  in [−1, 1) with random targets, as many as the case's training set. */
export function plainCase(name, info) {
  const c = PLAIN_CASES.find(([n]) => n === name);
  if (!c) return null;
  const [, sizes, act, loss, optimizer, lr, batch] = c;
  const net = new PlainMlp(sizes, act, loss, optimizer, lr, batch);
  let x, y;
  if (info.twoD && info.features.join() === 'x1,x2' && sizes[0] === 2) {
    x = Float32Array.from(info.train.flatMap(([px, py]) => [px, py]));
    y = Float32Array.from(info.train, (p) => p[2]);
  } else {
    let seed = 5;
    const rand = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 4294967296; };
    x = Float32Array.from({ length: info.trainRows * sizes[0] }, () => rand() * 2 - 1);
    y = Float32Array.from({ length: info.trainRows }, () => Math.floor(rand() * (loss === 'bce' ? 2 : sizes.at(-1))));
  }
  const batches = new Minibatches(x, y, sizes[0], batch);
  return (n) => { for (let i = 0; i < n; i++) { batches.next(); net.step(batches.bx, batches.by); } };
}
