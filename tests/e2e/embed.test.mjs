// End-to-end test of embedding: a static course page with several <gradlab-playground>
// elements (one script tag); each shows its own settings, hides what it was told to hide
// and trains on its own; "Share / embed" gives a link and snippets that reproduce the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from './browser.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

async function frame(page, id) {
  const handle = await page.waitForSelector(`#${id} iframe`, { state: 'attached' });
  const f = await handle.contentFrame();
  await f.waitForSelector('body.embedded', { state: 'attached', timeout: 30000 });
  return f;
}

test('two embedded playgrounds train independently with their own settings', async () => {
  const { page, problems } = await open(browser, `${server.url}/tests/e2e/pages/embed.html`);
  const [a, b] = [await frame(page, 'a'), await frame(page, 'b')];
  for (const f of [a, b]) await f.waitForFunction(() => Number(document.getElementById('step-count').textContent) > 50, null, { timeout: 30000 });
  assert.match(await a.evaluate(() => location.hash), /dataset=xor/);
  assert.match(await a.evaluate(() => location.hash), /hidden=3(&|$)/);
  assert.match(await b.evaluate(() => location.hash), /dataset=spiral/);
  assert.match(await b.evaluate(() => location.hash), /seed=7/);
  // Hidden parts are hidden, the rest is not; the page header is dropped when embedded.
  assert.equal(await a.isHidden('#features'), true);
  assert.equal(await a.isHidden('#network-panel'), true);
  assert.equal(await a.isVisible('#heatmap'), true);
  assert.equal(await b.isVisible('#network-panel'), true);
  assert.equal(await a.isHidden('header'), true);
  // Pausing one leaves the other training. The pause's last frame shows the step where
  // the worker stopped (at ~1M steps/s that can be thousands past the frame on screen at
  // the click); after it the count stays put while the other view goes on.
  await a.click('#play');
  await a.waitForFunction(() => {
    const now = document.getElementById('step-count').textContent;
    const seen = window.lastSeen;
    window.lastSeen = { now, at: performance.now() };
    if (!seen || seen.now !== now) return false;
    window.lastSeen = seen;
    return performance.now() - seen.at > 400;
  }, null, { polling: 50, timeout: 15000 });
  const stopped = Number(await a.textContent('#step-count'));
  const before = Number(await b.textContent('#step-count'));
  await b.waitForFunction((n) => Number(document.getElementById('step-count').textContent) > n, before, { timeout: 15000 });
  assert.equal(Number(await a.textContent('#step-count')), stopped);
  // The forward-gradient view took its race settings and hid its variance section.
  const c = await frame(page, 'c');
  await c.waitForSelector('#race-entrants .entrant');
  assert.equal(await c.inputValue('#race-dataset'), 'gauss');
  assert.equal(await c.isHidden('#variance'), true);
  assert.deepEqual(problems, []);
  await page.close();
});

test('share gives a link, element markup and an iframe that reproduce the run', async () => {
  const { page, problems } = await open(browser, `${server.url}/index.html#dataset=gauss&hidden=5&seed=42&lr=0.1`);
  await page.waitForFunction(() => location.hash.includes('seed=42') && location.hash.includes('batch-size'));
  await page.click('#share button');
  await page.waitForSelector('.share textarea');
  const [link, element, iframe] = await page.$$eval('.share textarea', (ts) => ts.map((t) => t.value));
  // The shortest link: only the settings that differ from the defaults, in table order.
  assert.equal(link, `${server.url}/index.html#seed=42&dataset=gauss&hidden=5&lr=0.1`);
  assert.match(element, /<script type="module" src="http:\/\/127\.0\.0\.1:\d+\/www\/embed\.js"><\/script>/);
  assert.match(element, /<gradlab-playground view="playground"[^>]* seed="42"[^>]* dataset="gauss"[^>]* layers="5"/);
  const src = iframe.match(/src="([^"]+)"/)[1].replace(/&amp;/g, '&');
  // The iframe's view loads the same settings: ten steps there give the same weights as here.
  const here = await page.evaluate(() => location.hash);
  const other = await open(browser, src);
  await other.page.waitForFunction(() => location.hash.includes('batch-size'));
  assert.equal(await other.page.evaluate(() => location.hash), here);
  for (const p of [page, other.page]) {
    for (let i = 0; i < 10; i++) await p.click('#step');
    await p.waitForFunction(() => document.getElementById('step-count').textContent === '10');
  }
  assert.equal(await other.page.textContent('#loss-text'), await page.textContent('#loss-text'));
  assert.deepEqual([...problems, ...other.problems], []);
  await other.page.close();
  await page.close();
});
