// Which build of the wasm core to load, for the page and every worker alike (each context
// that loads the core imports this module and gets the same answer: it depends only on the
// browser and the CPU). Two builds, same JS glue (pkg/gradlab.js):
//   pkg/fma/gradlab_bg.wasm  GEMM accumulates with relaxed SIMD's f32x4.relaxed_madd
//                            (about 1.4× the matmul speed where it is a real FMA);
//   pkg/gradlab_bg.wasm      plain SIMD128: mul then add, the same bits on every engine.
// The fma build loads only where a probe shows relaxed_madd fused, so every machine that
// runs a build computes the same bits; the lite core (pkg/lite/) is the playground's first
// download. Why, and how the probe below tells fused from unfused: www/README.md, "Which
// core build loads".
const PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x01, 0x60, 0x03, 0x7d, 0x7d, 0x7d,
  0x01, 0x7d, 0x03, 0x02, 0x01, 0x00, 0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x16, 0x01,
  0x14, 0x00, 0x20, 0x00, 0xfd, 0x13, 0x20, 0x01, 0xfd, 0x13, 0x20, 0x02, 0xfd, 0x13, 0xfd, 0x85,
  0x02, 0xfd, 0x1f, 0x00, 0x0b,
]);

/** 'fused', 'unfused' or 'unsupported' (no relaxed SIMD, or the probe failed to run). */
export function relaxedMadd(wasm = globalThis.WebAssembly) {
  try {
    if (!wasm.validate(PROBE)) return 'unsupported';
    // Synchronous: 53 bytes, far below the size browsers refuse to compile on the main thread.
    const { f } = new wasm.Instance(new wasm.Module(PROBE)).exports;
    const r = f(1 + 2 ** -13, 1 - 2 ** -13, -1);
    return r === -(2 ** -26) ? 'fused' : r === 0 ? 'unfused' : 'unsupported';
  } catch {
    return 'unsupported';
  }
}

const WHY = {
  unfused: 'relaxed SIMD is here but its multiply-add is not fused on this CPU',
  unsupported: 'this browser has no relaxed SIMD',
};

// Both builds need wasm SIMD (www/README.md): without it this module says so on the page and
// throws, so neither the page nor a worker goes on to a confusing CompileError.
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03,
  0x02, 0x01, 0x00, 0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b,
]);

/** Whether this engine runs wasm SIMD (false also where WebAssembly itself is missing). */
export function hasSimd(wasm = globalThis.WebAssembly) {
  try { return Boolean(wasm && wasm.validate(SIMD_PROBE)); } catch { return false; }
}

export const NO_SIMD = 'This browser cannot run Gradient Lab: its WebAssembly has no SIMD (128-bit vector '
  + 'instructions), which the training core is built with. Chrome and Edge 91 or later, Firefox 89 or later '
  + 'and Safari 16.4 or later have it: please update this browser or open the page in one of those.';

if (!hasSimd()) {
  if (globalThis.document) {
    const box = document.createElement('div');
    box.className = 'msg error';
    box.setAttribute('role', 'alert');
    box.textContent = NO_SIMD;
    (document.getElementById('messages') || document.body).prepend(box);
    const status = document.getElementById('core-status');
    if (status) { status.textContent = 'CPU core: none (no wasm SIMD in this browser).'; status.dataset.build = 'none'; }
    const backend = document.getElementById('backend-status');
    if (backend) backend.textContent = 'Backend: none (the core cannot run here).';
    // Nothing on the page can work: its controls say so by being disabled.
    for (const el of document.querySelectorAll('button, select, input, textarea')) el.disabled = true;
  }
  throw new Error(NO_SIMD);
}

/** The probe's answer, the build it picks ('fma' or 'simd'), the .wasm's URL (pass it to
 *  init as module_or_path), the lite core's, and a line for the page. */
export const madd = relaxedMadd();
export const coreBuild = madd === 'fused' ? 'fma' : 'simd';
const flavour = coreBuild === 'fma' ? 'fma/' : '';
export const coreUrl = new URL(`../../pkg/${flavour}gradlab_bg.wasm`, import.meta.url);
export const liteUrl = new URL(`../../pkg/lite/${flavour}gradlab_bg.wasm`, import.meta.url);
export const coreText = coreBuild === 'fma'
  ? 'CPU core: wasm SIMD + FMA (relaxed SIMD, fused multiply-add in matmuls; results identical on every machine that runs it).'
  : `CPU core: wasm SIMD (${WHY[madd]}; results identical on every machine that runs this build).`;

/** The page's line for the lite core, or for the full core loaded because of `why`. */
export function coreLine(why) {
  return why
    ? `${coreText} Full core, loaded for ${why}.`
    : `${coreText} Lite core: backprop with SGD or Adam; the full core loads when a setting needs it.`;
}
