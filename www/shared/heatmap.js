// The decision map: the network's output on a res × res grid over [−6, 6]² (computed in
// one batched call in the worker), with the training and test points on top.
import { putDiverging, pointColor, CLASS_COLORS, CLASS_NAMES, TWO_CLASS_NAMES, TWO_CLASS_COLORS, diverging, css } from './colors.js';

// Regions are drawn lighter than the points (at most this fraction of full colour) so the
// points stay visible on a region of their own class.
const REGION = 0.6;

export class Heatmap {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.image = null;
    this.discretize = false;
    this.showTest = false;
  }

  /** grid: Float32Array of res·res·c values, row-major from the top (see Lab.computeGrid). */
  draw(grid, res, info) {
    const { ctx, canvas } = this;
    const size = canvas.width;
    if (!this.image || this.image.width !== res) {
      this.off = new OffscreenCanvas(res, res);
      this.image = new ImageData(res, res);
    }
    const px = this.image.data;
    const k = info.task.kind === 'multiclass' ? info.classes : 1;
    for (let i = 0; i < res * res; i++) {
      if (k > 1) {
        let best = 0;
        for (let j = 1; j < k; j++) if (grid[i * k + j] > grid[i * k + best]) best = j;
        const conf = this.discretize ? 1 : (grid[i * k + best] - 1 / k) / (1 - 1 / k);
        const c = CLASS_COLORS[best % CLASS_COLORS.length];
        const f = Math.max(0.15, conf) * REGION;
        for (let ch = 0; ch < 3; ch++) px[i * 4 + ch] = Math.round(232 + (c[ch] - 232) * f);
        px[i * 4 + 3] = 255;
      } else {
        let v = grid[i];
        if (this.discretize) v = v >= 0 ? 1 : -1;
        putDiverging(px, i, v * REGION);
      }
    }
    this.off.getContext('2d').putImageData(this.image, 0, 0);
    // Smooth upscaling of the 100×100 grid (the Playground's maps look the same).
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(this.off, 0, 0, size, size);
    // The points do not move while training: drawn once into a layer per run and toggle.
    const key = `${this.showTest} ${size}`;
    if (this.pointsInfo !== info || this.pointsKey !== key) {
      if (this.points?.width !== size) this.points = new OffscreenCanvas(size, size);
      const pctx = this.points.getContext('2d');
      pctx.clearRect(0, 0, size, size);
      this.drawPoints(pctx, info.train, info, false);
      if (this.showTest) this.drawPoints(pctx, info.test, info, true);
      Object.assign(this, { pointsInfo: info, pointsKey: key });
    }
    ctx.drawImage(this.points, 0, 0);
  }

  drawPoints(ctx, points, info, test) {
    const scale = this.canvas.width / (2 * info.extent);
    for (const [x, y, t] of points) {
      const cx = (x + info.extent) * scale;
      const cy = (info.extent - y) * scale;
      ctx.beginPath();
      ctx.arc(cx, cy, 3, 0, 2 * Math.PI);
      ctx.fillStyle = css(pointColor(t, info.task));
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = test ? '#000' : '#fff';
      ctx.stroke();
    }
  }

  /** Axes with ticks (in the frame's margins) and a legend for the colours and markers
   *  of run `info`: class names for classification, a value scale for regression. */
  describe(info, frame, legend) {
    for (const el of frame.querySelectorAll('.tick, .axis-name')) el.remove();
    legend.replaceChildren();
    if (!info.twoD) return;
    const e = info.extent;
    const ticks = [-e, -e / 2, 0, e / 2, e];
    // Positions are fractions of the map, which fills the frame but for its left and
    // bottom margins (playground.css: .map-frame), so they follow the map's size unmeasured.
    const x = (f) => `calc(22px + ${f} * (100% - 22px))`;
    const y = (f) => `calc(${1 - f} * (100% - 16px))`;
    for (const v of ticks) {
      const f = (v + e) / (2 * e);
      const label = String(+v.toFixed(1));
      frame.append(tick('x', label, { left: x(f) }), tick('y', label, { top: y(f) }));
    }
    const [a, b] = info.config.dataset === 'custom' && info.data?.names?.length === 2 ? info.data.names : ['x1', 'x2'];
    // The names sit between two ticks, so they never collide with a tick label.
    frame.append(tick('axis-name', `${a} →`, { left: x(0.625), bottom: '2px', transform: 'translateX(-50%)' }),
      tick('axis-name', `↑ ${b}`, { left: '25px', top: y(0.875), transform: 'translateY(-50%)' }));
    const item = (swatch, text) => {
      const span = document.createElement('span');
      span.append(swatch, text);
      return span;
    };
    const box = (rgb, cls = 'swatch') => {
      const s = document.createElement('span');
      s.className = cls;
      s.style.background = css(rgb);
      return s;
    };
    const kind = info.task.kind;
    const labels = info.data?.labels;
    if (kind === 'regression') {
      const bar = document.createElement('span');
      bar.className = 'scale';
      bar.style.background = `linear-gradient(to right, ${css(diverging(-1))}, ${css(diverging(0))}, ${css(diverging(1))})`;
      legend.append(item(document.createTextNode('target −1'), bar), document.createTextNode('+1'));
    } else {
      const k = kind === 'multiclass' ? info.classes : 2;
      for (let c = 0; c < k; c++) {
        const rgb = k === 2 ? TWO_CLASS_COLORS[c] : CLASS_COLORS[c % CLASS_COLORS.length];
        const name = k === 2 ? TWO_CLASS_NAMES[c] : CLASS_NAMES[c % CLASS_NAMES.length];
        const what = labels?.[c] != null ? `“${labels[c]}”` : `class ${c}`;
        const entry = item(box(rgb), `${what}`);
        entry.title = `${name}: ${what}`;
        entry.dataset.colour = name;
        legend.append(entry);
      }
    }
    const train = box([150, 150, 150], 'dot');
    train.style.border = '1.5px solid #fff';
    train.style.boxShadow = '0 0 0 1px #999';
    const test = box([150, 150, 150], 'dot');
    test.style.border = '1.5px solid #000';
    legend.append(item(train, 'train'), item(test, 'test (Show test data)'));
  }

  message(text) {
    const { ctx, canvas } = this;
    ctx.fillStyle = '#f4f4f4';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = '#444';
    ctx.font = '14px sans-serif';
    ctx.textAlign = 'center';
    text.split('\n').forEach((line, i) => ctx.fillText(line, canvas.width / 2, canvas.height / 2 + i * 20));
  }
}

function tick(cls, text, style) {
  const el = document.createElement('span');
  el.className = cls === 'axis-name' ? 'axis-name' : `tick ${cls}`;
  el.textContent = text;
  Object.assign(el.style, style);
  return el;
}

/** A small scatter of dataset points for a thumbnail button. */
export function drawThumbnail(canvas, points, name) {
  const ctx = canvas.getContext('2d');
  const s = canvas.width;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, s, s);
  const kind = name.startsWith('reg') ? 'regression' : name === 'multi-spiral' ? 'multiclass' : 'binary';
  for (const [x, y, t] of points) {
    ctx.fillStyle = css(pointColor(t, { kind }));
    ctx.fillRect((x + 6) / 12 * s - 1, (6 - y) / 12 * s - 1, 2, 2);
  }
}
