// The playground's charts: short step labels that never collide (0, 1, 10, 100, 1k ...),
// a legend without placeholders, and the previous run kept as faint lines after Reset or
// New weights so two runs can be compared.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from './browser.mjs';
import { compactStep, stepTicks } from '../../www/shared/chart.js';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

// Ready: the first frame is drawn and the charts, which come just after it, are on the page.
const ready = (page) => page.waitForFunction(() => document.getElementById('loss-text').textContent.startsWith('Loss') && document.querySelectorAll('#loss-chart .uplot, #acc-chart .uplot').length === 2);

test('step ticks are 0 and powers of ten (with 2 and 5 while few), labelled short', () => {
  assert.deepEqual(stepTicks(null, 0, 0, 30), [0, 1, 2, 5, 10, 20]);
  assert.deepEqual(stepTicks(null, 0, 0, 2e6), [0, 1, 10, 100, 1000, 10000, 100000, 1000000]);
  assert.deepEqual([1, 25, 1000, 25000, 1.5e6].map(compactStep), ['1', '25', '1k', '25k', '1.5M']);
});

async function stillAfterPause(page) {
  const count = () => page.evaluate(() => window.gradlabPage.charts.data[0].length);
  let last = await count();
  for (;;) {
    await page.waitForTimeout(300);
    const now = await count();
    if (now === last) return now;
    last = now;
  }
}

test('after Reset and New weights the previous run stays as faint lines', async () => {
  const { page, problems } = await open(browser, `${server.url}/#dataset=xor`);
  await ready(page);
  const legend = () => page.evaluate(() => [...document.querySelectorAll('#loss-chart .u-legend .u-series')].filter((e) => !e.hidden).map((e) => e.textContent.trim()));
  assert.deepEqual(await legend(), ['train loss', 'test loss']);
  await page.click('#play');
  await page.waitForFunction(() => Number(document.getElementById('step-count').textContent) > 300);
  await page.click('#play');
  // The pause answers with one last frame, which may still be on its way: read once it is in.
  const points = await stillAfterPause(page);
  await page.click('#reset');
  await page.waitForFunction(() => document.getElementById('step-count').textContent === '0');
  assert.equal(await page.evaluate(() => window.gradlabPage.charts.previous?.[0].length), points, 'the previous curves are kept');
  assert.deepEqual(await legend(), ['train loss', 'test loss', 'previous run']);
  await page.click('#new-weights');
  await page.waitForFunction(() => window.gradlabPage.charts.data[0].length <= 1);
  assert.ok(await page.evaluate(() => window.gradlabPage.charts.previous?.[0].length > 0), 'still one previous run');
  const text = await page.textContent('#output-panel');
  assert.doesNotMatch(text, /--/, 'no placeholder values');
  assert.deepEqual(problems, []);
  await page.close();
});

test('charts follow the window: narrower on a phone-width window, wider again after', async () => {
  const width = (page, sel) => page.evaluate((s) => document.querySelector(s).getBoundingClientRect().width, sel);
  const { page, problems } = await open(browser, `${server.url}/#dataset=xor`);
  await ready(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.waitForTimeout(300);
  const wide = await width(page, '#loss-chart .uplot');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForFunction((w) => document.querySelector('#loss-chart .uplot').getBoundingClientRect().width !== w, wide);
  const narrow = await width(page, '#loss-chart .uplot');
  assert.ok(narrow <= 390 - 16, `the loss chart fits a 390 px window (${narrow} px)`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.waitForFunction((w) => document.querySelector('#loss-chart .uplot').getBoundingClientRect().width === w, wide);
  const lab = await open(browser, `${server.url}/optimizers.html`);
  await lab.page.click('#race-preset');
  await lab.page.waitForSelector('#race-loss-steps .uplot');
  await lab.page.setViewportSize({ width: 390, height: 844 });
  await lab.page.waitForFunction(() => document.querySelector('#race-loss-steps .uplot').getBoundingClientRect().width <= 374);
  assert.ok(await lab.page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no sideways scroll on the lab page');
  assert.deepEqual([...problems, ...lab.problems], []);
  await page.close();
  await lab.page.close();
});
