// A hint when training goes wrong before it diverges: the train loss rising well above its
// best for many steps, or jumping up and down, both usual signs of a learning rate that is
// too large. lossTrouble is pure (the chart's history in, a verdict out; tested in
// tests/e2e/playground-feedback); showHint puts it on the page.

const WINDOW = 40; // chart points looked at (each at least one step apart)
const MIN_STEP = 100; // the first steps of a run are often bumpy; wait for these

/** 'rising', 'oscillating' or null for train losses `loss` at steps `steps` (the chart's
 *  history, oldest first; NaN and null ignored). */
export function lossTrouble(steps, loss) {
  const n = loss.length;
  if (n < WINDOW || steps[n - 1] < MIN_STEP) return null;
  const recent = loss.slice(n - WINDOW).filter(Number.isFinite);
  if (recent.length < WINDOW / 2) return null;
  let best = Infinity;
  let bestAt = -1;
  for (let i = 0; i < n; i++) if (Number.isFinite(loss[i]) && loss[i] < best) { best = loss[i]; bestAt = i; }
  const last = recent[recent.length - 1];
  // Rising: the latest loss is well above the run's best, which is a while back.
  if (n - 1 - bestAt >= WINDOW / 2 && last > best * 1.5 + 0.02) return 'rising';
  // Oscillating: most steps change direction and the swings are large.
  let turns = 0;
  for (let i = 2; i < recent.length; i++) if ((recent[i] - recent[i - 1]) * (recent[i - 1] - recent[i - 2]) < 0) turns++;
  const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
  const spread = Math.max(...recent) - Math.min(...recent);
  if (turns >= recent.length * 0.5 && spread > 0.3 * mean + 0.02) return 'oscillating';
  return null;
}

/** Shows or hides the hint in `el` for the chart history `data` ([steps, train loss, …])
 *  at learning rate `lr`; its button calls `onLower` with the next of `rates` below `lr`. */
export function showHint(el, data, lr, rates, onLower) {
  const trouble = lossTrouble(data[0], data[1]);
  el.hidden = !trouble;
  const key = `${trouble} ${lr}`;
  if (!trouble || el.dataset.trouble === key) return;
  el.dataset.trouble = key;
  const lower = rates.filter((v) => v < lr).pop();
  const button = Object.assign(document.createElement('button'), { textContent: `Use ${lower}`, title: 'Set the learning rate to the next lower value' });
  button.addEventListener('click', () => { el.hidden = true; onLower(lower); });
  el.replaceChildren(`The loss is ${trouble === 'rising' ? 'rising' : 'jumping up and down'}: the learning rate (${lr}) may be too large. `, ...(lower ? [button] : []));
}
