// Glue for the forward-gradient page: a race of gradient sources and the variance experiment.
import init, { choices as coreChoices } from '../../pkg/gradlab.js';
import { useChoices } from '../shared/names.js';
import { coreUrl } from '../shared/core-wasm.js';
import { Race } from '../shared/race.js';
import { renderRacePanel } from '../shared/race-panel.js';
import { Variance } from './variance.js';
import { LayerCosines } from './layer-cosines.js';
import { say, fillSelect } from '../shared/messages.js';
import { flags, applyFlags, applyHash } from '../shared/embed-flags.js';

renderRacePanel(document.getElementById('race-panel'));
window.addEventListener('error', (e) => say('error', e.message));
// The dropdowns list the core's names, so the core loads first.
await init({ module_or_path: coreUrl });
const names = useChoices(coreChoices());
fillSelect('race-dataset', names.dataset.filter((d) => d !== 'custom'), 'circle');
fillSelect('race-activation', names.activation, 'relu');

const $ = (id) => document.getElementById(id);
export const layers = new LayerCosines($('race-layers'), $('race-layers-run'), $('race-layers-unit'));
const DEFAULTS = [
  ['sgd', 0.05, ''],
  ['sgd', 0.01, 'method=forward-gradient'],
  ['sgd', 0.02, 'method=forward-gradient&local-losses=true'],
  ['sgd', 0.05, 'method=activity-perturbation&local-losses=true'],
  ['sgd', 0.05, 'method=guessed-direction&guess=local'],
  ['sgd', 0.05, 'method=direct-feedback-alignment'],
  ['adam', 0.03, 'method=forward-forward'],
];
export const race = new Race(say, DEFAULTS, [layers], { methods: true });
export const variance = new Variance(say, () => race.base());
applyFlags();
applyHash({ dataset: 'race-dataset', hidden: 'race-hidden', activation: 'race-activation', 'batch-size': 'race-batch', seed: 'race-seed', steps: 'race-steps' });
if (flags.autoplay) race.start();
// The race workers load their cores now, so the first race (the green button) starts at once.
race.pool.warm(2);

// Named races for the preset dropdown; the first is the green button's headline.
const CIRCLE = { dataset: 'circle', hidden: '8', activation: 'relu', 'batch-size': 16, seed: 1, target: 0.3 };
race.usePresets({
  'Backprop vs forward gradient': { settings: { ...CIRCLE, steps: 20000 }, entrants: [['sgd', 0.05, ''], ['sgd', 0.01, 'method=forward-gradient']] },
  'Forward gradient with 1, 4 and 16 directions': { settings: { ...CIRCLE, steps: 20000 },
    entrants: [['sgd', 0.05, ''], ['sgd', 0.01, 'method=forward-gradient'], ['sgd', 0.01, 'method=forward-gradient&tangents=4'], ['sgd', 0.01, 'method=forward-gradient&tangents=16']] },
  'Feedback alignment vs backprop': { settings: { ...CIRCLE, hidden: '8,8', steps: 20000 },
    entrants: [['sgd', 0.05, ''], ['sgd', 0.05, 'method=feedback-alignment'], ['sgd', 0.05, 'method=direct-feedback-alignment']] },
  'Every gradient source (the page\'s default)': { settings: { ...CIRCLE, steps: 20000 }, entrants: DEFAULTS },
});
/** The page's headline in one click: backprop against one forward-gradient direction. */
$('race-preset').addEventListener('click', () => {
  race.applyPreset('Backprop vs forward gradient');
  race.start();
});
