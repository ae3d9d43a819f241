// Glue for the compact-networks page: the shared network settings, a worker for the live
// run and the lottery experiment, a worker pool for the accuracy-vs-sparsity sweep.
import init from '../../pkg/gradlab.js';
import { coreUrl } from '../shared/core-wasm.js';
import { LivePruneView } from './live-prune-view.js';
import { SparsitySweep } from './sparsity-sweep.js';
import { LotteryView } from './lottery-view.js';
import { say, fillSelect } from '../shared/messages.js';
import { CRITERION_NAMES, OPTIMIZER_NAMES, fillNamed, helpOf, nameOf } from '../shared/lab-names.js';
import { flags, applyFlags, applyHash } from '../shared/embed-flags.js';
import { DATASETS, ACTIVATIONS, OPTIMIZERS, CRITERIA, SWEEP_CRITERIA } from './choices.js';

const $ = (id) => document.getElementById(id);
fillSelect('cn-dataset', DATASETS, 'digits');
fillSelect('cn-activation', ACTIVATIONS, 'relu');
fillNamed($('cn-optimizer'), OPTIMIZER_NAMES, OPTIMIZERS, 'adam');
fillNamed($('cp-criterion'), CRITERION_NAMES, CRITERIA, 'magnitude');
// The sweep's criteria: one named checkbox each, the four of the default sweep ticked.
$('sw-methods').replaceChildren(...SWEEP_CRITERIA.map((m) => {
  const box = document.createElement('label');
  const input = document.createElement('input');
  Object.assign(input, { type: 'checkbox', value: m, checked: ['magnitude', 'global-magnitude', 'random', 'snip'].includes(m), title: helpOf(CRITERION_NAMES, m) });
  box.title = input.title;
  box.append(input, ` ${nameOf(CRITERION_NAMES, m)}`);
  return box;
}));
window.addEventListener('error', (e) => say('error', e.message));

/** The network and data settings every experiment on the page shares. */
export function base() {
  return {
    dataset: $('cn-dataset').value,
    hidden: $('cn-hidden').value.split(',').filter((s) => s.trim()).map(Number),
    activation: $('cn-activation').value,
    init: 'he',
    optimizer: $('cn-optimizer').value,
    lr: Number($('cn-lr').value),
    'batch-size': Number($('cn-batch').value),
    epochs: Number($('cn-epochs').value),
    seed: Number($('cn-seed').value),
  };
}

await init({ module_or_path: coreUrl });
const worker = new Worker(new URL('./compact-worker.js', import.meta.url), { type: 'module' });
const live = new LivePruneView(worker, base, say);
const lottery = new LotteryView(worker, base);
export const sweep = new SparsitySweep(base, say);
worker.onmessage = ({ data }) => {
  if (data.type === 'error') { say('error', data.text); live.onError(); lottery.onMessage(data); return; }
  live.onMessage(data);
  lottery.onMessage(data);
};
applyFlags();
applyHash({ dataset: 'cn-dataset', hidden: 'cn-hidden', activation: 'cn-activation', optimizer: 'cn-optimizer', lr: 'cn-lr', 'batch-size': 'cn-batch', epochs: 'cn-epochs', seed: 'cn-seed' });
if (flags.autoplay) live.start();
