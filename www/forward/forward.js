// Glue for the forward-gradient page: a race of gradient sources and the variance experiment.
import init from '../../pkg/gradlab.js';
import { coreUrl } from '../shared/core-wasm.js';
import { Race } from '../shared/race.js';
import { Variance } from './variance.js';
import { LayerCosines } from './layer-cosines.js';
import { say, fillSelect } from '../shared/messages.js';
import { flags, applyFlags, applyHash } from '../shared/embed-flags.js';

fillSelect('race-dataset', ['circle', 'xor', 'gauss', 'spiral', 'multi-spiral', 'digits', 'reg-plane', 'reg-gauss'], 'circle');
fillSelect('race-activation', ['relu', 'tanh', 'leaky-relu', 'gelu', 'sigmoid', 'sin', 'linear'], 'relu');
window.addEventListener('error', (e) => say('error', e.message));

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
], [layers], { methods: true });
await init({ module_or_path: coreUrl });
export const variance = new Variance(say, () => race.base());
applyFlags();
applyHash({ dataset: 'race-dataset', hidden: 'race-hidden', activation: 'race-activation', 'batch-size': 'race-batch', seed: 'race-seed', steps: 'race-steps' });
if (flags.autoplay) race.start();

/** The page's headline in one click: backprop against one forward-gradient direction. */
$('race-preset').addEventListener('click', () => {
  const set = (id, v) => { $(id).value = v; };
  set('race-dataset', 'circle'); set('race-hidden', '8'); set('race-activation', 'relu');
  set('race-batch', '16'); set('race-steps', '20000'); set('race-target', '0.3'); set('race-seed', '1');
  race.list.set([['sgd', 0.05, ''], ['sgd', 0.01, 'method=forward-gradient']]);
  race.start();
});
