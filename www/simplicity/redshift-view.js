// Neural Redshift (Teney et al. 2024): a gallery of random networks' functions on [−1, 1]²
// with their complexity (mean Fourier frequency and Lempel-Ziv), and a table over
// activations × depths at the chosen amplitude.
import { diverging } from '../shared/colors.js';

const $ = (id) => document.getElementById(id);

export class RedshiftView {
  constructor(worker) {
    this.worker = worker;
    this.activations = []; // the core's names (the worker's first message), then the first gallery
    $('rs-draw').addEventListener('click', () => this.draw());
    $('rs-compute').addEventListener('change', () => this.draw());
    $('rs-table-run').addEventListener('click', () => this.runTable());
  }

  config() {
    return {
      activation: $('rs-activation').value, width: 64, depth: Number($('rs-depth').value), amplitude: Number($('rs-amplitude').value),
      'layer-norm': $('rs-ln').checked, residual: $('rs-residual').checked, gating: $('rs-gating').checked,
      grid: 64, seed: Number($('rs-seed').value),
    };
  }

  draw() {
    $('rs-compute-status').textContent = 'Computing…';
    this.worker.postMessage({ type: 'redshift', config: this.config(), count: 8, compute: $('rs-compute').value });
  }

  runTable() {
    this.worker.postMessage({ type: 'redshift-table', config: this.config(), activations: this.activations, depths: [1, 2, 4, 7], amplitudes: [Number($('rs-amplitude').value)] });
  }

  onMessage(m) {
    if (m.type === 'names') {
      this.activations = m.redshiftActivations;
      $('rs-activation').replaceChildren(...this.activations.map((a) => new Option(a, a)));
      $('rs-activation').value = 'tanh';
      this.draw();
    }
    if (m.type === 'redshift-result') {
      this.gallery(m.gallery);
      const status = $('rs-compute-status');
      status.textContent = `Computed in ${m.compute}.`;
      status.classList.toggle('warning', m.fellBack);
    }
    if (m.type === 'redshift-table-result') this.table(m.rows);
  }

  gallery(items) {
    const root = $('rs-gallery');
    root.replaceChildren(...items.map(({ values, row }) => {
      const fig = document.createElement('figure');
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 64;
      const n = Math.round(Math.sqrt(values.length));
      const lo = Math.min(...values);
      const hi = Math.max(...values);
      const image = new ImageData(n, n);
      values.forEach((v, i) => {
        // Row-major with y going up: flip to draw y up.
        const [r, g, b] = diverging(hi > lo ? (2 * (v - lo)) / (hi - lo) - 1 : 0);
        const x = i % n;
        const y = n - 1 - Math.floor(i / n);
        image.data.set([r, g, b, 255], (y * n + x) * 4);
      });
      canvas.getContext('2d').putImageData(image, 0, 0);
      const cap = document.createElement('figcaption');
      cap.textContent = `Fourier ${row.fourier.toFixed(2)} · LZ ${row.lz}`;
      fig.append(canvas, cap);
      return fig;
    }));
  }

  table(rows) {
    const depths = [...new Set(rows.map((r) => r.depth))];
    const acts = [...new Set(rows.map((r) => r.activation))];
    const cell = (a, d) => rows.find((r) => r.activation === a && r.depth === d);
    $('rs-table').innerHTML = `<caption>Mean Fourier frequency (0–1) at amplitude ${rows[0]?.amplitude}, by activation and depth</caption>`
      + `<tr><th>activation</th>${depths.map((d) => `<th>depth ${d}</th>`).join('')}</tr>`
      + acts.map((a) => `<tr><td>${a}</td>${depths.map((d) => `<td>${cell(a, d).fourier.toFixed(3)}</td>`).join('')}</tr>`).join('');
  }
}
