// Glue: starts the training worker, passes control changes to it, and draws the frames
// it sends (decision map, network, charts) once per animation frame.
import { Controls } from './controls.js';
import { Heatmap } from './heatmap.js';
import { NetworkView } from './network.js';
import { Charts } from './charts.js';
import { say } from './messages.js';
import { flags, applyFlags, setFlag } from './embed-flags.js';
import { Share } from './share.js';
import { runToJson, parseRun, metricsCsv, canvasesToPng, download as saveBlob } from './run-file.js';
import { recentRuns, remember, recall } from './recent.js';
import { OwnData } from './own-data-view.js';

const $ = (id) => document.getElementById(id);
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const heatmap = new Heatmap($('heatmap'));
const charts = new Charts($('loss-chart'), $('acc-chart'));
let info = null;
let config = null;
let playing = false;
let latest = null;

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
  send({ type: 'config', config: { ...config, ...patch } });
}

let autoplayed = false;
let restoredHistory = null;
let lastRemembered = -1;

function onReady(next) {
  info = next;
  config = next.config;
  history.replaceState(null, '', `#${next.hash}`);
  controls.show(config, info);
  ownData.show(info);
  network.build(info);
  charts.clear();
  if (restoredHistory) { charts.data = restoredHistory; charts.dirty = true; restoredHistory = null; }
  if (!info.twoD) heatmap.message(`${info.features.length} inputs per row:\nno 2-D decision map.\nWatch the accuracy curves.`);
  if (flags.autoplay && !autoplayed) { autoplayed = true; setPlaying(true); }
}

worker.onmessage = ({ data }) => {
  switch (data.type) {
    case 'ready': onReady(data.info); break;
    case 'live': config = data.info.config; history.replaceState(null, '', `#${data.info.hash}`); break;
    case 'resync': config = data.info.config; restoredHistory = null; history.replaceState(null, '', `#${data.info.hash}`); controls.show(config, data.info); break;
    case 'data': info = data.info; config = info.config; history.replaceState(null, '', `#${info.hash}`); controls.show(config, info); ownData.show(info); break;
    case 'user-data': ownData.keep(data.data); controls.ownData = true; controls.show(config, info); break;
    case 'frame': latest = data; break;
    case 'previews': controls.thumbnails(data.previews); break;
    case 'choices': controls.useChoices(data.choices); break;
    case 'stopped': if (playing) { playing = false; $('play').textContent = '▶ Play'; $('play').setAttribute('aria-label', 'Play'); } break;
    case 'message': say(data.level, data.text); break;
    case 'model': download(data.bytes); break;
    case 'run': onRun(data); break;
    case 'core': $('core-status').textContent = data.text; $('core-status').dataset.build = data.build; break;
    case 'backend': $('backend-status').textContent = `Backend: ${data.text}`; $('backend-status').className = data.level; break;
  }
};
worker.onerror = (e) => say('error', `The training worker failed: ${e.message}. Reload the page to continue.`);

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
    if (f.grid) heatmap.draw(f.grid, f.gridRes, info);
    network.update(f.params, f.neurons, f.neuronRes);
    charts.push(f.step, e);
    send({ type: 'ack' });
  }
  charts.render(100); // at most every 100 ms: a redraw of both charts costs a few ms
  requestAnimationFrame(render);
}
requestAnimationFrame(render);
// For the tests and curious users: the chart history (bounded) and the run's info.
window.gradlabPage = { charts, info: () => info };

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
document.addEventListener('keydown', (e) => {
  if (e.code === 'Space' && e.target === document.body) { e.preventDefault(); setPlaying(!playing); }
});
window.addEventListener('hashchange', () => { setPlaying(false); send({ type: 'init', hash: location.hash, data: ownData.kept() }); });

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

applyFlags();
new Share($('share'), 'playground');
chooseBackend(flags.backend);
controls.ownData = ownData.kept() != null;
send({ type: 'init', hash: location.hash, data: ownData.kept() });
