// Glue for the optimizer lab page: messages, shared selects, and the views.
import init from '../../pkg/gradlab.js';
import { coreUrl } from '../shared/core-wasm.js';
import { Race } from '../shared/race.js';
import { Trajectories } from './trajectories.js';
import { Sweep } from './sweep.js';
import { Landscape } from './landscape.js';
import { OPTIMIZERS } from '../shared/entrants.js';
import { renderDocs } from './optimizer-docs.js';
import { say, fillSelect } from '../shared/messages.js';
import { flags, applyFlags, applyHash } from '../shared/embed-flags.js';

fillSelect('race-dataset', ['circle', 'xor', 'gauss', 'spiral', 'multi-spiral', 'digits', 'reg-plane', 'reg-gauss'], 'spiral');
fillSelect('race-activation', ['tanh', 'relu', 'leaky-relu', 'gelu', 'sigmoid', 'sin', 'linear'], 'tanh');

renderDocs(document.getElementById('opt-docs'));
window.addEventListener('error', (e) => say('error', e.message));
export const race = new Race(say);
export const sweep = new Sweep(say, () => race.base());
await init({ module_or_path: coreUrl });
export const trajectories = new Trajectories(say);
fillSelect('land-optimizer', OPTIMIZERS, 'adam');
export const landscape = new Landscape(say, () => race.base());
applyFlags();
applyHash({ dataset: 'race-dataset', hidden: 'race-hidden', activation: 'race-activation', 'batch-size': 'race-batch', seed: 'race-seed', steps: 'race-steps' });
if (flags.autoplay) race.start();

/** The page's headline in one click: plain SGD, SGD with momentum and Adam on the spiral. */
document.getElementById('race-preset').addEventListener('click', () => {
  const set = (id, v) => { document.getElementById(id).value = v; };
  set('race-dataset', 'spiral'); set('race-hidden', '8,8'); set('race-activation', 'tanh');
  set('race-batch', '10'); set('race-steps', '6000'); set('race-target', '0.3'); set('race-seed', '1');
  race.list.set([['sgd', 0.03, ''], ['sgd', 0.03, 'momentum=0.9'], ['adam', 0.01, '']]);
  race.start();
});
