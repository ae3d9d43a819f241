// Colour scales. The two-class scale is the Playground's orange (class 0 / −1) to blue
// (class 1 / +1) through white, readable with the common colour-vision deficiencies; the
// multiclass palette is Okabe & Ito's (2008) colour-blind-safe set.

const ORANGE = [245, 147, 34];
const BLUE = [8, 119, 189];
const WHITE = [232, 234, 235];

export const CLASS_COLORS = [
  [230, 159, 0], [86, 180, 233], [0, 158, 115], [240, 228, 66],
  [0, 114, 178], [213, 94, 0], [204, 121, 167], [120, 120, 120],
  [150, 80, 30], [40, 40, 40],
];

/** RGB for v in [−1, 1]: orange for negative, blue for positive. */
export function diverging(v) {
  const t = Math.max(-1, Math.min(1, Number.isFinite(v) ? v : 0));
  const end = t < 0 ? ORANGE : BLUE;
  const a = Math.abs(t);
  return [0, 1, 2].map((i) => Math.round(WHITE[i] + (end[i] - WHITE[i]) * a));
}

// diverging() sampled every 1/1024: the maps colour tens of thousands of cells a frame,
// and a table read costs far less than the arithmetic and the array diverging() builds.
const STEPS = 1024;
const TABLE = new Uint8Array((2 * STEPS + 1) * 3);
for (let i = 0; i <= 2 * STEPS; i++) TABLE.set(diverging(i / STEPS - 1), i * 3);

/** Writes diverging(v) and full opacity into RGBA bytes `px` at pixel `i`. */
export function putDiverging(px, i, v) {
  const t = Number.isFinite(v) ? Math.max(-1, Math.min(1, v)) : 0;
  const j = Math.round((t + 1) * STEPS) * 3;
  px[i * 4] = TABLE[j]; px[i * 4 + 1] = TABLE[j + 1]; px[i * 4 + 2] = TABLE[j + 2]; px[i * 4 + 3] = 255;
}

export function css([r, g, b], alpha = 1) {
  return `rgba(${r},${g},${b},${alpha})`;
}

/** Colour of a target: class index for classification, value for regression. */
export function pointColor(y, task) {
  if (task.kind === 'multiclass') return CLASS_COLORS[y % CLASS_COLORS.length];
  if (task.kind === 'binary') return y >= 0.5 ? BLUE : ORANGE;
  return diverging(y);
}
