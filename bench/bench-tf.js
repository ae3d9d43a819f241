// The TensorFlow.js side of the benchmark (read by scripts/bench.mjs as window.benchResults):
// the same networks, loss, optimizer and batch as the wasm and plain-JS cases, written the
// idiomatic fast way: tf.variable weights, optimizer.minimize inside tf.tidy, the batch
// uploaded once as tensors (like the plain-JS baseline, one fixed batch of random inputs).
// Timing syncs with `await data()` every few steps, so an asynchronous backend (webgpu)
// is timed to completion; dataSync crashed the webgpu backend on SwiftShader.
import { PLAIN_CASES } from './plain-mlp.js';

const params = new URLSearchParams(location.search);
const backend = params.get('backend') || 'cpu';
const seconds = Number(params.get('seconds') || 2);
const cases = (params.get('cases') || 'playground,digits,wide').split(',');
const DIST = '../node_modules/@tensorflow/';
// tfjs-core's own bundle (tf-core.min.js) registers no gradients (the union package
// @tensorflow/tfjs does, in register_all_gradients), and its unbundled ES modules use
// extension-less imports that a browser cannot resolve without a bundler. So training
// loads the union bundle, tf.min.js (core, gradients, layers, converter, the cpu and webgl
// backends), then the wasm or webgpu backend's own bundle on top of it.
const FILES = {
  cpu: [],
  wasm: ['tfjs-backend-wasm/dist/tf-backend-wasm.min.js'],
  webgpu: ['tfjs-backend-webgpu/dist/tf-backend-webgpu.min.js'],
};

const script = (src) => new Promise((resolve, reject) => {
  const s = document.createElement('script');
  s.src = src;
  s.onload = resolve;
  s.onerror = () => reject(new Error(`could not load ${src}`));
  document.head.append(s);
});

/** Sets the backend up; returns a line describing what actually runs. */
async function setUp() {
  await script(`${DIST}tfjs/dist/tf.min.js`);
  for (const f of FILES[backend]) await script(DIST + f);
  const tf = window.tf;
  // The page is not cross-origin isolated, so TF.js picks its single-threaded SIMD binary.
  if (backend === 'wasm') tf.wasm.setWasmPaths(new URL(`${DIST}tfjs-backend-wasm/dist/`, location.href).href);
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') returned false`);
  await tf.ready();
  let detail = `tfjs ${tf.version_core}, backend ${tf.getBackend()}`;
  if (backend === 'wasm') detail += `, simd ${await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')}, threads ${await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')}`;
  if (backend === 'webgpu') {
    const a = await navigator.gpu.requestAdapter();
    const info = a.info || {};
    detail += `, adapter ${info.vendor || '?'} / ${info.architecture || '?'}`;
  }
  return { tf, detail };
}

/** Builds the network, data and optimizer; returns { step, sync, loss }. */
function build(tf, [, sizes, act, lossName, optimizer, lr, batch]) {
  let seed = 5;
  const rand = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 4294967296; };
  const out = sizes.at(-1);
  const x = tf.tensor2d(Float32Array.from({ length: batch * sizes[0] }, () => rand() * 2 - 1), [batch, sizes[0]]);
  const labels = Int32Array.from({ length: batch }, () => Math.floor(rand() * (lossName === 'bce' ? 2 : out)));
  const y = tf.tidy(() => (lossName === 'bce' ? tf.tensor2d(Float32Array.from(labels), [batch, 1]) : tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), out), 'float32')));
  const vars = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    vars.push(tf.tidy(() => tf.variable(tf.randomNormal([sizes[l], sizes[l + 1]], 0, Math.sqrt(2 / sizes[l]), 'float32', l + 1))));
    vars.push(tf.tidy(() => tf.variable(tf.zeros([sizes[l + 1]]))));
  }
  const opt = optimizer === 'adam' ? tf.train.adam(lr) : tf.train.sgd(lr);
  const f = act === 'relu' ? tf.relu : tf.tanh;
  const loss = () => {
    let h = x;
    for (let l = 0; l < vars.length; l += 2) {
      h = tf.add(tf.matMul(h, vars[l]), vars[l + 1]);
      if (l + 2 < vars.length) h = f(h);
    }
    return lossName === 'bce' ? tf.losses.sigmoidCrossEntropy(y, h) : tf.losses.softmaxCrossEntropy(y, h);
  };
  return {
    step: () => tf.tidy(() => { opt.minimize(loss, false, vars); }),
    sync: () => vars.at(-1).data(),
    loss: async () => { const t = tf.tidy(loss); const v = (await t.data())[0]; t.dispose(); return v; },
    dispose: () => { tf.dispose([x, y, ...vars]); opt.dispose(); },
  };
}

/** Steps per second: a warm-up (at least 10 steps and 0.5 s), then the best of four
 *  windows sharing `seconds` (other load only slows a window down), as bench/bench.js does.
 *  Steps run in chunks of 10, each followed by `await sync()`. */
async function measure({ step, sync }) {
  const chunk = 10;
  const warm = performance.now();
  for (let n = 0; n < 10 || performance.now() - warm < 500; n += chunk) {
    for (let i = 0; i < chunk; i++) step();
    await sync();
  }
  let best = 0;
  for (let w = 0; w < 4; w++) {
    let steps = 0;
    const started = performance.now();
    while (performance.now() - started < (seconds * 1000) / 4) {
      for (let i = 0; i < chunk; i++) step();
      await sync();
      steps += chunk;
    }
    best = Math.max(best, steps / ((performance.now() - started) / 1000));
  }
  return best;
}

const results = [];
const label = `tfjs-${backend}`;
try {
  const { tf, detail } = await setUp();
  results.push({ case: 'tfjs-setup', backend: label, detail });
  for (const c of PLAIN_CASES.filter(([name]) => cases.some((k) => name.startsWith(k)))) {
    try {
      const net = build(tf, c);
      const before = await net.loss();
      const rate = await measure(net);
      const after = await net.loss();
      net.dispose();
      results.push({ case: c[0], backend: label, steps_per_second: rate, loss_before: before, loss_after: after, tensors_left: tf.memory().numTensors });
    } catch (err) {
      results.push({ case: c[0], backend: label, error: String(err.message || err) });
    }
  }
} catch (err) {
  results.push({ case: 'tfjs-setup', backend: label, error: String(err.message || err) });
}
document.getElementById('out').textContent = results.map((r) => JSON.stringify(r)).join('\n');
window.benchResults = results;
