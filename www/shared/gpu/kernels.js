// Compiles the WGSL kernels once per device into compute pipelines. A shader that fails
// to compile rejects with its compiler messages (the page then falls back to the CPU).
import { DENSE_FORWARD, DENSE_FORWARD_NARROW, OUTPUT_HEAD } from './wgsl-forward.js';
import { GATHER, OUTPUT_DELTA, HIDDEN_DELTA, LAYER_GRADIENT } from './wgsl-backward.js';
import { UPDATE } from './wgsl-update.js';

const SOURCES = {
  forward: DENSE_FORWARD, forwardNarrow: DENSE_FORWARD_NARROW, head: OUTPUT_HEAD, gather: GATHER, outputDelta: OUTPUT_DELTA,
  hiddenDelta: HIDDEN_DELTA, layerGradient: LAYER_GRADIENT, update: UPDATE,
};

const cache = new WeakMap();

/** One compute pipeline from WGSL `code`; rejects with the compiler's messages. */
export async function compileKernel(device, name, code) {
  const module = device.createShaderModule({ label: name, code });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length) throw new Error(`WGSL kernel "${name}" does not compile: ${errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('; ')}`);
  device.pushErrorScope('validation');
  const pipeline = await device.createComputePipelineAsync({ label: name, layout: 'auto', compute: { module, entryPoint: 'main' } });
  const err = await device.popErrorScope();
  if (err) throw new Error(`WGSL kernel "${name}": ${err.message}`);
  return pipeline;
}

/** { forward, forwardNarrow, head, gather, outputDelta, hiddenDelta, layerGradient, update } pipelines. */
export function kernels(device) {
  if (!cache.has(device)) {
    const all = Promise.all(Object.entries(SOURCES).map(async ([name, code]) => [name, await compileKernel(device, name, code)]))
      .then(Object.fromEntries);
    all.catch(() => cache.delete(device));
    cache.set(device, all);
  }
  return cache.get(device);
}
