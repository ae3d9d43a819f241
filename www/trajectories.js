// Trajectories on 2-D test functions: every chosen optimizer's path from one start point
// over a banded contour map of log(1 + f − min f). Click or drag on the map to move the
// start. 1-D functions (diffGrad's, AMSGrad's counterexample) plot x against the step.
import uPlot from './vendor/uPlot.esm.js';
import { trajectory, functionSurface } from '../pkg/gradlab.js';
import { Entrants } from './entrants.js';
import { color } from './race.js';

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
    const end = this.paths.map((p) => `${p.label}: (${p.points.at(-2).toFixed(3)}, ${p.points.at(-1).toFixed(3)})`);
    $('traj-end').textContent = `From (${this.start[0].toFixed(2)}, ${this.start[1].toFixed(2)}), after ${steps} steps: ${end.join('; ')}`;
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
      ctx.lineWidth = 2;
      ctx.beginPath();
      for (let k = 0; k < points.length; k += 2) {
        const [u, v] = px(points[k], points[k + 1]);
        if (k === 0) ctx.moveTo(u, v); else ctx.lineTo(u, v);
      }
      ctx.stroke();
    });
    const [sx, sy] = px(...this.start);
    ctx.fillStyle = '#000';
    ctx.beginPath();
    ctx.arc(sx, sy, 5, 0, 2 * Math.PI);
    ctx.fill();
  }

  drawOneD(steps) {
    this.canvas.hidden = true;
    $('traj-chart').hidden = false;
    this.chart?.destroy();
    const xs = Array.from({ length: steps + 1 }, (_, i) => i);
    const series = [{}, ...this.paths.map((p, i) => ({ label: p.label, stroke: color(i), width: 2 }))];
    const data = [xs, ...this.paths.map((p) => xs.map((i) => p.points[2 * i]))];
    this.chart = new uPlot({ title: 'Position x against step', width: 460, height: 260, series, scales: { x: { time: false } }, axes: [{ label: 'step' }, { label: 'x' }] }, data, $('traj-chart'));
  }
}
