// Frame times and training throughput of the playground page (index.html), for
// scripts/bench.mjs. For each experiment: open the page, press play (training at full
// speed, decision map and neuron maps on), warm up 1 s, then record every
// requestAnimationFrame timestamp for `seconds` (at least FRAME_SECONDS: a p95 of one
// second's 60 frames is its third-worst frame, one host hiccup) and the page's own step counter.
// "Without rendering": the same www/playground/worker.js started a second time from the page
// (bench/bench-hidden-worker.js), which trains and never draws a frame. Headless Chromium
// never hides a page, so this stands in for a hidden tab. The two take turns
// (throughputInTurns), so this host's fast and slow phases, which last seconds, hit both
// alike; the ratio is the median over rounds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from '../tests/e2e/browser.mjs';
import { medianRatio } from '../bench/bench-turns.js';

const EXPERIMENTS = [
  ['default (circle, 4-2 tanh, batch 10, flat out)', '?speed=max'],
  ['wide (circle, 256-256 tanh, batch 10, flat out)', '?speed=max#hidden=256,256'],
  ['6x512 (circle, six 512-wide tanh layers, flat out)', '?speed=max#hidden=512,512,512,512,512,512'],
];

/** What a first visit to the playground downloads (every file the page and its workers
 *  fetched while it loaded and trained), raw and gzipped (-9) one file at a time, as a static
 *  host serves them. */
function pageBytes(paths) {
  const files = [...paths].sort().map((p) => {
    const bytes = readFileSync(join(ROOT, p));
    return { path: p, raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
  });
  const sum = (key, pick = () => true) => files.filter(pick).reduce((a, f) => a + f[key], 0);
  const wasm = (f) => f.path.endsWith('.wasm');
  return { case: 'page-bytes', files: files.length, raw: sum('raw'), gz: sum('gz'), wasm_gz: sum('gz', wasm), other_gz: sum('gz', (f) => !wasm(f)), list: files };
}

const FRAME_SECONDS = 5;
/** Throughput in turns: each round, the page trains (and draws) for TURN_MS, then the
 *  worker without frames trains for TURN_MS; at least TURNS rounds. */
const TURN_MS = 600;
const TURNS = 5;

/** In the page (paused): rounds of { visible, hidden } steps per second, taken in turns. */
async function throughputInTurns({ ms, rounds }) {
  const sleep = (t) => new Promise((r) => setTimeout(r, t));
  const play = document.getElementById('play');
  const pageSteps = () => Number(document.getElementById('step-count').textContent);
  const { hiddenWorker } = await import('/bench/bench-hidden-worker.js');
  const w = await hiddenWorker();
  await w.rate(ms); // warm-up
  const out = [];
  try {
    // A pause ends with a frame carrying the last step (and, in the page, the maps drawn):
    // settling lets it land before a count is read or the other side starts.
    const settle = () => sleep(150);
    await settle();
    for (let r = 0; r < rounds; r++) {
      const v0 = pageSteps();
      const t0 = performance.now();
      play.click();
      await sleep(ms);
      play.click();
      const t1 = performance.now();
      await settle();
      const v1 = pageSteps();
      const hidden = await w.rate(ms);
      await settle();
      out.push({ visible: (v1 - v0) / ((t1 - t0) / 1000), hidden });
    }
  } finally {
    w.terminate();
  }
  return out;
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** Navigation to the page's first decision map in ms (a User Timing mark the page sets when
 *  it draws one). */
export async function firstMapMs(page) {
  const handle = await page.waitForFunction(() => performance.getEntriesByName('gradlab:first-map')[0]?.startTime, null, { polling: 5 });
  return Math.round(await handle.jsonValue());
}

/** Navigation to the first decision map, median of FIRST_MAP_LOADS fresh loads (an empty
 *  cache each: a new context), with the stages of that median load: when the page created
 *  the worker and when each of its first messages arrived (core loaded, first run built,
 *  first frame). One load varies by ±30% on a 2-core machine, so one is not enough. */
const FIRST_MAP_LOADS = 9;
async function firstMap(browser, url, hash) {
  const loads = [];
  for (let i = 0; i < FIRST_MAP_LOADS; i++) {
    const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
    await page.addInitScript(() => {
      const Base = window.Worker;
      window.gradlabTimes = {};
      window.Worker = class extends Base {
        constructor(...args) {
          super(...args);
          window.gradlabTimes.worker ??= performance.now();
          this.addEventListener('message', (e) => { window.gradlabTimes[e.data?.type] ??= performance.now(); });
        }
      };
    });
    try {
      await page.goto(`${url}/index.html${hash}`);
      const first_map_ms = await firstMapMs(page);
      const t = await page.evaluate(() => window.gradlabTimes);
      const stages = { worker_ms: t.worker, core_ms: t.core, ready_ms: t.ready, frame_ms: t.frame };
      for (const k of Object.keys(stages)) stages[k] = stages[k] == null ? null : Math.round(stages[k]);
      loads.push({ first_map_ms, ...stages });
    } finally {
      await page.close();
    }
  }
  loads.sort((a, b) => a.first_map_ms - b.first_map_ms);
  return { ...loads[Math.floor(loads.length / 2)], first_map_min_ms: loads[0].first_map_ms, first_map_max_ms: loads.at(-1).first_map_ms, first_map_loads: loads.length };
}

export async function frames(browser, url, benchSeconds, emit) {
  const seconds = Math.max(FRAME_SECONDS, benchSeconds);
  for (const [name, hash] of EXPERIMENTS) {
    let first;
    try {
      first = await firstMap(browser, url, hash);
    } catch (err) {
      emit({ case: 'frames', experiment: name, error: String(err.message || err).split('\n')[0] });
      continue;
    }
    const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
    const fetched = new Set();
    page.context().on('response', (r) => fetched.add(new URL(r.url()).pathname)); // the workers' fetches too
    try {
      await page.goto(`${url}/index.html${hash}`);
      await page.waitForFunction(() => document.getElementById('step-count')?.textContent === '0');
      await page.click('#play');
      await page.waitForTimeout(1000);
      const steps = () => page.evaluate(() => Number(document.getElementById('step-count').textContent));
      const s0 = await steps();
      const { times, reported } = await page.evaluate((ms) => new Promise((resolve) => {
        const times = [];
        const reported = [];
        const loop = (t) => {
          times.push(t);
          if (times.length % 30 === 0) reported.push(Number(document.getElementById('rate').textContent));
          if (t - times[0] < ms) requestAnimationFrame(loop); else resolve({ times, reported });
        };
        requestAnimationFrame(loop);
      }), seconds * 1000);
      const s1 = await steps();
      const span = (times.at(-1) - times[0]) / 1000;
      const dt = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
      if (name.startsWith('default')) emit(pageBytes(fetched)); // by now every response has been reported
      // Pause latency: from the click on Pause to the last step the page shows (the step
      // counter then holds still for 300 ms), timed inside the page.
      const pause_ms = await page.evaluate(() => new Promise((resolve) => {
        const read = () => document.getElementById('step-count').textContent;
        const t0 = performance.now();
        document.getElementById('play').click();
        let last = read();
        let changed = t0;
        const loop = (t) => {
          const now = read();
          if (now !== last) { last = now; changed = t; }
          if (t - changed > 300) resolve(Math.max(0, changed - t0)); else requestAnimationFrame(loop);
        };
        requestAnimationFrame(loop);
      }));
      await page.click('#play'); // playing again, as the throughput turns below expect it
      await page.click('#play'); // pause the page's own training
      const turns = await page.evaluate(throughputInTurns, { ms: TURN_MS, rounds: Math.max(TURNS, Math.round(seconds)) });
      const median = (xs) => quantile([...xs].sort((a, b) => a - b), 0.5);
      emit({
        case: 'frames', experiment: name, ...first, pause_ms: Math.round(pause_ms), frames: dt.length, p50_ms: quantile(dt, 0.5), p95_ms: quantile(dt, 0.95), max_ms: dt.at(-1),
        late: dt.filter((d) => d > 17).length,
        steps_per_second_frames: (s1 - s0) / span, steps_per_second_reported: median(reported),
        steps_per_second_visible: median(turns.map((t) => t.visible)), steps_per_second_no_render: median(turns.map((t) => t.hidden)),
        visible_over_no_render: medianRatio(turns, 'visible', 'hidden'), turns: turns.length,
      });
    } catch (err) {
      emit({ case: 'frames', experiment: name, error: String(err.message || err).split('\n')[0] });
    } finally {
      await page.close();
    }
  }
}
