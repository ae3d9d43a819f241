// The training worker's compute backend: "cpu" (the wasm core for everything), "webgpu"
// (decision map and neuron maps on the GPU, and training too when the run is a plain
// MLP with sgd or adam), or "auto" (GPU maps when WebGPU works and the network is big
// enough for them to pay off, gpu/eligible.js; training on wasm, which is faster for the
// playground's tiny networks). Every fallback is reported, in words,
// through `onStatus(text, level)`, and the wasm core keeps the run's weights throughout,
// so a GPU failure (no adapter, a lost device, a kernel error) never loses the run.

/** Multiply-adds per map cell below which auto keeps the maps in wasm: a 100×100 map of a
 *  network this small costs wasm well under a millisecond (under 1024 × 10⁴ multiply-adds at
 *  its several GFLOP/s), less than a GPU dispatch and readback, and the GPU modules are
 *  then never downloaded. The playground's default 2-4-2-1 network takes 18. */
export const GPU_MAPS_MIN_MACS = 1024;

/** null when auto should draw this run's maps on the GPU (`info`: Lab.info()), else why not. */
export function autoMapBlocker(info) {
  const macs = info.sizes.slice(1).reduce((sum, n, i) => sum + n * info.sizes[i], 0);
  return macs < GPU_MAPS_MIN_MACS ? `auto keeps a network this small (${macs} multiply-adds per map point) on the CPU, where it is faster; choose webgpu to use the GPU` : null;
}

// The GPU half (gpu-backend.js, with the device, eligibility and kernel modules) is fetched
// the first time a run asks for a GPU: a visit without one never downloads it.
let gpuPart = null;
const loadGpuPart = async () => (gpuPart ??= await import('./gpu-backend.js'));
const sharedGpu = async () => (await loadGpuPart()).sharedGpu();

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
    const next = BACKENDS.includes(choice) ? choice : 'auto';
    if (next === this.choice && lab) return Promise.resolve(); // the page saying it again
    this.choice = next;
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
    return (await loadGpuPart()).attachGpu(this, lab, info, gen);
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
    if (this.choice !== 'webgpu' || !gpuPart) return;
    return gpuPart.live(this, lab, info);
  }

  /** The weights changed in the core (reset, a loaded model, a refused step): copy them
   *  and the optimizer state up. */
  resync(lab) {
    this.version += 1;
    this.trainer?.upload(this.paramsOf(lab), lab.optimizerMoments());
  }

  /** `k` GPU steps on the core's next k minibatches (gpu-backend.js's train). */
  train(lab, k) {
    return gpuPart.train(this, lab, k);
  }

  /** Promise of { grid, neurons } from the GPU, or null when the maps are on the CPU. */
  mapsFor(params) {
    const maps = this.maps;
    if (!maps) return null;
    return maps.compute(params).catch((err) => { if (maps === this.maps) this.fail(err); return null; });
  }
}
