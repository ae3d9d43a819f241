// The optimizer race view: entrant editor, race workers (www/shared/race-pool.js), overlaid
// curves (uPlot), a decision map per entrant and the summary table.
import { Heatmap } from './heatmap.js';
import { lineColor, lineSeries, makeChart } from './chart.js';
import { drawKey, placeholder, swatch } from './chart-key.js';
import { Entrants } from './entrants.js';
import { escapeHtml } from './text.js';
import { RacePool, checkEvery } from './race-pool.js';
import { parseMerged } from './sweep-file.js';

const DEFAULTS = [['sgd', 0.03, ''], ['sgd', 0.03, 'momentum=0.9'], ['adam', 0.01, ''], ['lion', 0.001, '']];
const MAX_FRAMES = 1500;
const $ = (id) => document.getElementById(id);
export const color = lineColor;

/** What each chart area shows, said there before the first race. */
const EMPTY = {
  'race-loss-steps': 'Training loss against steps, one line per entrant, appears here when the race starts.',
  'race-loss-time': 'Training loss against the compute time each entrant spent.',
  'race-acc': 'Test accuracy against steps.',
  'race-acc-time': 'Test accuracy against compute time.',
  'race-cos': 'How well each method\'s gradient agrees with the exact one (cosine; 1 = exact).',
};

export class Race {
  /** `views` follow the race too: each gets reset(labels, sizes) and push(step, perLayer);
   *  `entrantOptions` go to the entrant editor (e.g. { methods: true }). */
  constructor(say, defaults = DEFAULTS, views = [], entrantOptions = {}) {
    this.say = say;
    this.views = views;
    this.pool = new RacePool((data) => this.onMessage(data));
    this.list = new Entrants($('race-entrants'), defaults, undefined, entrantOptions);
    $('race-add').addEventListener('click', () => this.list.add());
    $('race-start').addEventListener('click', () => this.start());
    $('race-pause').addEventListener('click', () => {
      this.paused = !this.paused;
      if (this.paused) this.pool.pause(); else this.pool.resume();
      this.state(this.paused ? 'paused' : 'running');
    });
    $('race-pause').disabled = true; // nothing to pause before a race
    $('race-open')?.addEventListener('change', async (e) => {
      const file = e.target.files[0];
      e.target.value = ''; // the same file can be opened again
      if (file) this.open(file.name, await file.text());
    });
    for (const [id, text] of Object.entries(EMPTY)) if ($(id)) placeholder($(id), text);
  }

  /** Named races: `presets` maps a name to { settings: { dataset, hidden, activation,
   *  'batch-size', steps, target, seed }, entrants: [[optimizer, lr, extras], …] }. Fills the
   *  page's #race-presets dropdown; choosing one sets the controls (starting stays a click). */
  usePresets(presets) {
    this.presets = presets;
    const sel = $('race-presets');
    if (!sel) return;
    sel.replaceChildren(new Option('your own settings', ''), ...Object.keys(presets).map((n) => new Option(n, n)));
    sel.addEventListener('change', () => { if (sel.value) this.applyPreset(sel.value); });
  }

  /** Sets the controls to the named preset's race. */
  applyPreset(name) {
    const { settings, entrants } = this.presets[name];
    const ids = { dataset: 'race-dataset', hidden: 'race-hidden', activation: 'race-activation', 'batch-size': 'race-batch', steps: 'race-steps', target: 'race-target', seed: 'race-seed' };
    for (const [k, v] of Object.entries(settings)) $(ids[k]).value = String(v);
    this.list.set(entrants);
    if ($('race-presets')) $('race-presets').value = name;
  }

  /** Shows the race's state on its buttons and beside them: starting, running, paused, finished. */
  state(s) {
    this.stateNow = s;
    $('race-pause').disabled = s === 'finished' || s === 'starting' || s === 'stopped' || s === 'file';
    $('race-pause').textContent = s === 'paused' ? '▶ Resume' : '❚❚ Pause';
    $('race-pause').setAttribute('aria-pressed', String(s === 'paused'));
    $('race-start').textContent = s === 'finished' || s === 'stopped' || s === 'file' ? '▶ Run again' : '↻ Restart';
    const el = $('race-state');
    if (!el) return;
    const step = this.history?.step.at(-1);
    el.textContent = s === 'finished' ? `finished: ${step} steps` : s === 'running' && step != null ? `running: step ${step}`
      : s === 'stopped' ? 'stopped: see the message above' : s === 'file' ? `showing ${this.file}` : s;
    el.classList.toggle('done', s === 'finished');
  }

  /** The network and data settings shared by every entrant (and by the sweep). */
  base() {
    return {
      dataset: $('race-dataset').value,
      hidden: $('race-hidden').value.split(',').filter((s) => s.trim()).map(Number),
      activation: $('race-activation').value,
      'batch-size': Number($('race-batch').value),
      seed: Number($('race-seed').value),
    };
  }

  /** Entrant configs: the base settings plus each entrant's optimizer, lr and extras. */
  entrants() {
    const base = this.base();
    return this.list.list().map(({ config, label }) => ({ cfg: { ...base, ...config }, label }));
  }

  start() {
    const entrants = this.entrants();
    if (!entrants.length) { this.say('error', 'Add at least one optimizer.'); return; }
    if ($('race-file-group')) $('race-file-group').hidden = true; // a file shown before is replaced
    this.labels = entrants.map((e) => e.label);
    this.target = Number($('race-target').value);
    this.history = { step: [], loss: this.labels.map(() => []), acc: this.labels.map(() => []), cos: this.labels.map(() => []), time: [] };
    this.summary = this.labels.map(() => ({ reach: null, best: null }));
    this.paused = false;
    const steps = Number($('race-steps').value);
    this.every = checkEvery(steps);
    this.pool.start(entrants.map((e) => e.cfg), steps, { target: this.target, every: this.every });
    this.state('starting');
  }

  onMessage(data) {
    if (data.type === 'error') {
      this.say('error', data.text);
      if (this.stateNow === 'starting') this.state('stopped'); // the race could not be built
    }
    if (data.type === 'ready') {
      this.info = data.info;
      $('race-fair').textContent = data.sameInit
        ? `Fair start checked: all ${data.info.length} networks begin from bit-identical weights (${data.info[0].modelParams} parameters) and share the minibatch order`
          + ` (${data.workers} worker${data.workers > 1 ? 's' : ''}, all at the same step in every frame).`
        : 'Warning: the entrants do not share their initial weights.';
      this.buildCharts();
      for (const v of this.views) v.reset(this.labels, data.info[0].sizes);
      this.state('running');
    }
    if (data.type === 'frame') { this.onFrame(data); this.pool.ack(); if (this.stateNow === 'running') this.state('running'); }
    if (data.type === 'done') this.state('finished');
  }

  /** Shows the runs of a file from `gradlab sweep merge` (a race, or a sweep's runs at each
   *  entrant's best rate) in these charts and this table; a running race stops first. */
  open(name, text) {
    const m = parseMerged(text);
    if (!Array.isArray(m?.tables)) {
      this.say('error', `${name} is not a file from gradlab sweep merge; the race is unchanged`);
      return;
    }
    const num = (v) => v == null || Number.isFinite(v);
    const wellFormed = (run) => typeof run?.label === 'string' && run.result && Array.isArray(run.history) && run.history.length > 0
      && run.history.every((h) => Number.isFinite(h?.step) && num(h.train_loss) && num(h.test_accuracy));
    const groups = m.tables.filter((t) => Array.isArray(t?.runs) && t.runs.length);
    if (!groups.length) {
      this.say('error', `${name} holds no runs to draw (made by an older gradlab sweep merge? merge the records again)`);
      return;
    }
    if (!groups.every((g) => g.runs.every(wellFormed))) {
      this.say('error', `${name}: a run's history or result is malformed; the race is unchanged`);
      return;
    }
    this.pool.stop();
    this.file = name;
    this.fileData = { groups, spec: m.spec ?? {}, sweep: Array.isArray(m.lrs) };
    const pick = $('race-file-group') ?? Object.assign(document.createElement('select'), { id: 'race-file-group', title: 'Which seed (and setting of the varying keys) of the file to show' });
    pick.replaceChildren(...groups.map((g, i) => new Option(`seed ${g.seed}${Object.entries(g.vary ?? {}).map(([k, v]) => ` ${k}=${v}`).join('')}`, String(i))));
    pick.onchange = () => this.showGroup(Number(pick.value));
    pick.hidden = groups.length < 2;
    $('race-state').after(pick);
    this.showGroup(0);
    if (m.problems?.length) this.say('error', `${name}: ${m.problems.length} problem(s) when it was merged: ${m.problems.join('; ')}`);
  }

  showGroup(g) {
    const { groups, spec, sweep } = this.fileData;
    const runs = groups[g].runs;
    // Grid rates in labels to 3 significant digits (lr=0.0316, not lr=0.03162277660168379).
    this.labels = runs.map((r) => r.label.replace(/lr=([\d.e+-]+)/, (_, v) => `lr=${Number(Number(v).toPrecision(3))}`));
    this.info = null;
    this.target = spec.target ?? 0.1;
    this.every = spec.every ?? 100;
    const longest = runs.reduce((a, r) => (r.history.length > a.length ? r.history : a), []);
    const at = (r, key) => longest.map((_, j) => r.history[j]?.[key] ?? null);
    this.history = { step: longest.map((h) => h.step), loss: runs.map((r) => at(r, 'train_loss')), acc: runs.map((r) => at(r, 'test_accuracy')), cos: runs.map(() => []), time: [] };
    this.summary = runs.map(({ result: r }) => ({
      reach: r.steps_to_target, best: r.best_test_accuracy, meanCosine: r.mean_cosine,
      final: { train: { loss: r.final_train_loss }, test: { accuracy: r.final_test_accuracy } },
      step: r.diverged_at ?? r.steps, diverged: r.diverged_at != null, ms: null, perLayer: null,
    }));
    this.buildCharts();
    const h = this.history;
    this.lossSteps.setData([h.step, ...h.loss]);
    this.acc.setData([h.step, ...h.acc]);
    for (const id of ['race-loss-time', 'race-acc-time']) placeholder($(id), 'Compute time is not in a merged file: it differs from machine to machine.');
    if ($('race-cos')) placeholder($('race-cos'), 'The gradient probes are not in a merged file; the table gives each run\'s mean cosine.');
    placeholder($('race-maps'), 'Decision maps are drawn only by a race run on this page.');
    for (const v of this.views) v.clear?.('Per-layer agreement is not in a merged file: run the race on this page to see it.');
    this.table();
    $('race-fair').textContent = `${this.file} (gradlab sweep merge): ${runs.length} runs of ${spec.steps ?? '?'} steps, seed ${groups[g].seed}`
      + `${sweep ? ', each optimizer at its best learning rate for this seed' : ''}; they share initial weights and minibatch order. The settings above are not the file's.`;
    this.state('file');
  }

  buildCharts() {
    for (const c of [this.lossSteps, this.lossTime, this.acc, this.accTime, this.cos]) c?.destroy();
    // One key for the whole group (above the charts), so each chart keeps its width.
    const series = [{}, ...this.labels.map((label, i) => lineSeries(label, i, { spanGaps: true }))];
    if ($('race-key')) drawKey($('race-key'), this.labels);
    for (const id of Object.keys(EMPTY)) $(id)?.replaceChildren();
    const opts = (title, x, y, log, el) => ({
      title, height: 220, series, legend: { show: !$('race-key'), live: false },
      scales: { x: { time: false }, y: log ? { distr: 3 } : { range: [0, 1] } },
      axes: [{ label: x }, { label: y, size: 60 }],
    });
    const empty = [[], ...this.labels.map(() => [])];
    this.lossSteps = makeChart(opts('Training loss vs steps', 'step', 'loss (log)', true, 'race-loss-steps'), empty, $('race-loss-steps'));
    this.lossTime = makeChart(opts('Training loss vs compute time', 'compute ms', 'loss (log)', true, 'race-loss-time'), empty, $('race-loss-time'));
    this.acc = makeChart(opts('Test accuracy vs steps', 'step', 'accuracy', false, 'race-acc'), empty, $('race-acc'));
    this.accTime = makeChart(opts('Test accuracy vs compute time', 'compute ms', 'accuracy', false, 'race-acc-time'), empty, $('race-acc-time'));
    this.cos = $('race-cos') ? makeChart({ ...opts('Cosine to the true gradient', 'step', 'cosine', false, 'race-cos'), scales: { x: { time: false }, y: { range: [-0.2, 1] } } }, empty, $('race-cos')) : null;
    const maps = $('race-maps');
    maps.replaceChildren();
    this.maps = (this.info ?? []).map((info, i) => {
      const fig = document.createElement('figure');
      const c = document.createElement('canvas');
      c.width = c.height = 140;
      const cap = document.createElement('figcaption');
      cap.append(swatch(i), ` ${this.labels[i]}`); // the line style of its curves
      fig.append(c, cap);
      maps.appendChild(fig);
      return new Heatmap(c);
    });
  }

  onFrame({ runners, gridRes }) {
    const h = this.history;
    h.step.push(runners[0].step);
    h.time.push(runners.map((r) => r.ms));
    runners.forEach((r, i) => {
      const loss = r.evaluation.train.loss;
      const acc = r.evaluation.test.accuracy;
      h.loss[i].push(Number.isFinite(loss) ? loss : null);
      h.acc[i].push(acc ?? null);
      h.cos[i].push(r.cosine ?? null);
      const s = this.summary[i];
      s.reach = r.reach; s.best = r.best; // from the worker's fixed checkpoints
      s.final = r.evaluation; s.step = r.step; s.ms = r.ms; s.diverged = r.diverged; s.perLayer = r.perLayer;
      if (r.grid) this.maps[i].draw(r.grid, gridRes, this.info[i]);
    });
    if (h.step.length > MAX_FRAMES) this.thin();
    this.lossSteps.setData([h.step, ...h.loss]);
    this.acc.setData([h.step, ...h.acc]);
    this.cos?.setData([h.step, ...h.cos]);
    this.lossTime.setData(this.timeData(h.loss));
    this.accTime.setData(this.timeData(h.acc));
    this.table();
    for (const v of this.views) v.push(runners[0].step, runners.map((r) => r.perLayer));
  }

  thin() {
    const keep = (_, j, a) => j % 2 === 0 || j === a.length - 1;
    const h = this.history;
    h.step = h.step.filter(keep); h.time = h.time.filter(keep);
    h.loss = h.loss.map((s) => s.filter(keep)); h.acc = h.acc.map((s) => s.filter(keep)); h.cos = h.cos.map((s) => s.filter(keep));
  }

  /** A metric against each entrant's own compute time: a union of x values, gaps elsewhere. */
  timeData(metric) {
    const h = this.history;
    const points = [];
    h.time.forEach((ms, f) => ms.forEach((t, i) => points.push([t, i, metric[i][f]])));
    points.sort((a, b) => a[0] - b[0]);
    const xs = points.map((p) => p[0]);
    const ys = this.labels.map((_, i) => points.map((p) => (p[1] === i ? p[2] : null)));
    return [xs, ...ys];
  }

  table() {
    const fmt = (v, d = 3) => (v == null || !Number.isFinite(v) ? '–' : v.toFixed(d));
    const rows = this.summary.map((s, i) => `<tr><td style="color:${color(i)}">${escapeHtml(this.labels[i])}</td><td>${s.reach ?? '–'}</td>`
      + `<td>${fmt(s.final?.train.loss, 4)}</td><td>${fmt(s.final?.test.accuracy)}</td><td>${fmt(s.best)}</td>`
      + `<td>${fmt(s.ms, 0)}</td><td>${s.perLayer ? s.perLayer.map((c) => fmt(c, 2)).join(' / ') : s.meanCosine != null ? `${fmt(s.meanCosine, 2)} (mean)` : 'exact'}</td>`
      + `<td>${s.diverged ? `diverged at step ${s.step}` : s.step}</td></tr>`);
    $('race-table').innerHTML = `<caption>Summary</caption><tr><th>optimizer</th><th>steps to target loss (checked every ${this.every})</th><th>final train loss</th>`
      + '<th>final test acc.</th><th>best test acc.</th><th>compute ms</th><th>cosine to true gradient per layer</th><th>steps / status</th></tr>' + rows.join('');
  }
}

