// The notebook's stand-in for www/playground/start.js (scripts/build-widget.mjs swaps it in):
// the playground page inside a notebook widget's frame (python/js/widget.js). It starts the
// page's worker from the blob: URL the widget wrote into the frame (data-worker on <body>),
// with the run's settings (data-hash), hands the worker the core's bytes once the widget has
// sent them, and keeps the widget model and the page in step over a MessagePort:
//   widget → page  { type: 'config', hash }  settings from Python (URL keys, as a hash)
//                  { type: 'running', on }, { type: 'step', n }, { type: 'reset' },
//                  { type: 'speed', key }   a level of www/playground/pace.js
//   page → widget  { type: 'state', ... }   what changed of steps, running, history,
//                                           config, warnings, error, speed
//                  { type: 'height', px }   the page's height, for the frame's
// It watches the page rather than changing it: what main.js sends the worker (its
// postMessage, wrapped) and what the worker answers (a second listener). Python's commands
// press the page's own buttons, so the page's state stays the page's.
import { SPEEDS, DEFAULT_SPEED } from '../../www/playground/pace.js';
import { shortestSettings } from '../../www/playground/share.js';
import { pairs } from '../../www/shared/text.js';

const root = document.body.dataset;
export const worker = new Worker(root.worker, { type: 'module' });
const early = [];
worker.onmessage = (e) => early.push(e);
worker.onerror = (e) => early.push(e);

/** Where own-data-view.js keeps the user's own rows (as start.js); a notebook's view starts
 *  from its settings alone, so none are kept at start. */
export const KEY = 'gradlab.data';
export const keptAtStart = null;

const here = (hash) => new URL(`#${hash}`, location.href); // about:srcdoc#…, not the base URL (the notebook's)
history.replaceState(null, '', here(root.hash));
worker.postMessage({ type: 'backend', backend: 'auto' });
worker.postMessage({ type: 'init', hash: location.hash, data: null });

/** main.js's handlers take over; the messages so far are handled first, in order. A
 *  setting the worker could not use is named without its "URL: " (here it came from Python). */
const fromPython = (e) => (e.data?.type === 'message' && e.data.text?.startsWith('URL: ') ? { data: { ...e.data, text: e.data.text.slice(5) } } : e);
export function takeOver(onMessage, onError) {
  worker.onmessage = (e) => onMessage(fromPython(e));
  worker.onerror = onError;
  for (const e of early.splice(0)) (e.type === 'error' ? onError : worker.onmessage)(e);
}

// ---- the model's state, as the page shows it
const MAX_ROWS = 1000; // history rows sent to Python: evenly spaced, the first and last kept
const SYNC_MS = 250;
const HISTORY_MS = 1000;
const state = { steps: 0, running: false, history: [], config: null, warnings: [], error: '', speed: DEFAULT_SPEED };
let rows = []; // one per frame the worker sent (and per early log-spaced step), bounded
let defaults = null; // the default run's config (the worker's 'previews'): config keeps what differs
let hash = '';
let warnings = []; // since the settings last changed
let port = null;
let sent = {};
let timer = null;
let historyAt = -Infinity;

/** A config object from the run's hash: the keys that differ from the defaults and those
 *  the widget named (Python's settings keep their keys when the view sets a default),
 *  numbers as numbers (lists such as hidden=8,8 stay text, as in the URL). */
function configOf() {
  const out = {};
  const differ = shortestSettings(hash, defaults);
  for (const [key, text] of pairs(hash, true)) {
    if (!(key in differ || named.has(key))) continue;
    const n = Number(text);
    out[key] = text !== '' && !Array.isArray(defaults[key]) && String(n) === text ? n : text;
  }
  return out;
}
const keysOf = (h) => pairs(h, true).map(([key]) => key);
let named = new Set(keysOf(root.hash));

function thin(list) {
  if (list.length <= MAX_ROWS) return list;
  const every = (list.length - 1) / (MAX_ROWS - 1);
  return Array.from({ length: MAX_ROWS }, (_, i) => list[Math.round(i * every)]);
}

/** Sends what changed, at once (`now`) or at most every SYNC_MS; the history (up to 1000
 *  rows) at most every HISTORY_MS unless `now`, so a running view does not flood the kernel. */
function sync(now = false) {
  if (!port) return;
  if (now) flush(true); else timer ??= setTimeout(() => flush(false), SYNC_MS);
}
function flush(all) {
  clearTimeout(timer);
  timer = null;
  const due = all || performance.now() - historyAt >= HISTORY_MS;
  if (due) { state.history = thin(rows); historyAt = performance.now(); }
  const changed = {};
  for (const [k, v] of Object.entries(state)) {
    const text = JSON.stringify(v);
    if (sent[k] !== text) { changed[k] = v; sent[k] = text; }
  }
  if (Object.keys(changed).length) port.postMessage({ type: 'state', ...changed });
  if (!due) timer = setTimeout(() => flush(false), HISTORY_MS - (performance.now() - historyAt));
}

const rounded = (x) => Math.round(x * 1000) / 1000;
function onFrame(f) {
  const perStep = f.step ? f.epoch / f.step : 0;
  for (const [step, e] of f.logged || []) rows.push({ epoch: rounded(step * perStep), step, train: e.train, test: e.test });
  rows.push({ epoch: rounded(f.epoch), step: f.step, train: f.evaluation.train, test: f.evaluation.test });
  if (rows.length > 4 * MAX_ROWS) rows = rows.filter((_, i) => i % 2 === 0 || i === rows.length - 1);
  state.steps = f.step;
  sync();
}

/** The run's settings as the worker applied them (hash), with the warnings that came first. */
function applied(info, fresh) {
  hash = info.hash;
  if (fresh) { rows = []; state.error = ''; }
  state.warnings = warnings;
  if (defaults) state.config = configOf();
  sync(true);
}

worker.addEventListener('message', ({ data }) => {
  switch (data?.type) {
    case 'frame': onFrame(data); break;
    case 'ready': applied(data.info, true); break;
    case 'live': case 'data': case 'resync': applied(data.info, false); break;
    case 'previews': defaults = data.defaults; if (hash) { state.config = configOf(); sync(true); } break;
    case 'stopped': state.running = false; sync(true); break;
    case 'message':
      if (data.level === 'warning') warnings.push(fromPython({ data }).data.text);
      if (data.level === 'error') { state.error = data.text; sync(true); }
      break;
  }
});

const send = worker.postMessage.bind(worker);
worker.postMessage = (msg, transfer) => {
  switch (msg?.type) {
    case 'play': case 'pause': state.running = msg.type === 'play'; sync(true); break;
    case 'reset': rows = []; break;
    case 'config': case 'navigate': warnings = []; break;
    case 'speed': state.speed = SPEEDS[Number(document.getElementById('speed').value)]?.key ?? state.speed; sync(true); break;
  }
  send(msg, transfer);
};

// ---- the widget's commands
const press = (id) => document.getElementById(id).click();
const commands = {
  config({ hash: next }) {
    named = new Set(keysOf(next));
    history.replaceState(null, '', here(next));
    dispatchEvent(new HashChangeEvent('hashchange')); // main.js applies it, as Back would
  },
  running({ on }) { if (on !== state.running) press('play'); },
  step({ n }) {
    if (state.running) press('play');
    worker.postMessage({ type: 'step', n });
  },
  reset() { press('reset'); },
  speed({ key }) {
    const i = SPEEDS.findIndex((s) => s.key === key);
    if (i < 0 || key === state.speed) return;
    const input = document.getElementById('speed');
    input.value = String(i);
    input.dispatchEvent(new Event('input')); // main.js's chooseSpeed
  },
};

/** The page's height, for the widget to size the frame (no scrollbar inside). */
function height() {
  const px = Math.ceil(document.documentElement.getBoundingClientRect().height);
  port?.postMessage({ type: 'height', px });
}

addEventListener('message', (e) => {
  if (e.source !== parent || e.data?.type !== 'gradlab-files') return;
  const { core, digits } = e.data; // this frame's copies: handed on, not copied again
  worker.postMessage({ type: 'files', core, digits }, [core.buffer, digits.buffer]);
  port = e.ports[0];
  port.onmessage = ({ data }) => commands[data?.type]?.(data);
  sent = {};
  commands.speed({ key: root.speed });
  sync(true);
  new ResizeObserver(height).observe(document.documentElement);
});
parent.postMessage({ type: 'gradlab-view' }, '*');
