// The notebook widget's view (anywidget). scripts/build-python.sh appends this file to the
// core's wasm-bindgen glue (pkg/gradlab.js, which defines Lab, parseHash, provideDigits,
// digitsLoaded and __wbg_init) and defines WASM_GZ_B64 and DIGITS_GZ_B64 (the core and the
// 8×8 digits, gzipped, base64): anywidget ships one ES module and no asset files.
// One run per widget model (keyed by its _uid, so two displays of a widget show one run):
// synced state config, running, steps, history, speed, error, warnings; messages from
// Python: { type: 'step', n } and { type: 'reset' }.

async function unpack(b64) {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
let coreReady = null;
const loadCore = () => (coreReady ??= unpack(WASM_GZ_B64).then((bytes) => __wbg_init({ module_or_path: bytes })));

function toHash(config) {
  return Object.entries(config || {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(Array.isArray(v) ? v.join(',') : String(v)).replace(/%2C/g, ',')}`)
    .join('&');
}

/** At most MAX_ROWS epochs of history go to Python, evenly spaced, the first and last kept:
 *  a long run's full history would be resent several times a second. */
const MAX_ROWS = 1000;
function thin(rows) {
  if (rows.length <= MAX_ROWS) return rows;
  const every = (rows.length - 1) / (MAX_ROWS - 1);
  return Array.from({ length: MAX_ROWS }, (_, i) => rows[Math.round(i * every)]);
}

const runners = new Map();
const now = () => (globalThis.performance ? performance.now() : Date.now());

/** The run behind a model: builds a Lab from model.config, trains while model.running. */
function runnerFor(model) {
  const uid = model.get('_uid') || model; // hosts without Python (MyST) give no _uid
  if (runners.has(uid)) return runners.get(uid);
  const r = { lab: null, wasm: null, info: null, views: new Set(), timer: null, synced: 0, building: null };
  const set = (values) => { for (const [k, v] of Object.entries(values)) model.set(k, v); model.save_changes?.(); };
  const redraw = () => { for (const v of r.views) v(); };
  const fail = (err) => { set({ error: String(err?.message ?? err), running: false }); redraw(); };
  r.sync = (force) => {
    if (!r.lab || (!force && now() - r.synced < 250)) return;
    r.synced = now();
    set({ steps: r.lab.step(), history: thin(r.lab.history()) });
  };
  r.build = () => (r.building = (async () => {
    r.wasm = await loadCore();
    const parsed = parseHash(toHash(model.get('config')), null);
    if (parsed.config.dataset === 'digits' && !digitsLoaded()) provideDigits(await unpack(DIGITS_GZ_B64));
    r.lab?.free();
    r.lab = new Lab(parsed.config, null);
    r.info = r.lab.info();
    set({ warnings: parsed.warnings, error: '', steps: 0, history: [] });
    redraw();
    r.loop();
  })().catch(fail));
  r.train = (n) => {
    try { r.lab.train(n); } catch (err) { fail(err); }
  };
  r.loop = () => {
    if (r.timer || !r.lab || !model.get('running')) return;
    r.timer = setTimeout(() => {
      r.timer = null;
      if (!model.get('running') || !r.lab) return;
      r.train(Math.max(1, (model.get('speed') ?? 25) | 0));
      r.sync(false);
      redraw();
      r.loop();
    }, 33);
  };
  model.on('change:config', () => r.build());
  model.on('change:running', () => { if (model.get('running')) r.loop(); else { r.sync(true); redraw(); } });
  model.on('msg:custom', async (msg) => {
    await r.building;
    if (msg?.type === 'step') { set({ running: false }); r.train(Math.max(1, msg.n | 0)); r.sync(true); redraw(); }
    if (msg?.type === 'reset') { await r.build(); r.sync(true); }
  });
  runners.set(uid, r);
  r.build();
  return r;
}

// Orange–blue diverging scale (TensorFlow Playground's): -1 → orange, 0 → white, +1 → blue.
function diverging(t) {
  const c = Math.max(-1, Math.min(1, t));
  const [a, b] = c < 0 ? [[245, 147, 34], -c] : [[8, 119, 189], c];
  return a.map((x) => Math.round(255 + (x - 255) * b));
}
const OKABE = [[230, 159, 0], [86, 180, 233], [0, 158, 115], [240, 228, 66], [0, 114, 178], [213, 94, 0], [204, 121, 167], [0, 0, 0]];

function drawMap(canvas, r) {
  const ctx = canvas.getContext('2d');
  const { lab, info, wasm } = r;
  if (!lab || !info?.twoD) { ctx.clearRect(0, 0, canvas.width, canvas.height); return; }
  const res = 60;
  lab.computeGrid(res);
  const grid = new Float32Array(wasm.memory.buffer, lab.gridPtr(), lab.gridLen());
  const k = info.task.kind === 'multiclass' ? info.task.classes : 1;
  const img = ctx.createImageData(res, res);
  for (let i = 0; i < res * res; i++) {
    let rgb;
    if (k === 1) rgb = diverging(grid[i]);
    else {
      let best = 0;
      for (let c = 1; c < k; c++) if (grid[i * k + c] > grid[i * k + best]) best = c;
      const p = grid[i * k + best];
      rgb = OKABE[best % 8].map((x) => Math.round(255 + (x - 255) * p * 0.6));
    }
    img.data.set([...rgb, 255], i * 4);
  }
  const off = new OffscreenCanvas(res, res);
  off.getContext('2d').putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(off, 0, 0, canvas.width, canvas.height);
  const s = canvas.width / (2 * info.extent);
  for (const [x, y, label] of info.train) {
    const color = k === 1 ? diverging(info.task.kind === 'regression' ? label : label > 0.5 ? 1 : -1).map((v) => v * 0.8) : OKABE[label % 8];
    ctx.beginPath();
    ctx.arc((x + info.extent) * s, (info.extent - y) * s, 3, 0, 2 * Math.PI);
    ctx.fillStyle = `rgb(${color})`;
    ctx.fill();
    ctx.strokeStyle = '#fff';
    ctx.stroke();
  }
}

function drawChart(canvas, history) {
  const ctx = canvas.getContext('2d');
  const W = canvas.width;
  const H = canvas.height;
  const L = 40;
  const B = 24;
  ctx.clearRect(0, 0, W, H);
  ctx.font = '11px sans-serif';
  ctx.fillStyle = '#555';
  if (history.length < 2) { ctx.fillText('Train and test loss per epoch appear here when training starts.', 8, H / 2); return; }
  const xs = history.map((h) => h.step);
  const ys = history.flatMap((h) => [h.train.loss, h.test.loss]).filter(Number.isFinite);
  const [x0, x1] = [xs[0], xs[xs.length - 1]];
  const y1 = Math.max(...ys) * 1.05;
  const px = (x) => L + ((x - x0) / (x1 - x0 || 1)) * (W - L - 8);
  const py = (y) => 8 + (1 - y / y1) * (H - B - 8);
  ctx.strokeStyle = '#999';
  ctx.beginPath(); ctx.moveTo(L, 8); ctx.lineTo(L, H - B); ctx.lineTo(W - 8, H - B); ctx.stroke();
  for (const y of [0, y1 / 2, y1]) ctx.fillText(y.toPrecision(2), 4, py(y) + 4);
  ctx.fillText('loss', L + 6, 14);
  ctx.fillText(`step ${x0}`, L, H - 8);
  ctx.fillText(`${x1}`, W - 8 - ctx.measureText(`${x1}`).width, H - 8);
  for (const [key, color, dash] of [['train', '#0072b2', []], ['test', '#d55e00', [5, 3]]]) {
    ctx.strokeStyle = color;
    ctx.setLineDash(dash);
    ctx.beginPath();
    history.forEach((h, i) => (i ? ctx.lineTo : ctx.moveTo).call(ctx, px(h.step), py(h[key].loss)));
    ctx.stroke();
  }
  ctx.setLineDash([]);
}

const CSS = `
.gradlab-w { font: 14px system-ui, sans-serif; display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: flex-start; max-width: 760px; }
.gradlab-w .bar { flex: 1 0 100%; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.gradlab-w canvas { max-width: 100%; }
.gradlab-w button { font: inherit; padding: 4px 12px; }
.gradlab-w .play { background: #00775a; color: #fff; border: 0; border-radius: 4px; }
.gradlab-w .err { color: #b00020; flex: 1 0 100%; }
.gradlab-w .key span { margin-right: 12px; }
.gradlab-w .cap { font-size: 12px; color: #555; max-width: 240px; }
`;
const DATASETS = ['circle', 'xor', 'gauss', 'spiral', 'reg-plane', 'reg-gauss', 'multi-spiral', 'digits'];

function initialize({ model }) { runnerFor(model); }

function render({ model, el }) {
  const r = runnerFor(model);
  el.innerHTML = `<style>${CSS}</style><div class="gradlab-w">
    <div class="bar">
      <button class="play" title="Start or pause training">▶ Play</button>
      <button class="one" title="Train one step">Step</button>
      <button class="reset" title="Back to the first weights of this seed">Reset</button>
      <label title="The data set the network learns">Dataset <select class="dataset">${DATASETS.map((d) => `<option>${d}</option>`).join('')}</select></label>
      <label title="Step size of the optimizer">Learning rate <input class="lr" type="number" step="any" min="0" style="width:6em"></label>
      <span>Step <b class="steps">0</b></span> <span class="loss">Loss appears here after the first epoch.</span>
    </div>
    <div><canvas class="map" width="240" height="240" aria-label="decision map: the network's output over the plane, with the training points"></canvas>
      <div class="cap">What the network predicts over the plane (orange ↔ blue), with the training points.</div></div>
    <div><canvas class="chart" width="420" height="180" aria-label="train and test loss per epoch"></canvas>
      <div class="key"><span style="color:#0072b2">── train</span><span style="color:#d55e00">- - test</span></div></div>
    <div class="err"></div></div>`;
  const $ = (s) => el.querySelector(s);
  let pending = false;
  const show = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const config = model.get('config') || {};
      $('.play').textContent = model.get('running') ? '❚❚ Pause' : '▶ Play';
      $('.dataset').value = config.dataset ?? r.info?.config?.dataset ?? 'circle';
      if (document.activeElement !== $('.lr')) $('.lr').value = config.lr ?? 0.03;
      $('.steps').textContent = r.lab ? r.lab.step() : 0;
      const h = r.lab ? r.lab.history() : [];
      const last = h[h.length - 1];
      $('.loss').textContent = last ? `Loss train ${last.train.loss.toFixed(3)} / test ${last.test.loss.toFixed(3)}` : 'Loss appears here after the first epoch.';
      $('.err').textContent = [model.get('error'), ...(model.get('warnings') || [])].filter(Boolean).join(' · ');
      drawMap($('.map'), r);
      drawChart($('.chart'), h);
    });
  };
  const save = () => model.save_changes?.();
  const setConfig = (k, v) => { model.set('config', { ...(model.get('config') || {}), [k]: v }); save(); };
  $('.play').onclick = () => { model.set('running', !model.get('running')); save(); show(); };
  $('.one').onclick = () => { model.set('running', false); save(); r.train(1); r.sync(true); show(); };
  $('.reset').onclick = () => r.build().then(() => r.sync(true));
  $('.dataset').onchange = (e) => setConfig('dataset', e.target.value);
  $('.lr').onchange = (e) => setConfig('lr', Number(e.target.value));
  r.views.add(show);
  for (const k of ['config', 'running', 'steps', 'error', 'warnings']) model.on(`change:${k}`, show);
  show();
  return () => r.views.delete(show);
}

export default { initialize, render };
