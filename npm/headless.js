// gradlab's headless API: training runs without a page, for browsers and (through node.js,
// which reads the .wasm with fs) Node. A run is built from the same settings as the page's
// URL (docs.html lists them), so a link and a test describe the same experiment:
//
//   import { createRun } from 'gradlab';
//   const run = await createRun({ dataset: 'spiral', hidden: '8,8', lr: 0.03, seed: 1 });
//   run.step(200);                     // { step, epoch, loss } of the last step
//   run.evaluate();                    // { train: { loss, accuracy }, test: { … } }
//   run.weights();                     // Float32Array, every parameter (a copy)
//   run.safetensors();                 // Uint8Array, a .safetensors file
//
// Same settings and seed, same bits as the page on the same core build (`run.build`).
import init, * as core from './pkg/gradlab.js';
import { relaxedMadd } from './www/shared/core-wasm.js';

let loading = null;
let exports = null;
let bytesOf = (url) => url; // the browser: the glue fetches the URL itself (node.js swaps in fs)

/** Which core build runs here: 'fma' where relaxed SIMD's multiply-add is fused, else 'simd'. */
export const build = relaxedMadd() === 'fused' ? 'fma' : 'simd';

/** (For node.js.) How to turn a file URL in this package into what the wasm init takes. */
export function setLoader(fn) { bytesOf = fn; }

/** Loads the core once (createRun calls it); `wasm`: a URL, bytes or a WebAssembly.Module
 *  to use instead of the package's own .wasm. */
export async function load(wasm) {
  loading ??= (async () => {
    // Two literal URLs, not a template, so bundlers (Vite) see and emit both files.
    const url = build === 'fma' ? new URL('./pkg/fma/gradlab_bg.wasm', import.meta.url) : new URL('./pkg/gradlab_bg.wasm', import.meta.url);
    exports = await init({ module_or_path: await (wasm ?? bytesOf(url)) });
    return core;
  })().catch((err) => { loading = null; throw err; });
  return loading;
}

/** The URL-hash text of a settings object ({ hidden: [8, 8] } or { hidden: '8,8' }). */
export function toHash(settings = {}) {
  if (typeof settings === 'string') return settings.replace(/^#/, '');
  return Object.entries(settings)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(Array.isArray(v) ? v.join(',') : String(v)).replace(/%2C/g, ',')}`)
    .join('&');
}

async function digits() {
  if (core.digitsLoaded()) return;
  const url = new URL('./data/digits.u8', import.meta.url);
  const got = await bytesOf(url);
  const bytes = got instanceof URL ? new Uint8Array(await (await fetch(got)).arrayBuffer()) : got;
  core.provideDigits(bytes);
}

/** A training run from URL settings (an object or a hash string). Unknown keys or bad
 *  values throw, naming them; `{ lenient: true }` keeps the run with the defaults for those
 *  instead (as the page does) and lists them in `run.warnings`. `data`: the rows of
 *  dataset=custom ({ names, x, y, labels }). */
export async function createRun(settings = {}, { lenient = false, data = null } = {}) {
  await load();
  const parsed = core.parseHash(toHash(settings), data);
  if (parsed.warnings.length && !lenient) throw new Error(`gradlab: ${parsed.warnings.join('; ')}`);
  if (parsed.config.dataset === 'digits') await digits();
  return new Run(new core.Lab(parsed.config, data), parsed);
}

/** One training run; free() it when done (or let the garbage collector). */
export class Run {
  #lab;
  constructor(lab, parsed) {
    this.#lab = lab;
    /** The full config, every key with its value (defaults filled in). */
    this.config = parsed.config;
    /** Settings that were ignored, each with why (lenient runs only). */
    this.warnings = parsed.warnings;
    /** Which core build computes it ('fma' or 'simd'). */
    this.build = build;
  }

  /** Trains `n` steps; the last step's { step, epoch, loss }. Throws on divergence
   *  (the weights of the last good step are kept). */
  step(n = 1) {
    const s = this.#lab.train(n);
    const out = { step: s.step, epoch: s.epoch, loss: s.loss };
    s.free();
    return out;
  }

  /** Steps taken so far. */
  get steps() { return this.#lab.step(); }

  /** Loss and accuracy (null for regression) on the full training and test sets now. */
  evaluate() { return this.#lab.evaluate(); }

  /** Per-epoch metrics so far: [{ epoch, step, train: { loss, accuracy }, test: … }]. */
  history() { return this.#lab.history(); }

  /** Task, layer sizes, feature names and points. */
  info() { return this.#lab.info(); }

  /** Every parameter, layer by layer (weights then biases), as a copy. */
  weights() {
    return new Float32Array(exports.memory.buffer, this.#lab.paramsPtr(), this.#lab.paramsLen()).slice();
  }

  /** The model as a .safetensors file (PyTorch nn.Linear layout, the config in metadata). */
  safetensors() { return this.#lab.saveModel(); }

  /** Loads weights from a .safetensors file of the same architecture. */
  loadSafetensors(bytes) { this.#lab.loadModel(bytes); }

  /** The run's URL hash (every key), e.g. to open it in the playground. */
  get hash() { return this.#lab.info().hash; }

  /** Back to the initial weights of the same seed, step 0. */
  reset() { this.#lab.reset(); }

  free() { this.#lab.free(); }
}
