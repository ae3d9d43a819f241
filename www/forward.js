// Glue for the forward-gradient page: a race of gradient sources and the variance experiment.
import init, { choices as coreChoices } from '../pkg/gradlab.js';
import { useChoices } from './names.js';
import { coreUrl } from './core-wasm.js';
import { Race } from './race.js';
import { Variance } from './variance.js';
import { LayerCosines } from './layer-cosines.js';
import { say, fillSelect } from './messages.js';
import { flags, applyFlags, applyHash } from './embed-flags.js';

window.addEventListener('error', (e) => say('error', e.message));
// The dropdowns list the core's names, so the core loads first.
await init({ module_or_path: coreUrl });
const names = useChoices(coreChoices());
fillSelect('race-dataset', names.dataset.filter((d) => d !== 'custom'), 'circle');
fillSelect('race-activation', names.activation, 'relu');

const $ = (id) => document.getElementById(id);
export const layers = new LayerCosines($('race-layers'), $('race-layers-run'), $('race-layers-unit'));
export const race = new Race(say, [
  ['sgd', 0.05, ''],
  ['sgd', 0.01, 'method=forward-gradient'],
  ['sgd', 0.02, 'method=forward-gradient&local-losses=true'],
  ['sgd', 0.05, 'method=activity-perturbation&local-losses=true'],
  ['sgd', 0.05, 'method=guessed-direction&guess=local'],
  ['sgd', 0.05, 'method=direct-feedback-alignment'],
  ['adam', 0.03, 'method=forward-forward'],
], [layers]);
export const variance = new Variance(say, () => race.base());
applyFlags();
applyHash({ dataset: 'race-dataset', hidden: 'race-hidden', activation: 'race-activation', 'batch-size': 'race-batch', seed: 'race-seed', steps: 'race-steps' });
if (flags.autoplay) race.start();
