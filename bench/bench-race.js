// Race scaling for the benchmark (read by scripts/bench.mjs as window.benchResults): a race
// of N entrants (the digits net, 64-128-128-10 relu, batch 64, Adam and SGD alternating)
// run by www/shared/race-pool.js with one worker and with the pool the pages use. Only the first
// frame is asked for (never acked after it), so this times training in lockstep rounds, not
// metrics or drawing. Entrant-steps/s = entrants × the step all of them reached / time.
import { RacePool } from '../www/shared/race-pool.js';
import { medianRatio } from './bench-turns.js';

const seconds = Number(new URLSearchParams(location.search).get('seconds') || 2);
// Each of the three runs per setting lasts half the measurement time.
const cores = navigator.hardwareConcurrency || 1;
const base = { dataset: 'digits', hidden: [128, 128], activation: 'relu', init: 'he', 'batch-size': 64, seed: 1 };
const entrant = (i) => ({ ...base, ...(i % 2 ? { optimizer: 'sgd', lr: 0.01 } : { optimizer: 'adam', lr: 0.001 }) });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function measure(n, maxWorkers) {
  let ready;
  const started = new Promise((resolve) => { ready = resolve; });
  const pool = new RacePool((m) => { if (m.type === 'ready') ready(m); if (m.type === 'error') ready({ error: m.text }); }, { maxWorkers });
  pool.start(Array.from({ length: n }, (_, i) => entrant(i)), 1e9);
  const info = await started;
  if (info.error) throw new Error(info.error);
  await sleep(500); // warm-up
  const [s0, t0] = [pool.reached, performance.now()];
  await sleep(seconds * 500);
  const [s1, t1] = [pool.reached, performance.now()];
  pool.terminate();
  return { workers: info.workers, fair: info.sameInit, rate: (n * (s1 - s0)) / ((t1 - t0) / 1000) };
}

// Four rounds per setting, each one run with one worker and one with the pool, in the order
// AB, BA, AB, BA (a run measured second was measured slower: with one entrant, where both
// modes are one worker, by 0.56-0.72 when the pool always came second). Reported: the best
// run of each mode (other load on the machine only ever slows a run down), and the median
// over rounds of pool / 1 worker within a round (this host's fast and slow phases last
// seconds, so a best / best ratio can pair runs from different phases).
const results = [];
for (const n of [1, 2, 4, 8]) {
  const modes = [['1 worker', 1], ['pool', cores]];
  const best = modes.map(() => null);
  const rounds = [];
  try {
    for (let rep = 0; rep < 4; rep++) {
      const rate = [];
      for (const k of rep % 2 ? [1, 0] : [0, 1]) {
        const r = await measure(n, modes[k][1]);
        rate[k] = r.rate;
        if (!best[k] || r.rate > best[k].rate) best[k] = { ...r, fair: r.fair && (best[k]?.fair ?? true) };
      }
      rounds.push({ one: rate[0], pool: rate[1] });
    }
    const median = medianRatio(rounds, 'pool', 'one');
    modes.forEach(([mode], k) => results.push({ case: 'race', entrants: n, mode, workers: best[k].workers, cores, fair: best[k].fair, entrant_steps_per_second: best[k].rate, pool_over_one_median: median }));
  } catch (err) {
    results.push({ case: 'race', entrants: n, error: String(err.message || err) });
  }
}
document.getElementById('out').textContent = results.map((r) => JSON.stringify(r)).join('\n');
window.benchResults = results;
