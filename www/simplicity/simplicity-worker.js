// The simplicity lab's worker: one wasm instance running the lab's experiments off the
// page's thread. Stepped runs (slabs, spectral, clones) train in slices of about 30 ms and
// post a frame (which evaluates the probes: not free) at most every FRAME_MS, or, for a
// kind with `marks` (the clones), exactly at those steps; one-shot
// measurements (random-network galleries, shortcut bias) answer their request; a gallery
// runs on WebGPU when the page asks and the networks are plain MLPs (www/shared/gpu/gallery.js).
import init, { SlabLab, SpectralLab, CloneLab, redshiftGallery, redshiftActivations, redshiftPlainMlps, redshiftRow, redshiftTable, shortcutBias } from '../../pkg/gradlab.js';
import { coreUrl } from '../shared/core-wasm.js';
import { digitsFor } from '../shared/digits.js';
import { sharedGpu } from '../shared/gpu/device.js';
import { galleryValues } from '../shared/gpu/gallery.js';
import { yieldToEvents } from '../shared/yield.js';

const ready = init({ module_or_path: coreUrl });
// The core's names the page's controls offer, once it is loaded (before any other answer).
ready.then(() => postMessage({ type: 'names', redshiftActivations: redshiftActivations() }), () => {});
const runs = {}; // kind → { lab, playing, done, step(), frame() }
let ticking = false;
const FRAME_MS = 200;

const KINDS = {
  slab: {
    create: (m) => new SlabLab(m.preset, m.small, m.seed, m.overrides),
    budget: (lab) => { const i = lab.info(); return i.settings.epochs * i.stepsPerEpoch; },
    chunk: 4,
    train: (lab, n) => lab.train(n),
    position: (lab) => lab.info().step,
    frame: (lab) => ({ point: lab.probePoint(), projection: lab.projection(48, 0) }),
    finish: (lab) => ({ report: lab.probe() }),
  },
  spectral: {
    create: (m) => new SpectralLab(m.amplitudes, m.seed),
    budget: (_, m) => m.steps,
    chunk: 20,
    train: (lab, n) => lab.train(n),
    position: (lab) => lab.step(),
    frame: (lab) => ({ readout: lab.readout(), curves: lab.curves() }),
    finish: () => ({}),
  },
  clones: {
    create: (m) => new CloneLab(m.seed),
    budget: (_, m) => m.steps,
    // Frames at fixed, log-spaced steps (not by frame timing), so the first hundred
    // steps, where the clones should track the real digits, are always on the chart.
    marks: (budget) => logSpaced(budget),
    chunk: 5,
    train: (lab, n) => lab.train(n),
    position: (lab) => lab.accuracy().step,
    frame: (lab) => ({ accuracy: lab.accuracy() }),
    finish: () => ({}),
  },
};

/** Steps 1, 2, 3, …, 10, 13, 16, 20, 25, 32, … (ten per decade, rounded) up to `budget`. */
function logSpaced(budget) {
  const out = new Set();
  for (let k = 0; 10 ** (k / 10) < budget; k++) out.add(Math.round(10 ** (k / 10)));
  out.add(budget);
  return [...out].filter((s) => s >= 1 && s <= budget).sort((a, b) => a - b);
}

function tick() {
  const live = Object.entries(runs).filter(([, r]) => r.playing);
  if (!live.length) { ticking = false; return; }
  ticking = true;
  for (const [kind, r] of live) {
    const spec = KINDS[kind];
    const started = performance.now();
    try {
      while (performance.now() - started < 30 / live.length && r.position < r.budget) {
        const n = Math.min(spec.chunk, r.budget - r.position, r.marks ? r.marks[0] - r.position : Infinity);
        spec.train(r.lab, n);
        r.position += n;
        if (r.marks && r.position === r.marks[0]) {
          r.marks.shift();
          postMessage({ type: `${kind}-frame`, step: r.position, budget: r.budget, ...spec.frame(r.lab) });
        }
      }
      const end = r.position >= r.budget;
      if (!r.marks && (end || performance.now() - (r.framed ?? 0) > FRAME_MS)) {
        postMessage({ type: `${kind}-frame`, step: r.position, budget: r.budget, ...spec.frame(r.lab) });
        r.framed = performance.now();
      }
      if (end) {
        r.playing = false;
        postMessage({ type: `${kind}-done`, ...spec.finish(r.lab) });
      }
    } catch (err) {
      r.playing = false;
      postMessage({ type: 'error', kind, text: String(err.message || err) });
    }
  }
  yieldToEvents().then(tick);
}

/** The gallery in wasm (f64, the reference), or on WebGPU (f32) when asked and possible;
 *  { gallery, compute: what computed it, in words, and why wasm when WebGPU was asked }. */
async function gallery(m) {
  const wasm = (why) => ({ gallery: redshiftGallery(m.config, m.count), compute: why ? `wasm (f64): ${why}` : 'wasm (f64)', fellBack: !!why });
  if (m.compute !== 'webgpu') return wasm();
  const plan = redshiftPlainMlps(m.config, m.count);
  if (plan.blocker) return wasm(plan.blocker);
  const gpu = await sharedGpu();
  if (!gpu.device) return wasm(`WebGPU is unavailable here (${gpu.reason})`);
  try {
    const values = await galleryValues(gpu.device, plan);
    // The complexity numbers are the core's, from the GPU's values.
    const items = values.map((v, k) => ({ values: Array.from(v), row: redshiftRow({ ...m.config, seed: m.config.seed + k }, Float64Array.from(v)) }));
    return { gallery: items, compute: `WebGPU (${gpu.label}), f32`, fellBack: false };
  } catch (err) {
    return wasm(`the GPU path failed (${String(err.message || err).slice(0, 200)})`);
  }
}

onmessage = async ({ data: m }) => {
  try { await ready; } catch (err) { postMessage({ type: 'error', text: `wasm failed to load: ${err}` }); return; }
  try {
    if (KINDS[m.type]) {
      const spec = KINDS[m.type];
      if (m.action === 'start') {
        if (m.type === 'clones') await digitsFor(true); // clones of the digits
        runs[m.type]?.lab.free();
        const lab = spec.create(m);
        const budget = spec.budget(lab, m);
        runs[m.type] = { lab, playing: true, position: 0, budget, marks: spec.marks?.(budget) };
        postMessage({ type: `${m.type}-ready`, info: m.type === 'slab' ? lab.info() : null, budget: runs[m.type].budget });
      } else if (m.action === 'pause' && runs[m.type]) runs[m.type].playing = false;
      else if (m.action === 'resume' && runs[m.type] && runs[m.type].position < runs[m.type].budget) runs[m.type].playing = true;
      if (!ticking) tick();
    } else if (m.type === 'redshift') {
      postMessage({ type: 'redshift-result', ...await gallery(m) });
    } else if (m.type === 'redshift-table') {
      postMessage({ type: 'redshift-table-result', rows: redshiftTable(m.config, m.activations, Uint32Array.from(m.depths), Float64Array.from(m.amplitudes)) });
    } else if (m.type === 'shortcut') {
      postMessage({ type: 'shortcut-result', rows: shortcutBias(m.config, m.maxLayers, m.epochs) });
    }
  } catch (err) {
    postMessage({ type: 'error', kind: m.type, text: String(err.message || err) });
  }
};
