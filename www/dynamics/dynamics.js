// The training-dynamics lab page: four experiments, each a one-click preset run in the
// worker (runner.js, dynamics-worker.js) and drawn as it trains, with the shared chart
// styles. Each section sets the paper's number (or the reference port's, marked [M]) beside
// ours, and shows the same run as a `gradlab dynamics` command.
import { lineChart, barChart } from './charts.js';
import { runPreset, cliLine, drawn, busy } from './runner.js';
import { placeholder, canvasPlaceholder } from '../shared/chart-key.js';
import { flags, applyFlags } from '../shared/embed-flags.js';

const $ = (id) => document.getElementById(id);
const fmt = (v, d = 2) => (v == null ? 'not reached' : Number(v).toFixed(d));
const table = (el, head, rows) => {
  el.innerHTML = `<tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr>` + rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
};
/** Shows the runs' CLI commands under a section (`runs`: [[preset, overrides], …]). */
const showCli = (id, runs) => { $(id).textContent = runs.map(([p, o]) => cliLine(p, o)).join('\n'); };
/** `values` padded with nulls to `n` points (a run still going, on a longer run's axis). */
const pad = (values, n) => [...values, ...Array(Math.max(0, n - values.length)).fill(null)];

// 1. Edge of stability (Cohen et al. 2021; warm-up: Gilmer et al. 2022).
// Plain runs: Cohen et al.'s own network (locuslab/edge-of-stability: Xavier-normal hidden
// weights with gain σ_w = 1.9, zero biases, T₄ on 20 points). The sharp start: our small
// initialization with N(0, 0.5²) hidden weights (λ_max ≈ 34), saved by warm-up.
const eosOverrides = () => ({ lr: Number($('eos-lr').value), steps: 3000, every: 50,
  ...($('eos-warmup').checked ? { 'input-scale': 0.5, 'warmup-steps': 500 } : { init: 'cohen', 'sigma-w': 1.9, points: 20 }) });
async function runEos() {
  const lr = Number($('eos-lr').value);
  const warm = $('eos-warmup').checked;
  const overrides = eosOverrides();
  showCli('eos-cli', [['eos-chebyshev', overrides]]);
  const draw = (s) => {
    const edge = s.lr.map((l) => (l > 0 ? 2 / l : null));
    lineChart($('eos-sharp'), {
      title: `Sharpness λ_max against 2/η (η = ${lr}${warm ? ', warm-up 500 steps' : ''})`, x: s.steps, xLabel: 'step', yLabel: 'λ_max',
      series: [{ label: 'sharpness λ_max', values: s.sharpness }, { label: warm ? '2/η (η during warm-up)' : '2/η', values: edge, i: 1 }],
    });
    const steps = s.loss_every_step.map((_, i) => i + 1);
    lineChart($('eos-loss'), { title: 'Training loss (every step): falling, but not monotonically', x: steps, xLabel: 'step', yLabel: 'MSE (log)', logY: true, series: [{ label: 'loss', values: s.loss_every_step, i: 2, extra: { dash: [] } }], height: 180 });
    drawn($('eos'), s.steps.length);
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
const grokOverrides = (alpha) => ({ alpha, lr: 2300, steps: GROK_STEPS[alpha] ?? 5000, 'per-decade': 30 });
async function runGrok() {
  const alpha = Number($('grok-alpha').value);
  const overrides = grokOverrides(alpha);
  showCli('grok-cli', [['grokking-mod', overrides]]);
  grokRuns.delete(alpha);
  const draw = (s) => {
    // One x axis for every run kept (their log-spaced steps differ only at the end).
    const runs = [...grokRuns.entries()];
    const xs = [...new Set([...runs.map(([, r]) => r), s].flatMap((r) => r.steps))].sort((a, b) => a - b);
    const on = (r, key) => { const m = new Map(r.steps.map((t, j) => [t, r[key][j]])); return xs.map((t) => m.get(t) ?? null); };
    const faint = (c) => ({ extra: { stroke: c, width: 1, spanGaps: true } });
    lineChart($('grok-acc'), { title: `Modular addition, α = ${alpha}: train first, test later`, x: xs, xLabel: 'step (log)', yLabel: 'accuracy', logX: true, yRange: [0, 1],
      series: [{ label: 'train accuracy', values: on(s, 'train_acc'), extra: { spanGaps: true } }, { label: 'test accuracy', values: on(s, 'test_acc'), extra: { spanGaps: true } },
        ...runs.flatMap(([a, r]) => [{ label: `train, α = ${a}`, values: on(r, 'train_acc'), i: 0, ...faint('rgba(0,114,178,0.35)') },
          { label: `test, α = ${a}`, values: on(r, 'test_acc'), i: 1, ...faint('rgba(213,94,0,0.35)') }])] });
    lineChart($('grok-norm'), { title: 'Weights: movement ‖W − W₀‖/‖W₀‖ and norm ‖θ‖/‖θ₀‖', x: s.steps, xLabel: 'step (log)', yLabel: 'ratio', logX: true, height: 180,
      series: [{ label: 'hidden layer moved', values: s.weight_movement.map((m) => m[0]), i: 2 }, { label: 'output layer moved', values: s.weight_movement.map((m) => m[1]), i: 3 },
        { label: 'weight norm', values: s.weight_norm.map((n) => n / s.weight_norm[0]), i: 4 }] });
    drawn($('grokking'), s.steps.length);
  };
  const { series: s } = await runPreset('grokking-mod', overrides, draw);
  draw(s);
  grokRuns.set(alpha, s);
  const REF = { 0.5: 'train 5.0k, test 5.5k', 1: 'train 21k, test 30k', 2: 'train 60% and test 0% at 50k' };
  const k = (t) => (t == null ? '–' : `${(t * 23 / 1000).toFixed(1)}k`);
  table($('grok-table'), ['α', 'ours: train ≥ 99% at', 'test ≥ 99% at', 'delay', 'in the paper\'s steps (×23)', 'reference port [M] (lr 100)'],
    [...grokRuns.entries()].sort(([a], [b]) => a - b).map(([a, r]) => [a, r.train_fit_step ?? 'not reached', r.test_fit_step ?? 'not reached',
      r.test_fit_step != null && r.train_fit_step != null ? r.test_fit_step - r.train_fit_step : '–', `train ${k(r.train_fit_step)}, test ${k(r.test_fit_step)}`, REF[a] ?? '']));
}

const SC_VARIANTS = [['softmax', {}], ['StableMax', { normalizer: 'stablemax' }], ['⊥Grad', { 'orthogonal-grad': true }]];
// Adam at lr 0.05 on 70% of the pairs: softmax collapses and never generalizes; ⊥Grad
// generalizes late; StableMax removes the collapse (docs/DYNAMICS.md).
const SC_BASE = { 'train-fraction': 0.7, lr: 0.05, steps: 3000, 'per-decade': 12 };
const SC_RUNS = SC_VARIANTS.map(([, o]) => ['softmax-collapse', { ...SC_BASE, ...o }]);
async function runCollapse() {
  const runs = [];
  const overrides = SC_RUNS.map(([, o]) => o);
  const draw = (live) => {
    const all = [...runs, live].filter(Boolean);
    const x = all.reduce((a, r) => (r.steps.length > a.length ? r.steps : a), []);
    lineChart($('sc-chart'), { title: 'Training examples whose f32 probability of the right class is exactly 1', x, xLabel: 'step (log)', yLabel: 'share of examples', logX: true,
      series: all.map((r, k) => ({ label: SC_VARIANTS[k][0], values: pad(r.sc_fraction, x.length) })) });
    lineChart($('sc-acc'), { title: 'Test accuracy (train accuracy is 100% for all three from step ~30)', x, xLabel: 'step (log)', yLabel: 'test accuracy', logX: true, yRange: [0, 1],
      series: all.map((r, k) => ({ label: SC_VARIANTS[k][0], values: pad(r.test_acc, x.length) })) });
    table($('sc-table'), ['variant', 'softmax collapse at the end', 'train acc', 'test acc', 'mean top logit'],
      SC_VARIANTS.map(([name], k) => { const r = all[k]; if (!r) return [name, 'waiting', '', '', '']; const e = r.steps.length - 1; return [name + (k === runs.length ? ` (step ${r.steps[e]})` : ''), `${(100 * r.sc_fraction[e]).toFixed(0)}%`, fmt(r.train_acc[e]), fmt(r.test_acc[e]), fmt(r.max_logit[e], 1)]; }));
    drawn($('sc-section'), all.reduce((a, r) => a + r.steps.length, 0));
  };
  for (const o of overrides) runs.push((await runPreset('softmax-collapse', o, draw)).series);
  draw(null);
}

const XOR_RUNS = [['xor-cluster', { steps: 100 }]];
async function runXor() {
  const [[, overrides]] = XOR_RUNS;
  const draw = (s) => {
    lineChart($('xor-chart'), { title: 'XOR clusters, 10% of training labels flipped', x: s.steps, xLabel: 'GD step (log)', yLabel: 'accuracy', logX: true, yRange: [0, 1],
      series: [{ label: 'train (labels as given)', values: s.train_acc }, { label: 'flipped labels fit', values: s.flipped_fit }, { label: 'test (clean labels)', values: s.test_acc }] });
    drawn($('xor-section'), s.steps.length);
  };
  draw((await runPreset('xor-cluster', overrides, draw)).series);
}

// 3. Neural collapse (Papyan et al. 2020) under the squared loss (Han et al. 2022), on a
// balanced 100-example subset of the digits: the setting where NC2 forms within seconds
// (docs/DYNAMICS.md has the numbers, and those of cross-entropy, which stalls here).
const NC_BASE = { loss: 'mse', 'per-class': 10, hidden: [256, 64], lr: 0.03, 'batch-size': 4, 'weight-decay': 0.005, epochs: 1000, every: 20 };
const NC_RUNS = [['neural-collapse', NC_BASE], ['neural-collapse', { ...NC_BASE, 'weight-decay': 0 }]];
const NC_NAMES = ['weight decay 5e-3', 'no weight decay'];
async function runNc() {
  const runs = [];
  const overrides = NC_RUNS.map(([, o]) => o);
  const draw = (live) => {
    const [wd, none] = [...runs, live].filter(Boolean);
    const x = wd.epochs;
    const both = (key, label, i0 = 0) => [wd, none].flatMap((r, k) => (r ? [{ label: `${label}${NC_NAMES[k]}`, values: pad(r[key], x.length), i: i0 + k }] : []));
    lineChart($('nc-chart1'), { title: 'NC1: within-class spread against between-class, Tr(Σ_W Σ_B⁺)/C', x, xLabel: 'epoch', yLabel: 'NC1 (log)', logY: true,
      series: [...both('nc1', 'NC1, '), { label: 'train error', values: wd.train_acc.map((a) => 1 - a), i: 4 }] });
    // (The cosines' mean is −1/(C−1) for any centred means of equal norms, so their spread,
    // not their mean, says whether a simplex forms.)
    lineChart($('nc-chart2'), { title: 'NC2: spread of the cosines between class means (0 for a simplex) and of their norms', x, xLabel: 'epoch', yLabel: 'std', height: 220,
      series: [...both('nc2_cos_std', 'cosines, '), ...both('nc2_equinorm', 'norms (std/mean), ', 2)] });
    lineChart($('nc-chart3'), { title: 'NC3: classifier rows against the class means', x, xLabel: 'epoch', yLabel: '‖W/‖W‖ − M/‖M‖‖', height: 180,
      yRange: (u, min, max) => [0, Math.max(0.1, max * 1.05)], // from 0: labelled ticks, not one
      series: both('nc3', 'NC3, ') });
    const row = (name, r) => { if (!r) return [name, 'waiting', '', '', '', '', '', '']; const j = r.epochs.length - 1; return [`${name}${r === live ? ` (epoch ${r.epochs[j]})` : ''}`, fmt(r.train_acc[j]), fmt(r.nc1[j], 3), fmt(r.nc2_angle[j], 3), fmt(r.nc2_cos_std[j], 3), fmt(r.nc2_equinorm[j]), fmt(r.nc3[j]), fmt(r.nc4[j], 3)]; };
    table($('nc-table'), ['run', 'train acc', 'NC1', 'NC2 mean |cos + 1/9|', 'NC2 cosine spread', 'NC2 norm spread', 'NC3', 'NC4'], [
      ['at initialization', fmt(wd.train_acc[0]), fmt(wd.nc1[0], 3), fmt(wd.nc2_angle[0], 3), fmt(wd.nc2_cos_std[0], 3), fmt(wd.nc2_equinorm[0]), fmt(wd.nc3[0]), fmt(wd.nc4[0], 3)],
      row(NC_NAMES[0], wd), row(NC_NAMES[1], none),
      ['Papyan et al. (deep nets, CIFAR etc.; unverified)', '1.00', '→ 0', '→ 0', '→ 0', '→ 0', '→ 0', '→ 0'],
    ]);
    drawn($('collapse'), wd.epochs.length + (none?.epochs.length ?? 0));
  };
  for (const o of overrides) runs.push((await runPreset('neural-collapse', o, draw)).series);
  draw(null);
}

// 4. The top-k Hessian spectrum and the gradient's share in it (Gur-Ari et al. 2018).
const HS_RUNS = [['hessian-spectrum', {}]];
async function runSpectrum() {
  const [[, overrides]] = HS_RUNS;
  const k = 10; // the preset's k (settings.k)
  const draw = (s) => {
    barChart($('hs-bars'), s.last_spectrum, { title: `Hessian spectrum at step ${s.steps.at(-1)} (${s.last_spectrum.length} Lanczos Ritz values)`, highlight: k });
    lineChart($('hs-share'), { title: `Share of the gradient in the top-${k} eigenspace`, x: s.steps, xLabel: 'SGD step', yLabel: 'share of ‖g‖²',
      series: [{ label: 'gradient', values: s.grad_share }, { label: 'a random direction', values: s.random_share }] });
    drawn($('spectrum'), s.steps.length);
  };
  const { series: s } = await runPreset('hessian-spectrum', overrides, draw);
  draw(s);
  const late = s.grad_share.slice(Math.floor(s.grad_share.length / 2));
  $('hs-now').textContent = `Ours: ${(100 * late.reduce((a, b) => a + b, 0) / late.length).toFixed(0)}% of the gradient in the top ${k} directions over the second half, against ${(100 * s.random_share.at(-1)).toFixed(1)}% for a random direction.`;
}

const SECTIONS = {
  eos: ['eos-run', 'eos-state', 'eos', runEos],
  grok: ['grok-run', 'grok-state', 'grokking', runGrok],
  sc: ['sc-run', 'sc-state', 'sc-section', runCollapse],
  xor: ['xor-run', 'xor-state', 'xor-section', runXor],
  nc: ['nc-run', 'nc-state', 'collapse', runNc],
  hs: ['hs-run', 'hs-state', 'spectrum', runSpectrum],
};
const go = (key) => { const [b, s, section, f] = SECTIONS[key]; return busy(key, $(b), $(s), $(section), f); };
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
placeholder($('sc-acc'), 'Test accuracy of the three: only ⊥Grad generalizes here.');
placeholder($('xor-chart'), 'Press Run: train accuracy is 100% after one step; test accuracy catches up later.');
placeholder($('nc-chart1'), 'Press Run: NC1 over training, with and without weight decay.');
placeholder($('nc-chart2'), 'NC2: the spread of the angles and norms of the class means shrinks.');
placeholder($('nc-chart3'), 'NC3: the classifier lines up with the class means.');
canvasPlaceholder($('hs-bars'), ['Press Run: the Hessian\'s top eigenvalues', 'appear here as bars.']);
placeholder($('hs-share'), 'The gradient\'s share in the top-k eigenspace over training.');
// The commands are there before a run, too (η and α change them).
const showCommands = () => {
  showCli('eos-cli', [['eos-chebyshev', eosOverrides()]]);
  showCli('grok-cli', [['grokking-mod', grokOverrides(Number($('grok-alpha').value))]]);
  showCli('sc-cli', SC_RUNS); showCli('xor-cli', XOR_RUNS); showCli('nc-cli', NC_RUNS); showCli('hs-cli', HS_RUNS);
};
showCommands();
applyFlags();
if (flags.autoplay) go('eos');
