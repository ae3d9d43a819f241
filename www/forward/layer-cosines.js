// Per-layer agreement with the true gradient over training, for one chosen run of the
// race: one line per layer, as a cosine or as the alignment angle in degrees (the angle
// Lillicrap et al. 2016 and Nøkland 2016 plot for feedback alignment: below 90° the update
// still points downhill).
import { lineSeries, makeChart } from '../shared/chart.js';
import { placeholder } from '../shared/chart-key.js';

const MAX_POINTS = 1500;

export class LayerCosines {
  constructor(root, runSelect, unitSelect) {
    this.root = root;
    this.runSelect = runSelect;
    this.unitSelect = unitSelect;
    this.runSelect.addEventListener('change', () => this.build());
    this.unitSelect.addEventListener('change', () => this.build());
    this.steps = [];
    this.layers = [];
    placeholder(root, 'During a race: each layer\'s agreement with the true gradient, for the run chosen above.');
  }

  /** A new race: `labels` name the runs, `sizes` is the network's layer widths. */
  reset(labels, sizes) {
    this.depth = sizes.length - 1;
    this.steps = [];
    this.layers = labels.map(() => []);
    this.runSelect.replaceChildren(...labels.map((l, i) => new Option(l, String(i))));
    // Start on the first run whose gradient is not exact (backprop has nothing to show).
    this.runSelect.value = '0';
    this.build();
  }

  /** No race to follow (e.g. a file is shown): says why the chart is empty. */
  clear(text) {
    this.chart?.destroy();
    this.chart = null;
    this.depth = 0;
    this.runSelect.replaceChildren();
    placeholder(this.root, text);
  }

  /** One frame: the step and each run's per-layer cosines (null for exact backprop). */
  push(step, perLayer) {
    this.steps.push(step);
    perLayer.forEach((p, i) => this.layers[i].push(p));
    if (this.steps.length > MAX_POINTS) {
      const keep = (_, j, a) => j % 2 === 0 || j === a.length - 1;
      this.steps = this.steps.filter(keep);
      this.layers = this.layers.map((s) => s.filter(keep));
    }
    if (perLayer.some((p) => p) && this.runSelect.dataset.chosen !== 'yes') {
      const first = perLayer.findIndex((p) => p);
      if (String(first) !== this.runSelect.value) { this.runSelect.value = String(first); this.build(); }
      this.runSelect.dataset.chosen = 'yes';
    }
    this.draw();
  }

  angle() {
    return this.unitSelect.value === 'angle';
  }

  build() {
    this.chart?.destroy();
    if (!this.depth) return;
    this.root.replaceChildren();
    const names = Array.from({ length: this.depth }, (_, l) => (l === this.depth - 1 ? 'output layer' : `hidden layer ${l + 1}`));
    const series = [{}, ...names.map((label, l) => lineSeries(label, l, { spanGaps: true }))];
    const title = this.angle() ? 'Alignment angle to the true gradient, per layer' : 'Cosine to the true gradient, per layer';
    this.chart = makeChart({
      title, height: 220, series, legend: { live: false },
      scales: { x: { time: false }, y: { range: this.angle() ? [0, 180] : [-1, 1] } },
      axes: [{ label: 'step' }, { label: this.angle() ? 'degrees' : 'cosine', size: 60 }],
    }, [[], ...names.map(() => [])], this.root);
    this.draw();
  }

  draw() {
    if (!this.chart) return;
    const run = this.layers[Number(this.runSelect.value)] ?? [];
    const toUnit = (c) => (c == null ? null : this.angle() ? (Math.acos(Math.max(-1, Math.min(1, c))) * 180) / Math.PI : c);
    const ys = Array.from({ length: this.depth }, (_, l) => run.map((p) => toUnit(p ? p[l] : null)));
    this.chart.setData([this.steps, ...ys]);
  }
}
