// Starts the playground's training worker as soon as this module arrives, before main.js and
// the modules it imports have loaded: meanwhile the worker fetches and compiles the core and
// builds the first run. What it says before main.js takes over is kept and handed over in
// order. index.html loads this module first (async); main.js imports it (one instance), so
// a page that loads only main.js works the same. The worker is worker.js bundled with its
// imports (pkg/playground/worker.js, made by scripts/bundle.mjs): one file to fetch.
export const worker = new Worker(new URL('../../pkg/playground/worker.js', import.meta.url), { type: 'module' });
const early = [];
worker.onmessage = (e) => early.push(e);
worker.onerror = (e) => early.push(e);

/** Where own-data-view.js keeps the user's own rows in this browser. */
export const KEY = 'gradlab.data';
/** The user's own rows kept in this browser when the page opened, or null; the worker
 *  checks them again. */
export const keptAtStart = (() => {
  try {
    const data = JSON.parse(localStorage.getItem(KEY) || 'null');
    return data && typeof data === 'object' && Array.isArray(data.x) ? data : null;
  } catch {
    return null;
  }
})();

// The backend first (main.js says it again, with a warning for a value it does not know).
const backend = new URLSearchParams(location.search).get('backend');
worker.postMessage({ type: 'backend', backend: ['cpu', 'webgpu'].includes(backend) ? backend : 'auto' });
worker.postMessage({ type: 'init', hash: location.hash, data: keptAtStart });

// The page's own bundle (pkg/playground/main.js) failing to load (not built, not served)
// would leave the page at "starting…": once the page has loaded, a bundle that never took
// over is said on the page. (Its load error may come before this module runs, so it is not
// listened for.) A page that already said why nothing can run (no wasm SIMD: core-wasm.js)
// is left as it is.
let tookOver = false;
addEventListener('load', () => {
  const status = document.getElementById('core-status');
  if (tookOver || status?.dataset.build === 'none') return;
  const box = Object.assign(document.createElement('div'), { className: 'msg error' });
  box.setAttribute('role', 'alert');
  box.textContent = `The page's code could not be loaded (${new URL('../../pkg/playground/main.js', import.meta.url)}). Was the page built with scripts/build-web.sh?`;
  (document.getElementById('messages') || document.body).prepend(box);
  for (const [id, text] of [['core-status', 'CPU core: not loaded (the page\'s code did not load).'], ['backend-status', 'Backend: none (the page\'s code did not load).']]) {
    const el = document.getElementById(id);
    if (el) { el.textContent = text; el.dataset.build = 'none'; }
  }
});

/** main.js's handlers take over; the messages so far are handled first, in order. */
export function takeOver(onMessage, onError) {
  tookOver = true;
  worker.onmessage = onMessage;
  worker.onerror = onError;
  for (const e of early.splice(0)) (e.type === 'error' ? onError : onMessage)(e);
}
