// The network view and editor: one column per layer, a small map of every neuron's
// activation over the input square, weights as edges (blue positive, orange negative,
// width by size) and every bias (the output's included) as a square beside its neuron.
// +/− buttons add or remove hidden layers and neurons.
import { diverging, putDiverging, css } from '../shared/colors.js';
import { FEATURES } from './controls.js';

const NODE = 34;
// Layers wider than MAX_DRAWN are drawn collapsed: their first MAX_DRAWN neurons, then
// a count of the rest below them. The limits are the schema's
// (crate/train/schema.rs: MAX_HIDDEN_LAYERS, MAX_WIDTH), so what a link can set, the
// editor shows and edits.
const MAX_DRAWN = 8;
const MAX_OUTPUTS_DRAWN = 10; // every class of the digits
/** How many of layer `l`'s `n` nodes are drawn (`count` layers in all). */
const drawn = (n, l, count) => Math.min(n, l === count - 1 ? MAX_OUTPUTS_DRAWN : MAX_DRAWN);
const MAX_LAYERS = 6;
const MAX_NEURONS = 512;

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
    // Room for the layer labels on top, the tallest column, its "+N more" count, then the
    // layer buttons, so the count never overlaps them.
    const more = cols.some((c, l) => c > drawn(c, l, cols.length)) ? 24 : 0;
    const height = Math.max(...cols.map((c, l) => drawn(c, l, cols.length))) * (NODE + 12) + 44 + more + 30;
    root.style.height = `${height}px`;
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('width', width);
    svg.setAttribute('height', height);
    root.appendChild(svg);
    this.svg = svg;
    const xs = cols.map((_, i) => 40 + (i * (width - 110)) / Math.max(1, cols.length - 1));
    this.nodes = cols.map((n, l) => Array.from({ length: drawn(n, l, cols.length) }, (_, j) => ({ x: xs[l], y: 56 + j * (NODE + 12) })));
    this.buildEdges(info.sizes);
    this.canvases = [];
    this.biases = [];
    cols.forEach((n, l) => {
      const label = document.createElement('div');
      label.className = 'layer-label';
      label.style.left = `${xs[l] - 40}px`;
      const last = l === cols.length - 1;
      const name = l === 0 ? (info.twoD ? 'inputs' : `${n} pixels`) : last ? (n > 1 ? `${n} outputs` : 'output') : 'neurons';
      if (l > 0 && !last) label.append(widthInput(n, l - 1, (w) => { const h = info.sizes.slice(1, -1); h[l - 1] = w; this.onHidden(h); }), ` ${name}`);
      else label.textContent = name;
      root.appendChild(label);
      if (l > 0 && !last) this.addNeuronButtons(root, l - 1, xs[l]);
      if (n > drawn(n, l, cols.length)) {
        const count = document.createElement('div');
        count.className = 'layer-label more';
        count.style.left = `${xs[l] - 40}px`;
        const k = drawn(n, l, cols.length);
        count.style.top = `${56 + k * (NODE + 12) - 18}px`;
        count.textContent = `+${n - k} more`;
        count.title = `${n} in all; ${k} are drawn`;
        root.appendChild(count);
      }
      const canvases = [];
      this.nodes[l].forEach((node, j) => {
        const c = document.createElement('canvas');
        c.width = c.height = 24;
        c.className = 'neuron';
        c.style.left = `${node.x - NODE / 2}px`;
        c.style.top = `${node.y - NODE / 2}px`;
        const last = l === cols.length - 1;
        const what = l === 0 ? (info.twoD ? FEATURES[info.features[j]] ?? info.features[j] : `pixel ${j}`)
          : last ? (n > 1 ? outputName(info, j) : info.task.kind === 'regression' ? 'prediction' : 'score (blue: class 1)') : `layer ${l}, neuron ${j + 1}`;
        c.title = what;
        root.appendChild(c);
        // Inputs and outputs say what they are, beside the node.
        if ((l === 0 && info.twoD) || (last && n > 1)) {
          const tag = document.createElement('div');
          tag.className = `node-label ${l === 0 ? 'in' : 'out'}`;
          tag.style.left = l === 0 ? `${node.x - NODE / 2 - 40}px` : `${node.x + NODE / 2 + 3}px`;
          tag.style.top = `${node.y - 7}px`;
          tag.textContent = l === 0 ? what : String(j);
          tag.title = what;
          root.appendChild(tag);
        }
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
      for (let o = 0; o < drawn(nout, l, sizes.length); o++) {
        for (let i = 0; i < drawn(nin, l - 1, sizes.length); i++) {
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
      for (let o = 0; o < drawn(nout, l, sizes.length); o++) {
        const bval = params[biasStart + o];
        const el = this.biases[biasIndex++];
        el.style.background = css(diverging(Math.tanh(bval)));
        el.title = `bias = ${bval.toFixed(3)}`;
      }
      at = biasStart + nout;
      if (neurons) {
        for (let o = 0; o < nout; o++) {
          if (o < drawn(nout, l, sizes.length)) {
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


/** What output `j` of a multiclass network scores: a digit, the user's label or class j. */
function outputName(info, j) {
  if (info.config.dataset === 'digits') return `digit ${j}`;
  const label = info.data?.labels?.[j];
  return label != null ? `class “${label}”` : `class ${j}`;
}

/** A number box for a hidden layer's width, 1 to MAX_NEURONS (the schema's limit). */
function widthInput(n, layer, onWidth) {
  const input = document.createElement('input');
  Object.assign(input, { type: 'number', min: '1', max: String(MAX_NEURONS), value: String(n), className: 'width' });
  input.setAttribute('aria-label', `Neurons in hidden layer ${layer + 1} (1 to ${MAX_NEURONS})`);
  input.title = `Neurons in hidden layer ${layer + 1}: type 1 to ${MAX_NEURONS}`;
  input.addEventListener('change', () => {
    const w = Math.round(Number(input.value));
    if (Number.isFinite(w) && w >= 1 && w <= MAX_NEURONS && w !== n) onWidth(w); else input.value = String(n);
  });
  return input;
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
