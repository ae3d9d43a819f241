// Spectral bias (Rahaman et al. 2019): the learned function's normalized Fourier amplitude
// at each target frequency over training, as a heat map (time left to right, frequency
// bottom to top), and the current fit against the target.
import { lineSeries, makeChart } from '../shared/chart.js';
import { placeholder, canvasPlaceholder } from '../shared/chart-key.js';

const $ = (id) => document.getElementById(id);

export class SpectralView {
  constructor(worker) {
    this.worker = worker;
    $('sp-start').addEventListener('click', () => this.start());
    canvasPlaceholder($('sp-heat'), ['After Train: how much of each frequency', 'is learned (rows) over training (columns)']);
    placeholder($('sp-curve'), 'The target function and the network\'s fit appear here while it trains.');
  }

  start() {
    this.columns = [];
    $('sp-start').textContent = '↻ Restart';
    this.worker.postMessage({ type: 'spectral', action: 'start', amplitudes: $('sp-amplitudes').value, seed: Number($('sp-seed').value), steps: Number($('sp-steps').value) });
  }

  onMessage(m) {
    if (m.type === 'spectral-done') $('sp-start').textContent = '▶ Train again';
    if (m.type !== 'spectral-frame') return;
    this.columns.push(m.readout);
    this.heat(m.curves.frequencies);
    this.curve(m.curves, m.step);
  }

  heat(frequencies) {
    const canvas = $('sp-heat');
    const ctx = canvas.getContext('2d');
    const cols = this.columns;
    const w = canvas.width / Math.max(cols.length, 1);
    const h = canvas.height / frequencies.length;
    cols.forEach((readout, c) => readout.forEach((v, k) => {
      const t = Math.max(0, Math.min(1, v));
      const shade = Math.round(255 - 220 * t);
      ctx.fillStyle = `rgb(${shade},${shade},${255 - Math.round(100 * t)})`;
      ctx.fillRect(c * w, canvas.height - (k + 1) * h, Math.ceil(w), Math.ceil(h));
    }));
    $('sp-freqs').textContent = `rows, bottom to top: k = ${frequencies.join(', ')}; dark = learned (1), white = absent (0)`;
  }

  curve({ z, target, prediction }, step) {
    if (!this.chart) {
      $('sp-curve').replaceChildren();
      this.chart = makeChart({
        title: 'Target and network', height: 200, legend: { live: false },
        scales: { x: { time: false } },
        series: [{ label: 'z' }, { label: 'target λ(z)', stroke: '#888', width: 1.5, dash: [4, 3] }, lineSeries('network', 0)],
        axes: [{ label: 'z' }, { size: 40 }],
      }, [z, target, prediction], $('sp-curve'), 300, 560);
    } else this.chart.setData([z, target, prediction]);
    $('sp-status').textContent = `step ${step}`;
  }
}
