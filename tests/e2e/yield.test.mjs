// www/shared/yield.js, which the training loops of the page's workers await between chunks: the
// messages already queued (a pause, a new config, a frame's ack) are handled before it
// resolves, and it is not a timer, so HTML's 4 ms clamp on nested setTimeout(0) (which
// left the playground's worker idle a third of the time) does not apply.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from './browser.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

test('yieldToEvents lets queued messages in first and is not clamped like a timer', async () => {
  const { page, problems } = await open(browser, `${server.url}/docs.html`);
  const r = await page.evaluate(async () => {
    const { yieldToEvents } = await import('/www/shared/yield.js');
    const seen = [];
    const other = new MessageChannel();
    other.port1.onmessage = ({ data }) => seen.push(data);
    for (let i = 0; i < 3; i++) {
      other.port2.postMessage(`message ${i}`);
      await yieldToEvents();
      seen.push(`yield ${i}`);
    }
    // Two awaited together resolve in order.
    await Promise.all([yieldToEvents().then(() => seen.push('a')), yieldToEvents().then(() => seen.push('b'))]);
    const time = async (y) => { const t = performance.now(); for (let i = 0; i < 50; i++) await y(); return performance.now() - t; };
    const timer = await time(() => new Promise((resolve) => setTimeout(resolve, 0)));
    const yields = await time(yieldToEvents);
    return { seen, timer, yields };
  });
  assert.deepEqual(r.seen, ['message 0', 'yield 0', 'message 1', 'yield 1', 'message 2', 'yield 2', 'a', 'b']);
  assert.ok(r.timer > 4 * 40, `50 nested setTimeout(0) took ${r.timer} ms: the clamp this module avoids`);
  assert.ok(r.yields < r.timer / 4, `50 yields took ${r.yields} ms against ${r.timer} ms for timers`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the playground worker, training flat out between yields, still takes a pause at once', async () => {
  const { page, problems } = await open(browser, `${server.url}/index.html`);
  await page.waitForFunction(() => document.getElementById('step-count')?.textContent === '0');
  const r = await page.evaluate(async () => {
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    const w = new Worker('www/playground/worker.js', { type: 'module' });
    const reply = (type) => new Promise((resolve) => {
      const on = ({ data }) => { if (data.type === type) { w.removeEventListener('message', on); resolve(data); } };
      w.addEventListener('message', on);
    });
    // A reply that never comes (the worker starving its messages) reads as NaN after 10 s.
    const step = async () => {
      const got = reply('run');
      w.postMessage({ type: 'save-run', purpose: 'test' });
      return Promise.race([got.then((d) => d.step), sleep(10000).then(() => NaN)]);
    };
    const ready = reply('ready');
    w.postMessage({ type: 'init', hash: '' });
    await ready;
    w.postMessage({ type: 'play' });
    await sleep(500);
    const t0 = performance.now();
    w.postMessage({ type: 'pause' });
    const paused = await step(); // answered only once the pause before it has been handled
    const answerMs = performance.now() - t0;
    await sleep(300);
    const later = await step();
    w.terminate();
    return { paused, later, answerMs };
  });
  assert.ok(r.paused > 1000, `it trained (${r.paused} steps in 0.5 s)`);
  assert.equal(r.later, r.paused, 'no step after the pause');
  assert.ok(r.answerMs < 1000, `the pause and the next message were handled within ${r.answerMs} ms`);
  assert.deepEqual(problems, []);
  await page.close();
});
