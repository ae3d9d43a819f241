// GPU training throughput for the benchmark page: full steps (gather, forward, backprop,
// update) of a plain MLP on synthetic data, timed to completion on the device.
import { sharedGpu } from './device.js';
import { GpuMlp } from './mlp.js';

/** A small seeded generator (LCG), so a benchmark's data is the same every run. */
function lcg(seed) {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}

/**
 * Steps per second of GPU training: `sizes` [inputs, hidden…, outputs], one `activation`
 * for the hidden layers (the output layer is linear, as the core's), `loss` ('mse', 'bce'
 * or 'softmax-ce'), `optimizer` ('sgd' or 'adam'), `batch` rows per step, for about
 * `seconds`. Resolves to { stepsPerSecond, steps, seconds, adapter, loss } (the loss of
 * the last step, to show it trains); rejects when there is no WebGPU (with the reason).
 */
export async function benchGpuSteps(sizes, activation, loss, optimizer, batch, seconds = 2, device = null) {
  let adapter = 'given device';
  if (!device) {
    const gpu = await sharedGpu();
    if (!gpu.device) throw new Error(`no WebGPU: ${gpu.reason}`);
    ({ device } = gpu);
    adapter = gpu.label;
  }
  const rand = lcg(42);
  const rows = Math.max(1024, batch * 4);
  const [inputs, outputs] = [sizes[0], sizes.at(-1)];
  const x = Float32Array.from({ length: rows * inputs }, () => rand() * 2 - 1);
  const y = Float32Array.from({ length: rows }, () => (loss === 'softmax-ce' ? Math.floor(rand() * outputs) : loss === 'bce' ? Math.round(rand()) : rand()));
  const activations = sizes.slice(1).map((_, l) => (l === sizes.length - 2 ? 'linear' : activation));
  const mlp = await GpuMlp.create(device, { sizes, activations, loss, optimizer, lr: optimizer === 'adam' ? 1e-3 : 0.01 });
  const params = new Float32Array(mlp.net.layout.len);
  for (const s of mlp.net.layout.layers) {
    const bound = Math.sqrt(6 / (s.inputs + s.outputs));
    for (let i = 0; i < s.inputs * s.outputs; i++) params[s.wOff + i] = (rand() * 2 - 1) * bound;
  }
  mlp.upload(params, null, { x, y, rows });
  const batchOf = (k) => Uint32Array.from({ length: batch }, (_, i) => (k * batch + i) % rows);
  try {
    for (let k = 0; k < 3; k++) mlp.step(batchOf(k));
    await device.queue.onSubmittedWorkDone();
    let steps = 0;
    let chunk = 4;
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000) {
      const c0 = performance.now();
      for (let k = 0; k < chunk; k++) mlp.step(batchOf(steps + k));
      await device.queue.onSubmittedWorkDone();
      steps += chunk;
      if (performance.now() - c0 < 50) chunk = Math.min(chunk * 2, 4096);
    }
    const elapsed = (performance.now() - t0) / 1000;
    return { stepsPerSecond: steps / elapsed, steps, seconds: elapsed, adapter, loss: await mlp.readLoss() };
  } finally {
    mlp.destroy();
  }
}
