// Which runs the GPU can train, and why not: the WebGPU trainer implements plain MLPs
// (exact backprop) with SGD (momentum, Nesterov) or Adam, a constant learning rate and
// optional L1/L2 weights penalty. Anything else trains on the wasm core; the reason is
// shown on the page.

/** null when `config` (a run config object, keys as crate/train/schema.rs) can train on the GPU, else why not. */
export function gpuTrainingBlocker(config) {
  const c = config;
  if (c.method && c.method !== 'backprop') return `the gradient source is ${c.method} (the GPU trainer does exact backprop only)`;
  if (c['local-losses']) return 'local losses are on';
  if (!['sgd', 'adam'].includes(c.optimizer)) return `the optimizer is ${c.optimizer} (the GPU trainer has sgd and adam)`;
  if (c.schedule && c.schedule !== 'constant') return `the learning rate follows a ${c.schedule} schedule`;
  if (c['warmup-steps'] > 0) return 'the learning rate has a warm-up';
  if (c['clip-norm'] > 0) return 'gradient clipping is on';
  if (c['sam-rho'] > 0) return 'SAM is on';
  if (c['lookahead-k'] > 0) return 'Lookahead is on';
  if (c.prune && c.prune !== 'none') return 'the network is pruned (sparse training stays on the CPU)';
  return null;
}

/** Multiply-adds per map cell below which auto keeps the maps in wasm: a 100×100 map of a
 *  network this small costs wasm well under a millisecond (under 1024 × 10⁴ multiply-adds at
 *  its several GFLOP/s), less than a GPU dispatch and readback, and the kernels' modules are
 *  then never downloaded. The playground's default 2-4-2-1 network takes 18. */
export const GPU_MAPS_MIN_MACS = 1024;

/** null when auto should draw this run's maps on the GPU (`info`: Lab.info()), else why not. */
export function autoMapBlocker(info) {
  const macs = info.sizes.slice(1).reduce((sum, n, i) => sum + n * info.sizes[i], 0);
  return macs < GPU_MAPS_MIN_MACS ? `auto keeps a network this small (${macs} multiply-adds per map point) on the CPU, where it is faster; choose webgpu to use the GPU` : null;
}

/** null when the decision map can be computed on the GPU for a run with this `info` (Lab.info()). */
export function gpuMapBlocker(info) {
  if (!info.twoD) return 'this dataset has no decision map';
  if (info.config.method === 'forward-forward') return 'a Forward-Forward network predicts by goodness per label, not by a forward pass';
  return null;
}
