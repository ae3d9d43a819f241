// A whole run as one file, and exports. The run file is JSON: the run's settings (the URL
// hash, seed included), the step reached, the model weights (`model`: safetensors, base64),
// the metric history of the charts and, for dataset=custom, the user's own rows (`data`).
// The runs the page keeps in the browser (recent.js) hold, instead of `model`, the run's
// exact state where the core can give it (`state`, base64 of Lab.exportState: weights,
// optimizer moments and minibatch stream), so a restored run goes on bit for bit; every
// build of the core reads and writes it, the lite one included (crate/train/lite.rs), which
// has no safetensors. Loading checks every field and names the first bad one;
// the worker swaps the run in only if the settings and weights both load, so a broken
// file never replaces the run on screen.
export const FORMAT = 'gradlab-run';
const MAX_BYTES = 16 << 20;
const MAX_HASH = 8192;
const MAX_POINTS = 100000;

export function runToJson({ hash, step, bytes, state, history, data }) {
  const weights = state ? { state: toBase64(state) } : { model: toBase64(bytes) };
  return JSON.stringify({ format: FORMAT, version: 1, hash, step, ...weights, history, ...(data ? { data } : {}) });
}

/** Parses and checks a run file's text; throws an Error naming the problem. */
export function parseRun(text, size) {
  if (size > MAX_BYTES) throw new Error(`run file: ${size} bytes is over the ${MAX_BYTES >> 20} MiB limit`);
  let run;
  try { run = JSON.parse(text); } catch (err) { throw new Error(`run file: not JSON (${err.message})`); }
  if (!run || typeof run !== 'object') throw new Error('run file: not a JSON object');
  if (run.format !== FORMAT) throw new Error(`run file: format is ${JSON.stringify(String(run.format)).slice(0, 40)}, expected "${FORMAT}"`);
  if (run.version !== 1) throw new Error(`run file: version ${String(run.version).slice(0, 20)} is not supported (1 is)`);
  if (typeof run.hash !== 'string' || run.hash.length > MAX_HASH) throw new Error(`run file: hash must be a string of at most ${MAX_HASH} characters`);
  if (!Number.isInteger(run.step) || run.step < 0) throw new Error('run file: step must be a whole number ≥ 0');
  const key = run.state !== undefined && run.model === undefined ? 'state' : 'model';
  if (typeof run[key] !== 'string') throw new Error(`run file: ${key} must be base64 text`);
  let bytes;
  try { bytes = fromBase64(run[key]); } catch { throw new Error(`run file: ${key} is not valid base64`); }
  const h = run.history;
  const ok = Array.isArray(h) && h.length === 5 && h.every((s) => Array.isArray(s) && s.length === h[0].length && s.length <= MAX_POINTS
    && s.every((v) => v === null || typeof v === 'number'));
  if (!ok) throw new Error('run file: history must be 5 equal-length arrays of numbers (step, train loss, test loss, train acc, test acc)');
  const d = run.data;
  if (d !== undefined) {
    // The shape only: the core checks sizes, values and classes when the run loads.
    const shaped = d && typeof d === 'object' && ['names', 'x', 'y', 'labels'].every((k) => Array.isArray(d[k])) && typeof d.note === 'string';
    if (!shaped) throw new Error('run file: data must be an object with names, x, y, labels (arrays) and note (text)');
  }
  return { hash: run.hash, step: run.step, [key === 'model' ? 'bytes' : 'state']: bytes, history: h, data: d };
}

/** The chart history as CSV. */
export function metricsCsv(history) {
  const rows = ['step,train_loss,test_loss,train_accuracy,test_accuracy'];
  for (let i = 0; i < history[0].length; i++) rows.push(history.map((s) => (s[i] ?? '')).join(','));
  return `${rows.join('\n')}\n`;
}

/** One PNG of several canvases side by side (decision map and charts). */
export async function canvasesToPng(canvases) {
  const width = canvases.reduce((w, c) => w + c.width + 10, 0);
  const height = Math.max(...canvases.map((c) => c.height));
  const out = new OffscreenCanvas(width, height);
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  let x = 0;
  for (const c of canvases) { ctx.drawImage(c, x, 0); x += c.width + 10; }
  return out.convertToBlob({ type: 'image/png' });
}

export function download(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text) {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
