// The race worker: one wasm Lab per entrant, all built from the same base config and
// seed, so they start from the same initial weights and see the same minibatches. Each
// tick trains every entrant the same number of steps and records the time each spent.
import init, { Lab } from '../pkg/gradlab.js';
import { copyF32 } from './memory.js';

const GRID = 40;
let wasm = null;
let runners = [];
let playing = false;
let pending = false;
const ready = init({ module_or_path: new URL('../pkg/gradlab_bg.wasm', import.meta.url) }).then((w) => { wasm = w; });

function frame() {
  const out = runners.map((r) => {
    const e = r.lab.evaluate();
    let grid = null;
    if (r.twoD) { r.lab.computeGrid(GRID); grid = copyF32(wasm.memory, r.lab.gridPtr(), r.lab.gridLen()); }
    const probe = r.lab.probeAgreement();
    return { step: r.lab.step(), ms: r.ms, evaluation: e, diverged: r.diverged, grid, cosine: probe ? probe.cosine : null, perLayer: probe ? probe.per_layer : null };
  });
  pending = true;
  postMessage({ type: 'frame', runners: out, gridRes: GRID });
}

function tick() {
  if (!playing) return;
  const started = performance.now();
  let live = 0;
  while (performance.now() - started < 30) {
    for (const r of runners) {
      if (r.diverged || r.lab.step() >= r.budget) continue;
      live++;
      const t0 = performance.now();
      try { r.lab.train(r.chunk); } catch (err) { r.diverged = String(err.message || err); }
      r.ms += performance.now() - t0;
    }
    if (!live) break;
    live = 0;
  }
  if (!pending) frame();
  if (runners.every((r) => r.diverged || r.lab.step() >= r.budget)) { playing = false; frame(); postMessage({ type: 'done' }); return; }
  setTimeout(tick, 0);
}

onmessage = async ({ data }) => {
  try { await ready; } catch { return; }
  try {
    if (data.type === 'start') {
      for (const r of runners) r.lab.free();
      runners = data.entrants.map((config) => {
        const lab = new Lab(config);
        lab.setEpochMetrics(false);
        return { lab, ms: 0, diverged: null, budget: data.steps, chunk: 10, twoD: config.dataset !== 'digits' };
      });
      const info = runners.map((r) => r.lab.info());
      postMessage({ type: 'ready', info, sameInit: sameInitialWeights() });
      playing = true;
      pending = false;
      tick();
    } else if (data.type === 'pause') playing = false;
    else if (data.type === 'resume') { if (!playing) { playing = true; tick(); } }
    else if (data.type === 'ack') pending = false;
  } catch (err) {
    postMessage({ type: 'error', text: String(err.message || err) });
  }
};

/** Checks the fairness claim: bit-identical initial weights of the model (auxiliary
 *  tensors such as local heads follow them and exist only for some methods) and the same
 *  minibatch order. */
function sameInitialWeights() {
  const model = (r) => copyF32(wasm.memory, r.lab.paramsPtr(), r.lab.paramsLen()).subarray(0, r.lab.info().modelParams);
  const first = model(runners[0]);
  const batches = runners[0].lab.batchFingerprint(1000);
  return runners.every((r) => {
    if (r.lab.batchFingerprint(1000) !== batches) return false;
    const p = model(r);
    return p.length === first.length && p.every((v, i) => Object.is(v, first[i]));
  });
}
