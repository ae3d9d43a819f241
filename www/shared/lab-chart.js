// Chart helpers shared by the lab pages: one line style per series (an Okabe & Ito colour
// plus a dash pattern, so lines stay apart without colour), a shared key drawn once per
// group of charts (uPlot's own legends are hidden there), widths from the page, and the
// placeholder an empty chart area shows before a run.

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

/** Draws a key: a swatch of each line's colour and dash with its label. */
export function drawKey(el, labels, title = '') {
  const svgNs = 'http://www.w3.org/2000/svg';
  el.replaceChildren();
  if (title) { const t = document.createElement('strong'); t.textContent = title; el.append(t); }
  labels.forEach((label, i) => {
    const span = document.createElement('span');
    const svg = document.createElementNS(svgNs, 'svg');
    svg.setAttribute('width', '34'); svg.setAttribute('height', '10');
    svg.setAttribute('aria-hidden', 'true');
    const line = document.createElementNS(svgNs, 'line');
    Object.entries({ x1: 1, y1: 5, x2: 33, y2: 5, stroke: lineColor(i), 'stroke-width': 2.5, 'stroke-dasharray': lineDash(i).join(' ') })
      .forEach(([k, v]) => line.setAttribute(k, String(v)));
    svg.append(line);
    span.append(svg, label);
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
