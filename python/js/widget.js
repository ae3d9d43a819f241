// The notebook widget (anywidget): the playground page itself, index.html with
// www/playground/, in a frame of its own for each view, so its document-level ids, its
// worker and its run belong to that view alone (several widgets train independently).
// anywidget ships one ES module and no asset files (manzt/anywidget#921), so
// scripts/build-widget.mjs bundles everything into this module: the page's modules and its
// worker (esbuild, one text each, started here from blob: URLs), its CSS and <body>, and the
// core's .wasm and the 8×8 digits, gzipped (esbuild's binary loader; inflated here once per
// notebook and handed to each view's worker, which fetches nothing).
// The model's state (python/src/gradlab/__init__.py): config (URL keys), running, steps,
// history, speed, error, warnings; Python's messages { type: 'step', n } and
// { type: 'reset' }. This module and the page (python/js/page-start.js, the frame's side)
// speak over a MessagePort: see there.
import PAGE_JS from 'gradlab:page.js';
import WORKER_JS from 'gradlab:worker.js';
import PAGE_CSS from 'gradlab:page.css';
import PAGE_BODY from 'gradlab:page.html';
import CORE_GZ from 'gradlab:core.wasm.gz';
import DIGITS_GZ from 'gradlab:digits.u8.gz';

/** The run's settings (URL keys) as the page's hash: lists joined by commas. */
export function toHash(config) {
  return Object.entries(config || {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(Array.isArray(v) ? v.join(',') : String(v)).replace(/%2C/g, ',')}`)
    .join('&');
}

// Made once per notebook document, shared by every view.
let urls = null;
const blobUrl = (text) => URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
const scripts = () => (urls ??= { page: blobUrl(PAGE_JS), worker: blobUrl(WORKER_JS) });
let files = null;
const inflate = async (gz) => new Uint8Array(await new Response(new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
const loadFiles = () => (files ??= Promise.all([inflate(CORE_GZ), inflate(DIGITS_GZ)]).then(([core, digits]) => ({ core, digits })));

const attr = (s) => String(s ?? '').replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** The frame's document: the playground page in its embedded form, its settings and the
 *  worker's URL on <body> for page-start.js. */
function pageHtml(hash, speed) {
  const { page, worker } = scripts();
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Gradient Lab</title><style>${PAGE_CSS}</style></head>`
    + `<body class="playground embedded notebook" data-worker="${attr(worker)}" data-hash="${attr(hash)}" data-speed="${attr(speed)}">`
    + `${PAGE_BODY}<script type="module" src="${attr(page)}"></script></body></html>`;
}

// A widget shown twice gets two views, each with its own run; the latest one syncs the
// model (Python's commands reach them all).
const viewsOf = new WeakMap();

function render({ model, el }) {
  const views = viewsOf.get(model) ?? new Set();
  viewsOf.set(model, views);
  const view = {};
  views.add(view);
  const frame = document.createElement('iframe');
  frame.title = 'Gradient Lab playground';
  frame.style.cssText = 'display:block;width:100%;height:820px;border:0;';
  const written = toHash(model.get('config'));
  frame.srcdoc = pageHtml(written, model.get('speed'));
  el.replaceChildren(frame);

  let port = null;
  const queue = [];
  const tell = (msg) => (port ? port.postMessage(msg) : queue.push(msg));
  let fromView = false;
  const onState = ({ data }) => {
    if (data?.type === 'height') frame.style.height = `${data.px}px`;
    if (data?.type !== 'state' || [...views].at(-1) !== view) return;
    const { type, ...values } = data;
    fromView = true;
    try { for (const [k, v] of Object.entries(values)) model.set(k, v); } finally { fromView = false; }
    model.save_changes?.();
  };
  // The frame says hello once its page runs (again after a reload, when the notebook
  // moves the output): it gets the core and a port, then what changed since it was written.
  const onHello = async (e) => {
    if (e.source !== frame.contentWindow || e.data?.type !== 'gradlab-view') return;
    const { core, digits } = await loadFiles();
    const channel = new MessageChannel();
    port?.close();
    port = channel.port1;
    port.onmessage = onState;
    e.source.postMessage({ type: 'gradlab-files', core, digits }, '*', [channel.port2]);
    const hash = toHash(model.get('config'));
    if (hash !== written) port.postMessage({ type: 'config', hash });
    if (model.get('running')) port.postMessage({ type: 'running', on: true });
    for (const msg of queue.splice(0)) port.postMessage(msg);
  };
  addEventListener('message', onHello);

  const handlers = {
    'change:config': () => fromView || tell({ type: 'config', hash: toHash(model.get('config')) }),
    'change:running': () => fromView || tell({ type: 'running', on: Boolean(model.get('running')) }),
    'change:speed': () => fromView || tell({ type: 'speed', key: model.get('speed') }),
    'msg:custom': (msg) => (msg?.type === 'step' || msg?.type === 'reset') && tell(msg),
  };
  for (const [event, h] of Object.entries(handlers)) model.on(event, h);
  return () => {
    for (const [event, h] of Object.entries(handlers)) model.off?.(event, h);
    removeEventListener('message', onHello);
    port?.close();
    views.delete(view);
  };
}

export default { render };
