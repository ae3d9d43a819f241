// The network view and editor: one column per layer, a small map of every neuron's
// activation over the input square, weights as edges (blue positive, orange negative,
// width by size) and every bias (the output's included) as a square beside its neuron.
// +/− buttons add or remove hidden layers and neurons.
import { diverging, putDiverging, css } from '../shared/colors.js';

const NODE = 34;
const MAX_DRAWN = 16;
const MAX_LAYERS = 6;
const MAX_NEURONS = 8;

export class NetworkView {
  constructor(root, onHidden) {
    this.root = root;
    this.onHidden = onHidden;
  }

  /** Rebuilds the structure for a new network (info from Lab.info). */
  build(info) {
    this.previous = null;
    this.info = info;
    const root = this.root;
    root.replaceChildren();
    const cols = [info.twoD ? info.features.length : info.sizes[0], ...info.sizes.slice(1)];
    const width = root.clientWidth || 520;
    const height = Math.max(...cols.map((c) => Math.min(c, MAX_DRAWN))) * (NODE + 12) + 70;
    root.style.height = `${height}px`;
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('width', width);
    svg.setAttribute('height', height);
    root.appendChild(svg);
    this.svg = svg;
    const xs = cols.map((_, i) => 40 + (i * (width - 110)) / Math.max(1, cols.length - 1));
    this.nodes = cols.map((n, l) => Array.from({ length: Math.min(n, MAX_DRAWN) }, (_, j) => ({ x: xs[l], y: 56 + j * (NODE + 12) })));
    this.buildEdges(info.sizes);
    this.canvases = [];
    this.biases = [];
    cols.forEach((n, l) => {
      const label = document.createElement('div');
      label.className = 'layer-label';
      label.style.left = `${xs[l] - 40}px`;
      const name = l === 0 ? (info.twoD ? 'inputs' : `${n} pixels`) : l === cols.length - 1 ? 'output' : `${n} neurons`;
      label.textContent = name;
      root.appendChild(label);
      if (l > 0 && l < cols.length - 1) this.addNeuronButtons(root, l - 1, xs[l]);
      if (n > MAX_DRAWN) {
        const more = document.createElement('div');
        more.className = 'layer-label more';
        more.style.left = `${xs[l] - 40}px`;
        more.style.top = `${56 + MAX_DRAWN * (NODE + 12)}px`;
        more.textContent = `+${n - MAX_DRAWN} more`;
        root.appendChild(more);
      }
      const canvases = [];
      this.nodes[l].forEach((node, j) => {
        const c = document.createElement('canvas');
        c.width = c.height = 24;
        c.className = 'neuron';
        c.style.left = `${node.x - NODE / 2}px`;
        c.style.top = `${node.y - NODE / 2}px`;
        c.title = l === 0 ? (info.twoD ? info.features[j] : `pixel ${j}`) : `layer ${l}, neuron ${j + 1}`;
        root.appendChild(c);
        canvases.push(c);
        if (l > 0) {
          const b = document.createElement('div');
          b.className = 'bias';
          b.style.left = `${node.x - NODE / 2 - 9}px`;
          b.style.top = `${node.y + NODE / 2 - 8}px`;
          root.appendChild(b);
          this.biases.push(b);
        }
      });
      this.canvases.push(canvases);
    });
    if (info.twoD) this.drawFeatureMaps();
    this.addLayerButtons(root, info.sizes.length - 2);
  }

  /** One <line> per drawn weight, made once; frames only change their attributes. A
   *  line's <title> (its weight) is filled in when the pointer reaches it. */
  buildEdges(sizes) {
    const ns = 'http://www.w3.org/2000/svg';
    this.edges = [];
    let at = 0;
    for (let l = 1; l < sizes.length; l++) {
      const [nin, nout] = [sizes[l - 1], sizes[l]];
      for (let o = 0; o < Math.min(nout, MAX_DRAWN); o++) {
        for (let i = 0; i < Math.min(nin, MAX_DRAWN); i++) {
          const [a, b] = [this.nodes[l - 1][i], this.nodes[l][o]];
          const el = document.createElementNS(ns, 'line');
          for (const [name, v] of [['x1', a.x + NODE / 2], ['y1', a.y], ['x2', b.x - NODE / 2], ['y2', b.y]]) el.setAttribute(name, v);
          el.appendChild(document.createElementNS(ns, 'title'));
          this.svg.appendChild(el);
          this.edges.push({ el, k: at + o * nin + i, look: '' });
        }
      }
      at += nin * nout + nout;
    }
    this.svg.addEventListener('pointerover', (e) => {
      const edge = this.edges.find((d) => d.el === e.target);
      if (edge && this.previous) edgeTitle(edge, this.previous[edge.k]);
    });
  }

  addNeuronButtons(root, layer, x) {
    const hidden = this.info.sizes.slice(1, -1);
    const box = document.createElement('div');
    box.className = 'neuron-buttons';
    box.style.left = `${x - 24}px`;
    const add = button('+', `Add a neuron to hidden layer ${layer + 1}`, hidden[layer] >= MAX_NEURONS, () => {
      hidden[layer] += 1; this.onHidden(hidden);
    });
    const remove = button('−', `Remove a neuron from hidden layer ${layer + 1}`, hidden[layer] <= 1, () => {
      hidden[layer] -= 1; this.onHidden(hidden);
    });
    box.append(add, remove);
    root.appendChild(box);
  }

  addLayerButtons(root, count) {
    const hidden = this.info.sizes.slice(1, -1);
    const box = document.createElement('div');
    box.className = 'layer-buttons';
    const text = document.createElement('span');
    text.textContent = `${count} hidden layer${count === 1 ? '' : 's'}`;
    box.append(
      button('+', 'Add a hidden layer', count >= MAX_LAYERS, () => this.onHidden([...hidden, 2])),
      button('−', 'Remove the last hidden layer', count === 0, () => this.onHidden(hidden.slice(0, -1))),
      text,
    );
    root.appendChild(box);
  }

  drawFeatureMaps() {
    const f = {
      x1: (a) => a / 6, x2: (a, b) => b / 6, 'x1-sq': (a) => (a * a) / 18 - 1, 'x2-sq': (a, b) => (b * b) / 18 - 1,
      'x1-x2': (a, b) => (a * b) / 18, 'sin-x1': (a) => Math.sin(a), 'sin-x2': (a, b) => Math.sin(b),
    };
    this.info.features.forEach((name, j) => {
      const c = this.canvases[0][j];
      paint(c, 24, (x, y) => f[name](x, y));
    });
  }

  /** Per-frame update: neuron maps (if any) and the weights and biases from `params`. */
  update(params, neurons, res) {
    const sizes = this.info.sizes;
    for (const edge of this.edges) {
      const w = params[edge.k];
      // A weight of exactly 0 is a pruned one (see compact.html): drawn faded and dashed.
      // One that was pruned last frame and is live now (SET / RigL regrowth) flashes green.
      const look = w === 0 ? 'pruned'
        : this.previous?.[edge.k] === 0 ? 'regrown'
        : `${css(diverging(Math.sign(w)), Math.min(1, 0.25 + Math.abs(w)).toFixed(2))} ${Math.min(6, 0.5 + Math.abs(w) * 1.5).toFixed(2)}`;
      if (look === edge.look) continue; // unchanged lines cost no style or paint work
      edge.look = look;
      const el = edge.el;
      if (look === 'pruned') setLine(el, '#ccc', '0.6', '2 3');
      else if (look === 'regrown') setLine(el, '#009e73', '3', null);
      else { const [stroke, width] = look.split(' '); setLine(el, stroke, width, null); }
      edgeTitle(edge, w);
    }
    let at = 0;
    let mapAt = 0;
    let biasIndex = 0;
    for (let l = 1; l < sizes.length; l++) {
      const [nin, nout] = [sizes[l - 1], sizes[l]];
      const biasStart = at + nin * nout;
      for (let o = 0; o < Math.min(nout, MAX_DRAWN); o++) {
        const bval = params[biasStart + o];
        const el = this.biases[biasIndex++];
        el.style.background = css(diverging(Math.tanh(bval)));
        el.title = `bias = ${bval.toFixed(3)}`;
      }
      at = biasStart + nout;
      if (neurons) {
        for (let o = 0; o < nout; o++) {
          if (o < MAX_DRAWN) {
            const map = neurons.subarray(mapAt, mapAt + res * res);
            let max = 1e-6;
            for (const v of map) max = Math.max(max, Math.abs(v));
            paintArray(this.canvases[l][o], res, map, max);
          }
          mapAt += res * res;
        }
      }
    }
    this.previous = params;
  }
}

function edgeTitle(edge, w) {
  edge.el.firstChild.textContent = edge.look === 'pruned' ? 'pruned' : `${edge.look === 'regrown' ? 'regrown: ' : ''}w = ${w.toFixed(3)}`;
}

function setLine(el, stroke, width, dash) {
  el.setAttribute('stroke', stroke);
  el.setAttribute('stroke-width', width);
  if (dash) el.setAttribute('stroke-dasharray', dash); else el.removeAttribute('stroke-dasharray');
}

function button(label, title, disabled, onClick) {
  const b = document.createElement('button');
  b.textContent = label;
  b.title = title;
  b.setAttribute('aria-label', title);
  b.disabled = disabled;
  b.addEventListener('click', onClick);
  return b;
}

function paint(canvas, res, fn) {
  const values = new Float32Array(res * res);
  for (let r = 0; r < res; r++) {
    for (let c = 0; c < res; c++) {
      const x = -6 + ((c + 0.5) * 12) / res;
      const y = 6 - ((r + 0.5) * 12) / res;
      values[r * res + c] = fn(x, y);
    }
  }
  paintArray(canvas, res, values, 1);
}

function paintArray(canvas, res, values, max) {
  const ctx = canvas.getContext('2d');
  if (canvas.image?.width !== res) canvas.image = ctx.createImageData(res, res);
  const img = canvas.image;
  for (let i = 0; i < res * res; i++) putDiverging(img.data, i, values[i] / max);
  ctx.putImageData(img, 0, 0);
}
