// The training-dynamics lab's worker: one wasm instance that runs a preset off the page's
// thread. Protocol: the page posts { id, preset, overrides } (overrides as `gradlab dynamics
// --set` keys); the worker answers { id, result } with {preset, settings, series}, or
// { id, error } with the core's message. Presets on the digits fetch them first.
import init, { dynamicsRun } from '../../pkg/gradlab.js';
import { coreUrl } from '../shared/core-wasm.js';
import { digitsFor } from '../shared/digits.js';

const ready = init({ module_or_path: coreUrl });
const ON_DIGITS = new Set(['neural-collapse', 'hessian-spectrum']);

self.onmessage = async ({ data: { id, preset, overrides } }) => {
  try {
    await ready;
    if (ON_DIGITS.has(preset)) await digitsFor(true);
    const started = performance.now();
    const result = dynamicsRun(preset, overrides ?? {});
    self.postMessage({ id, result, ms: performance.now() - started });
  } catch (err) {
    self.postMessage({ id, error: String(err?.message ?? err) });
  }
};
