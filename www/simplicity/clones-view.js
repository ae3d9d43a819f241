// Distributional simplicity bias (Refinetti et al. 2023): a network trained on the real
// digits, tested on real digits and on Gaussian clones that keep only the class means or
// the means and covariances.
import uPlot from '../vendor/uPlot.esm.js';

const $ = (id) => document.getElementById(id);

export class ClonesView {
  constructor(worker) {
    this.worker = worker;
    $('cl-start').addEventListener('click', () => this.start());
  }

  start() {
    this.data = [[], [], [], []];
    this.chart?.destroy();
    this.chart = new uPlot({
      title: 'Test accuracy while training on real digits', width: 460, height: 240, legend: { live: false },
      // Log steps: the points sit at log-spaced steps (www/simplicity-worker.js), so the
      // first hundred steps take as much width as the rest.
      scales: { x: { time: false, distr: 3 }, y: { range: [0, 1] } },
      series: [{ label: 'step' }, { label: 'real digits', stroke: '#222', width: 2 },
        { label: 'clone: class means only', stroke: '#f59322', width: 2 },
        { label: 'clone: means and covariances', stroke: '#0877bd', width: 2 }],
      axes: [{ label: 'SGD step (log scale)' }, { label: 'accuracy', size: 50 }],
    }, this.data, $('cl-chart'));
    this.worker.postMessage({ type: 'clones', action: 'start', seed: Number($('cl-seed').value), steps: Number($('cl-steps').value) });
  }

  onMessage(m) {
    if (m.type !== 'clones-frame') return;
    const a = m.accuracy;
    this.data[0].push(a.step); this.data[1].push(a.real); this.data[2].push(a.means); this.data[3].push(a.covariances);
    this.chart.setData(this.data);
    $('cl-status').textContent = `step ${a.step}: real ${(100 * a.real).toFixed(1)}%, means-only clone ${(100 * a.means).toFixed(1)}%, means+covariances clone ${(100 * a.covariances).toFixed(1)}%`;
  }
}
