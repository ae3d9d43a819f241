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

// autoMapBlocker (which networks auto keeps on the CPU) is in ../backend.js: it decides
// whether this module and the device module are fetched at all.

/** null when the decision map can be computed on the GPU for a run with this `info` (Lab.info()). */
export function gpuMapBlocker(info) {
  if (!info.twoD) return 'this dataset has no decision map';
  if (info.config.method === 'forward-forward') return 'a Forward-Forward network predicts by goodness per label, not by a forward pass';
  return null;
}
