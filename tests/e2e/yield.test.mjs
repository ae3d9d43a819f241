// www/yield.js, which the training loops of the page's workers await between chunks: the
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
    const { yieldToEvents } = await import('/www/yield.js');
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
