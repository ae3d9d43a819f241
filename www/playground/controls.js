// The control panel: fills selects, thumbnails and toggles from a config, and reports
// each user change as a patch { key: value }. Whether it can apply to the running
// network or needs a new one is decided in Rust (Trainer::update_live, schema LIVE_KEYS).
import { drawThumbnail } from '../shared/heatmap.js';

const $ = (id) => document.getElementById(id);

const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const REG_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
// Labels and groupings keyed by the core's names (the option lists themselves come from
// the core: useChoices; tests/e2e/names.test.mjs keeps these keys to its names).
export const FEATURES = { x1: 'x1', x2: 'x2', 'x1-sq': 'x1²', 'x2-sq': 'x2²', 'x1-x2': 'x1·x2', 'sin-x1': 'sin x1', 'sin-x2': 'sin x2' };
export const CLASSIFICATION = ['circle', 'xor', 'gauss', 'spiral', 'multi-spiral', 'digits'];
export const REGRESSION = ['reg-plane', 'reg-gauss'];
// The values the batch-size and points sliders step through (the schema takes 1 to 4096 and
// 10 to 5000: crate/train/schema.rs); a value from a link that is not listed is added where
// it belongs.
const STEPS = {
  'batch-size': [1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 25, 32, 40, 50, 64, 100, 128, 256, 512, 1024, 2048, 4096],
  samples: [10, 20, 50, 100, 200, 300, 500, 1000, 2000, 5000],
};

function fillSelect(select, values, label = String) {
  select.replaceChildren(...values.map((v) => new Option(label(v), String(v))));
}

function ensureOption(select, value) {
  if (![...select.options].some((o) => o.value === String(value))) select.add(new Option(String(value), String(value)));
  select.value = String(value);
}

export class Controls {
  constructor(onChange) {
    this.onChange = onChange;
    fillSelect($('lr'), LEARNING_RATES);
    fillSelect($('reg-rate'), REG_RATES);
    for (const id of ['lr', 'reg-rate']) $(id).addEventListener('change', (e) => this.emit({ [id]: Number(e.target.value) }));
    for (const id of ['optimizer', 'activation', 'init', 'regularization']) {
      $(id).addEventListener('change', (e) => this.emit(id === 'activation' ? { activation: e.target.value, activations: [] } : { [id]: e.target.value }));
    }
    $('problem').addEventListener('change', (e) => this.emit({ dataset: e.target.value === 'regression' ? 'reg-plane' : 'circle', loss: 'auto' }));
    const slider = (id, toConfig, show) => {
      const el = $(id);
      el.addEventListener('input', () => { $(`${id}-out`).textContent = show(el.value); });
      el.addEventListener('change', () => this.emit({ [id]: toConfig(Number(el.value)) }));
    };
    slider('train-ratio', (v) => v / 100, (v) => v);
    slider('noise', (v) => v / 100, (v) => v);
    this.steps = { ...STEPS };
    for (const id of Object.keys(STEPS)) slider(id, (i) => this.steps[id][i], (i) => this.steps[id][i]);
    slider('classes', (v) => v, (v) => v);
    this.features = {};
    for (const [key, label] of Object.entries(FEATURES)) {
      const box = document.createElement('label');
      const input = document.createElement('input');
      input.type = 'checkbox';
      input.id = `feature-${key}`;
      input.addEventListener('change', () => this.emitFeatures());
      box.append(input, label);
      $('features').appendChild(box);
      this.features[key] = input;
    }
  }

  /** The core's names ({ key: [name, …] }, from the worker) fill the dropdowns. */
  useChoices(map) {
    for (const id of ['optimizer', 'activation']) {
      fillSelect($(id), map[id]);
      if (this.config) ensureOption($(id), this.config[id]);
    }
  }

  emit(patch) {
    this.onChange(patch);
  }

  emitFeatures() {
    const chosen = Object.keys(FEATURES).filter((k) => this.features[k].checked);
    this.emit({ features: chosen });
  }

  /** Dataset buttons with thumbnails (previews: name → points). */
  thumbnails(previews) {
    this.previews = previews;
    if (this.config) this.drawDatasets(this.config);
  }

  drawDatasets(config) {
    const regression = REGRESSION.includes(config.dataset);
    // "custom" (the user's own rows) appears once there are rows to switch back to.
    const names = regression ? REGRESSION : [...CLASSIFICATION, ...(this.ownData || config.dataset === 'custom' ? ['custom'] : [])];
    const root = $('datasets');
    root.replaceChildren();
    for (const name of names) {
      const b = document.createElement('button');
      b.setAttribute('aria-pressed', String(name === config.dataset));
      b.title = `Dataset: ${name}`;
      b.dataset.name = name;
      const c = document.createElement('canvas');
      c.width = c.height = 44;
      // Blank until the worker's previews come (just after the first run): the caption names it.
      if (this.previews?.[name]) drawThumbnail(c, this.previews[name], name);
      else if (this.previews) {
        const ctx = c.getContext('2d');
        ctx.font = '10px sans-serif';
        ctx.fillText(name === 'digits' ? '8×8' : name === 'custom' ? 'yours' : name, 8, 26);
      }
      const caption = document.createElement('span');
      caption.textContent = name === 'custom' ? 'your data' : name;
      b.append(c, caption);
      b.addEventListener('click', () => this.emit({ dataset: name, loss: 'auto' }));
      root.appendChild(b);
    }
  }

  /** Shows `config` in every control (`info`, when known, says whether inputs are 2-D). */
  show(config, info) {
    this.config = config;
    ensureOption($('lr'), config.lr);
    ensureOption($('reg-rate'), config['reg-rate']);
    for (const id of ['optimizer', 'activation', 'init', 'regularization']) ensureOption($(id), config[id]);
    $('problem').value = REGRESSION.includes(config.dataset) ? 'regression' : 'classification';
    const sliders = { 'train-ratio': Math.round(config['train-ratio'] * 100), noise: Math.round(config.noise * 100), classes: config.classes };
    for (const [id, v] of Object.entries(sliders)) { $(id).value = v; $(`${id}-out`).textContent = v; }
    for (const id of Object.keys(STEPS)) {
      const list = this.steps[id] = [...new Set([...STEPS[id], config[id]])].sort((a, b) => a - b);
      $(id).max = String(list.length - 1);
      $(id).value = list.indexOf(config[id]);
      $(`${id}-out`).textContent = config[id];
    }
    $('classes-row').hidden = config.dataset !== 'multi-spiral';
    $('samples-row').hidden = ['digits', 'custom'].includes(config.dataset); // their rows are given
    const twoD = info ? info.twoD : config.dataset !== 'digits';
    for (const [key, input] of Object.entries(this.features)) {
      input.checked = config.features.includes(key);
      input.disabled = !twoD;
    }
    this.drawDatasets(config);
  }
}
