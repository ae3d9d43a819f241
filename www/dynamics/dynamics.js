// The training-dynamics lab page: four experiments, each a one-click preset run in the
// worker (dynamics-worker.js) and drawn with the shared chart styles. Each section sets the
// paper's number (or the reference port's, marked [M]) beside ours.
import { lineChart, barChart } from './charts.js';
import { placeholder, canvasPlaceholder } from '../shared/chart-key.js';
import { say } from '../shared/messages.js';
import { flags, applyFlags } from '../shared/embed-flags.js';

const $ = (id) => document.getElementById(id);
const worker = new Worker(new URL('./dynamics-worker.js', import.meta.url), { type: 'module' });
const pending = new Map();
let nextId = 1;
worker.onmessage = ({ data }) => {
  if (data.id == null) { say('error', data.error); return; } // the core did not load
  const p = pending.get(data.id);
  if (data.partial) { p.onPartial?.(data.partial); return; }
  pending.delete(data.id);
  if (data.error) p.reject(new Error(data.error)); else p.resolve(data.result);
};

/** Runs a preset in the worker: {preset, settings, series}. With `onPartial`, the worker
 *  streams the series as it trains (eos-chebyshev) and `onPartial(series)` draws it. */
function runPreset(preset, overrides = {}, onPartial = null) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onPartial });
    worker.postMessage({ id, preset, overrides, live: Boolean(onPartial) });
  });
}

/** Runs `work` with `button` disabled and `state` saying running / done / failed. */
async function busy(button, state, work) {
  button.disabled = true;
  state.textContent = 'running…';
  const t0 = performance.now();
  try {
    await work();
    state.textContent = `done in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  } catch (err) {
    state.textContent = 'failed';
    say('error', String(err.message || err));
  } finally {
    button.disabled = false;
  }
}

const fmt = (v, d = 2) => (v == null ? 'not reached' : Number(v).toFixed(d));
const table = (el, head, rows) => {
  el.innerHTML = `<tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr>` + rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
};

// 1. Edge of stability (Cohen et al. 2021; warm-up: Gilmer et al. 2022).
async function runEos() {
  const lr = Number($('eos-lr').value);
  const warm = $('eos-warmup').checked;
  const overrides = { lr, steps: 3000, every: 50, ...(warm ? { 'input-scale': 0.5, 'warmup-steps': 500 } : {}) };
  const draw = (s) => {
    const edge = s.lr.map((l) => (l > 0 ? 2 / l : null));
    lineChart($('eos-sharp'), {
      title: `Sharpness λ_max against 2/η (η = ${lr}${warm ? ', warm-up 500 steps' : ''})`, x: s.steps, xLabel: 'step', yLabel: 'λ_max',
      series: [{ label: 'sharpness λ_max', values: s.sharpness }, { label: warm ? '2/η (η during warm-up)' : '2/η', values: edge, i: 1 }],
    });
    const steps = s.loss_every_step.map((_, i) => i + 1);
    lineChart($('eos-loss'), { title: 'Training loss (every step): falling, but not monotonically', x: steps, xLabel: 'step', yLabel: 'MSE (log)', logY: true, series: [{ label: 'loss', values: s.loss_every_step, i: 2, extra: { dash: [] } }], height: 180 });
  };
  const { series: s } = await runPreset('eos-chebyshev', overrides, draw);
  draw(s);
  const late = s.sharpness.filter((_, i) => s.steps[i] >= 1500);
  const mean = late.reduce((a, b) => a + b, 0) / Math.max(1, late.length);
  const ref = { 0.1: 'still rising at 10k steps (3.4 → 14.6) [M]', 0.2: '9.4–10.6 after step 3,000 [M]', 0.4: '4.7–5.5 [M]' }[lr] ?? '';
  table($('eos-table'), ['η', '2/η', 'ours: λ_max after step 1,500 (mean, range)', 'reference port'], [[lr, (2 / lr).toFixed(1),
    s.diverged_at ? `diverged at step ${s.diverged_at}` : `${mean.toFixed(2)} (${Math.min(...late).toFixed(2)}–${Math.max(...late).toFixed(2)})`, ref]]);
}

// 2. Grokking (Kumar et al. 2024), softmax collapse (Prieto et al. 2025), XOR clusters (Xu et al. 2024).
const GROK_STEPS = { 0.5: 1500, 1: 3000, 2: 7000 };
const grokRuns = new Map(); // α → series: earlier runs stay on the chart as faint lines
async function runGrok() {
  const alpha = Number($('grok-alpha').value);
  const { series: s } = await runPreset('grokking-mod', { alpha, lr: 2300, steps: GROK_STEPS[alpha] ?? 5000, 'per-decade': 30 });
  grokRuns.delete(alpha);
  grokRuns.set(alpha, s);
  // One x axis for every run kept (their log-spaced steps differ only at the end).
  const xs = [...new Set([...grokRuns.values()].flatMap((r) => r.steps))].sort((a, b) => a - b);
  const on = (r, key) => { const m = new Map(r.steps.map((t, j) => [t, r[key][j]])); return xs.map((t) => m.get(t) ?? null); };
  const earlier = [...grokRuns.entries()].filter(([a]) => a !== alpha);
  const faint = (c) => ({ extra: { stroke: c, width: 1, spanGaps: true } });
  lineChart($('grok-acc'), { title: `Modular addition, α = ${alpha}: train first, test later`, x: xs, xLabel: 'step (log)', yLabel: 'accuracy', logX: true,
    series: [{ label: 'train accuracy', values: on(s, 'train_acc'), extra: { spanGaps: true } }, { label: 'test accuracy', values: on(s, 'test_acc'), extra: { spanGaps: true } },
      ...earlier.flatMap(([a, r]) => [{ label: `train, α = ${a}`, values: on(r, 'train_acc'), i: 0, ...faint('rgba(0,114,178,0.35)') },
        { label: `test, α = ${a}`, values: on(r, 'test_acc'), i: 1, ...faint('rgba(213,94,0,0.35)') }])] });
  lineChart($('grok-norm'), { title: 'Weights: movement ‖W − W₀‖/‖W₀‖ and norm ‖θ‖/‖θ₀‖', x: s.steps, xLabel: 'step (log)', yLabel: 'ratio', logX: true, height: 180,
    series: [{ label: 'hidden layer moved', values: s.weight_movement.map((m) => m[0]), i: 2 }, { label: 'output layer moved', values: s.weight_movement.map((m) => m[1]), i: 3 },
      { label: 'weight norm', values: s.weight_norm.map((n) => n / s.weight_norm[0]), i: 4 }] });
  const REF = { 0.5: 'train 5.0k, test 5.5k', 1: 'train 21k, test 30k', 2: 'train 60% and test 0% at 50k' };
  const k = (t) => (t == null ? '–' : `${(t * 23 / 1000).toFixed(1)}k`);
  table($('grok-table'), ['α', 'ours: train ≥ 99% at', 'test ≥ 99% at', 'delay', 'in the paper\'s steps (×23)', 'reference port [M] (lr 100)'],
    [...grokRuns.entries()].sort(([a], [b]) => a - b).map(([a, r]) => [a, r.train_fit_step ?? 'not reached', r.test_fit_step ?? 'not reached',
      r.test_fit_step != null && r.train_fit_step != null ? r.test_fit_step - r.train_fit_step : '–', `train ${k(r.train_fit_step)}, test ${k(r.test_fit_step)}`, REF[a] ?? '']));
}

async function runCollapse() {
  const variants = [['softmax', {}], ['StableMax', { normalizer: 'stablemax' }], ['⊥Grad', { 'orthogonal-grad': true }]];
  const runs = [];
  for (const [, o] of variants) runs.push((await runPreset('softmax-collapse', { steps: 1500, 'per-decade': 12, ...o })).series);
  lineChart($('sc-chart'), { title: 'Training examples whose f32 probability of the right class is exactly 1', x: runs[0].steps, xLabel: 'step (log)', yLabel: 'share of examples', logX: true,
    series: variants.map(([name], k) => ({ label: name, values: runs[k].sc_fraction })) });
  table($('sc-table'), ['variant', 'softmax collapse at the end', 'train acc', 'test acc', 'mean top logit'],
    variants.map(([name], k) => { const r = runs[k]; const e = r.steps.length - 1; return [name, `${(100 * r.sc_fraction[e]).toFixed(0)}%`, fmt(r.train_acc[e]), fmt(r.test_acc[e]), fmt(r.max_logit[e], 1)]; }));
}

async function runXor() {
  const { series: s } = await runPreset('xor-cluster', { steps: 100 });
  lineChart($('xor-chart'), { title: 'XOR clusters, 10% of training labels flipped', x: s.steps, xLabel: 'GD step (log)', yLabel: 'accuracy', logX: true,
    series: [{ label: 'train (labels as given)', values: s.train_acc }, { label: 'flipped labels fit', values: s.flipped_fit }, { label: 'test (clean labels)', values: s.test_acc }] });
}

// 3. Neural collapse (Papyan et al. 2020).
async function runNc() {
  const base = { epochs: 100, every: 5 };
  const wd = (await runPreset('neural-collapse', base)).series;
  const none = (await runPreset('neural-collapse', { ...base, 'weight-decay': 0 })).series;
  lineChart($('nc-chart1'), { title: 'NC1: within-class spread against between-class, Tr(Σ_W Σ_B⁺)/C', x: wd.epochs, xLabel: 'epoch', yLabel: 'NC1 (log)', logY: true,
    series: [{ label: 'weight decay 1e-3', values: wd.nc1 }, { label: 'no weight decay', values: none.nc1 }, { label: 'train error', values: wd.train_acc.map((a) => 1 - a), i: 4 }] });
  lineChart($('nc-chart2'), { title: 'NC3 (classifier vs class means) and NC4 (≠ nearest mean)', x: wd.epochs, xLabel: 'epoch', yLabel: 'metric', height: 200,
    series: [{ label: 'NC3, decay', values: wd.nc3 }, { label: 'NC3, none', values: none.nc3 }, { label: 'NC4, decay', values: wd.nc4, i: 2 }, { label: 'NC2 |cos + 1/9|, decay', values: wd.nc2_angle, i: 3 }] });
  const e = wd.epochs.length - 1;
  table($('nc-table'), ['run', 'train acc', 'NC1', 'NC2 |cos + 1/(C−1)|', 'NC2 norm spread', 'NC3', 'NC4'], [
    ['at initialization', fmt(wd.train_acc[0]), fmt(wd.nc1[0]), fmt(wd.nc2_angle[0]), fmt(wd.nc2_equinorm[0]), fmt(wd.nc3[0]), fmt(wd.nc4[0], 3)],
    ['weight decay 1e-3', fmt(wd.train_acc[e]), fmt(wd.nc1[e]), fmt(wd.nc2_angle[e]), fmt(wd.nc2_equinorm[e]), fmt(wd.nc3[e]), fmt(wd.nc4[e], 3)],
    ['no weight decay', fmt(none.train_acc[e]), fmt(none.nc1[e]), fmt(none.nc2_angle[e]), fmt(none.nc2_equinorm[e]), fmt(none.nc3[e]), fmt(none.nc4[e], 3)],
    ['Papyan et al. (deep nets, CIFAR etc.)', '1.00', '→ 0', '→ 0', '→ 0', '→ 0', '→ 0'],
  ]);
}

// 4. The top-k Hessian spectrum and the gradient's share in it (Gur-Ari et al. 2018).
async function runSpectrum() {
  const { series: s, settings } = await runPreset('hessian-spectrum', {});
  barChart($('hs-bars'), s.last_spectrum, { title: `Hessian spectrum at step ${s.steps.at(-1)} (${s.last_spectrum.length} Lanczos Ritz values)`, highlight: settings.k });
  lineChart($('hs-share'), { title: `Share of the gradient in the top-${settings.k} eigenspace`, x: s.steps, xLabel: 'SGD step', yLabel: 'share of ‖g‖²',
    series: [{ label: 'gradient', values: s.grad_share }, { label: 'a random direction', values: s.random_share }] });
  const late = s.grad_share.slice(Math.floor(s.grad_share.length / 2));
  $('hs-now').textContent = `Ours: ${(100 * late.reduce((a, b) => a + b, 0) / late.length).toFixed(0)}% of the gradient in the top ${settings.k} directions over the second half, against ${(100 * s.random_share.at(-1)).toFixed(1)}% for a random direction.`;
}

const SECTIONS = {
  eos: ['eos-run', 'eos-state', runEos],
  grok: ['grok-run', 'grok-state', runGrok],
  sc: ['sc-run', 'sc-state', runCollapse],
  xor: ['xor-run', 'xor-state', runXor],
  nc: ['nc-run', 'nc-state', runNc],
  hs: ['hs-run', 'hs-state', runSpectrum],
};
const go = (key) => { const [b, s, f] = SECTIONS[key]; return busy($(b), $(s), f); };
for (const key of Object.keys(SECTIONS)) $(SECTIONS[key][0]).addEventListener('click', () => go(key));
$('grok-alpha').addEventListener('change', () => go('grok'));
$('eos-lr').addEventListener('change', () => go('eos'));
$('eos-warmup').addEventListener('change', () => go('eos'));
for (const [button, key, section] of [['preset-eos', 'eos', 'eos'], ['preset-grok', 'grok', 'grokking'], ['preset-nc', 'nc', 'collapse'], ['preset-hs', 'hs', 'spectrum']]) {
  $(button).addEventListener('click', () => { $(section).scrollIntoView({ behavior: 'smooth', block: 'start' }); go(key); });
}

placeholder($('eos-sharp'), 'Press Run: the sharpness climbs towards the dashed 2/η line and hovers there.');
placeholder($('eos-loss'), 'The training loss at every step appears here.');
placeholder($('grok-acc'), 'Press Run: train accuracy rises first; test accuracy follows after a delay that grows with α. Change α: earlier runs stay as faint lines.');
placeholder($('grok-norm'), 'How far each layer\'s weights moved from their start.');
placeholder($('sc-chart'), 'Press Run: the share of examples whose gradient has rounded to zero, for plain softmax and the two fixes.');
placeholder($('xor-chart'), 'Press Run: train accuracy is 100% after one step; test accuracy catches up later.');
placeholder($('nc-chart1'), 'Press Run: NC1 over training, with and without weight decay.');
placeholder($('nc-chart2'), 'NC2, NC3 and NC4 over training.');
canvasPlaceholder($('hs-bars'), ['Press Run: the Hessian\'s top eigenvalues', 'appear here as bars.']);
placeholder($('hs-share'), 'The gradient\'s share in the top-k eigenspace over training.');
applyFlags();
if (flags.autoplay) go('eos');
