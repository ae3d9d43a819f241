// Soak test: the playground trains at full speed for SOAK_STEPS steps (default 300,000;
// docs/RELIABILITY.md records a 1,000,000-step run) with the decision map on. Memory must
// stay bounded: the wasm core's memory does not grow after the first frames, the chart
// history stays within its cap, and the page's JS heap does not keep growing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from './browser.mjs';

const STEPS = Number(process.env.SOAK_STEPS || 300000);
let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

test(`a ${STEPS}-step run keeps its memory bounded`, { timeout: 900000 }, async () => {
  const { page, problems } = await open(browser, `${server.url}/index.html?speed=max#dataset=spiral&hidden=8,8`);
  await page.waitForFunction(() => document.getElementById('memory').textContent !== '0');
  const steps = () => page.evaluate(() => Number(document.getElementById('step-count').textContent));
  const memory = () => page.evaluate(() => Number(document.getElementById('memory').textContent));
  const heap = () => page.evaluate(() => performance.memory.usedJSHeapSize);
  await page.click('#play');
  await page.waitForFunction(() => Number(document.getElementById('step-count').textContent) > 20000, null, { timeout: 120000 });
  const [wasm0, heap0, t0] = [await memory(), await heap(), Date.now()];
  await page.waitForFunction((n) => Number(document.getElementById('step-count').textContent) >= n, STEPS, { timeout: 880000, polling: 500 });
  const seconds = (Date.now() - t0) / 1000;
  await page.click('#play');
  const [wasm1, heap1, done] = [await memory(), await heap(), await steps()];
  const points = await page.evaluate(() => window.gradlabPage.charts.data[0].length);
  console.log(JSON.stringify({ steps: done, seconds, wasmMiB: [wasm0, wasm1], jsHeapMiB: [heap0 / 2 ** 20, heap1 / 2 ** 20], chartPoints: points }));
  assert.equal(wasm1, wasm0, 'wasm memory grew');
  assert.ok(points <= 2000, `chart history ${points} points`);
  assert.ok(heap1 - heap0 < 32 * 2 ** 20, `JS heap grew from ${heap0} to ${heap1}`);
  assert.deepEqual(problems, []);
  await page.close();
});
