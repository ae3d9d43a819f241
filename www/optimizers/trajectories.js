// Trajectories on 2-D test functions: every chosen optimizer's path from one start point
// over a banded contour map of log(1 + f − min f). Click or drag on the map to move the
// start. 1-D functions (diffGrad's, AMSGrad's counterexample) plot x against the step.
import { trajectory, functionSurface } from '../../pkg/gradlab.js';
import { Entrants } from '../shared/entrants.js';
import { color } from '../shared/race.js';
import { lineDash, lineSeries, makeChart } from '../shared/chart.js';
import { drawKey } from '../shared/chart-key.js';

const $ = (id) => document.getElementById(id);
const RES = 140;

export const PRESETS = {
  rosenbrock: { steps: 500, entrants: [['sgd', 0.001, ''], ['sgd', 0.001, 'momentum=0.9'], ['adam', 0.05, ''], ['lion', 0.01, '']] },
  beale: { steps: 500, entrants: [['sgd', 0.001, ''], ['adam', 0.05, ''], ['adabelief', 0.05, ''], ['madgrad', 0.02, '']] },
  himmelblau: { steps: 300, entrants: [['sgd', 0.005, ''], ['adam', 0.1, ''], ['rmsprop', 0.05, ''], ['lion', 0.05, '']] },
  rastrigin: { steps: 300, entrants: [['sgd', 0.002, ''], ['adam', 0.1, ''], ['ademamix', 0.1, ''], ['madgrad', 0.05, '']] },
  saddle: { steps: 100, entrants: [['sgd', 0.05, ''], ['sgd', 0.05, 'momentum=0.9'], ['adam', 0.05, ''], ['adagrad', 0.5, '']] },
  'diffgrad-f1': { steps: 300, entrants: [['adam', 0.1, 'b1=0.95&b2=0.999'], ['diffgrad', 0.1, 'b1=0.95&b2=0.999']] },
  'diffgrad-f2': { steps: 300, entrants: [['adam', 0.1, 'b1=0.95&b2=0.999'], ['diffgrad', 0.1, 'b1=0.95&b2=0.999']] },
  'diffgrad-f3': { steps: 300, entrants: [['adam', 0.1, 'b1=0.95&b2=0.999'], ['diffgrad', 0.1, 'b1=0.95&b2=0.999']] },
  'amsgrad-counterexample': { steps: 20000, entrants: [['adam', 0.1, 'b1=0.9&b2=0.99'], ['amsgrad', 0.1, 'b1=0.9&b2=0.99']] },
};

/** Where each 2-D function's minima are (from crate/labs/surface/function.rs), marked on the map;
 *  the saddle's stationary point is marked as such. */
const MINIMA = {
  rosenbrock: [[1, 1]],
  beale: [[3, 0.5]],
  himmelblau: [[3, 2], [-2.805118, 3.131312], [-3.77931, -3.283186], [3.584428, -1.848126]],
  rastrigin: [[0, 0]],
  saddle: [],
};

/** The functions' names and what each stresses, for the dropdown. */
const FUNCTION_NAMES = {
  rosenbrock: 'Rosenbrock: a curved valley',
  beale: 'Beale: flat plateaus',
  himmelblau: 'Himmelblau: four minima',
  rastrigin: 'Rastrigin: many local minima',
  saddle: 'Saddle x² − y²',
  'diffgrad-f1': 'diffGrad paper, 1-D function 1',
  'diffgrad-f2': 'diffGrad paper, 1-D function 2',
  'diffgrad-f3': 'diffGrad paper, 1-D function 3',
  'amsgrad-counterexample': 'AMSGrad paper: Adam\'s counterexample (1-D)',
};

export class Trajectories {
  constructor(say) {
    this.say = say;
    this.canvas = $('traj-map');
    this.list = new Entrants($('traj-entrants'), [], () => this.run());
    $('traj-function').append(...Object.keys(PRESETS).map((n) => new Option(FUNCTION_NAMES[n] ?? n, n)));
    $('traj-function').addEventListener('change', () => this.load($('traj-function').value));
    $('traj-steps').addEventListener('change', () => this.run());
    $('traj-add').addEventListener('click', () => { this.list.add(); this.run(); });
    let dragging = false;
    const move = (e) => {
      if (!this.surface || this.surface.oneD) return;
      const r = this.canvas.getBoundingClientRect();
      const [[x0, x1], [y0, y1]] = this.surface.view;
      this.start = [x0 + ((e.clientX - r.left) / r.width) * (x1 - x0), y1 - ((e.clientY - r.top) / r.height) * (y1 - y0)];
      this.run();
    };
    this.canvas.addEventListener('pointerdown', (e) => { dragging = true; move(e); });
    this.canvas.addEventListener('pointermove', (e) => { if (dragging) move(e); });
    window.addEventListener('pointerup', () => { dragging = false; });
    this.load('rosenbrock');
  }

  load(name) {
    $('traj-function').value = name;
    this.surface = functionSurface(name, RES);
    this.start = this.surface.start;
    $('traj-steps').value = PRESETS[name].steps;
    this.list.set(PRESETS[name].entrants);
    this.run();
  }

  run() {
    const name = $('traj-function').value;
    const steps = Math.min(100000, Math.max(1, Number($('traj-steps').value) || 1));
    this.paths = [];
    for (const { config, label } of this.list.list()) {
      try {
        this.paths.push({ label, points: trajectory(name, config, steps, this.start[0], this.start[1]) });
      } catch (err) {
        this.say('error', `${label}: ${err.message || err}`);
      }
    }
    if (this.surface.oneD) this.drawOneD(steps); else this.drawMap();
    if ($('traj-key')) drawKey($('traj-key'), this.paths.map((p) => p.label));
    // A 1-D preset reports positions on its line, not points of a plane.
    const at = (x, y) => (this.surface.oneD ? `x = ${x.toFixed(3)}` : `(${x.toFixed(3)}, ${y.toFixed(3)})`);
    const end = this.paths.map((p) => `${p.label}: ${at(p.points.at(-2), p.points.at(-1))}`);
    const from = this.surface.oneD ? `x = ${this.start[0].toFixed(2)}` : `(${this.start[0].toFixed(2)}, ${this.start[1].toFixed(2)})`;
    $('traj-end').textContent = `From ${from}, after ${steps} steps: ${end.join('; ')}`;
  }

  drawMap() {
    this.canvas.hidden = false;
    $('traj-chart').hidden = true;
    const ctx = this.canvas.getContext('2d');
    const { values, view: [[x0, x1], [y0, y1]] } = this.surface;
    const min = Math.min(...values);
    const logs = values.map((v) => Math.log1p(v - min));
    const max = Math.max(...logs);
    const img = new ImageData(RES, RES);
    logs.forEach((v, i) => {
      const band = Math.floor((v / max) * 14) / 14; // banded: a filled contour plot
      const shade = Math.round(250 - band * 170);
      img.data.set([shade, shade, Math.round(255 - band * 120), 255], i * 4);
    });
    const off = new OffscreenCanvas(RES, RES);
    off.getContext('2d').putImageData(img, 0, 0);
    const S = this.canvas.width;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(off, 0, 0, S, S);
    const px = (x, y) => [((x - x0) / (x1 - x0)) * S, ((y1 - y) / (y1 - y0)) * S];
    this.paths.forEach(({ points }, i) => {
      ctx.strokeStyle = color(i);
      ctx.setLineDash(lineDash(i));
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      for (let k = 0; k < points.length; k += 2) {
        const [u, v] = px(points[k], points[k + 1]);
        if (k === 0) ctx.moveTo(u, v); else ctx.lineTo(u, v);
      }
      ctx.stroke();
      // Each path's end: a ring in its colour.
      const [ex, ey] = px(points.at(-2), points.at(-1));
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.arc(ex, ey, 4, 0, 2 * Math.PI);
      ctx.stroke();
    });
    ctx.setLineDash([]);
    const name = $('traj-function').value;
    for (const [mx, my] of MINIMA[name] ?? []) this.star(ctx, ...px(mx, my));
    if (name === 'saddle') this.star(ctx, ...px(0, 0), 'saddle point');
    const [sx, sy] = px(...this.start);
    ctx.fillStyle = '#000';
    ctx.beginPath();
    ctx.arc(sx, sy, 5, 0, 2 * Math.PI);
    ctx.fill();
    this.axes(ctx, S, x0, x1, y0, y1);
  }

  /** A minimum (or `label`'s point): a white-edged black star. */
  star(ctx, u, v, label = '') {
    ctx.beginPath();
    for (let k = 0; k < 10; k++) {
      const r = k % 2 ? 3 : 8;
      const a = -Math.PI / 2 + (k * Math.PI) / 5;
      ctx.lineTo(u + r * Math.cos(a), v + r * Math.sin(a));
    }
    ctx.closePath();
    ctx.fillStyle = '#000'; ctx.strokeStyle = '#fff'; ctx.lineWidth = 1.5;
    ctx.fill(); ctx.stroke();
    if (label) { ctx.font = '12px sans-serif'; ctx.fillText(label, u + 10, v - 6); }
  }

  /** Tick labels on the map's edges (the map is the whole canvas, so clicks map 1:1). */
  axes(ctx, S, x0, x1, y0, y1) {
    ctx.font = '12px sans-serif';
    ctx.fillStyle = '#222';
    ctx.strokeStyle = 'rgba(255,255,255,0.85)';
    ctx.lineWidth = 3;
    const text = (t, u, v, align) => { ctx.textAlign = align; ctx.strokeText(t, u, v); ctx.fillText(t, u, v); };
    const fmt = (v) => String(Number(v.toFixed(2)));
    for (const f of [0, 0.25, 0.5, 0.75, 1]) {
      text(fmt(x0 + f * (x1 - x0)), f === 0 ? 22 : f === 1 ? S - 2 : f * S, S - 4, f === 1 ? 'right' : f === 0 ? 'left' : 'center');
      if (f > 0 && f < 1) text(fmt(y1 - f * (y1 - y0)), 3, f * S + 4, 'left');
    }
    text('x →', S / 2 + 30, S - 18, 'left');
    text('↑ y', 3, 14, 'left');
    ctx.textAlign = 'left';
  }

  drawOneD(steps) {
    this.canvas.hidden = true;
    $('traj-chart').hidden = false;
    this.chart?.destroy();
    const xs = Array.from({ length: steps + 1 }, (_, i) => i);
    const series = [{}, ...this.paths.map((p, i) => lineSeries(p.label, i))];
    const data = [xs, ...this.paths.map((p) => xs.map((i) => p.points[2 * i]))];
    this.chart = makeChart({ title: 'Position x against step', height: 280, series, legend: { show: false },
      scales: { x: { time: false } }, axes: [{ label: 'step' }, { label: 'x' }] }, data, $('traj-chart'), 300, 640);
  }
}
