// The training-dynamics lab's worker: one wasm instance that runs one preset at a time off
// the page's thread, in slices, so the page draws every preset as it trains.
// Protocol (the page: dynamics.js runPreset):
//   page → worker { id, preset, overrides, minMs? }  start a run (overrides as `gradlab
//                                            dynamics --set` keys; minMs: take at least this
//                                            long, so a quick run is watchable); it stops
//                                            the run in progress
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

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function stream(id, preset, overrides, minMs = 0) {
  const lab = new DynamicsLab(preset, overrides);
  try {
    const started = performance.now();
    // Units the run takes in all (steps; epochs for neural collapse), for the pace.
    const { settings } = lab.output();
    const total = Math.max(1, (settings.epochs ?? settings.steps ?? 1) + 1);
    // Units (steps, or epochs) per advance call: grown while a call is quick, so the
    // boundary is crossed rarely, and shrunk when one is slow, so posts stay on time. With a
    // pace, a call covers at most 20 ms of the schedule.
    const most = minMs > 0 ? Math.max(1, Math.floor(total * 20 / minMs)) : 1 << 20;
    let units = 1, doneUnits = 0, last = -Infinity, first = true, idle = 0;
    for (;;) {
      const t0 = performance.now();
      const done = lab.advance(units);
      const took = performance.now() - t0;
      doneUnits += units;
      if (done) break;
      if (took < 10) units = Math.min(units * 2, most); else if (took > 40 && units > 1) units = Math.ceil(units / 2);
      // Human pace: a run that would be over in a blink waits between slices so that it
      // takes about minMs in all (the series is the same either way).
      const ahead = minMs * Math.min(1, doneUnits / total) - (performance.now() - started);
      if (ahead > 0) { const ms = Math.min(ahead, FRAME_MS); await sleep(ms); idle += ms; }
      if (first || performance.now() - last >= FRAME_MS) {
        first = false;
        self.postMessage({ id, partial: lab.series() });
        last = performance.now();
        await breathe();
      }
      if (current !== id) { self.postMessage({ id, cancelled: true }); return; }
    }
    self.postMessage({ id, result: lab.output(), ms: performance.now() - started - idle });
  } finally {
    lab.free();
  }
}

self.onmessage = async ({ data: { id, preset, overrides, minMs, cancel } }) => {
  if (cancel) { current = null; return; }
  current = id;
  try {
    await ready;
    if (ON_DIGITS.has(preset)) await digitsFor(true);
    if (current !== id) { self.postMessage({ id, cancelled: true }); return; }
    await stream(id, preset, overrides ?? {}, minMs);
  } catch (err) {
    self.postMessage({ id, error: String(err?.message ?? err) });
  } finally {
    if (current === id) current = null;
  }
};
