// Learning-rate sweep: for each chosen optimizer, a log-spaced grid of learning rates, each
// run for the same step budget in a pool of Web Workers (one wasm instance each), plotted
// as final training loss against learning rate. Every optimizer gets the same number of
// trials and steps (AlgoPerf-style equal tuning budget), and is reported at its best rate.
import { Entrants } from '../shared/entrants.js';
import { color } from '../shared/race.js';
import { lineSeries, makeChart } from '../shared/chart.js';
import { placeholder } from '../shared/chart-key.js';
import { escapeHtml } from '../shared/text.js';
import { parseMerged } from '../shared/sweep-file.js';

const $ = (id) => document.getElementById(id);

export function logGrid(min, max, n) {
  if (n === 1) return [min];
  return Array.from({ length: n }, (_, i) => min * (max / min) ** (i / (n - 1)));
}

export class Sweep {
  constructor(say, baseConfig) {
    this.say = say;
    this.baseConfig = baseConfig;
    this.list = new Entrants($('sweep-entrants'), [['sgd', 0, ''], ['sgd', 0, 'momentum=0.9'], ['adam', 0, ''], ['lion', 0, '']], undefined, { fixedLr: true });
    $('sweep-add').addEventListener('click', () => this.list.add('adamw', 0));
    $('sweep-start').addEventListener('click', () => this.start());
    $('sweep-open').addEventListener('change', async (e) => {
      const file = e.target.files[0];
      if (file) this.open(file.name, await file.text());
    });
    const workers = Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1));
    placeholder($('sweep-chart'), 'Final training loss against learning rate, one line per optimizer, appears here as the runs finish.');
    this.pool = Array.from({ length: workers }, () => new Worker(new URL('./sweep-worker.js', import.meta.url), { type: 'module' }));
  }

  start() {
    const rates = logGrid(Number($('sweep-min').value), Number($('sweep-max').value), Number($('sweep-points').value));
    const steps = Number($('sweep-steps').value);
    const entrants = this.list.list();
    const base = this.baseConfig();
    const jobs = [];
    entrants.forEach((e, o) => rates.forEach((lr, r) => jobs.push({ id: jobs.length, o, r, config: { ...base, ...e.config, lr: Number(lr.toPrecision(6)) }, steps })));
    this.results = entrants.map(() => rates.map(() => null));
    this.labels = entrants.map((e) => e.label.replace(/ [\d.e-]+/, ''));
    this.rates = rates;
    const started = performance.now();
    let next = 0;
    let done = 0;
    $('sweep-progress').max = jobs.length;
    $('sweep-start').disabled = true;
    $('sweep-start').textContent = 'Running…';
    const feed = (w) => {
      if (next >= jobs.length) return;
      const job = jobs[next++];
      w.onmessage = ({ data }) => {
        if (data.error) this.say('error', `sweep: ${data.error}`);
        this.results[job.o][job.r] = data;
        $('sweep-progress').value = ++done;
        $('sweep-status').textContent = `${done} / ${jobs.length} runs, ${this.pool.length} workers, ${((performance.now() - started) / 1000).toFixed(1)} s`;
        if (done === jobs.length) { $('sweep-start').disabled = false; $('sweep-start').textContent = 'Run again'; }
        this.render();
        feed(w);
      };
      w.postMessage(job);
    };
    this.pool.forEach(feed);
  }

  // A merged file from `gradlab sweep merge`: each optimizer's mean final loss over the
  // seeds at each rate, judged at its best mean rate (the summary's rows).
  open(name, text) {
    const m = parseMerged(text);
    if (!Array.isArray(m?.summary)) {
      this.say('error', `${name} is not a file from gradlab sweep merge`);
      return;
    }
    const num = (v) => v === null || Number.isFinite(v);
    const n = m.lrs?.length;
    const wellFormed = (r) => typeof r?.label === 'string' && [r.mean_final_loss, r.mean_test_accuracy, r.diverged].every((a) => Array.isArray(a) && a.length === n && a.every(num));
    if (Array.isArray(m.lrs) && !(n > 0 && m.lrs.every((v) => Number.isFinite(v) && v > 0) && m.summary.every(wellFormed))) {
      this.say('error', `${name}: its rates or summary rows are malformed`);
      return;
    }
    if (!Array.isArray(m.lrs)) {
      this.say('error', `${name} holds a race without a learning-rate grid; only learning-rate sweeps open here`);
      return;
    }
    this.rates = m.lrs;
    this.labels = m.summary.map((r) => r.label);
    this.results = m.summary.map((r) => m.lrs.map((_, i) => {
      const loss = r.mean_final_loss[i];
      if (loss == null && !r.diverged[i]) return null;
      return { loss: loss ?? NaN, accuracy: r.mean_test_accuracy[i], diverged: r.diverged[i] > 0 };
    }));
    const seeds = m.seeds ? m.seeds.length : 1;
    const problems = m.problems?.length ? `; ${m.problems.length} problem(s): ${m.problems.join('; ')}` : '';
    $('sweep-status').textContent = `${name} (gradlab sweep merge): ${m.cells} runs, ${m.lrs.length} rates, losses are means over ${seeds} seed(s); the settings above are not its settings${problems}`;
    if (problems) this.say('error', `${name}: ${m.problems.length} cell(s) missing or unreadable; their optimizers average fewer seeds`);
    this.render();
  }

  render() {
    this.chart?.destroy();
    $('sweep-chart').replaceChildren();
    const cap = (v) => (v == null || !Number.isFinite(v.loss) ? null : v.loss);
    const data = [this.rates, ...this.results.map((row) => row.map(cap))];
    const series = [{ label: 'lr' }, ...this.labels.map((label, i) => lineSeries(label, i, { points: { show: true } }))];
    this.chart = makeChart({
      title: 'Final training loss vs learning rate', height: 260, series,
      scales: { x: { time: false, distr: 3 }, y: { distr: 3 } },
      axes: [{ label: 'learning rate (log)' }, { label: 'final loss (log)', size: 60 }],
    }, data, $('sweep-chart'), 280, 720);
    const rows = this.results.map((row, o) => {
      let best = -1;
      row.forEach((v, r) => { if (v && Number.isFinite(v.loss) && (best < 0 || v.loss < row[best].loss)) best = r; });
      const b = row[best];
      const diverged = row.filter((v) => v?.diverged).length;
      return `<tr><td style="color:${color(o)}">${escapeHtml(this.labels[o])}</td><td>${best < 0 ? '–' : this.rates[best].toPrecision(3)}</td>`
        + `<td>${b ? b.loss.toFixed(4) : '–'}</td><td>${b?.accuracy == null ? '–' : b.accuracy.toFixed(3)}</td><td>${diverged}</td></tr>`;
    });
    $('sweep-table').innerHTML = '<caption>Each optimizer at its best learning rate</caption><tr><th>optimizer</th><th>best lr</th>'
      + '<th>final train loss</th><th>test acc.</th><th>diverged runs</th></tr>' + rows.join('');
  }
}
