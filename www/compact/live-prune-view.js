// Prune a network live: train, then prune with any criterion to any sparsity mid-run and
// watch test accuracy fall and recover; the mask view shows which weights are gone.
import { MaskView } from './mask-view.js';
import { lineSeries, makeChart } from '../shared/chart.js';
import { placeholder } from '../shared/chart-key.js';

const $ = (id) => document.getElementById(id);

export class LivePruneView {
  constructor(worker, base, say) {
    this.worker = worker;
    this.base = base;
    this.say = say;
    this.masks = new MaskView($('cp-masks'));
    // Pausing and pruning need a network: disabled (not erroring) until Train built one.
    for (const id of ['cp-pause', 'cp-prune', 'cp-dense']) $(id).disabled = true;
    $('cp-start').addEventListener('click', () => this.start());
    placeholder($('cp-chart'), 'Press Train: test accuracy and the fraction of weights pruned appear here, and each layer\'s weights beside.');
    $('cp-pause').addEventListener('click', () => {
      this.paused = !this.paused;
      worker.postMessage({ type: this.paused ? 'pause' : 'resume' });
      this.showState();
    });
    $('cp-prune').addEventListener('click', () => worker.postMessage({ type: 'prune', criterion: $('cp-criterion').value, sparsity: Number($('cp-sparsity').value) }));
    $('cp-dense').addEventListener('click', () => worker.postMessage({ type: 'prune', criterion: 'none', sparsity: 0 }));
  }

  start() {
    const sparse = $('cp-sparse-training').value;
    const config = { ...this.base(), ...(sparse === 'none' ? {} : { prune: 'random', sparsity: Number($('cp-sparsity').value), 'sparse-training': sparse, 'update-every': 50, 'drop-fraction': 0.3 }) };
    this.data = [[], [], []];
    this.chart?.destroy();
    $('cp-chart').replaceChildren();
    this.chart = makeChart({
      title: 'While training and pruning', height: 220, legend: { live: false },
      scales: { x: { time: false }, y: { range: [0, 1] } },
      series: [{ label: 'step' }, lineSeries('test accuracy', 0), { label: 'sparsity (fraction pruned)', stroke: '#888', width: 1.5, dash: [4, 4] }],
      axes: [{ label: 'step' }, { label: 'fraction', size: 55 }],
    }, this.data, $('cp-chart'), 300, 560);
    this.paused = false;
    this.info = null;
    this.starting = true;
    this.worker.postMessage({ type: 'start', config });
    $('cp-start').textContent = '↻ Restart';
    $('cp-report').textContent = 'Building the network…';
  }

  /** An error from the worker: a network that could not be built leaves nothing running. */
  onError() {
    if (!this.starting) return;
    this.starting = false;
    $('cp-report').textContent = '';
    $('cp-start').textContent = '▶ Train';
    $('cp-live-state').textContent = 'stopped: see the message above';
  }

  /** The buttons say what a click does now: pause a running network, resume a paused one. */
  showState() {
    $('cp-pause').textContent = this.paused ? '▶ Resume' : '❚❚ Pause';
    $('cp-pause').setAttribute('aria-pressed', String(!!this.paused));
    $('cp-live-state').textContent = this.paused ? 'paused' : 'training';
  }

  onMessage(m) {
    if (m.type === 'ready') {
      this.info = m.info;
      this.starting = false;
      for (const id of ['cp-pause', 'cp-prune', 'cp-dense']) $(id).disabled = false;
      this.showState();
    }
    if (m.type !== 'frame' || !this.info) return;
    const r = m.report;
    this.data[0].push(m.step); this.data[1].push(m.evaluation.test.accuracy ?? null); this.data[2].push(r.sparsity);
    if (this.data[0].length > 1500) for (const s of this.data) s.splice(0, s.length - 1500);
    this.chart.setData(this.data);
    this.masks.draw(this.info, m.params, m.mask);
    const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
    $('cp-report').textContent = `step ${m.step}: ${r.nonzeros} of ${r.weights} weights live (sparsity ${(100 * r.sparsity).toFixed(1)}%; per layer `
      + `${r.layers.map((l) => `${(100 * l.sparsity).toFixed(0)}%`).join(' / ')}); forward FLOPs per example ${r.flops_sparse} vs ${r.flops_dense} dense; `
      + `size ${kib(r.bytes_sparse)} sparse vs ${kib(r.bytes_dense)} dense; test accuracy ${((m.evaluation.test.accuracy ?? 0) * 100).toFixed(1)}%`;
  }
}
