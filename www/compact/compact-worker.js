// The compact lab's worker: a live run that can be pruned at any moment (its frames carry
// the weights, the mask and the sparsity report), and the lottery-ticket experiment one
// round at a time.
import init, { Lab, LotteryLab } from '../../pkg/gradlab.js';
import { coreUrl } from '../shared/core-wasm.js';
import { digitsFor } from '../shared/digits.js';
import { copyF32 } from '../shared/memory.js';
import { yieldToEvents } from '../shared/yield.js';

let wasm = null;
const ready = init({ module_or_path: coreUrl }).then((w) => { wasm = w; });
let lab = null;
let playing = false;
let lottery = null;

function frame() {
  postMessage({ type: 'frame', step: lab.step(), evaluation: lab.evaluate(), params: copyF32(wasm.memory, lab.paramsPtr(), lab.paramsLen()), mask: lab.mask(), report: lab.sparsityReport() });
}

function loop() {
  if (!playing) return;
  const started = performance.now();
  try {
    while (performance.now() - started < 40) lab.train(10);
  } catch (err) {
    playing = false;
    postMessage({ type: 'error', text: String(err.message || err) });
  }
  frame();
  yieldToEvents().then(loop);
}

function lotteryLoop() {
  if (!lottery) return;
  try {
    const round = lottery.nextRound();
    if (round === null) { lottery.free(); lottery = null; postMessage({ type: 'lottery-done' }); return; }
    postMessage({ type: 'lottery-round', round });
  } catch (err) {
    lottery = null;
    postMessage({ type: 'error', text: String(err.message || err) });
    return;
  }
  yieldToEvents().then(lotteryLoop);
}

onmessage = async ({ data: m }) => {
  await ready;
  try {
    if (m.type === 'start') {
      await digitsFor(m.config);
      const fresh = new Lab(m.config);
      fresh.setEpochMetrics(false);
      lab?.free();
      lab = fresh;
      postMessage({ type: 'ready', info: lab.info() });
      playing = true;
      loop();
    } else if (m.type === 'pause') playing = false;
    else if (m.type === 'resume') { if (lab && !playing) { playing = true; loop(); } }
    else if (m.type === 'prune') {
      if (!lab) throw new Error('Press Train first: there is no network to prune yet.');
      lab.pruneNow(m.criterion, m.sparsity); frame();
    }
    else if (m.type === 'lottery') {
      await digitsFor(m.config);
      lottery?.free();
      lottery = new LotteryLab(m.config, m.rounds, m.rate, m.rewind);
      lotteryLoop();
    }
  } catch (err) {
    postMessage({ type: 'error', text: String(err.message || err) });
  }
};
