// The optimizer page opens a file from `gradlab sweep merge` (docs/SCALING.md) in its
// learning-rate-sweep chart and table (each optimizer at its best mean rate), and in its race
// view (each seed's runs as curves and the race's table).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, launch, open, ROOT } from './browser.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

test('a merged sweep opens in the learning-rate sweep view', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradlab-sweep-e2e-'));
  const spec = join(dir, 'spec.json');
  writeFileSync(spec, JSON.stringify({
    set: { dataset: 'circle', hidden: '4', lr: { min: 0.001, max: 1, points: 3 } },
    entrants: ['sgd', 'sgd momentum=0.9', 'adam'], seeds: [1, 2], steps: 200,
  }));
  const gradlab = join(ROOT, 'target/release/gradlab');
  execFileSync(gradlab, ['sweep', 'run', spec, '--all', '--out', join(dir, 'cells')], { stdio: 'ignore' });
  const merged = join(dir, 'merged.json');
  execFileSync(gradlab, ['sweep', 'merge', join(dir, 'cells'), '--out', merged]);
  const summary = JSON.parse(readFileSync(merged, 'utf8')).summary;

  const { page, problems } = await open(browser, `${server.url}/optimizers.html`);
  await page.setInputFiles('#sweep-open', merged);
  await page.waitForFunction(() => document.querySelectorAll('#sweep-table tr').length === 4);
  const rows = await page.$$eval('#sweep-table tr', (trs) => trs.slice(1).map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(rows.map((r) => r[0]), ['sgd', 'sgd momentum=0.9', 'adam']);
  rows.forEach((r, i) => {
    assert.equal(r[1], summary[i].best_lr.toPrecision(3));
    assert.equal(r[2], summary[i].best_loss.mean.toFixed(4));
  });
  assert.match(await page.textContent('#sweep-status'), /merged\.json \(gradlab sweep merge\): 18 runs, 3 rates, losses are means over 2 seed/);
  assert.equal(await page.locator('#sweep-chart canvas').count(), 1);
  if (process.env.SCREENSHOTS) {
    await page.locator('#sweep').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${process.env.SCREENSHOTS}/sweep-open-1280.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('#sweep-open').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${process.env.SCREENSHOTS}/sweep-open-390.png` });
  }

  // Not a merged file: said, and the view keeps what it had.
  const junk = join(dir, 'junk.json');
  writeFileSync(junk, '{"cell": 0');
  await page.setInputFiles('#sweep-open', junk);
  await page.waitForFunction(() => document.body.textContent.includes('is not a file from gradlab sweep merge'));
  assert.equal(await page.locator('#sweep-table tr').count(), 4);
  assert.deepEqual(problems.filter((p) => !p.includes('not a file from gradlab sweep merge')), []);
  await page.close();
});

test('a merged file is read as data: labels are text, malformed rows are refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradlab-sweep-e2e-'));
  const row = (label) => ({ label, mean_final_loss: [0.5, 0.25], mean_test_accuracy: [0.7, null], diverged: [0, 0], best_lr: 0.1, seeds: 1 });
  const file = (summary) => JSON.stringify({ format: 'gradlab-sweep', lrs: [0.01, 0.1], cells: 2, seeds: [1], summary, problems: [] });
  writeFileSync(join(dir, 'html.json'), file([row('<b id="injected">adam</b>')]));
  writeFileSync(join(dir, 'bad.json'), file([{ ...row('adam'), mean_final_loss: ['x', 1] }]));
  const { page } = await open(browser, `${server.url}/optimizers.html`);
  await page.setInputFiles('#sweep-open', join(dir, 'html.json'));
  await page.waitForFunction(() => document.querySelectorAll('#sweep-table tr').length === 2);
  assert.equal(await page.locator('#injected').count(), 0);
  assert.match(await page.textContent('#sweep-table'), /<b id="injected">adam<\/b>/);
  await page.setInputFiles('#sweep-open', join(dir, 'bad.json'));
  await page.waitForFunction(() => document.body.textContent.includes('malformed'));
  await page.close();
});

/** Runs a spec's every cell with the CLI and merges them; returns the merged file's path. */
function merge(spec) {
  const dir = mkdtempSync(join(tmpdir(), 'gradlab-race-e2e-'));
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
  const gradlab = join(ROOT, 'target/release/gradlab');
  execFileSync(gradlab, ['sweep', 'run', join(dir, 'spec.json'), '--all', '--out', join(dir, 'cells')], { stdio: 'ignore' });
  execFileSync(gradlab, ['sweep', 'merge', join(dir, 'cells'), '--out', join(dir, 'merged.json')]);
  return join(dir, 'merged.json');
}

const raceRows = (page) => page.$$eval('#race-table tr', (trs) => trs.slice(1).map((tr) => [...tr.cells].map((c) => c.textContent)));

test('a merged race or sweep opens in the race view: its runs as curves, its rows in the table', async () => {
  const race = merge({ set: { dataset: 'xor', hidden: '6' }, entrants: ['adam lr=0.01', 'sgd lr=0.1 momentum=0.9'], seeds: [1, 2], steps: 300, every: 50, target: 0.3 });
  const m = JSON.parse(readFileSync(race, 'utf8'));
  const { page, problems } = await open(browser, `${server.url}/optimizers.html`);
  await page.setInputFiles('#race-open', race);
  await page.waitForFunction(() => document.getElementById('race-state').textContent.startsWith('showing'));
  let rows = await raceRows(page);
  assert.deepEqual(rows.map((r) => r[0]), m.tables[0].runs.map((r) => r.label));
  rows.forEach((r, i) => {
    const result = m.tables[0].race[i];
    assert.equal(r[1], String(result.steps_to_target ?? '–'));
    assert.equal(r[2], result.final_train_loss.toFixed(4));
  });
  const curve = () => page.evaluate(() => [window.gradlabPage?.race?.lossSteps?.data ?? null, document.getElementById('race-loss-steps').querySelectorAll('canvas').length]);
  assert.equal((await curve())[1], 1, 'the loss chart is drawn');
  assert.match(await page.textContent('#race-fair'), /merged\.json \(gradlab sweep merge\): 2 runs of 300 steps, seed 1/);
  // Two seeds: a picker shows the other.
  assert.equal(await page.locator('#race-file-group option').count(), 2);
  await page.selectOption('#race-file-group', '1');
  await page.waitForFunction(() => document.getElementById('race-fair').textContent.includes('seed 2'));
  rows = await raceRows(page);
  assert.equal(rows[0][2], m.tables[1].race[0].final_train_loss.toFixed(4));

  // A learning-rate sweep: each optimizer's run at its best rate for the seed.
  const sweep = merge({ set: { dataset: 'circle', hidden: '4', lr: { min: 0.001, max: 1, points: 3 } }, entrants: ['sgd', 'adam'], steps: 200 });
  const s = JSON.parse(readFileSync(sweep, 'utf8'));
  await page.setInputFiles('#race-open', sweep);
  await page.waitForFunction(() => document.getElementById('race-fair').textContent.includes('best learning rate'));
  rows = await raceRows(page);
  const short = (label) => label.replace(/lr=([\d.e+-]+)/, (_, v) => `lr=${Number(Number(v).toPrecision(3))}`);
  assert.deepEqual(rows.map((r) => r[0]), s.tables[0].runs.map((r) => short(r.label)));
  rows.forEach((r, i) => assert.equal(r[2], s.tables[0].sweep[i].best_loss.toFixed(4)));
  assert.equal(await page.locator('#race-file-group').isHidden(), true, 'one seed: no picker');
  if (process.env.SCREENSHOTS) {
    await page.locator('#race').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${process.env.SCREENSHOTS}/race-open-1280.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('#race-open').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${process.env.SCREENSHOTS}/race-open-390.png` });
  }

  // Not a merged file: said, and the view keeps what it showed.
  const dir = mkdtempSync(join(tmpdir(), 'gradlab-race-e2e-'));
  writeFileSync(join(dir, 'junk.json'), '{"cell": 0');
  await page.setInputFiles('#race-open', join(dir, 'junk.json'));
  await page.waitForFunction(() => document.body.textContent.includes('junk.json is not a file from gradlab sweep merge'));
  assert.deepEqual(await raceRows(page), rows);
  // A new race replaces the file.
  await page.click('#race-start');
  await page.waitForFunction(() => /running|finished/.test(document.getElementById('race-state').textContent));
  assert.equal(await page.locator('#race-file-group').isHidden(), true);
  assert.deepEqual(problems.filter((p) => !p.includes('not a file from gradlab sweep merge')), []);
  await page.close();
});
