// The notebook's stand-in, in the playground's worker, for www/shared/core-wasm.js and
// www/shared/digits.js (scripts/build-widget.mjs swaps it in for both): a worker started
// from a blob: URL has no files to fetch, so the core's .wasm and the 8×8 digits come as
// bytes in the page's first message to it, { type: 'files', core, digits } (page-start.js).
// One core: the build also maps the lite core (pkg/lite/) to the full one, so every run
// starts where it can finish and nothing is handed over. The plain SIMD build only (not the
// FMA one): the same bits on every machine, and half the widget's size.
let give;
const files = new Promise((resolve) => { give = resolve; });
addEventListener('message', (e) => { if (e.data?.type === 'files') give(e.data); });

/** What worker.js passes to the core's init as module_or_path: wasm-bindgen's init awaits
 *  it and instantiates the bytes (no fetch). */
export const coreUrl = files.then((f) => f.core);
export const liteUrl = coreUrl;
export const coreBuild = 'simd';
export const coreLine = () => 'CPU core: wasm SIMD, the full core (it travels inside the notebook widget).';

/** As www/shared/digits.js: resolves once `core` can build `config`, the digits taken
 *  from the page's first message. */
export async function digitsFor(config, core) {
  if (!(config === true || config?.dataset === 'digits') || core.digitsLoaded()) return;
  core.provideDigits(new Uint8Array((await files).digits));
}
