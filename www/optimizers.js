// Glue for the optimizer lab page: messages, shared selects, and the views.
import init, { choices as coreChoices } from '../pkg/gradlab.js';
import { useChoices } from './names.js';
import { coreUrl } from './core-wasm.js';
import { Race } from './race.js';
import { Trajectories } from './trajectories.js';
import { Sweep } from './sweep.js';
import { Landscape } from './landscape.js';
import { renderDocs } from './optimizer-docs.js';
import { say, fillSelect } from './messages.js';
import { flags, applyFlags, applyHash } from './embed-flags.js';

renderDocs(document.getElementById('opt-docs'));
window.addEventListener('error', (e) => say('error', e.message));
// The dropdowns list the core's names, so the core loads first.
await init({ module_or_path: coreUrl });
const names = useChoices(coreChoices());
fillSelect('race-dataset', names.dataset.filter((d) => d !== 'custom'), 'spiral');
fillSelect('race-activation', names.activation, 'tanh');
export const race = new Race(say);
export const sweep = new Sweep(say, () => race.base());
export const trajectories = new Trajectories(say);
fillSelect('land-optimizer', names.optimizer, 'adam');
export const landscape = new Landscape(say, () => race.base());
applyFlags();
applyHash({ dataset: 'race-dataset', hidden: 'race-hidden', activation: 'race-activation', 'batch-size': 'race-batch', seed: 'race-seed', steps: 'race-steps' });
if (flags.autoplay) race.start();
