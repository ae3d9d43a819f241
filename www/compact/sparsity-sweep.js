// Accuracy against sparsity for several pruning criteria and the dense baseline, each
// point a full training run from the same seed, shared out among Web Workers (as many as
// the browser reports cores, at most 8) with a progress bar.
import { pruneSweepPlan } from '../../pkg/gradlab.js';
import { lineSeries, makeChart } from '../shared/chart.js';
import { drawKey, placeholder } from '../shared/chart-key.js';
import { digitsFor } from '../shared/digits.js';
import { CRITERION_NAMES, nameOf } from '../shared/lab-names.js';

const $ = (id) => document.getElementById(id);
const PRESET_EPOCHS = 20;

export class SparsitySweep {
  constructor(base, say) {
    this.base = base;
    this.say = say;
    $('sw-run').addEventListener('click', () => this.run());
    // The page's headline in one click: magnitude against random pruning on the digits
    // network, five sparsities, the page's default training (PRESET_EPOCHS: done in ~3 s).
    $('sw-preset').addEventListener('click', () => {
      for (const box of document.querySelectorAll('#sw-methods input')) box.checked = ['magnitude', 'random'].includes(box.value);
      $('sw-sparsities').value = '0.5,0.8,0.9,0.95,0.98';
      $('sw-after').value = '0.5';
      $('cn-epochs').value = String(PRESET_EPOCHS);
      this.run();
      $('sweep').scrollIntoView({ behavior: 'smooth', block: 'start' });
    });
    placeholder($('sw-chart'), 'Test accuracy against the fraction of weights pruned appears here, one line per criterion, as the runs finish.');
    // Two workers load their cores now, so the first sweep (the green button) starts at once.
    this.pool = [];
    this.workersFor(Math.min(2, navigator.hardwareConcurrency || 2));
  }

  async run() {
    let plan;
    const methods = [...document.querySelectorAll('#sw-methods input:checked')].map((c) => c.value);
    try {
      // The plan counts each run's steps from the training set's size: on digits this
      // page's core needs the 8×8 digits first (the workers fetch their own).
      await digitsFor(this.base());
      plan = pruneSweepPlan(this.base(), methods, Float64Array.from($('sw-sparsities').value.split(',').map(Number)), Number($('sw-after').value));
    } catch (err) { this.say('error', String(err.message || err)); return; }
    if (this.running) { this.pool.forEach((w) => w.terminate()); this.pool = []; } // cancel the sweep in flight
    const n = Math.max(1, Math.min(8, navigator.hardwareConcurrency || 2, plan.length));
    this.workers = this.workersFor(n);
    this.running = true;
    this.rows = [];
    let next = 0;
    let done = 0; // rows and errors: a failed run counts as done, so the sweep still ends
    const give = (w) => { if (next < plan.length) { const id = next++; w.postMessage({ id, ...plan[id] }); } };
    for (const w of this.workers) {
      w.onmessage = ({ data }) => {
        if (data.error) this.say('error', data.error); else this.rows.push(data.row);
        this.progress(++done, plan.length);
        this.draw(methods);
        give(w);
      };
      give(w);
    }
    $('sw-status').textContent = `${plan.length} runs on ${n} workers`;
    $('sw-run').textContent = 'Running…';
    $('sw-run').disabled = true;
    this.progress(0, plan.length);
  }

  /** `n` workers, reusing those already started (their cores loaded) and starting the rest. */
  workersFor(n) {
    while (this.pool.length < n) this.pool.push(new Worker(new URL('./prune-worker.js', import.meta.url), { type: 'module' }));
    return this.pool.slice(0, n);
  }

  progress(done, total) {
    $('sw-progress').max = total;
    $('sw-progress').value = done;
    $('sw-progress-text').textContent = `${done} / ${total} runs`;
    if (done === total) { $('sw-run').textContent = 'Run again'; $('sw-run').disabled = false; this.running = false; }
  }

  draw(methods) {
    const xs = [...new Set(this.rows.filter((r) => r.method !== 'dense').map((r) => r.sparsity))].sort((a, b) => a - b);
    const dense = this.rows.find((r) => r.method === 'dense')?.test_accuracy ?? null;
    const series = methods.map((m) => xs.map((x) => this.rows.find((r) => r.method === m && r.sparsity === x)?.test_accuracy ?? null));
    this.chart?.destroy();
    $('sw-chart').replaceChildren();
    // One key above the chart: the dense baseline (grey, dashed) and a line style per criterion.
    const names = methods.map((m) => nameOf(CRITERION_NAMES, m));
    drawKey($('sw-key'), names);
    const base = document.createElement('span');
    base.textContent = '- - dense baseline (grey)';
    $('sw-key').append(base);
    this.chart = makeChart({
      title: 'Test accuracy vs sparsity', height: 280, legend: { show: false },
      scales: { x: { time: false } },
      series: [{ label: 'sparsity' }, { label: 'dense baseline', stroke: '#888', width: 1.5, dash: [6, 4] },
        ...names.map((name, i) => lineSeries(name, i, { points: { show: true }, spanGaps: true }))],
      axes: [{ label: 'fraction of weights pruned' }, { label: 'test accuracy', size: 50 }],
    }, [xs, xs.map(() => dense), ...series], $('sw-chart'), 300, 720);
    const fmt = (v) => (v == null ? '–' : v.toFixed(3));
    $('sw-table').innerHTML = '<caption>Runs</caption><tr><th>method</th><th>sparsity</th><th>nonzeros</th><th>FLOPs / example</th><th>test accuracy</th></tr>'
      + [...this.rows].sort((a, b) => a.method.localeCompare(b.method) || a.sparsity - b.sparsity)
        .map((r) => `<tr><td title="${r.method}">${r.method === 'dense' ? 'dense' : nameOf(CRITERION_NAMES, r.method)}</td><td>${r.sparsity}</td><td>${r.nonzeros}</td><td>${r.flops}</td><td>${fmt(r.test_accuracy)}</td></tr>`).join('');
  }
}
