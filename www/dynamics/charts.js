// The dynamics lab's charts: line charts over steps (linear or log axes) through the shared
// chart helper (www/shared/chart.js: line styles, width that follows the window), a constant reference line (2/η, −1/(C−1)) drawn as its own dashed
// series, and a bar chart of eigenvalues on a canvas.
import { lineSeries, lineColor, makeChart, compactStep } from '../shared/chart.js';

/** A chart in `el`: x values, series [{label, values, i?}], optional log axes and y range. Points with
 *  x ≤ 0 are left out of a log x axis. Returns the uPlot. */
export function lineChart(el, { title, x, xLabel, yLabel, series, logX = false, logY = false, height = 220, yRange = null }) {
  const keep = x.map((v) => !logX || v > 0);
  const pick = (arr) => arr.filter((_, j) => keep[j]);
  const data = [pick(x), ...series.map((s) => pick(s.values).map((v) => (logY && !(v > 0) ? null : v)))];
  el.chart?.destroy(); // a redraw (live runs redraw as they go) replaces the last chart
  el.replaceChildren();
  el.chart = makeChart({
    title, height, legend: { live: false }, // the key names the lines; no "--" values
    // A fixed y range (accuracies: 0 to 1) keeps a run that is still all zeros readable.
    scales: { x: { time: false, distr: logX ? 3 : 1 }, y: { distr: logY ? 3 : 1, ...(yRange ? { range: yRange } : {}) } },
    series: [{ label: xLabel }, ...series.map((s, k) => lineSeries(s.label, s.i ?? k, s.extra ?? {}))],
    axes: [{ label: xLabel, ...(logX ? {} : { values: (u, ticks) => ticks.map(compactStep) }) }, { label: yLabel, size: 60 }],
  }, data, el, 280, 620);
  return el.chart;
}

/** Vertical bars of `values` (largest first) on a canvas, with a value axis and labels. */
export function barChart(canvas, values, { title, highlight = values.length }) {
  const ctx = canvas.getContext('2d');
  const { width: w, height: h } = canvas;
  ctx.clearRect(0, 0, w, h);
  const left = 44, bottom = 28, top = 24;
  const max = Math.max(...values, 1e-9), min = Math.min(0, ...values);
  const y = (v) => top + (h - top - bottom) * (max - v) / (max - min);
  ctx.font = '12px sans-serif'; ctx.fillStyle = '#222';
  ctx.fillText(title, left, 14);
  ctx.strokeStyle = '#999'; ctx.beginPath(); ctx.moveTo(left, top); ctx.lineTo(left, h - bottom); ctx.lineTo(w - 4, h - bottom); ctx.stroke();
  for (const t of [min, (min + max) / 2, max]) { ctx.fillText(t.toFixed(2), 2, y(t) + 4); }
  const bw = (w - left - 8) / values.length;
  values.forEach((v, i) => {
    ctx.fillStyle = i < highlight ? lineColor(0) : '#bbb';
    const y0 = y(Math.max(v, 0)), y1 = y(Math.min(v, 0));
    ctx.fillRect(left + 2 + i * bw, y0, Math.max(1, bw - 2), Math.max(1, y1 - y0));
  });
  ctx.fillStyle = '#222';
  ctx.fillText('eigenvalue index (largest first); blue: the top k', left, h - 8);
}
