// A race worker: one wasm instance running some of a race's entrants (www/shared/race-pool.js
// spreads a race over several). Every entrant is a Lab built from the same base config and
// seed, so all start from the same initial weights and see the same minibatches, in this
// worker and in every other. The pool moves all workers forward in lockstep: each
// `advance` trains every entrant here up to the same step goal, recording the time each
// spent, and answers with the steps reached (and a frame of metrics when asked).
// The summary's "steps to target" and "best test accuracy" come from checkpoints at fixed
// multiples of `every` steps, evaluated here whatever the frame timing, so identical
// settings give identical tables (frames land at steps that depend on the machine's speed).
import init, { Lab } from '../../pkg/gradlab.js';
import { coreUrl } from './core-wasm.js';
import { digitsFor } from './digits.js';
import { copyF32 } from './memory.js';
import { sameStart } from './race-pool.js';

const GRID = 40;
let wasm = null;
let runners = [];
let race = 0;
let target = -Infinity;
let every = 0; // 0: no checkpoints
const ready = init({ module_or_path: coreUrl }).then((w) => { wasm = w; });

function frame() {
  return runners.map((r) => {
    const e = r.lab.evaluate();
    let grid = null;
    if (r.twoD) { r.lab.computeGrid(GRID); grid = copyF32(wasm.memory, r.lab.gridPtr(), r.lab.gridLen()); }
    const probe = r.lab.probeAgreement();
    return { step: r.lab.step(), ms: r.ms, reach: r.reach, best: r.best, evaluation: e, diverged: r.diverged, grid, cosine: probe ? probe.cosine : null, perLayer: probe ? probe.per_layer : null };
  });
}

const finished = (r) => r.diverged || r.lab.step() >= r.budget;

/** Records a checkpoint: the first step whose training loss is at most the target, and
 *  the best test accuracy so far. */
function checkpoint(r) {
  const e = r.lab.evaluate();
  const loss = e.train.loss;
  if (r.reach == null && Number.isFinite(loss) && loss <= target) r.reach = r.lab.step();
  if (e.test.accuracy != null) r.best = Math.max(r.best ?? 0, e.test.accuracy);
}

/** Trains every live entrant up to `goal` steps (capped by the budget), stopping at each
 *  multiple of `every` for a checkpoint (not counted in the entrant's compute time). */
function advance(goal) {
  for (const r of runners) {
    const end = Math.min(goal, r.budget);
    while (!r.diverged && r.lab.step() < end) {
      const next = every ? Math.min(end, (Math.floor(r.lab.step() / every) + 1) * every) : end;
      const t0 = performance.now();
      try { r.lab.train(next - r.lab.step()); } catch (err) { r.diverged = String(err.message || err); }
      r.ms += performance.now() - t0;
      if (every && !r.diverged && (r.lab.step() % every === 0 || r.lab.step() === r.budget)) checkpoint(r);
    }
  }
}

onmessage = async ({ data }) => {
  try { await ready; } catch { return; }
  try {
    if (data.type === 'start') {
      for (const r of runners) r.lab.free();
      race = data.race;
      target = data.target ?? -Infinity;
      every = Math.max(0, data.every ?? 0);
      runners = [];
      for (const config of data.entrants) await digitsFor(config);
      runners = data.entrants.map((config) => {
        const lab = new Lab(config);
        lab.setEpochMetrics(false);
        return { lab, ms: 0, diverged: null, reach: null, best: null, budget: data.steps, twoD: config.dataset !== 'digits' };
      });
      const info = runners.map((r) => r.lab.info());
      postMessage({ type: 'ready', race, info, sameInit: sameInitialWeights(), first: fingerprint(runners[0]) });
    } else if (data.type === 'advance' && data.race === race) {
      const t0 = performance.now();
      advance(data.goal);
      const trainMs = performance.now() - t0;
      postMessage({ type: 'advanced', race, trainMs, runners: data.frame ? frame() : null, gridRes: GRID, done: runners.every(finished) });
    }
  } catch (err) {
    postMessage({ type: 'error', race, text: String(err.message || err) });
  }
};

/** The initial model weights of an entrant and its minibatch order, for the pool to
 *  compare across workers (auxiliary tensors such as local heads follow the model's weights
 *  and exist only for some methods, so only the model's part counts). */
function fingerprint(r) {
  return { params: copyF32(wasm.memory, r.lab.paramsPtr(), r.lab.paramsLen()).slice(0, r.lab.info().modelParams), batches: r.lab.batchFingerprint(1000) };
}

/** Checks the fairness claim within this worker: bit-identical initial model weights and
 *  the same minibatch order for every entrant. */
function sameInitialWeights() {
  const first = fingerprint(runners[0]);
  return runners.every((r) => sameStart(fingerprint(r), first));
}
