// Live loss and accuracy curves (train and test against steps) drawn with uPlot, served
// from www/vendor. The history keeps at most MAX_POINTS points per series by dropping
// every other one when full, so memory stays bounded however long the run.
import uPlot from '../vendor/uPlot.esm.js';

const MAX_POINTS = 2000;

export class Charts {
  constructor(lossEl, accEl) {
    this.lossEl = lossEl;
    this.accEl = accEl;
    this.clear();
  }

  clear() {
    this.data = [[], [], [], [], []]; // step, train loss, test loss, train acc, test acc
    this.loss?.destroy();
    this.acc?.destroy();
    const width = Math.max(240, this.lossEl.clientWidth || 300);
    const common = (title, yLabel) => ({
      title, width, height: 150,
      scales: { x: { time: false } },
      axes: [{ label: 'step' }, { label: yLabel, size: 55 }],
      legend: { live: false },
    });
    this.loss = new uPlot({
      ...common('Loss', 'loss'),
      series: [{}, { label: 'train', stroke: '#0877bd', width: 2 }, { label: 'test', stroke: '#f59322', width: 2 }],
    }, [[], [], []], this.lossEl);
    this.acc = new uPlot({
      ...common('Accuracy', 'accuracy'),
      scales: { x: { time: false }, y: { range: [0, 1] } },
      series: [{}, { label: 'train', stroke: '#0877bd', width: 2 }, { label: 'test', stroke: '#f59322', width: 2 }],
    }, [[], [], []], this.accEl);
    this.dirty = false;
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
      for (let i = 0; i < d.length; i++) d[i] = d[i].filter((_, j) => j % 2 === 0 || j === d[i].length - 1);
    }
    this.dirty = true;
  }

  /** Redraws with the new points, unless the last redraw was less than `minMs` ago (the
   *  caller asks again every frame, so the newest points always show within `minMs`). */
  render(minMs = 0) {
    if (!this.dirty || performance.now() - (this.drawnAt ?? -Infinity) < minMs) return;
    this.drawnAt = performance.now();
    const d = this.data;
    this.loss.setData([d[0], d[1], d[2]]);
    this.acc.setData([d[0], d[3], d[4]]);
    this.dirty = false;
  }
}
