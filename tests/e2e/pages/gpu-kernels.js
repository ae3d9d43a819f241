// Checks of the WebGPU kernels (www/shared/gpu/) against the wasm core on the same weights and
// rows; window.kernelChecks is driven by tests/e2e/webgpu.test.mjs.
// The testing core: the full core plus the CPU loss and gradient on given rows
// (crate/wasm/testing.rs; scripts/build-testing-core.sh).
import init, * as core from '../../../pkg/testing/gradlab.js';
import { requestGpu } from '../../../www/shared/gpu/device.js';
import { GpuNet } from '../../../www/shared/gpu/net.js';
import { GpuMlp, hyperOf } from '../../../www/shared/gpu/mlp.js';
import { neuronMajor } from '../../../www/shared/gpu/maps.js';
import { benchGpuSteps } from '../../../www/shared/gpu/bench.js';
import { galleryValues } from '../../../www/shared/gpu/gallery.js';
import { compileKernel } from '../../../www/shared/gpu/kernels.js';
import { Backend } from '../../../www/playground/backend.js';
import { digitsFor } from '../../../www/shared/digits.js';

const { Lab, redshiftGallery, redshiftPlainMlps, redshiftRow } = core;

let wasm;
let gpu;

const paramsOf = (lab) => new Float32Array(wasm.memory.buffer, lab.paramsPtr(), lab.paramsLen()).slice();

/** Largest |a − b| and the largest |b| (for relative tolerances). */
function diff(a, b) {
  if (a.length !== b.length) throw new Error(`lengths ${a.length} and ${b.length}`);
  let maxAbs = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    maxAbs = Number.isNaN(d) ? Infinity : Math.max(maxAbs, d);
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return { maxAbs, scale, n: a.length };
}

/** Decision map and neuron maps at resolution `res`: GPU vs Lab.computeGrid / computeNeurons. */
async function forward(config, res) {
  await digitsFor(config, core);
  const lab = new Lab(config);
  try {
    const net = await GpuNet.create(gpu.device, lab.gpuModel());
    net.writeParams(paramsOf(lab));
    const gridGpu = (await net.forward(lab.gridInputs(res), res * res)).cells;
    lab.computeGrid(res);
    const gridCpu = new Float32Array(wasm.memory.buffer, lab.gridPtr(), lab.gridLen()).slice();
    const { activations } = await net.forward(lab.gridInputs(res), res * res, { activations: true });
    lab.computeNeurons(res);
    const neuronsCpu = new Float32Array(wasm.memory.buffer, lab.neuronsPtr(), lab.neuronsLen()).slice();
    net.destroy();
    return { grid: diff(gridGpu, gridCpu), neurons: diff(neuronMajor(activations, res * res), neuronsCpu), sizes: lab.gpuModel().sizes };
  } finally {
    lab.free();
  }
}

/**
 * `steps` training steps on the GPU and in the wasm core from the same weights on the
 * same minibatches (the Trainer's own, from upcomingBatches): the first step's loss and
 * gradient, then the weights after 1 and after `steps` steps.
 */
async function train(config, steps) {
  await digitsFor(config, core);
  const lab = new Lab(config);
  try {
    const model = lab.gpuModel();
    const info = lab.info();
    const mlp = await GpuMlp.create(gpu.device, { ...model, ...hyperOf(info.config) });
    mlp.upload(paramsOf(lab), null, { x: lab.trainX(), y: lab.trainY(), rows: info.trainRows });
    const idx = lab.upcomingBatches(steps);
    const b = idx.length / steps;
    mlp.step(idx.subarray(0, b));
    const first = Array.from(idx.subarray(0, b));
    const lossCpu = lab.lossOn(first);
    const gradCpu = lab.gradientOn(first).subarray(0, info.modelParams);
    const lossGpu = await mlp.readLoss();
    const grad = diff(await mlp.readGradient(), gradCpu);
    lab.train(1);
    const one = diff(await mlp.readParams(), paramsOf(lab).subarray(0, info.modelParams));
    for (let s = 1; s < steps; s++) mlp.step(idx.subarray(s * b, (s + 1) * b));
    if (steps > 1) lab.train(steps - 1);
    const all = diff(await mlp.readParams(), paramsOf(lab).subarray(0, info.modelParams));
    mlp.destroy();
    return { loss: [lossGpu, lossCpu], grad, one, all, batch: b, sizes: model.sizes };
  } finally {
    lab.free();
  }
}

/**
 * A run that moves between backends keeps its optimizer state: the core trains k steps,
 * the GPU takes its weights and moments (optimizerMoments) and trains k more, the core
 * takes both back (adoptSteps) and trains k more. Compared with the core alone for 3k
 * steps, and with the same hand-over when the moments are dropped (zeros on the GPU,
 * stale ones back in the core), which is what the page did before.
 */
async function handover(config, k) {
  await digitsFor(config, core);
  const [solo, kept, dropped] = [new Lab(config), new Lab(config), new Lab(config)];
  try {
    solo.setEpochMetrics(false);
    solo.train(3 * k);
    const info = kept.info();
    const spec = { ...kept.gpuModel(), ...hyperOf(info.config) };
    for (const [lab, moments] of [[kept, true], [dropped, false]]) {
      lab.setEpochMetrics(false);
      lab.train(k);
      const mlp = await GpuMlp.create(gpu.device, spec);
      mlp.upload(paramsOf(lab), moments ? lab.optimizerMoments() : null, { x: lab.trainX(), y: lab.trainY(), rows: info.trainRows });
      const idx = lab.upcomingBatches(k);
      const b = idx.length / k;
      for (let s = 0; s < k; s++) mlp.step(idx.subarray(s * b, (s + 1) * b));
      const state = await mlp.readState();
      mlp.destroy();
      if (moments) lab.adoptSteps(state.params, k, state.t, state.m, state.v); else lab.adoptSteps(state.params, k);
      lab.train(k);
    }
    const n = info.modelParams;
    const final = (lab) => paramsOf(lab).subarray(0, n);
    return { kept: diff(final(kept), final(solo)), dropped: diff(final(dropped), final(solo)), t: [kept.optimizerMoments()?.t, solo.optimizerMoments()?.t], steps: kept.step() };
  } finally {
    for (const lab of [solo, kept, dropped]) lab.free();
  }
}

/** A random-network gallery on the GPU (f32) against the core's (f64): every network's
 *  grid values, and the complexity rows computed from each. */
async function gallery(config, count) {
  const plan = redshiftPlainMlps(config, count);
  if (plan.blocker) return { blocker: plan.blocker };
  const gpuValues = await galleryValues(gpu.device, plan);
  const cpu = redshiftGallery(config, count);
  return {
    nets: cpu.length,
    values: cpu.map(({ values }, k) => diff(gpuValues[k], values)),
    rows: cpu.map(({ row }, k) => [redshiftRow({ ...config, seed: config.seed + k }, Float64Array.from(gpuValues[k])), row]),
  };
}

/** A step on explicit rows { x, y } equals a step on the same rows by index. */
async function explicitRows(config) {
  await digitsFor(config, core);
  const lab = new Lab(config);
  try {
    const info = lab.info();
    const spec = { ...lab.gpuModel(), ...hyperOf(info.config) };
    const x = lab.trainX();
    const y = lab.trainY();
    const rows = [...lab.upcomingBatches(1)];
    const inputs = info.sizes[0];
    const a = await GpuMlp.create(gpu.device, spec);
    a.upload(paramsOf(lab), null, { x, y, rows: info.trainRows });
    a.step(rows);
    const bx = new Float32Array(rows.length * inputs);
    rows.forEach((r, k) => bx.set(x.subarray(r * inputs, (r + 1) * inputs), k * inputs));
    const c = await GpuMlp.create(gpu.device, spec);
    c.upload(paramsOf(lab));
    c.step({ x: bx, y: Float32Array.from(rows, (r) => y[r]), rows: rows.length });
    const out = diff(await a.readParams(), await c.readParams());
    a.destroy();
    c.destroy();
    return out;
  } finally {
    lab.free();
  }
}

/** The worker's Backend on its own device, then a GPU failure: 'lost' destroys the
 *  device, 'error' destroys a buffer the maps use. Reports the states and statuses. */
async function fallback(kind) {
  const lab = new Lab({ dataset: 'circle', hidden: [4, 2] });
  const own = await requestGpu();
  const statuses = [];
  try {
    const backend = new Backend((text, level) => statuses.push(`${level}: ${text}`), paramsOf, 20, 8, async () => own);
    await backend.select('webgpu', lab, lab.info());
    const before = { maps: !!backend.maps, trainer: !!backend.trainer };
    if (kind === 'lost') own.device.destroy(); else backend.maps.net.params.destroy();
    const maps = await backend.mapsFor(paramsOf(lab));
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { before, after: { maps: !!backend.maps, trainer: !!backend.trainer }, answered: maps === null ? 'null' : 'maps', statuses };
  } finally {
    lab.free();
  }
}

/** The message a WGSL syntax error gives. */
async function brokenShader() {
  try {
    await compileKernel(gpu.device, 'broken', 'fn main( {');
    return 'compiled';
  } catch (err) {
    return err.message;
  }
}

window.kernelChecks = {
  forward, train, explicitRows, handover, gallery, fallback, brokenShader,
  bench: (sizes, activation, loss, optimizer, batch, seconds) => benchGpuSteps(sizes, activation, loss, optimizer, batch, seconds, gpu.device),
  adapter: () => gpu.label,
};

(async () => {
  wasm = await init({ module_or_path: new URL('../../../pkg/testing/gradlab_bg.wasm', import.meta.url) });
  gpu = await requestGpu();
  document.getElementById('status').textContent = gpu.device ? `ready: ${gpu.label}` : `no WebGPU: ${gpu.reason}`;
})().catch((err) => { document.getElementById('status').textContent = `failed: ${err.message}`; });
