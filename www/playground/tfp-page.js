// TensorFlow Playground links on the page (fetched only when one is opened): the banner
// that says what was read and what could not be honoured, and the Playground's display
// flags. The worker's tfp-run.js runs the link; tfp.html is the "paste a link" box.

const $ = (id) => document.getElementById(id);
const closest = (id, sel = 'label') => $(id)?.closest(sel);

// The Playground's hideable controls (playground.ts HIDABLE_CONTROLS and its inputs) and
// what stands for each here; one missing here is reported.
const HIDE = {
  showTestData: () => closest('show-test'),
  discretize: () => closest('discretize'),
  playButton: () => $('play'),
  stepButton: () => $('step'),
  resetButton: () => $('reset'),
  learningRate: () => closest('lr'),
  activation: () => closest('activation'),
  regularization: () => closest('regularization'),
  regularizationRate: () => closest('reg-rate'),
  problem: () => closest('problem'),
  dataset: () => $('datasets'),
  percTrainData: () => closest('train-ratio'),
  noise: () => closest('noise'),
  batchSize: () => closest('batch-size'),
  numHiddenLayers: () => document.querySelector('#network .layer-buttons'),
  x: () => closest('feature-x1'),
  y: () => closest('feature-x2'),
  xSquared: () => closest('feature-x1-sq'),
  ySquared: () => closest('feature-x2-sq'),
  xTimesY: () => closest('feature-x1-x2'),
  sinX: () => closest('feature-sin-x1'),
  sinY: () => closest('feature-sin-x2'),
};

const tick = (id, on) => {
  const box = $(id);
  if (box && box.checked !== on) { box.checked = on; box.dispatchEvent(new Event('change')); }
};

// The link's `_hide` flags, applied again after each rebuild (the network's buttons are new).
let hides = {};
function hideControls() {
  for (const [name, hidden] of Object.entries(hides)) {
    const el = HIDE[name]?.();
    if (el) el.style.display = hidden ? 'none' : '';
  }
}

/** Applies the link's display flags; returns the lines that say what was not honoured. */
function applyDisplay(d) {
  const notes = [];
  tick('show-test', !!d.showTestData);
  tick('discretize', !!d.discretize);
  hides = d.hide || {};
  hideControls();
  const unknown = Object.keys(hides).filter((name) => hides[name] && !HIDE[name]).map((name) => `${name}_hide`);
  if (unknown.length) notes.push(`${unknown.join(', ')}: no such control here, nothing hidden`);
  if (d.hideText) {
    for (const el of document.querySelectorAll('.help, #about')) el.style.display = 'none';
  }
  if (d.tutorial) notes.push(`tutorial=${d.tutorial}: the Playground's tutorial pages are not part of Gradient Lab`);
  if (d.collectStats) notes.push('collectStats: the Playground sends no statistics here, so it has no effect');
  for (const k of ['cosX', 'cosY']) if (d[k]) notes.push(`${k}: the Playground has no such input either (it ignores the key), so neither do we`);
  return notes;
}

let listening = false;

/** The banner for an opened Playground link (`link`: parseTfpLink's answer); `worker`'s
 *  next 'ready' messages re-hide the hidden controls or say that the student left the link. */
export function showLink(link, worker) {
  if (!listening) {
    listening = true;
    worker.addEventListener('message', ({ data }) => { if (data.type === 'ready') afterReady(data.info); });
  }
  const root = $('messages');
  let box = $('tfp-banner');
  if (!box) {
    box = document.createElement('div');
    box.id = 'tfp-banner';
    box.className = 'msg info';
    box.style.display = 'block'; // one line under the other, not the strip's columns
    box.setAttribute('role', 'status');
    root.prepend(box);
  }
  const seed = link.picked ? `${link.seed}, picked now: the link has none, so the Playground picks a new one on each visit` : link.seed;
  const lines = [`TensorFlow Playground link (seed ${seed}): the same points, initial weights and training rule as on playground.tensorflow.org; one step is one epoch. Change any setting to go on with Gradient Lab's own trainer.`];
  if (link.form.kind === 'mixed') lines.push(`Not applied: ${link.form.ours.join(', ')} — Gradient Lab's own keys cannot be mixed into a Playground link. Remove the Playground keys to use them.`);
  for (const i of link.issues) lines.push(`Not honoured: ${i.key}: ${i.message}`);
  lines.push(...applyDisplay(link.display).map((n) => `Not honoured: ${n}`));
  box.replaceChildren(...lines.map((t) => Object.assign(document.createElement('div'), { textContent: t })));
  box.dataset.state = 'playground';
}

/** After each rebuild of the run (`info`: its Lab.info()): a Playground run gets its hidden
 *  controls hidden again; one of ours means the student left the link, and the banner says so. */
function afterReady(info) {
  hideControls();
  if (!info.tfp) leftLink();
}

function leftLink() {
  const box = $('tfp-banner');
  if (!box || box.dataset.state !== 'playground') return;
  box.dataset.state = 'left';
  box.replaceChildren(Object.assign(document.createElement('div'), { textContent: 'You changed a setting: this run now uses Gradient Lab\'s own trainer (minibatch SGD in f32), not the Playground\'s rule. Back (or the Playground link) returns to it.' }));
}
