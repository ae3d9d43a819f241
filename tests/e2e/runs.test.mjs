// End-to-end test of whole-run files and recent runs: a saved run restores its settings,
// step count, chart history and weights exactly; a broken run file is refused by name and
// leaves the current run alone; after a reload the last run is offered and restores.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, launch, open } from './browser.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const steps = (page) => page.evaluate(() => Number(document.getElementById('step-count').textContent));

test('a run file restores the run; a broken one is refused; recent runs survive a reload', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const { page, problems } = await open(context, `${server.url}/index.html#dataset=xor&hidden=4,3&seed=9`);
  await page.waitForFunction(() => location.hash.includes('batch-size'));
  for (let i = 0; i < 30; i++) await page.click('#step');
  await page.waitForFunction(() => document.getElementById('step-count').textContent === '30');
  const [hash, loss] = [await page.evaluate(() => location.hash), await page.textContent('#loss-text')];
  const points = await page.evaluate(() => window.gradlabPage.charts.data[0].length);
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#save-run')]);
  const dir = mkdtempSync(join(tmpdir(), 'gradlab-run-'));
  const path = join(dir, 'run.json');
  await file.saveAs(path);
  const run = JSON.parse(readFileSync(path, 'utf8'));
  assert.equal(run.format, 'gradlab-run');
  assert.equal(run.step, 30);

  // Something else on screen, then the file brings the run back.
  await page.evaluate(() => { location.hash = '#dataset=circle&hidden=2'; });
  await page.waitForFunction(() => location.hash.includes('dataset=circle') && location.hash.includes('batch-size'));
  await page.setInputFiles('#load-run', path);
  await page.waitForFunction((h) => location.hash === h, hash);
  await page.waitForFunction(() => document.getElementById('step-count').textContent === '30');
  assert.equal(await page.textContent('#loss-text'), loss);
  assert.equal(await page.evaluate(() => window.gradlabPage.charts.data[0].length), points);

  // A broken file: named, and the run stays.
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ ...run, history: [[1], [2]] }));
  await page.setInputFiles('#load-run', bad);
  await page.waitForSelector('#messages .error');
  assert.match(await page.textContent('#messages .error'), /run file: history/);
  const wrongNet = join(dir, 'wrong.json');
  writeFileSync(wrongNet, JSON.stringify({ ...run, hash: run.hash.replace('hidden=4,3', 'hidden=5') }));
  await page.setInputFiles('#load-run', wrongNet);
  await page.waitForFunction(() => [...document.querySelectorAll('#messages .error')].some((e) => e.textContent.includes('does not match')));
  assert.equal(await page.evaluate(() => location.hash), hash);
  assert.equal(await steps(page), 30);
  assert.equal(await page.textContent('#loss-text'), loss);

  // Recent runs: kept in the browser, offered after a reload, restored exactly.
  await page.waitForTimeout(5500);
  await page.reload();
  await page.evaluate(() => { location.hash = '#dataset=gauss'; });
  await page.waitForFunction(() => document.querySelectorAll('#recent option').length > 1);
  const label = await page.$eval('#recent option:nth-child(2)', (o) => o.textContent);
  assert.match(label, /xor 4-3 · sgd · step 30/);
  await page.selectOption('#recent', '0');
  await page.waitForFunction((h) => location.hash === h, hash);
  await page.waitForFunction(() => document.getElementById('step-count').textContent === '30');
  assert.equal(await page.textContent('#loss-text'), loss);
  assert.deepEqual(problems.filter((p) => !p.includes('does not match')), []);
  await context.close();
});
