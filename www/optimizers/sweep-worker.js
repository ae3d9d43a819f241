// One learning-rate sweep job at a time: train a fresh Lab for a fixed number of steps
// and report the final losses (Infinity when the run diverged).
import init, { Lab } from '../../pkg/gradlab.js';
import { coreUrl } from '../shared/core-wasm.js';
import { digitsFor } from '../shared/digits.js';

const ready = init({ module_or_path: coreUrl });

onmessage = async ({ data: { id, config, steps } }) => {
  try { await ready; } catch (err) { postMessage({ id, error: String(err) }); return; }
  let lab;
  try {
    await digitsFor(config);
    lab = new Lab(config);
    lab.setEpochMetrics(false);
    let diverged = false;
    try { lab.train(steps); } catch { diverged = true; }
    const e = lab.evaluate();
    const bad = diverged || !Number.isFinite(e.train.loss);
    postMessage({ id, loss: bad ? Infinity : e.train.loss, accuracy: bad ? null : e.test.accuracy, diverged: bad });
  } catch (err) {
    postMessage({ id, error: String(err.message || err) });
  } finally {
    lab?.free();
  }
};
