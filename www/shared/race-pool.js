// A race spread over a pool of Web Workers, one wasm instance each: min(entrants,
// navigator.hardwareConcurrency) workers (or `maxWorkers`), entrant i on worker
// i mod workers. The pool keeps the race fair and comparable step by step: every worker
// builds its entrants from the same config and seed (checked across workers: bit-identical
// initial weights, same minibatch order), and the workers advance in lockstep to a shared
// step goal, so each frame shows every entrant at the same step, as the one-worker race
// did. The goal grows by an amount tuned so a round's training (in the slowest worker,
// frames not counted) takes about 30 ms; a frame of metrics
// is computed only when the page has drawn the last one (ack), so training never waits on
// drawing. Messages out (to `onMessage`): ready {info, sameInit}, frame {runners,
// gridRes}, done, error {text}.
const ROUND_MS = 30;

export class RacePool {
  constructor(onMessage, { maxWorkers = navigator.hardwareConcurrency || 1 } = {}) {
    this.onMessage = onMessage;
    this.maxWorkers = Math.max(1, maxWorkers);
    this.workers = [];
    this.race = 0;
  }

  /** Starts up to `count` workers now (each loads its wasm core), so the first race does not
   *  wait for them: what the pages' one-click presets would otherwise spend most time on. */
  warm(count) {
    while (this.workers.length < Math.min(count, this.maxWorkers)) {
      const w = new Worker(new URL('./race-worker.js', import.meta.url), { type: 'module' });
      const index = this.workers.length;
      w.onmessage = ({ data }) => this.onWorker(index, data);
      this.workers.push(w);
    }
  }

  /** Starts a race of `entrants` (run configs), each for `steps` steps; `target` (a training
   *  loss) and `every` set the workers' checkpoints (see race-worker.js; the race view passes
   *  checkEvery(steps); 0, the default, records none, as the throughput benchmark wants). */
  start(entrants, steps, { target, every = 0 } = {}) {
    const n = Math.max(1, Math.min(entrants.length, this.maxWorkers));
    this.warm(n);
    this.race += 1;
    this.active = this.workers.slice(0, n);
    this.owned = this.active.map((_, w) => entrants.map((_, i) => i).filter((i) => i % n === w));
    Object.assign(this, { count: entrants.length, goal: 0, reached: 0, inc: 10, acked: true, paused: false, done: false, inFlight: false, replies: [], waiting: n });
    this.active.forEach((w, k) => w.postMessage({ type: 'start', race: this.race, entrants: this.owned[k].map((i) => entrants[i]), steps, target, every }));
  }

  pause() { this.paused = true; }
  /** Ends the race: replies still on their way are dropped (their race number is old). */
  stop() { this.race += 1; this.done = true; }
  resume() { if (this.paused) { this.paused = false; if (!this.inFlight) this.round(); } }
  /** The page has drawn the last frame: the next round computes a new one. */
  ack() { this.acked = true; }
  terminate() { for (const w of this.workers) w.terminate(); this.workers = []; }

  onWorker(k, data) {
    if (data.race !== this.race || k >= this.active.length) return; // a reply from an earlier race
    if (data.type === 'error') { this.onMessage({ type: 'error', text: data.text }); return; }
    this.replies[k] = data;
    if (--this.waiting) return;
    const replies = this.replies;
    this.replies = [];
    if (data.type === 'ready') this.onReady(replies);
    if (data.type === 'advanced') this.onAdvanced(replies);
  }

  onReady(replies) {
    const info = this.merge(replies.map((r) => r.info));
    const first = replies[0].first;
    const sameInit = replies.every((r) => r.sameInit && sameStart(r.first, first));
    this.onMessage({ type: 'ready', info, sameInit, workers: this.active.length });
    this.round();
  }

  round(frame = this.acked) {
    if (this.paused || this.done) return;
    if (frame) this.acked = false;
    this.frameAsked = frame;
    this.goal += this.inc;
    this.inFlight = true;
    this.waiting = this.active.length;
    for (const w of this.active) w.postMessage({ type: 'advance', race: this.race, goal: this.goal, frame });
  }

  onAdvanced(replies) {
    this.inFlight = false;
    const ms = Math.max(...replies.map((r) => r.trainMs));
    this.reached = this.goal; // the step every live entrant has reached (read by the benchmark)
    this.inc = Math.max(1, Math.min(100000, Math.round(this.inc * (ms < ROUND_MS / 2 ? 2 : ms > ROUND_MS * 1.5 ? 0.5 : 1))));
    if (this.frameAsked) this.onMessage({ type: 'frame', runners: this.merge(replies.map((r) => r.runners)), gridRes: replies[0].gridRes });
    if (replies.every((r) => r.done)) {
      if (!this.frameAsked) { this.goal -= this.inc; this.round(true); return; } // one last frame
      this.done = true;
      this.onMessage({ type: 'done' });
      return;
    }
    this.round();
  }

  /** Per-worker lists back in entrant order. */
  merge(lists) {
    const out = new Array(this.count);
    this.owned.forEach((indices, k) => indices.forEach((i, j) => { out[i] = lists[k][j]; }));
    return out;
  }
}

/** The checkpoint interval for a race of `steps` steps: a round number (1, 2 or 5 × 10^k)
 *  giving at most about 250 checkpoints. */
export function checkEvery(steps) {
  const raw = Math.max(1, steps / 250);
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= raw);
}

/** Same initial model weights (bit for bit) and the same minibatch order. */
export function sameStart(a, b) {
  return a.batches === b.batches && a.params.length === b.params.length && a.params.every((v, i) => Object.is(v, b.params[i]));
}
