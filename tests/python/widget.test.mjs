// The notebook widget's ES module (python/src/gradlab/widget.js, built by
// scripts/build-widget.mjs) in headless Chromium, with a stand-in for the widget model (the
// Backbone-like get/set/on/off/save_changes anywidget gives it) on a page of its own: the
// playground page renders in the widget's frame, trains from the synced config while
// running, answers Python's step and reset exactly, follows a config and a speed set from
// Python and reports those changed in the view, names a bad setting, two widgets on one
// page train independently, a reloaded frame starts over, and a digits run trains, with no
// request but for the module itself. Fast (no notebook server); the real hosts are jupyter.test.mjs and
// marimo.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { launch, ROOT } from '../e2e/browser.mjs';

const FILE = `${ROOT}python/src/gradlab/widget.js`;
const HARNESS = `<!doctype html><body style="margin:0"><div id="a"></div><div id="b"></div><script type="module">
import widget from './widget.js';
function fakeModel(state) {
  const handlers = {};
  const model = {
    state, saves: 0, get: (k) => state[k],
    set: (k, v) => { const changed = JSON.stringify(state[k]) !== JSON.stringify(v); state[k] = v; if (changed) for (const h of handlers['change:' + k] ?? []) h(); },
    on: (ev, h) => { (handlers[ev] ??= []).push(h); },
    off: (ev, h) => { handlers[ev] = (handlers[ev] ?? []).filter((x) => x !== h); },
    save_changes: () => { model.saves++; },
    send: (msg) => { for (const h of handlers['msg:custom'] ?? []) h(msg); },
  };
  return model;
}
window.models = {};
window.show = (id, config) => {
  const m = fakeModel({ config, running: false, steps: 0, history: [], speed: 'epoch', error: '', warnings: [] });
  models[id] = m;
  widget.render({ model: m, el: document.getElementById(id) });
};
window.ready = true;
</script></body>`;

let browser;
let page;
const errors = [];
before(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => errors.push(e.stack || e.message));
  // Everything comes from the one module: no request but the harness and the module itself.
  page.on('request', (r) => { if (!/^(blob:|data:|about:)/.test(r.url()) && !['http://widget.test/', 'http://widget.test/widget.js'].includes(r.url())) errors.push(`request: ${r.url()}`); });
  await page.route('http://widget.test/**', (r) => (new URL(r.request().url()).pathname === '/widget.js'
    ? r.fulfill({ body: readFileSync(FILE), contentType: 'text/javascript' })
    : r.fulfill({ body: HARNESS, contentType: 'text/html' })));
  await page.goto('http://widget.test/');
  await page.waitForFunction(() => window.ready);
});
after(() => browser?.close());

const state = (id) => page.evaluate((i) => window.models[i].state, id);
const until = (fn, arg, timeout = 30000) => page.waitForFunction(fn, arg, { timeout });
const frame = (id) => page.locator(`#${id} iframe`).contentFrame();

test('the widget module is one file under 1 MiB that loads in Node (no DOM until it renders)', async () => {
  const kib = statSync(FILE).size / 1024;
  console.log(`widget.js: ${kib.toFixed(0)} KiB`);
  assert.ok(kib < 1024, `${kib} KiB`);
  const { default: widget, toHash } = await import(FILE);
  assert.equal(typeof widget.render, 'function');
  assert.equal(toHash({ dataset: 'xor', hidden: [8, 8], lr: 0.1 }), 'dataset=xor&hidden=8,8&lr=0.1');
});

test('the playground page renders in the widget, trains while running and syncs its steps back', async () => {
  await page.evaluate(() => window.show('a', { dataset: 'xor', hidden: '4', lr: 0.1, seed: 3 }));
  const view = frame('a');
  await view.locator('#heatmap').waitFor();
  for (const id of ['#datasets', '#features', '#network', '#loss-chart', '#speed', '#lr']) assert.equal(await view.locator(id).count(), 1, id);
  // The view's config comes back as the settings that differ from the defaults.
  await until(() => window.models.a.state.config.seed === 3);
  assert.deepEqual((await state('a')).config, { seed: 3, dataset: 'xor', hidden: '4', lr: 0.1 });
  await page.evaluate(() => window.models.a.set('running', true));
  await until(() => window.models.a.state.steps > 300);
  await page.evaluate(() => window.models.a.set('running', false));
  await until(() => window.models.a.state.history.at(-1).step === window.models.a.state.steps);
  await page.waitForTimeout(300);
  const s = await state('a');
  assert.equal(s.running, false);
  assert.ok(s.history.length > 5, `${s.history.length} rows`);
  const [first, last] = [s.history[0], s.history.at(-1)];
  assert.equal(last.step, s.steps, 'the last row is the last step');
  assert.ok(last.train.loss < first.train.loss, `loss ${first.train.loss} → ${last.train.loss}`);
  assert.equal(Number(await view.locator('#step-count').textContent()), s.steps, 'Python reads what the view shows');
  const height = await page.evaluate(() => document.querySelector('#a iframe').getBoundingClientRect().height);
  assert.ok(height > 600, `the frame is as tall as the page (${height} px), no inner scrollbar`);
  assert.equal(await view.locator('html').evaluate((h) => h.scrollHeight <= h.clientHeight + 1), true);
});

test('step(n) and reset() from Python are exact', async () => {
  await page.evaluate(() => window.models.a.send({ type: 'reset' }));
  await until(() => window.models.a.state.steps === 0);
  await page.evaluate(() => window.models.a.send({ type: 'step', n: 37 }));
  await until(() => window.models.a.state.steps === 37);
  await page.evaluate(() => window.models.a.send({ type: 'step', n: 1000 }));
  await until(() => window.models.a.state.steps === 1037);
  assert.equal(Number(await frame('a').locator('#step-count').textContent()), 1037);
});

test('a setting from Python reaches the view, and one changed in the view reaches Python', async () => {
  await page.evaluate(() => window.models.a.set('config', { ...window.models.a.state.config, dataset: 'spiral' }));
  const view = frame('a');
  await until(() => window.models.a.state.steps === 0 && window.models.a.state.config.dataset === 'spiral');
  assert.match(await view.locator('#datasets [aria-pressed="true"]').textContent(), /spiral/);
  await view.locator('#lr').selectOption('0.03');
  await until(() => window.models.a.state.config.lr === 0.03);
  await view.locator('#datasets button', { hasText: 'circle' }).click();
  await until(() => window.models.a.state.config.dataset === 'circle');
  assert.equal((await state('a')).config.lr, 0.03, 'the other settings stay');
});

test('the speed follows Python, and the speed control in the view reaches Python', async () => {
  const view = frame('a');
  await page.evaluate(() => window.models.a.set('speed', '20-epochs'));
  await view.locator('#speed-out', { hasText: '20 epochs / frame' }).waitFor();
  await view.locator('#flat-out').click();
  await until(() => window.models.a.state.speed === 'max');
  await view.locator('#flat-out').click(); // back to the previous pace
  await until(() => window.models.a.state.speed === '20-epochs');
});

test('a bad setting from Python shows a named warning, and the view still runs the rest', async () => {
  await page.evaluate(() => window.models.a.set('config', { dataset: 'gauss', lr: 'abc' }));
  await until(() => window.models.a.state.warnings.length > 0);
  const s = await state('a');
  assert.match(s.warnings.join(' '), /lr/);
  assert.equal(s.config.dataset, 'gauss');
  assert.equal(s.error, '');
  const view = frame('a');
  assert.match(await view.locator('#messages').textContent(), /^\s*"lr" ignored/, 'named, without "URL:" (it came from Python)');
  assert.ok(await view.locator('#heatmap').isVisible(), 'the map is shown, not a blank view');
});

test('two widgets on one page train independently', async () => {
  await page.evaluate(() => window.show('b', { dataset: 'circle', seed: 5 }));
  await frame('b').locator('#heatmap').waitFor();
  await page.evaluate(() => window.models.a.send({ type: 'reset' }));
  await until(() => window.models.a.state.steps === 0 && window.models.b.state.config?.seed === 5);
  await page.evaluate(() => window.models.b.set('running', true));
  await until(() => window.models.b.state.steps > 200);
  await page.evaluate(() => window.models.b.set('running', false));
  await page.waitForTimeout(300);
  const [a, b] = [await state('a'), await state('b')];
  assert.equal(a.steps, 0, 'a stays where it was');
  assert.equal(Number(await frame('a').locator('#step-count').textContent()), 0);
  assert.equal(b.config.dataset, 'circle');
  assert.equal(a.config.dataset, 'gauss');
  assert.deepEqual(errors, []);
});

test('a frame that reloads (its cell moved) starts over with the current settings', async () => {
  // The model's config now differs from what the frame was first written with (xor).
  await page.evaluate(() => window.models.a.send({ type: 'step', n: 5 }));
  await until(() => window.models.a.state.steps === 5);
  await page.evaluate(() => document.body.append(document.getElementById('a'))); // moves a's frame: it reloads
  await until(() => window.models.a.state.steps === 0);
  const view = frame('a');
  await view.locator('#datasets button[aria-pressed="true"]', { hasText: 'gauss' }).waitFor({ timeout: 30000 });
  await page.evaluate(() => window.models.a.send({ type: 'step', n: 12 }));
  await until(() => window.models.a.state.steps === 12);
  assert.deepEqual(errors, []);
});

test('the 8×8 digits come from the module too (no fetch): a digits run trains', async () => {
  await page.evaluate(() => window.models.b.set('config', { dataset: 'digits', seed: 2 }));
  await until(() => window.models.b.state.config?.dataset === 'digits' && window.models.b.state.steps === 0);
  await page.evaluate(() => window.models.b.send({ type: 'step', n: 20 }));
  await until(() => window.models.b.state.steps === 20);
  const view = frame('b');
  await view.locator('#digits-view canvas').first().waitFor();
  assert.equal((await state('b')).error, '');
  assert.deepEqual(errors, []);
});
