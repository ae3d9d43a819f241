// Distributional simplicity bias (Refinetti et al. 2023): a network trained on the real
// digits, tested on real digits and on Gaussian clones that keep only the class means or
// the means and covariances.
import { lineSeries, makeChart } from '../shared/chart.js';
import { placeholder } from '../shared/chart-key.js';

const $ = (id) => document.getElementById(id);

export class ClonesView {
  constructor(worker) {
    this.worker = worker;
    $('cl-start').addEventListener('click', () => this.start());
    placeholder($('cl-chart'), 'Test accuracy on the real digits and on the two Gaussian clones appears here, step by step from step 1.');
  }

  start() {
    this.data = [[], [], [], []];
    this.chart?.destroy();
    $('cl-chart').replaceChildren();
    this.chart = makeChart({
      title: 'Test accuracy while training on real digits', height: 240, legend: { live: false },
      // Log steps: the points sit at log-spaced steps (www/simplicity-worker.js), so the
      // first hundred steps take as much width as the rest.
      scales: { x: { time: false, distr: 3 }, y: { range: [0, 1] } },
      series: [{ label: 'step' }, lineSeries('real digits', 6, { dash: [] }),
        lineSeries('clone: class means only', 1),
        lineSeries('clone: means and covariances', 0, { dash: [2, 3] })],
      axes: [{ label: 'SGD step (log scale)' }, { label: 'accuracy', size: 50 }],
    }, this.data, $('cl-chart'), 300, 620);
    $('cl-start').textContent = '↻ Restart';
    this.worker.postMessage({ type: 'clones', action: 'start', seed: Number($('cl-seed').value), steps: Number($('cl-steps').value) });
  }

  onMessage(m) {
    if (m.type === 'clones-done') { $('cl-start').textContent = '▶ Train again'; $('cl-status').textContent += ' (finished)'; }
    if (m.type !== 'clones-frame') return;
    const a = m.accuracy;
    this.data[0].push(a.step); this.data[1].push(a.real); this.data[2].push(a.means); this.data[3].push(a.covariances);
    this.chart.setData(this.data);
    $('cl-status').textContent = `step ${a.step}: real ${(100 * a.real).toFixed(1)}%, means-only clone ${(100 * a.means).toFixed(1)}%, means+covariances clone ${(100 * a.covariances).toFixed(1)}%`;
  }
}
