// For the benchmark scripts (scripts/bench-frames.mjs, scripts/bench-worker-ab.mjs), loaded
// into the playground page: a second playground worker that trains without frames. It is
// given the page's URL hash, played and never acked, so after its first frame it neither
// evaluates nor draws; its step is read through its 'save-run' reply (purpose 'remember',
// the page's own copy: a state the lite core gives, so the worker stays on the core it has).

/** Starts `path` (the page's worker, pkg/playground/worker.js, or a copy) on the page's run; resolves once it is ready. */
export async function hiddenWorker(path = 'pkg/playground/worker.js') {
  const worker = new Worker(path, { type: 'module' });
  const reply = (type) => new Promise((resolve) => {
    const on = ({ data }) => { if (data.type === type) { worker.removeEventListener('message', on); resolve(data); } };
    worker.addEventListener('message', on);
  });
  const ready = reply('ready');
  worker.postMessage({ type: 'init', hash: location.hash });
  await ready;
  worker.postMessage({ type: 'speed' }); // flat out: the page's default pace waits on frames this worker never gets
  const play = () => worker.postMessage({ type: 'play' });
  const pause = () => worker.postMessage({ type: 'pause' });
  /** The step it has reached (after the messages sent before this call). */
  const steps = async () => { const r = reply('run'); worker.postMessage({ type: 'save-run', purpose: 'remember' }); return (await r).step; };
  return {
    /** Trains for `ms`; steps per second, from play to pause as posted. */
    async rate(ms) {
      const a = await steps();
      const t0 = performance.now();
      play();
      await new Promise((resolve) => setTimeout(resolve, ms));
      pause();
      const t1 = performance.now();
      return ((await steps()) - a) / ((t1 - t0) / 1000);
    },
    terminate: () => worker.terminate(),
  };
}
