// Loss landscape view: trains one network (the race's settings) with the chosen optimizer,
// recording its weights, then draws 1-D and 2-D slices along filter-normalized random
// directions and the trajectory on its top-2 PCA directions (Li et al. 2018).
import uPlot from '../vendor/uPlot.esm.js';
import { Lab } from '../../pkg/gradlab.js';
import { digitsFor } from '../shared/digits.js';
import { yieldToEvents } from '../shared/yield.js';
import { placeholder, canvasPlaceholder } from '../shared/chart-key.js';

const $ = (id) => document.getElementById(id);
const RES = 31;

/** Banded log-scale map of a res × res grid (row-major, top row first) onto a canvas. */
function drawPlane(canvas, values, res) {
  const finite = values.filter(Number.isFinite);
  const lo = Math.log(Math.min(...finite) + 1e-12);
  const hi = Math.log(Math.max(...finite) + 1e-12);
  const img = new ImageData(res, res);
  values.forEach((v, i) => {
    const t = Number.isFinite(v) ? Math.floor(((Math.log(v + 1e-12) - lo) / Math.max(1e-12, hi - lo)) * 12) / 12 : 1;
    img.data.set([Math.round(250 - 200 * t), Math.round(250 - 120 * t), Math.round(255 - 60 * t), 255], i * 4);
  });
  const off = new OffscreenCanvas(res, res);
  off.getContext('2d').putImageData(img, 0, 0);
  const ctx = canvas.getContext('2d');
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(off, 0, 0, canvas.width, canvas.height);
  return ctx;
}

export class Landscape {
  constructor(say, baseConfig) {
    this.say = say;
    this.baseConfig = baseConfig;
    $('land-run').addEventListener('click', () => this.run());
    // Before a run each area says what will appear in it.
    placeholder($('land-line'), 'Press "Train and map": the loss along one random direction through the trained weights appears here.');
    canvasPlaceholder($('land-plane'), ['After a run:', 'the loss on a random 2-D slice']);
    canvasPlaceholder($('land-pca'), ['After a run:', 'the training path on its PCA plane']);
  }

  async run() {
    const config = { ...this.baseConfig(), optimizer: $('land-optimizer').value, lr: Number($('land-lr').value) };
    const steps = Number($('land-steps').value);
    let lab;
    try {
      await digitsFor(config);
      lab = new Lab(config);
    } catch (err) {
      this.say('error', String(err.message || err));
      return;
    }
    lab.setEpochMetrics(false);
    const every = Math.max(1, Math.floor(steps / 100));
    $('land-status').textContent = 'training…';
    $('land-run').disabled = true;
    lab.recordSnapshot();
    try {
      for (let done = 0; done < steps; done += every) {
        lab.train(Math.min(every, steps - done));
        lab.recordSnapshot();
        if (done % (every * 10) === 0) await yieldToEvents(); // keep the page responsive
      }
    } catch (err) {
      this.say('error', `landscape: ${err.message || err}`);
    }
    const radius = Number($('land-radius').value);
    const slices = lab.landscape(RES, radius, config.seed);
    const pca = lab.pcaLandscape(RES);
    const loss = lab.evaluate().train.loss;
    lab.free();
    $('land-run').disabled = false;
    this.draw(slices, pca, radius);
    $('land-status').textContent = `trained ${steps} steps; training loss ${loss.toFixed(4)}`
      + (pca ? `; the two PCA directions explain ${(100 * pca.explained[0]).toFixed(1)}% and ${(100 * pca.explained[1]).toFixed(1)}% of the path's variance` : '');
  }

  draw(slices, pca, radius) {
    this.chart?.destroy();
    $('land-line').replaceChildren();
    this.chart = new uPlot({
      title: '1-D slice: loss at θ + α·d', width: 380, height: 220,
      series: [{ label: 'α' }, { label: 'loss', stroke: '#0877bd', width: 2 }],
      scales: { x: { time: false } }, axes: [{ label: 'α (filter-normalized)' }, { label: 'loss', size: 55 }],
    }, [slices.axis, slices.line], $('land-line'));
    drawPlane($('land-plane'), slices.plane, RES);
    const ctx = $('land-plane').getContext('2d');
    ctx.fillStyle = '#000';
    ctx.beginPath();
    ctx.arc($('land-plane').width / 2, $('land-plane').height / 2, 4, 0, 2 * Math.PI);
    ctx.fill();
    $('land-plane-caption').textContent = `2-D slice over α, β ∈ [−${radius}, ${radius}]; the dot is the trained weights.`;
    if (!pca) return;
    const c = $('land-pca');
    const pctx = drawPlane(c, pca.plane, RES);
    const [x0, x1] = [pca.xs[0], pca.xs.at(-1)];
    const [y0, y1] = [pca.ys[0], pca.ys.at(-1)];
    pctx.strokeStyle = '#d55e00';
    pctx.lineWidth = 2;
    pctx.beginPath();
    pca.path.forEach(([x, y], i) => {
      const u = ((x - x0) / (x1 - x0)) * c.width;
      const v = ((y1 - y) / (y1 - y0)) * c.height;
      if (i === 0) pctx.moveTo(u, v); else pctx.lineTo(u, v);
    });
    pctx.stroke();
  }
}
