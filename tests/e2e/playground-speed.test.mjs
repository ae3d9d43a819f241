// The playground's pace: a newcomer watches the boundary form at the default speed (one
// epoch per frame, the TensorFlow Playground's pace), flat out is one click away and kept
// in the link only when chosen, and the charts show the first steps at any speed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from './browser.mjs';
import { nextLogStep, speedOf, SPEEDS } from '../../www/playground/pace.js';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const ready = (page) => page.waitForFunction(() => document.getElementById('loss-text').textContent.startsWith('Loss'));
const steps = (page) => page.evaluate(() => Number(document.getElementById('step-count').textContent));

test('the log-spaced schedule takes every step to 10, then 20 per decade', () => {
  const seen = [0];
  while (seen.at(-1) < 1000) seen.push(nextLogStep(seen.at(-1)));
  assert.deepEqual(seen.slice(0, 16), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 16, 18]);
  assert.equal(seen.filter((s) => s > 100 && s <= 1000).length, 20);
  assert.equal(speedOf('nonsense').key, 'epoch');
  assert.equal(SPEEDS[0].steps, 1);
  assert.equal(SPEEDS.at(-1).key, 'max');
});

test('at the default speed a second of play is watchable and the chart has many points', async () => {
  const { page, problems } = await open(browser, `${server.url}/`);
  await ready(page);
  assert.equal(new URL(page.url()).search, '', 'the default speed is not in the link');
  assert.equal(await page.textContent('#speed-out'), '1 epoch / frame');
  await page.click('#play');
  await page.waitForTimeout(1000);
  const n = await steps(page);
  // 25 steps an epoch (250 training points, batch 10) at 30-60 frames a second.
  assert.ok(n >= 100 && n <= 5000, `${n} steps after 1 s`);
  const points = await page.evaluate(() => window.gradlabPage.charts.data[0]);
  assert.ok(points.length >= 30, `${points.length} chart points`);
  assert.ok(points.filter((s) => s <= 100).length >= 20, `early points: ${points.slice(0, 30)}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('flat out is one click away, goes much faster and is kept in the link', async () => {
  const { page, problems } = await open(browser, `${server.url}/#dataset=xor`);
  await ready(page);
  await page.click('#flat-out');
  assert.match(page.url(), /\?speed=max#/);
  await page.click('#play');
  await page.waitForTimeout(1000);
  const n = await steps(page);
  assert.ok(n > 20000, `${n} steps after 1 s flat out`);
  // Even flat out the chart has the first steps (log-spaced evaluations).
  const early = await page.evaluate(() => window.gradlabPage.charts.data[0].filter((s) => s <= 100).length);
  assert.ok(early >= 20, `${early} points in steps 0-100`);
  await page.click('#play');
  // The link keeps it; the slider's left end is one step per frame.
  const reopened = await open(browser, page.url());
  await ready(reopened.page);
  assert.equal(await reopened.page.textContent('#speed-out'), 'flat out');
  await reopened.page.fill('#speed', '0');
  assert.equal(await reopened.page.textContent('#speed-out'), '1 step / frame');
  await reopened.page.click('#play');
  await reopened.page.waitForTimeout(500);
  const slow = await steps(reopened.page);
  assert.ok(slow >= 5 && slow <= 80, `${slow} steps in 0.5 s at one step per frame`);
  assert.deepEqual([...problems, ...reopened.problems], []);
  await reopened.page.close();
  await page.close();
});
