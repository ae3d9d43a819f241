// The slab experiment view (Shah et al. 2020): live standard / S-randomized /
// Sᶜ-randomized test accuracy, the decision map over the simple coordinate and one
// complex coordinate, and the final per-coordinate probe table beside the paper's numbers.
import { diverging, css } from '../shared/colors.js';
import { lineSeries, makeChart } from '../shared/chart.js';
import { placeholder, canvasPlaceholder } from '../shared/chart-key.js';
import { pairs } from '../shared/text.js';

const $ = (id) => document.getElementById(id);
/** Where the slab map sits on its canvas (278×272): room on the left and below for axes. */
const MAP = { x0: 40, y0: 4, size: 232 };

export class SlabsView {
  constructor(worker, say) {
    this.worker = worker;
    this.say = say;
    $('slab-start').addEventListener('click', () => this.start());
    $('slab-pause').addEventListener('click', () => {
      this.paused = !this.paused;
      worker.postMessage({ type: 'slab', action: this.paused ? 'pause' : 'resume' });
      this.state(this.paused ? 'paused' : 'training');
    });
    // The page's headline in one click: LMS-5 at the small size, default seed and settings.
    $('slab-quick').addEventListener('click', () => {
      $('slab-preset').value = 'lms-5';
      $('slab-paper').checked = false;
      $('slab-seed').value = '0';
      $('slab-overrides').value = '';
      this.start();
    });
    canvasPlaceholder($('slab-map'), ['While training:', 'what the network predicts', 'over coordinates 0 and 1']);
    placeholder($('slab-chart'), 'Test accuracy while training appears here: standard, with the simple coordinate shuffled, and with all the others shuffled.');
  }

  /** The worker could not build or train the slab run. */
  onError(m) {
    if (m.kind === 'slab') this.state('stopped');
  }

  /** Shows the run's state beside its buttons: training, paused, finished or stopped. */
  state(s) {
    $('slab-pause').disabled = s === 'finished' || s === 'stopped';
    $('slab-pause').textContent = s === 'paused' ? '▶ Resume' : '❚❚ Pause';
    $('slab-pause').setAttribute('aria-pressed', String(s === 'paused'));
    $('slab-start').textContent = s === 'finished' || s === 'stopped' ? '▶ Train again' : '↻ Restart';
    $('slab-state').textContent = s === 'stopped' ? 'stopped: see the message above' : s;
    $('slab-state').classList.toggle('done', s === 'finished');
  }

  start() {
    const overrides = Object.fromEntries(pairs($('slab-overrides').value));
    this.history = [[], [], [], []];
    this.chart?.destroy();
    $('slab-chart').replaceChildren();
    this.chart = makeChart({
      title: 'Test accuracy while training', height: 240, legend: { live: false },
      scales: { x: { time: false }, y: { range: [0.4, 1] } },
      series: [{ label: 'step' },
        lineSeries('standard', 6, { dash: [] }),
        lineSeries('S randomized (simple coordinate shuffled)', 1),
        lineSeries('Sᶜ randomized (all others shuffled)', 0, { dash: [2, 3] })],
      axes: [{ label: 'step' }, { label: 'accuracy', size: 50 }],
    }, this.history, $('slab-chart'), 300, 620);
    $('slab-table').replaceChildren();
    this.paused = false;
    this.state('training');
    this.worker.postMessage({ type: 'slab', action: 'start', preset: $('slab-preset').value, small: !$('slab-paper').checked,
      seed: Number($('slab-seed').value), overrides });
  }

  onMessage(m) {
    if (m.type === 'slab-ready') {
      const s = m.info.settings;
      $('slab-status').textContent = `d = ${m.info.dim}, ${m.info.trainRows} training / ${m.info.testRows} test rows; `
        + `${s.layers}×${s.hidden} ReLU, SGD lr ${s.lr}, momentum ${s.momentum}, weight decay ${s.weight_decay ?? s['weight-decay']}, `
        + `batch ${s.batch}, ${s.epochs} epochs (${m.budget} steps).`;
    }
    if (m.type === 'slab-frame') {
      const h = this.history;
      h[0].push(m.step); h[1].push(m.point.standard.acc); h[2].push(m.point.s_randomized.acc); h[3].push(m.point.sc_randomized.acc);
      if (h[0].length > 2000) for (const s of h) s.splice(0, s.length - 2000);
      this.chart.setData(h);
      $('slab-now').textContent = `Live probe at step ${m.step} / ${m.budget} (a fresh shuffle of the test rows each frame): standard ${pct(m.point.standard.acc)} (AUC ${m.point.standard.auc.toFixed(3)}), `
        + `S-randomized ${pct(m.point.s_randomized.acc)} (AUC ${m.point.s_randomized.auc.toFixed(3)}), `
        + `Sᶜ-randomized ${pct(m.point.sc_randomized.acc)} (AUC ${m.point.sc_randomized.auc.toFixed(3)})`;
      this.drawProjection(m.projection);
    }
    if (m.type === 'slab-done') { this.table(m.report); this.state('finished'); }
  }

  /** The map over coordinates 0 and 1 in [−width, width]², with tick labels and the axes'
   *  names in a margin on the left and below (MAP: where the map sits on the canvas). */
  drawProjection({ grid, points, width }) {
    const canvas = $('slab-map');
    const ctx = canvas.getContext('2d');
    const { x0, y0, size } = MAP;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const res = Math.round(Math.sqrt(grid.length));
    const image = new ImageData(res, res);
    grid.forEach((p, i) => {
      const [r, g, b] = diverging((2 * p - 1) * 0.6);
      image.data.set([r, g, b, 255], i * 4);
    });
    const off = new OffscreenCanvas(res, res);
    off.getContext('2d').putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(off, x0, y0, size, size);
    const s = size / (2 * width);
    for (const [x, y, t] of points) {
      ctx.beginPath();
      ctx.arc(x0 + (x + width) * s, y0 + (width - y) * s, 2.5, 0, 2 * Math.PI);
      ctx.fillStyle = css(t >= 0.5 ? [8, 119, 189] : [245, 147, 34]);
      ctx.fill();
      ctx.strokeStyle = '#fff';
      ctx.stroke();
    }
    ctx.strokeStyle = '#999';
    ctx.strokeRect(x0 - 0.5, y0 - 0.5, size + 1, size + 1);
    ctx.fillStyle = '#444';
    ctx.font = '11px sans-serif';
    for (const f of [0, 0.5, 1]) {
      const label = String(+((2 * f - 1) * width).toFixed(2));
      ctx.textAlign = 'center';
      ctx.fillText(label, x0 + f * size, y0 + size + 13);
      ctx.textAlign = 'right';
      ctx.fillText(label, x0 - 4, y0 + (1 - f) * size + 4);
    }
    ctx.textAlign = 'center';
    ctx.fillText('coordinate 0 (simple) →', x0 + size / 2, y0 + size + 27);
    ctx.save();
    ctx.translate(11, y0 + size / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText('coordinate 1 (complex) →', 0, 0);
    ctx.restore();
  }

  /** The final probes. Each randomized row shuffles the test rows with its own permutation
   *  (the paper draws one per probe), so "S randomized", "only coordinate 0 randomized"
   *  and the live line above are three draws of the same probe and differ by sampling
   *  noise: the table says which draw each row is. */
  table(report) {
    const row = (name, s, draw) => `<tr><td>${name}</td><td>${pct(s.acc)}</td><td>${s.auc.toFixed(3)}</td><td>${draw}</td></tr>`;
    const per = report.per_coordinate.map((s, i) => row(`only coordinate ${i} randomized${i === 0 ? ' (simple)' : ''}`, s, `shuffle ${i + 3}`));
    $('slab-table').innerHTML = '<caption>Final test-set probes (each randomized row is its own shuffle of the test rows,'
      + ' so rows that randomize the same coordinates differ by sampling noise)</caption>'
      + '<tr><th>evaluation</th><th>accuracy</th><th>AUC</th><th>draw</th></tr>'
      + row('standard', report.standard, 'no shuffle') + row('S randomized', report.s_randomized, 'shuffle 1')
      + row('Sᶜ randomized', report.sc_randomized, 'shuffle 2') + per.join('');
  }
}

const pct = (v) => `${(100 * v).toFixed(1)}%`;
