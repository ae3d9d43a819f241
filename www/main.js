// Glue: starts the training worker, passes control changes to it, and draws the frames
// it sends (decision map, network, charts) once per animation frame.
import { Controls } from './controls.js';
import { Heatmap } from './heatmap.js';
import { NetworkView } from './network.js';
import { Charts } from './charts.js';
import { say } from './messages.js';
import { flags, applyFlags } from './embed-flags.js';
import { Share } from './share.js';

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

function change(patch) {
  send({ type: 'config', config: { ...config, ...patch } });
}

let autoplayed = false;

function onReady(next) {
  info = next;
  config = next.config;
  history.replaceState(null, '', `#${next.hash}`);
  controls.show(config);
  network.build(info);
  charts.clear();
  if (!info.twoD) heatmap.message('The digits are 64-dimensional:\nno decision map.\nWatch the accuracy curves.');
  if (flags.autoplay && !autoplayed) { autoplayed = true; setPlaying(true); }
}

worker.onmessage = ({ data }) => {
  switch (data.type) {
    case 'ready': onReady(data.info); break;
    case 'live': config = data.info.config; history.replaceState(null, '', `#${data.info.hash}`); break;
    case 'resync': config = data.info.config; controls.show(config); break;
    case 'frame': latest = data; break;
    case 'previews': controls.thumbnails(data.previews); break;
    case 'stopped': if (playing) { playing = false; $('play').textContent = '▶ Play'; $('play').setAttribute('aria-label', 'Play'); } break;
    case 'message': say(data.level, data.text); break;
    case 'model': download(data.bytes); break;
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
    charts.render();
    send({ type: 'ack' });
  }
  requestAnimationFrame(render);
}
requestAnimationFrame(render);
// For the soak test and curious users: the chart history (bounded) from the console.
window.gradlabPage = { charts };

function download(bytes) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  a.download = 'gradlab-model.safetensors';
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
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
document.addEventListener('keydown', (e) => {
  if (e.code === 'Space' && e.target === document.body) { e.preventDefault(); setPlaying(!playing); }
});
window.addEventListener('hashchange', () => { setPlaying(false); send({ type: 'init', hash: location.hash }); });

applyFlags();
new Share($('share'), 'playground');
send({ type: 'init', hash: location.hash });
