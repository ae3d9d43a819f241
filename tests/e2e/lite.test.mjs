// The lite core (pkg/lite/, crate/train/lite.rs): the playground's first download.
// In Node, both builds side by side (real wasm, the plain SIMD flavour): the lite core trains
// the same bits as the full one, refuses what it lacks by name, and a run handed from it to
// the full core (Lab.exportState/importState) ends bit for bit where the run ends unmoved.
// In Chromium: a first visit fetches the lite core only, trains and keeps the run in the
// browser without the full core, and its download stays within the 250 KB target; a setting
// the lite core lacks loads the full core, says so, and the run on screen carries on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { serve, launch, open, ROOT } from './browser.mjs';

const lite = await import('../../pkg/lite/gradlab.js');
const full = await import('../../pkg/gradlab.js');
lite.initSync({ module: readFileSync(new URL('../../pkg/lite/gradlab_bg.wasm', import.meta.url)) });
full.initSync({ module: readFileSync(new URL('../../pkg/gradlab_bg.wasm', import.meta.url)) });

const CONFIGS = [
  { dataset: 'spiral', hidden: [8, 6], optimizer: 'adam', lr: 0.01, 'batch-size': 7, samples: 120 },
  // 32×32 layers at batch 32 take the GEMM kernel; SGD with Nesterov momentum and a schedule.
  { dataset: 'circle', hidden: [32, 32], momentum: 0.9, nesterov: true, schedule: 'cosine', 'schedule-steps': 50, 'batch-size': 32 },
];

test('the lite core trains the same bits as the full core, and hands a run over exactly', () => {
  // Which is which: the lite core refuses what needs the full core, and lacks the labs.
  assert.throws(() => new lite.Lab({ dataset: 'circle', optimizer: 'lion' }), /needs the full core/);
  new full.Lab({ dataset: 'circle', optimizer: 'lion' }).free();
  assert.equal('DynamicsLab' in lite, false);
  assert.equal(typeof full.DynamicsLab, 'function');
  for (const config of CONFIGS) {
    const a = new lite.Lab(config);
    const b = new full.Lab(config);
    a.train(61);
    b.train(61);
    assert.deepEqual(a.exportState(), b.exportState(), `${JSON.stringify(config)}: lite and full after 61 steps`);

    const moved = new lite.Lab(config);
    moved.train(37);
    const there = new full.Lab(config);
    there.importState(moved.exportState());
    there.train(24);
    assert.deepEqual(there.exportState(), b.exportState(), `${JSON.stringify(config)}: 37 steps on lite, 24 on full`);
    for (const lab of [a, b, moved, there]) lab.free();
  }
});

test('the lite core refuses what it lacks, naming it; broken states are refused', () => {
  assert.equal(lite.fullCoreNeeded({}), undefined);
  assert.equal(lite.fullCoreNeeded({ method: 'forward-gradient' }), 'the gradient method forward-gradient');
  assert.equal(full.fullCoreNeeded({ optimizer: 'lion' }), 'the optimizer lion');
  assert.throws(() => new lite.Lab({ optimizer: 'lion' }), /the optimizer lion needs the full core/);
  assert.throws(() => new lite.Lab({ prune: 'magnitude' }), /pruning needs the full core/);
  assert.throws(() => lite.fullCoreNeeded({ lr: 'fast' }), /lr/);
  assert.equal(typeof lite.Lab.prototype.saveModel, 'undefined');
  const lab = new lite.Lab({ hidden: [3] });
  const other = new full.Lab({ hidden: [4] });
  assert.throws(() => other.importState(lab.exportState()), /weights/);
  assert.throws(() => other.importState(new TextEncoder().encode('a file that is not a run')), /not a run handed over/);
  assert.throws(() => other.importState(new Uint8Array([1, 2, 3])), /cut short/);
  lab.free();
  other.free();
});

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const steps = (page) => page.evaluate(() => Number(document.getElementById('step-count').textContent));

test('a first visit downloads the lite core only, within 250 KB, and keeps its run', async () => {
  // A fresh context (an empty cache), listened to from before the first request.
  const context = await browser.newContext();
  const page = await context.newPage();
  const [fetched, problems] = [new Set(), []];
  page.on('request', (r) => { const u = new URL(r.url()); if (u.origin === server.url) fetched.add(u.pathname === '/' ? '/index.html' : u.pathname); else problems.push(`external request: ${r.url()}`); });
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => document.getElementById('loss-text').textContent.startsWith('Loss'));
  await page.click('#play');
  await page.waitForFunction(() => document.querySelectorAll('#recent option').length > 1, null, { timeout: 15000 });
  await page.click('#play');
  const wasm = [...fetched].filter((p) => p.endsWith('.wasm'));
  assert.deepEqual(wasm, ['/pkg/lite/fma/gradlab_bg.wasm']);
  assert.ok(![...fetched].includes('/pkg/gradlab.js'), 'the full core\'s glue was not fetched');
  assert.match(await page.textContent('#core-status'), /Lite core/);
  const gz = [...fetched].reduce((sum, p) => sum + gzipSync(readFileSync(`${ROOT}${p.slice(1)}`), { level: 9 }).length, 0);
  // The page and its worker come as two bundles (scripts/bundle.mjs) made from the sources
  // as they are now: a stale bundle would run old code.
  assert.ok(fetched.has('/pkg/playground/main.js') && fetched.has('/pkg/playground/worker.js'), 'the bundles are loaded');
  assert.ok(!fetched.has('/www/playground/main.js') && !fetched.has('/www/playground/worker.js'), 'not the sources');
  const check = spawnSync(process.execPath, [`${ROOT}scripts/bundle.mjs`, '--check'], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
  assert.ok(gz <= 250 * 1000, `a first visit downloads ${gz} bytes gzipped (${fetched.size} files), over the 250 KB target`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a setting the lite core lacks loads the full core; the run goes on where it was', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const { page, problems } = await open(context, `${server.url}/#dataset=xor&hidden=4,3&seed=3`);
  await page.waitForFunction(() => location.hash.includes('batch-size'));
  for (let i = 0; i < 20; i++) await page.click('#step');
  await page.waitForFunction(() => document.getElementById('step-count').textContent === '20');
  const loss = await page.textContent('#loss-text');
  // Saving the model needs the full core: the live run moves there and keeps its step and loss.
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#save-model')]);
  assert.ok(await file.path());
  await page.waitForFunction(() => document.getElementById('core-status').textContent.includes('Full core, loaded for saving a model file'));
  assert.equal(await steps(page), 20);
  assert.equal(await page.textContent('#loss-text'), loss);
  await page.click('#step');
  await page.waitForFunction(() => document.getElementById('step-count').textContent === '21');
  // A gradient method the lite core lacks, from the start: the full core builds it.
  const second = await open(browser, `${server.url}/#method=forward-gradient&dataset=xor`);
  await second.page.waitForFunction(() => document.getElementById('core-status').textContent.includes('loaded for the gradient method forward-gradient'));
  await second.page.click('#step');
  await second.page.waitForFunction(() => document.getElementById('step-count').textContent === '1');
  assert.deepEqual([...problems, ...second.problems], []);
  await context.close();
  await second.page.close();
});
