// The training worker's compute backend: "cpu" (the wasm core for everything), "webgpu"
// (decision map and neuron maps on the GPU, and training too when the run is a plain
// MLP with sgd or adam), or "auto" (GPU maps when WebGPU works and the network is big
// enough for them to pay off, gpu/eligible.js; training on wasm, which is faster for the
// playground's tiny networks). Every fallback is reported, in words,
// through `onStatus(text, level)`, and the wasm core keeps the run's weights throughout,
// so a GPU failure (no adapter, a lost device, a kernel error) never loses the run.
import { sharedGpu, forgetGpu } from '../shared/gpu/device.js';
import { gpuTrainingBlocker, gpuMapBlocker, autoMapBlocker } from '../shared/gpu/eligible.js';

// The kernels' modules (about 15 KB gzipped) are fetched once a GPU device is there: a
// visit without WebGPU never downloads them.
let kernels = null;
const loadKernels = async () => {
  const [maps, mlp] = await Promise.all([import('../shared/gpu/maps.js'), import('../shared/gpu/mlp.js')]);
  kernels = { GpuMaps: maps.GpuMaps, GpuMlp: mlp.GpuMlp, hyperOf: mlp.hyperOf };
  return kernels;
};

export const BACKENDS = ['auto', 'cpu', 'webgpu'];

export class Backend {
  /** `paramsOf(lab)`: a copy of the Lab's flat parameters (read from wasm memory);
   *  `gpu()`: resolves to requestGpu()'s answer (the realm's shared device by default). */
  constructor(onStatus, paramsOf, gridRes, neuronRes, gpu = sharedGpu) {
    Object.assign(this, { onStatus, paramsOf, gridRes, neuronRes, gpu });
    this.choice = 'auto';
    this.maps = null;
    this.trainer = null;
    this.generation = 0;
    // Bumped whenever the GPU's weights stop being the core's (attach, resync, failure):
    // a GPU chunk still in flight then leaves the core alone.
    this.version = 0;
  }

  /** Picks auto, cpu or webgpu; `lab` (if any) is re-attached. */
  select(choice, lab, info) {
    this.choice = BACKENDS.includes(choice) ? choice : 'auto';
    if (lab) return this.attach(lab, info);
    return Promise.resolve();
  }

  /** Sets up GPU maps (and training) for a new or changed run; resolves when settled. */
  async attach(lab, info) {
    const gen = ++this.generation;
    this.drop();
    if (this.choice === 'cpu') return this.report('CPU (wasm) for training and maps: chosen.', 'info');
    const small = this.choice === 'auto' && autoMapBlocker(info);
    if (small) return this.report(`CPU (wasm) for training and maps: ${small}.`, 'info');
    const gpu = await this.gpu();
    if (gen !== this.generation) return;
    if (!gpu.device) return this.report(`CPU (wasm) for training and maps: WebGPU is unavailable here (${gpu.reason}).`, 'warning');
    this.watch(gpu.device);
    const mapBlock = gpuMapBlocker(info);
    let maps = null;
    let trainer = null;
    try {
      const { GpuMaps, GpuMlp, hyperOf } = kernels || await loadKernels();
      if (gen !== this.generation) return;
      if (!mapBlock) maps = await GpuMaps.create(gpu.device, lab, this.gridRes, this.neuronRes);
      const trainBlock = this.choice === 'webgpu' ? gpuTrainingBlocker(info.config) : 'auto trains on the CPU (faster for these small networks; choose webgpu to train on the GPU)';
      if (!trainBlock) {
        trainer = await GpuMlp.create(gpu.device, { ...lab.gpuModel(), ...hyperOf(info.config) });
        trainer.upload(this.paramsOf(lab), lab.optimizerMoments(), { x: lab.trainX(), y: lab.trainY(), rows: info.trainRows });
      }
      if (gen !== this.generation) { maps?.destroy(); trainer?.destroy(); return; }
      this.maps = maps;
      this.trainer = trainer;
      const where = `WebGPU (${gpu.label})`;
      const mapText = maps ? `maps on ${where}` : info.twoD ? `maps on the CPU: ${mapBlock}` : 'no maps (the data is not 2-D)';
      const trainText = trainer ? `training on ${where}` : `training on the CPU (wasm): ${trainBlock}`;
      this.report(`${mapText}; ${trainText}.`, 'info');
    } catch (err) {
      maps?.destroy();
      trainer?.destroy();
      if (gen === this.generation) this.fail(err);
    }
  }

  watch(device) {
    if (this.watched === device) return;
    this.watched = device;
    // The page never destroys its device, so any loss is a failure (driver reset, GPU
    // process crash, a tab in the background too long); the next attach asks again.
    device.lost.then((info) => {
      forgetGpu();
      this.fail(new Error(`the GPU device was lost (${info.message || info.reason})`));
    });
    device.addEventListener?.('uncapturederror', (e) => this.fail(new Error(e.error?.message || 'a GPU error')));
  }

  /** Falls back to the CPU for this run, saying why. */
  fail(err) {
    this.drop();
    const why = String(err.message || err).replace(/\s+/g, ' ').trim().slice(0, 300);
    this.report(`CPU (wasm) for training and maps: the GPU path failed (${why}), so this run fell back to the CPU.`, 'warning');
  }

  report(text, level) { this.onStatus(text, level); }

  drop() {
    this.version += 1;
    this.maps?.destroy();
    this.trainer?.destroy();
    this.maps = null;
    this.trainer = null;
  }

  /** A live settings change (learning rate, optimizer settings, regularization,
   *  schedule, clipping): new settings for the GPU trainer, or a re-attach when the run
   *  became (or stopped being) one the GPU can train. */
  live(lab, info) {
    if (this.choice !== 'webgpu') return;
    const block = gpuTrainingBlocker(info.config);
    if (Boolean(this.trainer) === !block) {
      this.trainer?.setHyper(kernels.hyperOf(info.config));
      return;
    }
    return this.attach(lab, info);
  }

  /** The weights changed in the core (reset, a loaded model, a refused step): copy them
   *  and the optimizer state up. */
  resync(lab) {
    this.version += 1;
    this.trainer?.upload(this.paramsOf(lab), lab.optimizerMoments());
  }

  /** `k` GPU steps on the core's next k minibatches; the core then takes the weights and
   *  the optimizer's moments (it refuses non-finite ones, keeping the last good weights),
   *  so the run continues on either backend as if it had never moved. A GPU failure falls
   *  back to the CPU and loses no steps: the core still holds the last adopted state. */
  async train(lab, k) {
    const { trainer, version } = this;
    const idx = lab.upcomingBatches(k);
    const b = idx.length / k;
    let state;
    try {
      for (let s = 0; s < k; s++) trainer.step(idx.subarray(s * b, (s + 1) * b));
      state = await trainer.readState();
    } catch (err) {
      if (version === this.version) this.fail(err);
      return;
    }
    if (version !== this.version) return;
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
        this.resync(lab);
      }
    }
  }

  /** Promise of { grid, neurons } from the GPU, or null when the maps are on the CPU. */
  mapsFor(params) {
    const maps = this.maps;
    if (!maps) return null;
    return maps.compute(params).catch((err) => { if (maps === this.maps) this.fail(err); return null; });
  }
}
