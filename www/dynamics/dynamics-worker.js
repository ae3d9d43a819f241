// The training-dynamics lab's worker: one wasm instance that runs one preset at a time off
// the page's thread, in slices, so the page draws every preset as it trains.
// Protocol (the page: dynamics.js runPreset):
//   page → worker { id, preset, overrides }  start a run (overrides as `gradlab dynamics
//                                            --set` keys); it stops the run in progress
//   page → worker { cancel: true }           stop the run in progress
//   worker → page { id, partial: series }    the series so far, about every FRAME_MS of
//                                            compute (the first after one slice)
//   worker → page { id, result, ms }         {preset, settings, series} at the end: the
//                                            same loop as `gradlab dynamics` runs to the end
//   worker → page { id, cancelled: true } | { id, error }
// Presets on the digits fetch them first.
import init, { DynamicsLab } from '../../pkg/gradlab.js';
import { coreUrl } from '../shared/core-wasm.js';
import { digitsFor } from '../shared/digits.js';

const ready = init({ module_or_path: coreUrl });
// A core that cannot load is said at once (id null), not only at the first run.
ready.catch((err) => self.postMessage({ id: null, error: `wasm failed to load: ${err?.message ?? err}` }));
const ON_DIGITS = new Set(['neural-collapse', 'hessian-spectrum']);

/** Compute between two posts of the series. */
const FRAME_MS = 120;
/** The run in progress (its id); a new run or a cancel message replaces it. */
let current = null;
/** Lets queued messages (a cancel, a new run) in between slices. */
const breathe = () => new Promise((r) => setTimeout(r, 0));

async function stream(id, preset, overrides) {
  const lab = new DynamicsLab(preset, overrides);
  try {
    const started = performance.now();
    // Units (steps, or epochs) per advance call: grown while a call is quick, so the
    // boundary is crossed rarely, and shrunk when one is slow, so posts stay on time.
    let units = 1, last = -Infinity, first = true;
    for (;;) {
      const t0 = performance.now();
      const done = lab.advance(units);
      const took = performance.now() - t0;
      if (done) break;
      if (took < 10) units = Math.min(units * 2, 1 << 20); else if (took > 40 && units > 1) units = Math.ceil(units / 2);
      if (first || performance.now() - last >= FRAME_MS) {
        first = false;
        self.postMessage({ id, partial: lab.series() });
        await breathe();
        if (current !== id) { self.postMessage({ id, cancelled: true }); return; }
        last = performance.now();
      }
    }
    self.postMessage({ id, result: lab.output(), ms: performance.now() - started });
  } finally {
    lab.free();
  }
}

self.onmessage = async ({ data: { id, preset, overrides, cancel } }) => {
  if (cancel) { current = null; return; }
  current = id;
  try {
    await ready;
    if (ON_DIGITS.has(preset)) await digitsFor(true);
    if (current !== id) { self.postMessage({ id, cancelled: true }); return; }
    await stream(id, preset, overrides ?? {});
  } catch (err) {
    self.postMessage({ id, error: String(err?.message ?? err) });
  } finally {
    if (current === id) current = null;
  }
};
