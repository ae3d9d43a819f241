// The key drawn once above a group of lab charts (uPlot's own legends are hidden there): a
// swatch of each line's colour and dash with its label; and what an empty chart area or
// canvas says will appear there before a run.
import { lineColor, lineDash } from './chart.js';

/** A short line in series `i`'s colour and dash (an SVG), for keys and captions. */
export function swatch(i) {
  const svgNs = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('width', '34'); svg.setAttribute('height', '10');
  svg.setAttribute('aria-hidden', 'true');
  const line = document.createElementNS(svgNs, 'line');
  Object.entries({ x1: 1, y1: 5, x2: 33, y2: 5, stroke: lineColor(i), 'stroke-width': 2.5, 'stroke-dasharray': lineDash(i).join(' ') })
    .forEach(([k, v]) => line.setAttribute(k, String(v)));
  svg.append(line);
  return svg;
}

/** Draws a key: a swatch of each line's colour and dash with its label. */
export function drawKey(el, labels, title = '') {
  el.replaceChildren();
  if (title) { const t = document.createElement('strong'); t.textContent = title; el.append(t); }
  labels.forEach((label, i) => {
    const span = document.createElement('span');
    span.append(swatch(i), label);
    el.append(span);
  });
}

/** Empties `el` and says what will appear there. */
export function placeholder(el, text) {
  const p = document.createElement('div');
  p.className = 'placeholder';
  p.textContent = text;
  el.replaceChildren(p);
}

/** Writes what will appear on a still-empty canvas, in a dashed frame. */
export function canvasPlaceholder(canvas, lines) {
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.save();
  ctx.strokeStyle = '#bbb'; ctx.setLineDash([4, 3]); ctx.strokeRect(1, 1, canvas.width - 2, canvas.height - 2);
  ctx.fillStyle = '#666'; ctx.font = '13px sans-serif'; ctx.textAlign = 'center';
  lines.forEach((t, i) => ctx.fillText(t, canvas.width / 2, canvas.height / 2 + (i - (lines.length - 1) / 2) * 18));
  ctx.restore();
}
