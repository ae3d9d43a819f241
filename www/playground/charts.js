// Live loss and accuracy curves (train and test against steps) drawn with uPlot, served
// from www/vendor. The history keeps at most MAX_POINTS points per series by dropping
// every other one when full, so memory stays bounded however long the run.
// The step axis is asinh-scaled: linear near 0, logarithmic beyond, so the first hundred
// steps of a run stay visible at any speed. After a reset or a new network, the previous
// run's curves stay as faint lines (`previous`) for comparison.
// The chart library is fetched by load(), which main.js calls once the first decision map
// is on screen: points pushed before are kept and drawn then.
const MAX_POINTS = 2000;
let lib = null; // { uPlot, makeChart, compactStep, stepTicks, lineColor, lineDash }, once loaded

export class Charts {
  constructor(lossEl, accEl) {
    this.lossEl = lossEl;
    this.accEl = accEl;
    this.previous = null;
    this.clear();
  }

  /** Fetches the chart library and draws the charts (once). */
  async load() {
    if (!lib) {
      const [{ default: uPlot }, chart] = await Promise.all([import('../vendor/uPlot.esm.js'), import('../shared/chart.js')]);
      lib = { uPlot, ...chart };
    }
    if (!this.loss) this.build();
  }

  /** Starts an empty history; the current curves, if any, become the faint previous run. */
  clear() {
    if (this.data?.[0].length > 1) this.previous = this.data;
    this.data = [[], [], [], [], []]; // step, train loss, test loss, train acc, test acc
    if (lib) this.build();
  }

  /** The two charts, drawn anew (empty, with the previous run's key when there is one). */
  build() {
    const { makeChart, compactStep, stepTicks, lineColor, lineDash } = lib;
    const [TRAIN, TEST] = [lineColor(0), lineColor(1)];
    this.loss?.destroy();
    this.acc?.destroy();
    const height = Number(this.lossEl.dataset.height) || 150;
    const series = (what) => [
      {},
      { label: `train ${what}`, stroke: TRAIN, width: 2, spanGaps: true },
      { label: `test ${what}`, stroke: TEST, width: 2, dash: lineDash(1), spanGaps: true },
      { label: 'previous run', stroke: `${TRAIN}4d`, width: 1.5, spanGaps: true, show: Boolean(this.previous) },
      { label: 'previous test', stroke: `${TEST}4d`, width: 1.5, dash: lineDash(1), spanGaps: true, show: Boolean(this.previous) },
    ];
    const common = (yLabel, y) => ({
      height,
      scales: { x: { time: false, distr: 4, asinh: 1, range: (u, min, max) => [0, Math.max(10, max ?? 10)] }, y },
      axes: [
        { label: 'step', splits: stepTicks, filter: (u, splits) => splits, values: (u, splits) => splits.map(compactStep), size: 32, labelSize: 18 },
        { label: yLabel, size: 46, labelSize: 18, space: 24, values: (u, splits) => splits.map((v) => (v == null ? '' : String(+v.toFixed(3)))) },
      ],
      legend: { live: false, markers: { width: 2 } },
      cursor: { show: false },
    });
    // The loss axis starts at 0, so it always has at least two labelled ticks.
    const lossRange = (u, min, max) => [0, max > 0 ? max * 1.05 : 1];
    this.loss = makeChart({ ...common('loss', { range: lossRange }), series: series('loss') }, [[], [], [], [], []], this.lossEl, 240, 1000);
    this.acc = makeChart({ ...common('accuracy', { range: [0, 1] }), series: series('acc.') }, [[], [], [], [], []], this.accEl, 240, 1000);
    // One legend entry for the previous run's pair, shown only when there is one.
    for (const entry of [this.loss, this.acc].flatMap((c) => [...c.root.querySelectorAll('.u-legend .u-series')])) {
      const text = entry.textContent.trim();
      if (text === 'previous test') entry.hidden = true;
      if (text === 'previous run') entry.hidden = !this.previous;
    }
    this.dirty = Boolean(this.previous) || this.data[0].length > 0;
  }

  /** Forgets the previous run's faint curves. */
  forgetPrevious() {
    this.previous = null;
    this.dirty = true;
  }

  push(step, evaluation) {
    const d = this.data;
    const last = d[0].length ? d[0][d[0].length - 1] : -1;
    if (step === last) return;
    if (step < last) this.clear();
    d[0].push(step);
    d[1].push(evaluation.train.loss);
    d[2].push(evaluation.test.loss);
    d[3].push(evaluation.train.accuracy ?? null);
    d[4].push(evaluation.test.accuracy ?? null);
    if (d[0].length > MAX_POINTS) {
      // Thin the late points only: the first ones are the log-spaced early steps.
      const keep = (j, n) => j < 200 || j % 2 === 0 || j === n - 1;
      for (let i = 0; i < d.length; i++) d[i] = d[i].filter((_, j) => keep(j, d[i].length));
    }
    this.dirty = true;
  }

  /** Redraws with the new points, unless the last redraw was less than `minMs` ago (the
   *  caller asks again every frame, so the newest points always show within `minMs`). */
  render(minMs = 0) {
    if (!this.loss || !this.dirty || performance.now() - (this.drawnAt ?? -Infinity) < minMs) return;
    this.drawnAt = performance.now();
    const d = this.data;
    const p = this.previous;
    const pair = (a, b, pa, pb) => (p ? lib.uPlot.join([[d[0], a, b], [p[0], pa, pb]]) : [d[0], a, b, a.map(() => null), a.map(() => null)]);
    this.loss.setData(pair(d[1], d[2], p?.[1], p?.[2]));
    this.acc.setData(pair(d[3], d[4], p?.[3], p?.[4]));
    this.dirty = false;
  }
}
