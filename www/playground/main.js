// Glue: starts the training worker, passes control changes to it, and draws the frames
// it sends (decision map, network, charts) once per animation frame.
// First: without wasm SIMD it says so on the page and stops here (the worker could not run).
import '../shared/core-wasm.js';
import { Controls } from './controls.js';
import { Heatmap } from '../shared/heatmap.js';
import { NetworkView } from './network.js';
import { Charts } from './charts.js';
import { say } from '../shared/messages.js';
import { flags, applyFlags, setFlag } from '../shared/embed-flags.js';
import { runToJson, parseRun, metricsCsv, canvasesToPng, download as saveBlob } from './run-file.js';
import { recentRuns, remember, recall } from './recent.js';
import { OwnData } from './own-data-view.js';
import { SPEEDS, DEFAULT_SPEED, speedOf } from './pace.js';
import { worker, takeOver, keptAtStart } from './start.js';

const $ = (id) => document.getElementById(id);
const heatmap = new Heatmap($('heatmap'));
const charts = new Charts($('loss-chart'), $('acc-chart'));
// The digits view (digits-view.js) is fetched by the first digits run.
let digits = null;
let digitsModule = null;
async function digitsView() {
  digitsModule ??= await import('./digits-view.js');
  digits ??= new digitsModule.DigitsView($('digits-view'));
  return digits;
}
let info = null;
let config = null;
let playing = false;
let latest = null;
let firstFrameShown = false;
let firstRest = null; // the first run's controls and network view, shown after its first frame

const send = (msg, transfer) => worker.postMessage(msg, transfer);

function setPlaying(on) {
  playing = on;
  $('play').textContent = on ? '❚❚ Pause' : '▶ Play';
  $('play').setAttribute('aria-label', on ? 'Pause' : 'Play');
  send({ type: on ? 'play' : 'pause' });
}

const network = new NetworkView($('network'), (hidden) => change({ hidden, activations: [] }));
const controls = new Controls((patch) => change(patch));
const ownData = new OwnData($('heatmap'), () => info, send, say);

function change(patch) {
  pushNext = true;
  send({ type: 'config', config: { ...config, ...patch } });
}

// A setting the user changed becomes a history entry (Back undoes it: see 'hashchange');
// the worker's other updates of the hash replace the current entry.
let pushNext = false;
function setHash(hash) {
  const url = new URL(`#${hash}`, location.href); // also on about:srcdoc (the notebook)
  if (pushNext && `#${hash}` !== location.hash) history.pushState(null, '', url); else history.replaceState(null, '', url);
  pushNext = false;
}

let autoplayed = false;
let restoredHistory = null;
let lastRemembered = -1;

function onReady(next) {
  info = next;
  config = next.config;
  latest = null; // a frame not yet drawn is the previous run's (its weights fit the old network)
  setHash(next.hash);
  // The controls and the network view (tens of ms to build) of a first visit's run wait
  // until its map is on screen: see render().
  const rest = () => { controls.show(config, info); ownData.show(info); network.build(info); };
  if (firstFrameShown) { firstRest = null; rest(); } else firstRest = rest;
  charts.clear();
  if (restoredHistory) { charts.data = restoredHistory; charts.dirty = true; restoredHistory = null; }
  heatmap.describe(info, $('map-frame'), $('map-legend'));
  const isDigits = config.dataset === 'digits';
  digits?.show(isDigits);
  if (isDigits) digitsView().then((view) => view.show(config.dataset === 'digits'));
  // The digits view replaces the map and its toggles.
  for (const el of document.querySelectorAll('.map-figure, #output-panel .checks')) el.hidden = isDigits;
  if (!info.twoD) heatmap.message(`${info.features.length} inputs per row:\nno 2-D decision map.\nWatch the accuracy curves.`);
  if (flags.autoplay && !autoplayed) { autoplayed = true; setPlaying(true); }
}

function onMessage({ data }) {
  switch (data.type) {
    case 'ready': onReady(data.info); break;
    case 'tfp': import('./tfp-page.js').then((m) => m.showLink(data.link, worker)); break;
    case 'live': config = data.info.config; setHash(data.info.hash); controls.show(config, data.info); break;
    case 'resync': config = data.info.config; restoredHistory = null; pushNext = false; setHash(data.info.hash); controls.show(config, data.info); break;
    case 'data': info = data.info; config = info.config; setHash(info.hash); controls.show(config, info); ownData.show(info); heatmap.describe(info, $('map-frame'), $('map-legend')); break;
    case 'user-data': ownData.keep(data.data); controls.ownData = true; controls.show(config, info); break;
    case 'frame': latest = data; break;
    case 'digits-test': digitsView().then((view) => view.setTest(data)); break;
    case 'previews': controls.thumbnails(data.previews); defaults = data.defaults; break;
    case 'choices': controls.useChoices(data.choices); break;
    case 'stopped': if (playing) { playing = false; $('play').textContent = '▶ Play'; $('play').setAttribute('aria-label', 'Play'); } break;
    case 'message': say(data.level, data.text); break;
    case 'model': download(data.bytes); break;
    case 'run': onRun(data); break;
    case 'core': $('core-status').textContent = data.text; $('core-status').dataset.build = data.build; break;
    case 'backend':
      $('backend-status').textContent = `Backend: ${data.text}`;
      $('backend-status').className = data.level;
      // A GPU the user asked for and cannot have is shown, not left in the closed panel.
      if (data.level === 'warning' && $('backend').value === 'webgpu') $('under-the-hood').open = true;
      break;
  }
}
function onError(e) {
  say('error', `The training worker failed: ${e.message || 'it could not start'}. Reload the page to continue.`);
  if (!$('core-status').dataset.build) { $('core-status').textContent = 'CPU core: not loaded (the training worker failed).'; $('core-status').dataset.build = 'none'; }
}

function fmt(v) { return v == null ? '–' : v.toFixed(3); }

function render() {
  if (latest && info) {
    const f = latest;
    latest = null;
    $('epoch').textContent = f.epoch.toFixed(1);
    $('step-count').textContent = f.step;
    $('rate').textContent = Math.round(f.stepsPerSecond);
    $('memory').textContent = (f.wasmBytes / 2 ** 20).toFixed(1);
    const e = f.evaluation;
    const acc = e.test.accuracy == null ? '' : `, accuracy train ${fmt(e.train.accuracy)} / test ${fmt(e.test.accuracy)}`;
    $('loss-text').textContent = `Loss train ${fmt(e.train.loss)} / test ${fmt(e.test.loss)}${acc}`;
    if (f.grid) {
      heatmap.draw(f.grid, f.gridRes, info);
      // A User Timing mark that scripts/bench-frames.mjs reads: navigation to the first map.
      if (!performance.getEntriesByName('gradlab:first-map').length) performance.mark('gradlab:first-map');
    }
    if (f.testOutputs) digitsView().then((view) => view.update(f.testOutputs)); // the view loads on first use
    if (!firstRest) network.update(f.params, f.neurons, f.neuronRes);
    for (const [step, ev] of f.logged || []) charts.push(step, ev);
    charts.push(f.step, e);
    showHint();
    send({ type: 'ack' });
    // A first visit shows the decision map first: the controls, the network view and the
    // chart library follow in the next task, the view with this frame's weights.
    if (!firstFrameShown) {
      firstFrameShown = true;
      setTimeout(() => {
        if (firstRest) { firstRest(); firstRest = null; network.update(f.params, f.neurons, f.neuronRes); }
        charts.load();
      });
    }
  }
  charts.render(100); // at most every 100 ms: a redraw of both charts costs a few ms
  requestAnimationFrame(render);
}
requestAnimationFrame(render);
// For the tests and curious users: the chart history (bounded) and the run's info.
window.gradlabPage = { charts, info: () => info };

/** The learning-rate hint (loss-hint.js, fetched the first time the loss goes up by a
 *  fifth: a healthy run never needs it), checked a few times a second. */
let hintAt = 0;
let lossHint = null;
async function showHint() {
  if (performance.now() - hintAt < 250) return;
  hintAt = performance.now();
  const loss = charts.data[1].filter(Number.isFinite);
  if (!lossHint && !(loss.at(-1) > 1.2 * Math.min(...loss.slice(-400)) + 0.01)) return;
  lossHint ??= await import('./loss-hint.js');
  lossHint.showHint($('hint'), charts.data, config.lr, [...$('lr').options].map((o) => Number(o.value)), (lr) => change({ lr }));
}

function download(bytes) {
  saveBlob(new Blob([bytes], { type: 'application/octet-stream' }), 'gradlab-model.safetensors');
}

function onRun({ purpose, bytes, state, hash, step, data }) {
  const json = runToJson({ hash, step, bytes, state, history: charts.data, data });
  if (purpose === 'download') saveBlob(new Blob([json], { type: 'application/json' }), 'gradlab-run.json');
  else {
    remember(json, `${config.dataset} ${(config.hidden || []).join('-') || 'linear'} · ${config.optimizer} · step ${step}`, hash);
    lastRemembered = step;
    fillRecent();
  }
}

function loadRun(run) {
  restoredHistory = run.history;
  setPlaying(false);
  const buffer = (run.bytes || run.state).buffer;
  send({ type: 'load-run', hash: run.hash, step: run.step, data: run.data, [run.bytes ? 'bytes' : 'state']: buffer }, [buffer]);
}

function fillRecent() {
  const runs = recentRuns();
  $('recent').replaceChildren(new Option(runs.length ? `${runs.length} stored…` : 'none yet', ''),
    ...runs.map((r, i) => new Option(`${r.label} (${r.savedAt?.slice(0, 16).replace('T', ' ')})`, String(i))));
}

/** Keeps the current run in the browser every few seconds while it changes. */
function rememberNow() {
  const step = Number($('step-count').textContent);
  if (info && step !== lastRemembered) send({ type: 'save-run', purpose: 'remember' });
}

const randomSeed = () => crypto.getRandomValues(new Uint32Array(1))[0];
$('play').addEventListener('click', () => setPlaying(!playing));
$('step').addEventListener('click', () => { setPlaying(false); send({ type: 'step' }); });
$('reset').addEventListener('click', () => { send({ type: 'reset' }); charts.clear(); });
$('new-weights').addEventListener('click', () => change({ seed: randomSeed() }));
$('regenerate').addEventListener('click', () => change({ 'data-seed': randomSeed() }));
$('show-test').addEventListener('change', (e) => { heatmap.showTest = e.target.checked; send({ type: 'redraw' }); });
$('discretize').addEventListener('change', (e) => { heatmap.discretize = e.target.checked; });
$('save-model').addEventListener('click', () => send({ type: 'save-model' }));
$('load-model').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  if (!file) return;
  if (file.size > 64 << 20) { say('error', `model file: ${file.size} bytes is over the 64 MiB limit`); return; }
  const bytes = await file.arrayBuffer();
  send({ type: 'load-model', bytes }, [bytes]);
  e.target.value = '';
});
$('save-run').addEventListener('click', () => send({ type: 'save-run', purpose: 'download' }));
$('load-run').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  e.target.value = '';
  if (!file) return;
  try {
    loadRun(parseRun(file.size > 16 << 20 ? '' : await file.text(), file.size));
  } catch (err) {
    say('error', err.message);
  }
});
$('export-csv').addEventListener('click', () => saveBlob(new Blob([metricsCsv(charts.data)], { type: 'text/csv' }), 'gradlab-metrics.csv'));
$('export-png').addEventListener('click', async () => {
  const canvases = [$('heatmap'), ...document.querySelectorAll('#loss-chart canvas, #acc-chart canvas')];
  saveBlob(await canvasesToPng(canvases), 'gradlab-run.png');
});
$('recent').addEventListener('change', (e) => {
  if (e.target.value === '') return;
  try { loadRun(recall(Number(e.target.value))); } catch (err) { say('error', err.message); }
  e.target.value = '';
});
fillRecent();
setInterval(rememberNow, 5000);
document.addEventListener('visibilitychange', () => { if (document.hidden) rememberNow(); });
// Space plays and pauses whatever has focus, except where it types or picks (text
// fields, selects, checkboxes); on a button it does not also press the button.
const typesSpace = (el) => el.closest?.('textarea, select, [contenteditable=""], [contenteditable=true]')
  || (el.tagName === 'INPUT' && !['range', 'button', 'submit', 'reset'].includes(el.type));
document.addEventListener('keydown', (e) => {
  if (e.code !== 'Space' || e.ctrlKey || e.altKey || e.metaKey || typesSpace(e.target)) return;
  e.preventDefault();
  if (!e.repeat) setPlaying(!playing);
});
document.addEventListener('keyup', (e) => { if (e.code === 'Space' && !typesSpace(e.target)) e.preventDefault(); });
// Back and Forward (or an edited hash) apply that entry's settings: live ones (learning
// rate, optimizer, regularization) to the running network, others by rebuilding it.
window.addEventListener('hashchange', () => { pushNext = false; send({ type: 'navigate', hash: location.hash }); });

function chooseBackend(choice) {
  if (![...$('backend').options].some((o) => o.value === choice)) {
    say('warning', `backend: "${choice.slice(0, 40)}" is not one of auto, cpu, webgpu; using auto`);
    choice = 'auto';
  }
  $('backend').value = choice;
  setFlag('backend', choice === 'auto' ? null : choice);
  send({ type: 'backend', backend: choice });
}
$('backend').addEventListener('change', (e) => chooseBackend(e.target.value));

/** The pace (see pace.js): a page setting in the query (?speed=max), kept only when it is
 *  not the default, like ?backend=. */
function chooseSpeed(key) {
  const level = speedOf(key);
  const i = SPEEDS.indexOf(level);
  $('speed').value = String(i);
  $('speed-out').textContent = level.label;
  $('flat-out').setAttribute('aria-pressed', String(level.key === 'max'));
  setFlag('speed', level.key === DEFAULT_SPEED ? null : level.key);
  send({ type: 'speed', steps: level.steps, epochs: level.epochs });
}
let slowerSpeed = DEFAULT_SPEED;
$('speed').max = String(SPEEDS.length - 1);
$('speed').addEventListener('input', (e) => chooseSpeed(SPEEDS[Number(e.target.value)].key));
$('flat-out').addEventListener('click', () => {
  const now = SPEEDS[Number($('speed').value)].key;
  if (now !== 'max') slowerSpeed = now;
  chooseSpeed(now === 'max' ? slowerSpeed : 'max');
});

applyFlags();
// Share is fetched at the first click (a first visit stays small).
let share = null;
let defaults = null;
const shareButton = Object.assign(document.createElement('button'), { textContent: 'Share / embed', title: 'A link, an element or an iframe that reproduces this run' });
shareButton.setAttribute('aria-expanded', 'false');
$('share').append(shareButton);
shareButton.addEventListener('click', async () => {
  if (!share) {
    const { Share } = await import('./share.js');
    share ??= new Share($('share'), 'playground', { button: shareButton, defaults: () => defaults });
  }
  share.toggle();
});
chooseBackend(flags.backend);
chooseSpeed(new URLSearchParams(location.search).get('speed') || DEFAULT_SPEED);
controls.ownData = keptAtStart != null;
// start.js started the worker and sent it the first run (init) while this module loaded.
takeOver(onMessage, onError);
