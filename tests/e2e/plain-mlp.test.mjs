// The benchmark's plain-JS baseline must be a real MLP: its backprop gradient matches
// finite differences of its own loss, and training lowers the loss; its minibatches visit
// every row once per epoch, as the core's do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PlainMlp, Minibatches } from '../../bench/plain-mlp.js';

function loss(net, x, y) {
  // Forward only, by stepping with lr 0 (the step computes the loss gradient, not the loss).
  const { sizes, batch, a } = net;
  const saved = net.lr;
  net.lr = 0;
  net.step(x, y);
  net.lr = saved;
  const L = sizes.length - 1;
  const out = sizes[L];
  let total = 0;
  for (let r = 0; r < batch; r++) {
    if (net.loss === 'bce') {
      const z = a[L][r];
      total += Math.max(z, 0) - z * y[r] + Math.log1p(Math.exp(-Math.abs(z)));
    } else {
      let max = -Infinity;
      for (let k = 0; k < out; k++) max = Math.max(max, a[L][r * out + k]);
      let sum = 0;
      for (let k = 0; k < out; k++) sum += Math.exp(a[L][r * out + k] - max);
      total += max + Math.log(sum) - a[L][r * out + y[r]];
    }
  }
  return total / batch;
}

for (const [act, lossName, sizes] of [['tanh', 'bce', [3, 5, 4, 1]], ['relu', 'softmax', [3, 6, 4]]]) {
  test(`plain-JS MLP (${act}, ${lossName}): gradient matches finite differences and training descends`, () => {
    const net = new PlainMlp(sizes, act, lossName, 'sgd', 0.1, 6, 7);
    const x = Float32Array.from({ length: 6 * sizes[0] }, (_, i) => Math.sin(i * 1.7));
    const y = Float32Array.from({ length: 6 }, (_, i) => (lossName === 'bce' ? i % 2 : i % sizes.at(-1)));
    net.lr = 0;
    net.step(x, y);
    const grad = Float32Array.from(net.g);
    for (let i = 0; i < net.p.length; i += 3) {
      const keep = net.p[i];
      const h = 1e-2;
      net.p[i] = keep + h; const up = loss(net, x, y);
      net.p[i] = keep - h; const down = loss(net, x, y);
      net.p[i] = keep;
      const numeric = (up - down) / (2 * h);
      assert.ok(Math.abs(numeric - grad[i]) < 2e-3 + 0.02 * Math.abs(numeric), `param ${i}: ${numeric} vs ${grad[i]}`);
    }
    const before = loss(net, x, y);
    net.lr = 0.5;
    for (let s = 0; s < 500; s++) net.step(x, y);
    const after = loss(net, x, y);
    assert.ok(after < 0.5 * before, `loss ${before} → ${after}`);
  });
}

test('plain-JS minibatches: each epoch visits every row once, in a new order, rows copied whole', () => {
  const rows = 23, width = 3, batch = 5;
  const x = Float32Array.from({ length: rows * width }, (_, i) => Math.floor(i / width) * 10 + (i % width));
  const y = Float32Array.from({ length: rows }, (_, i) => i);
  const batches = new Minibatches(x, y, width, batch);
  const seen = [];
  for (let s = 0; s < (3 * rows) / batch + 1; s++) {
    batches.next();
    for (let r = 0; r < batch; r++) {
      const row = batches.by[r];
      assert.deepEqual([...batches.bx.subarray(r * width, (r + 1) * width)], [row * 10, row * 10 + 1, row * 10 + 2]);
      seen.push(row);
    }
  }
  const epochs = [0, 1, 2].map((e) => seen.slice(e * rows, (e + 1) * rows));
  for (const epoch of epochs) assert.deepEqual([...epoch].sort((a, b) => a - b), [...y]);
  assert.notDeepEqual(epochs[0], epochs[1], 'a fresh order each epoch');
});
