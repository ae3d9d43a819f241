// The playground's training pace: the speed control's levels, and the log-spaced steps at
// which the worker evaluates so the charts show a run's first steps at any speed.
// Pure functions, unit-tested in tests/e2e/playground-speed.test.mjs (plain Node, no browser).

/** Speed levels, slowest first: steps or epochs per frame, or flat out. The default, one
 *  epoch per frame, is the TensorFlow Playground's pace. `key` is the ?speed= value. */
export const SPEEDS = [
  { key: '1', steps: 1, label: '1 step / frame' },
  { key: '5', steps: 5, label: '5 steps / frame' },
  { key: 'epoch', epochs: 1, label: '1 epoch / frame' },
  { key: '4-epochs', epochs: 4, label: '4 epochs / frame' },
  { key: '20-epochs', epochs: 20, label: '20 epochs / frame' },
  { key: 'max', label: 'flat out' },
];
export const DEFAULT_SPEED = 'epoch';

/** The level for a ?speed= value (the default for anything else). */
export function speedOf(key) {
  return SPEEDS.find((s) => s.key === key) ?? SPEEDS.find((s) => s.key === DEFAULT_SPEED);
}

/** The first step after `step` on the log-spaced schedule: every step to 10, then 20 per
 *  decade (11, 13, 14, 16, 18, 20, 22, 25, 28, 32, ...). */
export function nextLogStep(step) {
  if (step < 10) return step + 1;
  let k = Math.floor(20 * Math.log10(step));
  let v;
  do v = Math.round(10 ** (++k / 20)); while (v <= step);
  return v;
}
