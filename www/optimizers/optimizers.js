// Glue for the optimizer lab page: messages, shared selects, and the views.
import init, { choices as coreChoices } from '../../pkg/gradlab.js';
import { useChoices } from '../shared/names.js';
import { coreUrl } from '../shared/core-wasm.js';
import { Race } from '../shared/race.js';
import { renderRacePanel } from '../shared/race-panel.js';
import { Trajectories } from './trajectories.js';
import { Sweep } from './sweep.js';
import { Landscape } from './landscape.js';
import { renderDocs } from './optimizer-docs.js';
import { say, fillSelect } from '../shared/messages.js';
import { flags, applyFlags, applyHash } from '../shared/embed-flags.js';

renderRacePanel(document.getElementById('race-panel'));
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
// The race workers load their cores now, so the first race (the green button) starts at once.
race.pool.warm(3);

// Named races for the preset dropdown; the first is the green button's headline.
const SPIRAL = { dataset: 'spiral', hidden: '8,8', activation: 'tanh', 'batch-size': 10, seed: 1 };
race.usePresets({
  'SGD vs momentum vs Adam (spiral)': { settings: { ...SPIRAL, steps: 6000, target: 0.3 }, entrants: [['sgd', 0.03, ''], ['sgd', 0.03, 'momentum=0.9'], ['adam', 0.01, '']] },
  'The Adam family (spiral)': { settings: { ...SPIRAL, steps: 10000, target: 0.2 },
    entrants: [['adam', 0.01, ''], ['amsgrad', 0.01, ''], ['radam', 0.01, ''], ['adabelief', 0.01, ''], ['adamax', 0.01, '']] },
  'Sign-based Lion vs Adam (spiral)': { settings: { ...SPIRAL, steps: 10000, target: 0.2 }, entrants: [['adam', 0.01, ''], ['lion', 0.001, ''], ['lion', 0.003, '']] },
  'SGD vs Adam on the 8×8 digits': { settings: { dataset: 'digits', hidden: '32', activation: 'relu', 'batch-size': 32, seed: 1, steps: 3000, target: 0.2 },
    entrants: [['sgd', 0.05, ''], ['sgd', 0.05, 'momentum=0.9'], ['adam', 0.003, '']] },
});
/** The page's headline in one click: plain SGD, SGD with momentum and Adam on the spiral. */
document.getElementById('race-preset').addEventListener('click', () => {
  race.applyPreset('SGD vs momentum vs Adam (spiral)');
  race.start();
});
