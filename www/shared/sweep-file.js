// A file written by `gradlab sweep merge` (docs/SCALING.md), as the optimizer page's race
// and learning-rate-sweep views read it.

/** The parsed file, or null when `text` is not one. */
export function parseMerged(text) {
  let m;
  try { m = JSON.parse(text); } catch { return null; }
  return m?.format === 'gradlab-sweep' ? m : null;
}
