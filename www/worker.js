// The training worker: owns the wasm Lab so the page stays responsive while training at
// full speed. Messages in: init, config, play, pause, step, reset, save-model, load-model,
// ack. Messages out: ready, frame, message (errors and warnings), model.
import init, { Lab, parseHash, previewDataset } from '../pkg/gradlab.js';
import { copyF32 } from './memory.js';

const GRID_RES = 100;
const NEURON_RES = 24;
const CHUNK_MS = 12;

let wasm = null;
let lab = null;
let config = null;
let playing = false;
let framePending = false;
let stepsPerCall = 1;
let rate = { steps: 0, since: performance.now(), value: 0 };

const ready = init({ module_or_path: new URL('../pkg/gradlab_bg.wasm', import.meta.url) })
  .then((w) => { wasm = w; })
  .catch((err) => {
    postMessage({ type: 'message', level: 'error', text: `The WebAssembly core could not be loaded (${err.message || err}). Was the page built with scripts/build-web.sh?` });
    throw err;
  });

function post(msg, transfer = []) { postMessage(msg, transfer); }
function say(level, text) { post({ type: 'message', level, text }); }

function info() { return lab.info(); }

function build(next) {
  const fresh = new Lab(next); // throws on an invalid config: the old run stays
  fresh.setEpochMetrics(false); // the page evaluates once per frame instead
  if (lab) lab.free();
  lab = fresh;
  config = next;
  rate = { steps: 0, since: performance.now(), value: 0 };
  post({ type: 'ready', info: info() });
  sendFrame(true);
}

function sendFrame(force = false) {
  if (framePending && !force) return;
  const evaluation = lab.evaluate();
  const out = { type: 'frame', step: lab.step(), epoch: lab.epoch(), evaluation, stepsPerSecond: rate.value, wasmBytes: wasm.memory.buffer.byteLength };
  const transfer = [];
  if (twoD()) {
    lab.computeGrid(GRID_RES);
    out.grid = copyF32(wasm.memory, lab.gridPtr(), lab.gridLen());
    out.gridRes = GRID_RES;
    lab.computeNeurons(NEURON_RES);
    out.neurons = copyF32(wasm.memory, lab.neuronsPtr(), lab.neuronsLen());
    out.neuronRes = NEURON_RES;
    transfer.push(out.grid.buffer, out.neurons.buffer);
  }
  out.params = copyF32(wasm.memory, lab.paramsPtr(), lab.paramsLen());
  transfer.push(out.params.buffer);
  framePending = true;
  post(out, transfer);
}

function twoD() { return config.dataset !== 'digits'; }

function trainChunk() {
  const started = performance.now();
  while (performance.now() - started < CHUNK_MS) {
    const t0 = performance.now();
    lab.train(stepsPerCall);
    rate.steps += stepsPerCall;
    const dt = performance.now() - t0;
    // Aim for calls of about 2 ms so the time check stays cheap and accurate.
    stepsPerCall = Math.max(1, Math.min(100000, Math.round(stepsPerCall * (dt < 1 ? 2 : dt > 4 ? 0.5 : 1))));
  }
  const now = performance.now();
  if (now - rate.since > 500) {
    rate.value = rate.steps / ((now - rate.since) / 1000);
    rate = { steps: 0, since: now, value: rate.value };
  }
}

function loop() {
  if (!playing || !lab) return;
  try {
    trainChunk();
    sendFrame();
  } catch (err) {
    playing = false;
    post({ type: 'stopped' });
    say('error', String(err.message || err));
    sendFrame(true);
    return;
  }
  setTimeout(loop, 0);
}

const handlers = {
  init({ hash }) {
    const parsed = parseHash(hash || '');
    for (const w of parsed.warnings) say('warning', `URL: ${w}`);
    build(parsed.config);
    const previews = {};
    for (const name of ['circle', 'xor', 'gauss', 'spiral', 'reg-plane', 'reg-gauss', 'multi-spiral']) {
      previews[name] = previewDataset(name, 0);
    }
    post({ type: 'previews', previews });
  },
  config({ config: next }) {
    if (lab.updateLive(next)) {
      config = next;
      post({ type: 'live', info: info() });
      return;
    }
    const wasPlaying = playing;
    build(next);
    playing = wasPlaying;
  },
  play() { if (!playing) { playing = true; loop(); } },
  pause() { playing = false; },
  step() { playing = false; lab.train(1); sendFrame(true); },
  reset() { lab.reset(); rate.value = 0; sendFrame(true); },
  ack() { framePending = false; },
  redraw() { sendFrame(true); },
  'save-model'() { post({ type: 'model', bytes: lab.saveModel() }); },
  'save-run'({ purpose }) { post({ type: 'run', purpose, bytes: lab.saveModel(), hash: info().hash, step: lab.step() }); },
  // A whole run: its settings and weights must both load before it replaces the current one.
  'load-run'({ hash, bytes, step }) {
    const parsed = parseHash(hash);
    if (parsed.warnings.length) throw new Error(`run file: ${parsed.warnings.join('; ')}`);
    const fresh = new Lab(parsed.config);
    try {
      fresh.setEpochMetrics(false);
      fresh.loadModel(new Uint8Array(bytes));
      fresh.setStep(step);
    } catch (err) {
      fresh.free();
      throw err;
    }
    playing = false;
    lab.free();
    lab = fresh;
    config = parsed.config;
    post({ type: 'ready', info: info(), restored: true });
    sendFrame(true);
  },
  'load-model'({ bytes }) {
    lab.loadModel(new Uint8Array(bytes));
    say('info', 'Model weights loaded.');
    sendFrame(true);
  },
};

onmessage = async (event) => {
  try { await ready; } catch { return; }
  const msg = event.data;
  const handler = handlers[msg?.type];
  if (!handler) return;
  try {
    handler(msg);
  } catch (err) {
    // A user error (bad settings, bad file, divergence on a single step) leaves the current
    // run as it was; the page is told to show that run's settings again.
    if (msg.type === 'step') post({ type: 'stopped' });
    say('error', String(err.message || err));
    if (lab) post({ type: 'resync', info: info() });
  }
};
