// Times our WebGPU training step (www/shared/gpu/bench.js) on the benchmark's networks and
// publishes window.benchResults for scripts/bench.mjs. A missing adapter or a failing
// case becomes an error line, not a stop.
import { benchGpuSteps } from '../www/shared/gpu/bench.js';
import { PLAIN_CASES } from './plain-mlp.js';

const params = new URLSearchParams(location.search);
const seconds = Number(params.get('seconds') || 2);
const results = [];
for (const [name, sizes, activation, loss, optimizer, , batch] of PLAIN_CASES) {
  try {
    const r = await benchGpuSteps(sizes, activation, loss === 'softmax' ? 'softmax-ce' : loss, optimizer, batch, seconds);
    results.push({ case: name, backend: 'webgpu-ours', steps_per_second: r.stepsPerSecond, adapter: r.adapter });
  } catch (err) {
    results.push({ case: name, backend: 'webgpu-ours', error: String(err.message || err).split('\n')[0] });
  }
}
document.getElementById('out').textContent = results.map((r) => JSON.stringify(r)).join('\n');
window.benchResults = results;
