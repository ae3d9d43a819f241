// The notebook widget's ES module (python/src/gradlab/widget.js, built by
// scripts/build-python.sh) in Node with a stand-in for the widget model: it inflates its
// inlined core, builds the run from the synced config, trains while running, answers
// Python's step/reset messages exactly, rebuilds on a config change and syncs steps and
// history back. (The browser view itself is tested in tests/python/jupyter.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';

const FILE = new URL('../../python/src/gradlab/widget.js', import.meta.url);

/** A Backbone-like model as anywidget gives the module: get/set/on/save_changes. */
function fakeModel(state) {
  const handlers = {};
  const model = {
    saves: 0,
    get: (k) => state[k],
    set: (k, v) => { const changed = state[k] !== v; state[k] = v; if (changed) for (const h of handlers[`change:${k}`] ?? []) h(); },
    on: (ev, h) => { (handlers[ev] ??= []).push(h); },
    save_changes: () => { model.saves++; },
    send: async (msg) => { for (const h of handlers['msg:custom'] ?? []) await h(msg); },
  };
  return model;
}
const until = async (cond, ms = 20000) => {
  const t0 = Date.now();
  while (!cond()) { if (Date.now() - t0 > ms) throw new Error('timed out'); await new Promise((r) => setTimeout(r, 20)); }
};

test('the widget module is one file under 1 MB with the core inlined', () => {
  const kib = statSync(FILE).size / 1024;
  console.log(`widget.js: ${kib.toFixed(0)} KiB`);
  assert.ok(kib < 1024, `${kib} KiB`);
});

test('the widget trains from its synced config and answers step and reset exactly', async () => {
  const { default: widget } = await import(FILE);
  const state = { _uid: 'a', config: { dataset: 'xor', hidden: '4', lr: 0.1, seed: 3 }, running: false, steps: 0, history: [], speed: 25, error: '', warnings: [] };
  const model = fakeModel(state);
  widget.initialize({ model });
  await until(() => model.saves > 0); // built
  await model.send({ type: 'step', n: 37 });
  assert.equal(state.steps, 37);
  await model.send({ type: 'reset' });
  assert.equal(state.steps, 0);
  model.set('running', true);
  await until(() => state.history.length >= 8);
  model.set('running', false);
  const h = state.history;
  assert.ok(h[h.length - 1].train.loss < h[0].train.loss, `loss ${h[0].train.loss} → ${h[h.length - 1].train.loss}`);
  const stopped = state.steps;
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(state.steps, stopped, 'paused');
  // A long run's history reaches Python thinned to 1000 rows, the last epoch included.
  await model.send({ type: 'step', n: 30000 }); // 1200 epochs of 25 steps
  assert.equal(state.history.length, 1000);
  assert.equal(state.history[999].step, state.steps);
  // A config change (from Python or the view) rebuilds the run; a bad key is reported.
  model.set('config', { dataset: 'spiral', lr: 'abc' });
  await until(() => state.warnings.length > 0);
  assert.match(state.warnings.join(' '), /lr/);
  assert.equal(state.steps, 0);
  assert.equal(state.error, '');
});
