// The one chart helper of every page (uPlot, served from www/vendor): one line style per
// series (an Okabe & Ito colour plus a dash pattern, so lines stay apart without colour),
// charts whose width follows the window, and short step labels. The key of a group of
// charts and the placeholders of empty ones are in chart-key.js.
import uPlot from '../vendor/uPlot.esm.js';

// Okabe & Ito (2008) without their yellow, too pale for a line on white.
const COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];
const DASHES = [[], [8, 4], [2, 3], [10, 3, 2, 3], [5, 5], [1, 4], [14, 4, 4, 4]];

/** The colour of series `i`. */
export const lineColor = (i) => COLORS[i % COLORS.length];
/** The dash pattern of series `i` (after 7 series the pairs shift, so none repeats soon). */
export const lineDash = (i) => DASHES[(i + Math.floor(i / COLORS.length)) % DASHES.length];

/** A uPlot series for line `i`. */
export function lineSeries(label, i, extra = {}) {
  return { label, stroke: lineColor(i), dash: lineDash(i), width: 2, ...extra };
}

/** A width for a chart in `el`: its own width (flex items take the page's), clamped. */
export function chartWidth(el, min = 260, max = 640) {
  const w = el.clientWidth || el.parentElement?.clientWidth || 420;
  return Math.max(min, Math.min(max, Math.floor(w)));
}

// Charts made by makeChart, resized with the window (those no longer on the page drop out).
const live = new Set();
let queued = false;
globalThis.addEventListener?.('resize', () => {
  if (queued) return;
  queued = true;
  requestAnimationFrame(() => {
    queued = false;
    for (const c of live) {
      if (!c.u.root.isConnected) { live.delete(c); continue; }
      const w = chartWidth(c.el.parentElement ?? c.el, c.min, c.max); // the container's width now
      if (w !== c.u.width) c.u.setSize({ width: w, height: c.u.height });
    }
  });
});

/** A uPlot chart in `el`, `min`..`max` px wide (its width from the page, as chartWidth
 *  gives), that follows the width of `el`'s container when the window is resized. */
export function makeChart(opts, data, el, min = 260, max = 640) {
  const u = new uPlot({ width: chartWidth(el, min, max), ...opts }, data, el);
  live.add({ u, el, min, max });
  return u;
}

/** 1234567 → "1.2M", 25000 → "25k": short tick labels that never collide. */
export function compactStep(v) {
  if (v == null) return '';
  const a = Math.abs(v);
  if (a >= 1e6) return `${+(v / 1e6).toPrecision(2)}M`;
  if (a >= 1e3) return `${+(v / 1e3).toPrecision(2)}k`;
  return String(+v.toPrecision(3));
}

/** Ticks of an asinh step axis: 0 and the powers of ten up to `max`, with 2 and 5 times
 *  them while there are few (uPlot's own asinh ticks include a stray −1). */
export function stepTicks(u, axis, min, max) {
  const decades = [0];
  for (let p = 1; p <= max; p *= 10) decades.push(p);
  if (decades.length > 4) return decades;
  return decades.flatMap((p) => (p ? [p, 2 * p, 5 * p] : [0])).filter((v) => v <= max);
}
