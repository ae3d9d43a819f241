// The user's own data (dataset=custom) on the playground: points added and deleted by hand
// on the decision map, ConvNetJS-style. The rows are one plain object,
// { names, x (row-major), y (class indices), labels, note }, the same one the core checks
// (`data::user` in Rust), the worker trains on, run files carry and the browser keeps.
// This module is pure: it computes edited rows and never touches the page.

/** Classes a drawing can use (the core's MAX_CLASSES, and the palette's size). */
export const MAX_CLASSES = 8;
/** The core's MAX_ROWS. */
export const MAX_ROWS = 20000;
/** A delete click removes the nearest point within this distance (map units; the map is 12 wide). */
export const DELETE_RADIUS = 0.4;
const EXTENT = 6;

/** The rows behind the map right now: the user's points, or the shown 2-D classification set's. */
function startingRows(current, info) {
  if (current && current.names.length === 2) return { data: current };
  if (!info.twoD) return { message: 'Drawing works on the 2-D map: choose a 2-D dataset, or upload a CSV with two feature columns.' };
  if (info.task.kind === 'regression') return { message: 'Drawn points are classes: switch Problem to classification to draw.' };
  const all = [...info.train, ...info.test];
  return {
    data: {
      names: ['x1', 'x2'],
      x: all.flatMap(([a, b]) => [a, b]),
      y: all.map((p) => p[2]),
      labels: Array.from({ length: MAX_CLASSES }, (_, i) => String(i)),
      note: `the points of ${info.config.dataset}, edited by hand`,
    },
  };
}

/**
 * Applies one edit: { op: 'add', x, y, cls } or { op: 'delete', x, y }, in map
 * coordinates. Returns { data } (new rows; the old object is not changed) or { message }
 * saying why nothing changed.
 */
export function editPoints(current, info, edit) {
  const { data, message } = startingRows(current, info);
  if (!data) return { message };
  const x = Math.max(-EXTENT, Math.min(EXTENT, Number(edit.x)));
  const y = Math.max(-EXTENT, Math.min(EXTENT, Number(edit.y)));
  if (!Number.isFinite(x) || !Number.isFinite(y)) return { message: 'That click is not on the map.' };
  const note = data.note.endsWith('edited by hand') ? data.note : `${data.note}; edited by hand`;
  if (edit.op === 'add') {
    const cls = Number(edit.cls);
    if (!Number.isInteger(cls) || cls < 0 || cls >= MAX_CLASSES) return { message: `Class ${edit.cls} is not one of 0 to ${MAX_CLASSES - 1}.` };
    if (data.y.length >= MAX_ROWS) return { message: `Your data has ${MAX_ROWS} points, the most a dataset may have.` };
    const labels = data.labels.slice();
    while (labels.length <= cls) labels.push(String(labels.length));
    return { data: { ...data, x: [...data.x, x, y], y: [...data.y, cls], labels, note } };
  }
  if (edit.op === 'delete') {
    let best = -1;
    let bestD = DELETE_RADIUS;
    for (let i = 0; i < data.y.length; i++) {
      const d = Math.hypot(data.x[2 * i] - x, data.x[2 * i + 1] - y);
      if (d <= bestD) { best = i; bestD = d; }
    }
    if (best < 0) return { message: `No point within ${DELETE_RADIUS} of (${x.toFixed(2)}, ${y.toFixed(2)}) to delete.` };
    if (data.y.length <= 2) return { message: 'Keep at least two points: one to train on and one to test.' };
    return {
      data: {
        ...data,
        x: data.x.filter((_, j) => j >> 1 !== best),
        y: data.y.filter((_, i) => i !== best),
        note,
      },
    };
  }
  return { message: `Unknown edit ${String(edit.op).slice(0, 20)}.` };
}

/** Which edit a click on the map makes: alt- or right-click deletes, shift-click adds the
 *  class after the chosen one (the other class, for two), a plain click adds the chosen one. */
export function clickEdit(event, chosen, classes) {
  if (event.altKey || event.button === 2) return { op: 'delete' };
  const cls = event.shiftKey ? (chosen + 1) % Math.max(2, classes) : chosen;
  return { op: 'add', cls };
}
