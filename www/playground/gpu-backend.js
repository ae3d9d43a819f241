// The GPU half of the playground's compute backend (backend.js), fetched the first time a
// run asks for a GPU: finding the device, setting up GPU maps and training, watching for a
// lost device, live settings and GPU training steps. Each function takes the Backend
// (`b`) it works for; a visit that never needs a GPU never downloads this module.

// Which runs the GPU can draw and train (gpu/eligible.js), fetched with the device module.
let eligible = null;

// The kernels' modules (about 15 KB gzipped) are fetched once a GPU device is there, and
// the device module once a run asks for a GPU: a visit without WebGPU, or with a network
// auto keeps on the CPU, never downloads them.
let deviceModule = null;
export const sharedGpu = async () => (deviceModule ??= await import('../shared/gpu/device.js')).sharedGpu();
let kernels = null;
const loadKernels = async () => {
  const [maps, mlp] = await Promise.all([import('../shared/gpu/maps.js'), import('../shared/gpu/mlp.js')]);
  kernels = { GpuMaps: maps.GpuMaps, GpuMlp: mlp.GpuMlp, hyperOf: mlp.hyperOf };
  return kernels;
};

/** The GPU part of Backend.attach (generation `gen`), after the CPU-only choices. */
export async function attachGpu(b, lab, info, gen) {
  const gpu = await b.gpu();
  eligible ??= await import('../shared/gpu/eligible.js');
  if (gen !== b.generation) return;
  if (!gpu.device) return b.report(`CPU (wasm) for training and maps: WebGPU is unavailable here (${gpu.reason}).`, 'warning');
  // A software adapter (SwiftShader, a fallback adapter) is far slower than wasm: auto
  // never uses it; an explicit webgpu still may (the tests run on SwiftShader).
  if (b.choice === 'auto' && gpu.software) {
    return b.report(`CPU (wasm) for training and maps: auto skips the software GPU adapter (${gpu.label}), which is slower than the CPU; choose webgpu to use it anyway.`, 'info');
  }
  watch(b, gpu.device);
  const mapBlock = eligible.gpuMapBlocker(info);
  let maps = null;
  let trainer = null;
  try {
    const { GpuMaps, GpuMlp, hyperOf } = kernels || await loadKernels();
    if (gen !== b.generation) return;
    if (!mapBlock) maps = await GpuMaps.create(gpu.device, lab, b.gridRes, b.neuronRes);
    const trainBlock = b.choice === 'webgpu' ? eligible.gpuTrainingBlocker(info.config) : 'auto trains on the CPU (faster for these small networks; choose webgpu to train on the GPU)';
    if (!trainBlock) {
      trainer = await GpuMlp.create(gpu.device, { ...lab.gpuModel(), ...hyperOf(info.config) });
      trainer.upload(b.paramsOf(lab), lab.optimizerMoments(), { x: lab.trainX(), y: lab.trainY(), rows: info.trainRows });
    }
    if (gen !== b.generation) { maps?.destroy(); trainer?.destroy(); return; }
    b.maps = maps;
    b.trainer = trainer;
    const where = `WebGPU (${gpu.label})`;
    const mapText = maps ? `maps on ${where}` : info.twoD ? `maps on the CPU: ${mapBlock}` : 'no maps (the data is not 2-D)';
    const trainText = trainer ? `training on ${where}` : `training on the CPU (wasm): ${trainBlock}`;
    b.report(`${mapText}; ${trainText}.`, 'info');
  } catch (err) {
    maps?.destroy();
    trainer?.destroy();
    if (gen === b.generation) b.fail(err);
  }
}

function watch(b, device) {
  if (b.watched === device) return;
  b.watched = device;
  // The page never destroys its device, so any loss is a failure (driver reset, GPU
  // process crash, a tab in the background too long); the next attach asks again.
  device.lost.then((info) => {
    deviceModule?.forgetGpu();
    b.fail(new Error(`the GPU device was lost (${info.message || info.reason})`));
  });
  device.addEventListener?.('uncapturederror', (e) => b.fail(new Error(e.error?.message || 'a GPU error')));
}

/** A live settings change (learning rate, optimizer settings, regularization,
 *  schedule, clipping): new settings for the GPU trainer, or a re-attach when the run
 *  became (or stopped being) one the GPU can train. */
export function live(b, lab, info) {
  if (b.choice !== 'webgpu' || !eligible) return;
  const block = eligible.gpuTrainingBlocker(info.config);
  if (Boolean(b.trainer) === !block) {
    b.trainer?.setHyper(kernels.hyperOf(info.config));
    return;
  }
  return b.attach(lab, info);
}

/** `k` GPU steps on the core's next k minibatches; the core then takes the weights and
 *  the optimizer's moments (it refuses non-finite ones, keeping the last good weights),
 *  so the run continues on either backend as if it had never moved. A GPU failure falls
 *  back to the CPU and loses no steps: the core still holds the last adopted state. */
export async function train(b, lab, k) {
  const { trainer, version } = b;
  const idx = lab.upcomingBatches(k);
  const rows = idx.length / k;
  let state;
  try {
    for (let s = 0; s < k; s++) trainer.step(idx.subarray(s * rows, (s + 1) * rows));
    state = await trainer.readState();
  } catch (err) {
    if (version === b.version) b.fail(err);
    return;
  }
  if (version !== b.version) return;
  try {
    lab.adoptSteps(state.params, k, state.t, state.m, state.v);
  } catch {
    // The GPU diverged somewhere in these k steps, and the core still holds the chunk's
    // start (weights and moments). Replaying the steps in wasm stops at the very step
    // that diverges, with the CPU's message and the last good weights (it throws); if
    // the replay stays finite (rounding), the run goes on from the replay's weights.
    try {
      lab.train(k);
    } finally {
      b.resync(lab);
    }
  }
}

