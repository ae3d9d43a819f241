// Recent runs, kept in the browser (localStorage) so a reload or a closed tab loses
// nothing: the current run is saved every few seconds while it changes and when the page
// is hidden; the five most recent distinct runs are offered for restoring. A run whose
// file would be over 512 KiB is kept without its weights (settings and history only).
import { parseRun } from './run-file.js';

const KEY = 'gradlab.recent';
const KEEP = 5;
const MAX_RUN = 512 << 10;

export function recentRuns() {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) || '[]');
    return Array.isArray(list) ? list.filter((r) => r && typeof r.json === 'string' && typeof r.label === 'string') : [];
  } catch {
    return [];
  }
}

/** Stores a run file's JSON under a label, newest first, one entry per run settings. */
export function remember(json, label, hash) {
  if (json.length > MAX_RUN) return;
  const list = recentRuns().filter((r) => r.hash !== hash);
  list.unshift({ json, label, hash, savedAt: new Date().toISOString() });
  try {
    localStorage.setItem(KEY, JSON.stringify(list.slice(0, KEEP)));
  } catch {
    // Storage full or disabled: keeping recent runs is a convenience, not a promise.
  }
}

/** The run stored at `index`, checked like a file. */
export function recall(index) {
  const r = recentRuns()[index];
  if (!r) throw new Error('recent runs: that run is no longer stored');
  return parseRun(r.json, r.json.length);
}
