// The dynamics page's side of the worker protocol (dynamics-worker.js): one run at a time,
// streamed. A new run stops the one in progress; its section then says "stopped". Each
// section keeps `data-draws`, the number of points of every drawing so far (partial ones
// and the last), so a reader (and the end-to-end test) can see the run was drawn live.
import { say } from '../shared/messages.js';

const worker = new Worker(new URL('./dynamics-worker.js', import.meta.url), { type: 'module' });
const pending = new Map();
let nextId = 1;

/** The error a run stopped by a newer one rejects with. */
export class Stopped extends Error {}

worker.onmessage = ({ data }) => {
  if (data.id == null) { say('error', data.error); return; } // the core did not load
  const p = pending.get(data.id);
  if (!p) return;
  if (data.partial) { p.onPartial?.(data.partial); return; }
  pending.delete(data.id);
  if (data.cancelled) p.reject(new Stopped('stopped: another run started'));
  else if (data.error) p.reject(new Error(data.error));
  else p.resolve(data.result);
};

/** How long a run takes at least, so that a quick one can be watched (`?pace=0`: as fast
 *  as the machine goes; the series is the same either way). */
const PACE_MS = new URLSearchParams(location.search).get('pace') === '0' ? 0 : 2000;

/** Runs a preset in the worker: resolves to {preset, settings, series}; `onPartial(series)`
 *  gets the series so far about every 120 ms of compute. */
export function runPreset(preset, overrides = {}, onPartial = null) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onPartial });
    worker.postMessage({ id, preset, overrides, minMs: PACE_MS });
  });
}

/** The same run from the command line (the CLI prints the very series at the end). */
export const cliLine = (preset, overrides) =>
  ['gradlab dynamics --preset', preset, ...Object.entries(overrides).map(([k, v]) => (typeof v === 'object' ? `--set '${k}=${JSON.stringify(v)}'` : `--set ${k}=${v}`))].join(' ');

/** Notes a drawing of `points` points in `section`'s `data-draws`. */
export function drawn(section, points) {
  section.dataset.draws = section.dataset.draws ? `${section.dataset.draws},${points}` : String(points);
}

const generation = new Map();

/** Runs `work` for the section `key` with `button` disabled and `state` saying running,
 *  done, stopped or failed; a newer run of the same section takes the state over. */
export async function busy(key, button, state, section, work) {
  const mine = (generation.get(key) ?? 0) + 1;
  generation.set(key, mine);
  const current = () => generation.get(key) === mine;
  button.disabled = true;
  state.textContent = 'running…';
  state.classList.remove('done');
  section.dataset.draws = '';
  const t0 = performance.now();
  try {
    await work();
    if (current()) { state.textContent = `done in ${((performance.now() - t0) / 1000).toFixed(1)} s`; state.classList.add('done'); }
  } catch (err) {
    if (!current()) return;
    if (err instanceof Stopped) { state.textContent = 'stopped (another run started)'; return; }
    state.textContent = 'failed';
    say('error', String(err.message || err));
  } finally {
    if (current()) button.disabled = false;
  }
}
