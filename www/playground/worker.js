// The training worker: owns the wasm Lab so the page stays responsive while training at
// full speed. Messages in (the `handlers` below): init, config, play, pause, step, reset,
// backend, ack, redraw, save-model, save-run, load-run, upload-csv, edit-points,
// load-model. Messages out: ready, live (settings applied to the running net), data (new
// rows, same network), user-data (the rows to keep), previews (dataset thumbnails), frame,
// stopped, resync (the page's view of the run after an error), message (errors and
// warnings), model, run, backend (which backend computes what, and why: see backend.js),
// core (which wasm build runs: core-wasm.js).
// Runs start on the lite core (pkg/lite/, crate/train/lite.rs). A config it cannot run is
// built on the full core, loaded then; an action it lacks (model and run files, CSV import)
// first hands the live run over to the full core, exactly (Lab.exportState/importState).
import initLite, * as liteCore from '../../pkg/lite/gradlab.js';
import { coreUrl, liteUrl, coreBuild, coreLine } from '../shared/core-wasm.js';
import { copyF32 } from '../shared/memory.js';
import { Backend } from './backend.js';
import { yieldToEvents } from '../shared/yield.js';
import { nextLogStep } from './pace.js';

const GRID_RES = 100;
const NEURON_RES = 24;
const CHUNK_MS = 12;
const GPU_CHUNK_MS = [100, 300];

// A core: { mod (its JS module), wasm (its instance's exports), full }. `core` builds new
// runs; `labCore` is the one `lab` lives in (its memory holds the weights and maps).
let core = null;
let fullCore = null; // a promise, once the full core is asked for
let lab = null;
let labCore = null;
let config = null;
// The user's own rows for dataset=custom ({ names, x, y, labels, note }), kept across
// rebuilds; a link cannot carry them, the page keeps them in the browser and run files.
let userData = null;
let playing = false;
let framePending = false;
let stepsPerCall = 1;
let rate = { steps: 0, since: performance.now(), value: 0 };
let looping = false;
let is2d = false; // whether the run's inputs are 2-D points (maps are drawn)
let gpuSteps = 8;
// The pace: { steps } or { epochs } per page frame, or null for flat out (pace.js).
let pace = { epochs: 1 };
let ackWaiter = null; // resolves when the page has drawn the last frame (or on pause)
// Evaluations at log-spaced steps, sent with the next frame (the charts' early steps).
let logPoints = [];
const memory = () => labCore.wasm.memory;
const paramsOf = (l) => copyF32(memory(), l.paramsPtr(), l.paramsLen());
const backend = new Backend((text, level) => post({ type: 'backend', text, level }), paramsOf, GRID_RES, NEURON_RES);

const ready = initLite({ module_or_path: liteUrl })
  .then((wasm) => { core = { mod: liteCore, wasm, full: false }; post({ type: 'core', build: coreBuild, text: coreLine() }); })
  .catch((err) => {
    postMessage({ type: 'message', level: 'error', text: `The WebAssembly core could not be loaded (${err.message || err}). Was the page built with scripts/build-web.sh?` });
    // Never a silent "loading…" / "starting…": the status lines say it too.
    postMessage({ type: 'core', build: 'none', text: 'CPU core: not loaded (see the message above).' });
    postMessage({ type: 'backend', text: 'none: the core did not load.', level: 'error' });
    throw err;
  });

/** The full core, loaded once (a first visit never fetches it); new runs are built on it
 *  from then on. `why` names what needs it, for the page's core line. */
function loadFull(why) {
  fullCore ??= import('../../pkg/gradlab.js').then(async (mod) => {
    const full = { mod, wasm: await mod.default({ module_or_path: coreUrl }), full: true };
    post({ type: 'core', build: coreBuild, text: coreLine(why) });
    return full;
  }).catch((err) => {
    fullCore = null;
    throw new Error(`the full WebAssembly core could not be loaded (${err.message || err}), which ${why} needs`);
  });
  return fullCore.then((full) => (core = full));
}

/** The core to build `next` on: the current one, or the full core when the lite core
 *  cannot run it (it says why). Throws naming a bad field, as building would. */
async function coreFor(next, data) {
  const why = core.full ? null : core.mod.fullCoreNeeded(next, data);
  return why ? loadFull(why) : core;
}

/** Hands the live run to the full core before an action the lite core lacks (`why`): the
 *  same config built there takes the run's weights, step, optimizer moments and minibatch
 *  stream, so training goes on exactly as it would have. */
async function handOver(why) {
  if (labCore.full) return;
  const full = await loadFull(why);
  const fresh = await newLab(full, config, rowsFor(config));
  try {
    fresh.importState(lab.exportState());
  } catch (err) {
    fresh.free();
    throw err;
  }
  lab.free();
  lab = fresh;
  labCore = full;
  backend.attach(lab, info());
}

function post(msg, transfer = []) { postMessage(msg, transfer); }
function say(level, text) { post({ type: 'message', level, text }); }

function info() { return lab.info(); }

/** The user's rows when `cfg` trains on them (dataset=custom), else undefined. */
const rowsFor = (cfg) => (cfg.dataset === 'custom' ? userData : undefined);

/** A Lab of core `c` for `cfg` (`data`: its own rows), the digits fetched first when it
 *  needs them. Throws on an invalid config, leaving the current run as it is. */
// The digits' loader (shared/digits.js) is fetched by the first digits run.
async function digitsFor(cfg, mod) {
  if (cfg?.dataset === 'digits') await (await import('../shared/digits.js')).digitsFor(cfg, mod);
}

async function newLab(c, cfg, data) {
  await digitsFor(cfg, c.mod);
  const fresh = new c.mod.Lab(cfg, data);
  fresh.setEpochMetrics(false); // the page evaluates once per frame instead
  return fresh;
}

async function build(next) {
  const c = await coreFor(next, rowsFor(next));
  adopt(await newLab(c, next, rowsFor(next)), next, c);
  await digitsView();
}

// The page's digits view needs the test set and the outputs on it (full core only): a
// digits run moves there (an exact handover) and sends the test set once.
const DIGITS_EVERY_MS = 250;
let digitsAt = -Infinity;
const digitsRun = () => config?.dataset === 'digits';
async function digitsView() {
  if (!digitsRun()) return;
  if (!labCore.full) await handOver('the digits view');
  post({ type: 'digits-test', x: lab.testX(), y: lab.testY(), inputs: info().sizes[0] });
  digitsAt = -Infinity;
  sendFrame(true);
}

/** Makes `fresh` (a Lab of core `c`) the run: frees the old one, tells the page, attaches
 *  the backend. */
function adopt(fresh, next, c) {
  if (lab) lab.free();
  lab = fresh;
  labCore = c;
  config = next;
  rate = { steps: 0, since: performance.now(), value: 0 };
  logPoints = [];
  const built = info();
  is2d = built.twoD;
  post({ type: 'ready', info: built });
  backend.attach(lab, built); // drops the old run's GPU buffers at once, before this frame
  sendFrame(true);
}

function sendFrame(force = false) {
  if (framePending && !force) return;
  const evaluation = lab.evaluate();
  const out = { type: 'frame', step: lab.step(), epoch: lab.epoch(), evaluation, stepsPerSecond: rate.value, wasmBytes: memory().buffer.byteLength, logged: logPoints };
  logPoints = [];
  out.params = paramsOf(lab);
  if (digitsRun() && labCore.full && (force || performance.now() - digitsAt > DIGITS_EVERY_MS)) {
    out.testOutputs = lab.testOutputs();
    digitsAt = performance.now();
  }
  framePending = true;
  // The maps come from the GPU when the backend has them there (asynchronously), else
  // from the wasm core; a GPU failure answers null and the core draws this frame.
  const gpu = is2d ? backend.mapsFor(out.params) : null;
  if (!gpu) { postFrame(out, force); return; }
  const current = lab;
  gpu.then((maps) => {
    if (current !== lab) return; // replaced meanwhile: the new run sends its own frame
    if (maps) Object.assign(out, { grid: maps.grid, gridRes: GRID_RES, neurons: maps.neurons, neuronRes: NEURON_RES });
    postFrame(out, true);
  });
}

// The CPU maps of a wide network cost more than the training between two frames (a
// 256-256 net: ~1.3 GFLOP per 100×100 map). They are redrawn only after training for
// MAP_SHARE⁻¹ − 1 times as long as the last maps took, so drawing never takes more than
// MAP_SHARE of the worker's time; the frames between carry the loss and the weights.
const MAP_SHARE = 0.2;
let mapTiming = { cost: 0, at: -Infinity };

function postFrame(out, force) {
  const now = performance.now();
  if (is2d && !out.grid && (force || now - mapTiming.at >= mapTiming.cost * (1 / MAP_SHARE - 1))) {
    lab.computeGrid(GRID_RES);
    out.grid = copyF32(memory(), lab.gridPtr(), lab.gridLen());
    out.gridRes = GRID_RES;
    lab.computeNeurons(NEURON_RES);
    out.neurons = copyF32(memory(), lab.neuronsPtr(), lab.neuronsLen());
    out.neuronRes = NEURON_RES;
    mapTiming = { cost: performance.now() - now, at: performance.now() };
  }
  const transfer = [out.params.buffer];
  if (out.grid) transfer.push(out.grid.buffer, out.neurons.buffer);
  post(out, transfer);
}


/** New rows for dataset=custom. Edits by hand (`keepNetwork`) train on from the current
 *  weights when the network keeps its shape; an upload, a new class or other columns get
 *  a new network. */
async function useData(data, message, keepNetwork) {
  const previous = userData;
  userData = data;
  try {
    if (keepNetwork && lab.setData(data)) {
      config = { ...config, dataset: 'custom' };
      const current = info();
      post({ type: 'data', info: current });
      backend.attach(lab, current); // the GPU trainer's rows are the old ones
      sendFrame(true);
    } else {
      const wasPlaying = playing;
      // Points need input features; a run on the digits may have none chosen.
      const features = data.names.length === 2 && !config.features?.length ? ['x1', 'x2'] : config.features;
      await build({ ...config, dataset: 'custom', loss: 'auto', features });
      playing = wasPlaying;
    }
  } catch (err) {
    userData = previous;
    throw err;
  }
  post({ type: 'user-data', data });
  if (message) say('info', message);
}

/** lab.train(n), stopping at the log-spaced steps on the way to evaluate there. */
function trainLogged(n) {
  let left = n;
  while (left > 0) {
    const step = lab.step();
    const next = nextLogStep(step);
    const k = Math.min(left, next - step);
    lab.train(k);
    left -= k;
    if (step + k === next) logPoints.push([next, lab.evaluate()]);
  }
}

/** Steps per frame at the current pace. */
function paceSteps() {
  if (pace.steps) return pace.steps;
  const perEpoch = Math.max(1, Math.ceil(info().trainRows / config['batch-size']));
  return Math.max(1, Math.round(pace.epochs * perEpoch));
}

/** One frame's worth of steps at the chosen pace, once the page has drawn the last frame. */
async function pacedChunk() {
  if (framePending) await new Promise((resolve) => { ackWaiter = resolve; });
  ackWaiter = null;
  if (!playing || !lab || !pace) return; // paused, replaced or now flat out meanwhile
  const n = paceSteps();
  if (backend.trainer) await backend.train(lab, n); else trainLogged(n);
  rate.steps += n;
  settleRate(500);
}

function trainChunk() {
  const started = performance.now();
  while (performance.now() - started < CHUNK_MS) {
    const t0 = performance.now();
    trainLogged(stepsPerCall);
    rate.steps += stepsPerCall;
    const dt = performance.now() - t0;
    // Aim for calls of about 2 ms so the time check stays cheap and accurate.
    stepsPerCall = Math.max(1, Math.min(100000, Math.round(stepsPerCall * (dt < 1 ? 2 : dt > 4 ? 0.5 : 1))));
  }
  settleRate(500);
}

/** Steps per second over the window since `rate.since`, once it is `minMs` long (the
 *  window starts at play, so time spent paused never counts). */
function settleRate(minMs) {
  const now = performance.now();
  if (now - rate.since > minMs) rate = { steps: 0, since: now, value: rate.steps / ((now - rate.since) / 1000) };
}

/** A chunk of GPU steps (the core takes the weights after each). A chunk pays one
 *  readback, so it grows until it takes about 0.1–0.3 s: frames still flow, and the fixed
 *  cost of a readback is spread over many steps. */
async function gpuChunk() {
  const t0 = performance.now();
  await backend.train(lab, gpuSteps);
  rate.steps += gpuSteps;
  const dt = performance.now() - t0;
  gpuSteps = Math.max(1, Math.min(2000, Math.round(gpuSteps * (dt < GPU_CHUNK_MS[0] ? 2 : dt > GPU_CHUNK_MS[1] ? 0.5 : 1))));
  settleRate(500);
}

// One loop at a time, even when play is pressed again while a GPU chunk is in flight.
async function loop() {
  if (looping) return;
  looping = true;
  try {
    while (playing && lab) {
      try {
        if (pace) await pacedChunk(); else if (backend.trainer) await gpuChunk(); else trainChunk();
        if (lab) sendFrame();
      } catch (err) {
        playing = false;
        post({ type: 'stopped' });
        say('error', String(err.message || err));
        backend.resync(lab);
        sendFrame(true);
        return;
      }
      await yieldToEvents();
    }
    // Paused during GPU training: a chunk may have landed after the last frame; show it.
    if (lab && backend.trainer) sendFrame(true);
  } finally {
    looping = false;
  }
}

// The core's names for the dropdowns, the dataset thumbnails and the default settings (the
// page's share links carry only what differs) go once the page has drawn the first frame:
// on a first visit the map comes first.
let previewsDue = false;
function sendPreviews() {
  previewsDue = false;
  const choices = JSON.parse(core.mod.choices());
  post({ type: 'choices', choices });
  const previews = {};
  for (const name of choices['point-datasets']) previews[name] = core.mod.previewDataset(name, 0);
  post({ type: 'previews', previews, defaults: core.mod.parseHash('', null).config });
}

// Playground links (tfp-run.js)
const tfp = async (p, hash) => p.warnings.length && (await import('./tfp-run.js')).open(hash, { loadFull, adopt, post });

const handlers = {
  async init({ hash, data }) {
    userData = data || null;
    const parsed = core.mod.parseHash(hash || '', userData);
    try {
      if (!await tfp(parsed, hash)) {
        for (const w of parsed.warnings) say('warning', `URL: ${w}`);
        await build(parsed.config);
      }
    } catch (err) { // the digits (or the full core) could not be fetched: the default run instead of none
      say('error', `${err.message || err}; the default experiment is loaded instead.`);
      await build(core.mod.parseHash('', userData).config);
    }
    previewsDue = true;
  },
  async config({ config: next }) {
    const c = await coreFor(next, rowsFor(next));
    await digitsFor(next, c.mod);
    if (c === labCore && lab.updateLive(next)) {
      config = next;
      post({ type: 'live', info: info() });
      backend.live(lab, info());
      return;
    }
    const wasPlaying = playing;
    await build(next);
    playing = wasPlaying;
  },
  // Back/Forward in the page's history: that entry's settings, applied as a change.
  async navigate({ hash }) {
    const parsed = core.mod.parseHash(hash || '', userData);
    if (await tfp(parsed, hash)) return;
    for (const w of parsed.warnings) say('warning', `URL: ${w}`);
    await handlers.config({ config: parsed.config });
  },
  play() {
    if (playing) return;
    playing = true;
    rate = { steps: 0, since: performance.now(), value: rate.value };
    loop();
  },
  // A burst shorter than the rate's window still shows its rate.
  pause() {
    playing = false;
    ackWaiter?.();
    if (rate.steps && lab) { settleRate(0); sendFrame(true); }
  },
  async step({ n = 1 }) { // n: the notebook's step(n)
    playing = false;
    if (backend.trainer) await backend.train(lab, n); else trainLogged(n);
    sendFrame(true);
  },
  reset() { lab.reset(); logPoints = []; backend.resync(lab); rate.value = 0; sendFrame(true); },
  backend({ backend: choice }) { return backend.select(choice, lab, lab && info()); },
  ack() {
    framePending = false;
    ackWaiter?.();
    if (previewsDue) sendPreviews();
  },
  speed({ steps, epochs }) { pace = steps ? { steps } : epochs ? { epochs } : null; },
  redraw() { sendFrame(true); },
  async 'save-model'() {
    await handOver('saving a model file');
    post({ type: 'model', bytes: lab.saveModel() });
  },
  // A download is a model file (safetensors: full core). The page's own copy every few
  // seconds ('remember') is the run's exact state, which every core gives for the runs the
  // handover carries (all of the lite core's); other runs keep a model file.
  async 'save-run'({ purpose }) {
    let state = null;
    if (purpose === 'remember') try { state = lab.exportState(); } catch { /* a model file, below */ }
    if (!state) await handOver('saving the run');
    const weights = state ? { state } : { bytes: lab.saveModel() };
    post({ type: 'run', purpose, ...weights, hash: info().hash, step: lab.step(), data: rowsFor(config) });
  },
  // A whole run: its settings and weights (a model file, or an exact state) must both load
  // before it replaces the current one.
  async 'load-run'({ hash, bytes, state, step, data }) {
    const parsed = core.mod.parseHash(hash, data);
    if (parsed.warnings.length) throw new Error(`run file: ${parsed.warnings.join('; ')}`);
    const c = state ? await coreFor(parsed.config, data) : await loadFull('loading a model file');
    const fresh = await newLab(c, parsed.config, data);
    try {
      if (state) {
        fresh.importState(new Uint8Array(state));
      } else {
        fresh.loadModel(new Uint8Array(bytes));
        fresh.setStep(step);
      }
    } catch (err) {
      fresh.free();
      throw err;
    }
    playing = false;
    if (data) { userData = data; post({ type: 'user-data', data }); }
    adopt(fresh, parsed.config, c);
    await digitsView();
  },
  async 'upload-csv'({ text, name, label }) {
    const { mod } = await loadFull('reading a CSV file');
    const data = mod.parseCsvData(text, label ?? undefined); // throws naming the line, column or limit
    const classes = data.labels.length;
    await useData(data, `${name}: ${data.y.length} rows, ${data.names.length} feature columns, ${classes} classes (labels ${data.labels.join(', ')}); ${data.note}.`);
  },
  // Points added or deleted by hand on the map (the current 2-D classification set, or
  // the user's points, is the starting point).
  async 'edit-points'(edit) {
    const current = config.dataset === 'custom' ? userData : null;
    const { editPoints } = await import('./own-data.js'); // fetched at the first edit
    const { data, message } = editPoints(current, info(), edit);
    if (data) await useData(data, '', true); else say('info', message);
  },
  async 'load-model'({ bytes }) {
    await handOver('loading a model file');
    lab.loadModel(new Uint8Array(bytes));
    backend.resync(lab);
    say('info', 'Model weights loaded.');
    sendFrame(true);
  },
};

// One message at a time, in order: a handler that waits (for the digits, the GPU) holds
// back the ones after it.
let queue = Promise.resolve();
onmessage = (event) => { queue = queue.then(() => handle(event)); };

async function handle(event) {
  try { await ready; } catch { return; }
  const msg = event.data;
  const handler = handlers[msg?.type];
  if (!handler) return;
  try {
    await handler(msg);
  } catch (err) {
    // A user error (bad settings, bad file, divergence on a single step) leaves the current
    // run as it was; the page is told to show that run's settings again.
    if (msg.type === 'step') post({ type: 'stopped' });
    say('error', String(err.message || err));
    if (lab) post({ type: 'resync', info: info() });
  }
}
