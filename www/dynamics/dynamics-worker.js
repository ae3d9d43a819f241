// The training-dynamics lab's worker: one wasm instance that runs a preset off the page's
// thread. Protocol: the page posts { id, preset, overrides } (overrides as `gradlab dynamics
// --set` keys); the worker answers { id, result } with {preset, settings, series}, or
// { id, error } with the core's message. Presets on the digits fetch them first. With
// `live: true` (eos-chebyshev only) it trains in slices and posts { id, partial: series }
// about every FRAME_MS before the result, so the page draws the run as it goes.
import init, { dynamicsRun, EosLab } from '../../pkg/gradlab.js';
import { coreUrl } from '../shared/core-wasm.js';
import { digitsFor } from '../shared/digits.js';

const ready = init({ module_or_path: coreUrl });
// A core that cannot load is said at once (id null), not only at the first run.
ready.catch((err) => self.postMessage({ id: null, error: `wasm failed to load: ${err?.message ?? err}` }));
const ON_DIGITS = new Set(['neural-collapse', 'hessian-spectrum']);

const FRAME_MS = 100;

function live(id, overrides) {
  const lab = new EosLab(overrides);
  try {
    let last = performance.now();
    while (!lab.advance(25)) {
      if (performance.now() - last > FRAME_MS) { self.postMessage({ id, partial: lab.series() }); last = performance.now(); }
    }
    return { preset: 'eos-chebyshev', series: lab.series() };
  } finally {
    lab.free();
  }
}

self.onmessage = async ({ data: { id, preset, overrides, live: streamed } }) => {
  try {
    await ready;
    if (streamed && preset === 'eos-chebyshev') { self.postMessage({ id, result: live(id, overrides ?? {}) }); return; }
    if (ON_DIGITS.has(preset)) await digitsFor(true);
    const started = performance.now();
    const result = dynamicsRun(preset, overrides ?? {});
    self.postMessage({ id, result, ms: performance.now() - started });
  } catch (err) {
    self.postMessage({ id, error: String(err?.message ?? err) });
  }
};
