// One worker of the accuracy-vs-sparsity pool: trains the runs it is handed, one at a
// time, and returns each row.
import init, { pruneRow } from '../../pkg/gradlab.js';
import { coreUrl } from '../shared/core-wasm.js';
import { digitsFor } from '../shared/digits.js';

const ready = init({ module_or_path: coreUrl });

onmessage = async ({ data: { id, config, name } }) => {
  await ready;
  try {
    await digitsFor(config);
    postMessage({ id, row: pruneRow(config, name) });
  } catch (err) {
    postMessage({ id, error: `${name} at sparsity ${config.sparsity}: ${err.message || err}` });
  }
};
