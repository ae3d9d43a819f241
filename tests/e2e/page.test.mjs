// End-to-end tests of the real page in Debian's Chromium (playwright-core), served by
// `gradlab serve`. They train, watch the loss fall and the decision map change, feed a
// hostile hash, force a divergence, and check that nothing is loaded from elsewhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, launch, open, ROOT } from './browser.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const lossOf = async (page) => {
  const text = await page.textContent('#loss-text');
  const m = text.match(/Loss train ([\d.]+) \/ test ([\d.]+)/);
  return m ? { train: Number(m[1]), test: Number(m[2]) } : null;
};
const stepOf = async (page) => Number(await page.textContent('#step-count'));
const mapHash = (page) => page.evaluate(() => {
  const c = document.getElementById('heatmap');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let h = 0;
  for (let i = 0; i < d.length; i += 7) h = (h * 31 + d[i]) >>> 0;
  return h;
});
const ready = (page) => page.waitForFunction(() => document.getElementById('loss-text').textContent.startsWith('Loss'));

test('the default experiment trains: loss falls, map changes, no console errors', async () => {
  const { page, problems } = await open(browser, `${server.url}/`);
  await ready(page);
  assert.match(page.url(), /#seed=1&data-seed=1&dataset=circle/);
  const before = await lossOf(page);
  const mapBefore = await mapHash(page);
  await page.click('#play');
  await page.waitForFunction(() => Number(document.getElementById('step-count').textContent) > 3000);
  await page.click('#play');
  await page.waitForTimeout(200);
  const afterLoss = await lossOf(page);
  assert.ok(afterLoss.test < before.test * 0.5, `test loss ${before.test} → ${afterLoss.test}`);
  assert.notEqual(await mapHash(page), mapBefore, 'the decision map changed');
  assert.ok(Number(await page.textContent('#rate')) > 0, 'steps per second shown');
  assert.equal(await page.locator('canvas.neuron').count(), 2 + 4 + 2 + 1, 'a map per input and neuron');
  assert.equal(await page.locator('.bias').count(), 4 + 2 + 1, 'every bias, the output one included');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a hostile hash is reported key by key and the rest of the run loads', async () => {
  const { page, problems } = await open(browser, `${server.url}/#lr=abc&dataset=%3Cscript%3E&evil=1&hidden=5&noise=9`);
  await ready(page);
  const messages = await page.textContent('#messages');
  for (const key of ['lr', 'dataset', 'evil', 'noise']) assert.match(messages, new RegExp(`"${key}" ignored`));
  assert.equal(await page.locator('canvas.neuron').count(), 2 + 5 + 1, 'hidden=5 was applied');
  await page.click('#step');
  await page.waitForFunction(() => document.getElementById('step-count').textContent === '1');
  assert.deepEqual(problems, []);
  await page.close();
});

test('divergence halts the run with advice and the page keeps working', async () => {
  const { page, problems } = await open(browser, `${server.url}/#dataset=reg-plane&hidden=&lr=10`);
  await ready(page);
  await page.click('#play');
  await page.waitForSelector('#messages .error');
  const text = await page.textContent('#messages .error');
  assert.match(text, /diverged at step \d+/);
  assert.match(text, /Lower the learning rate/);
  await page.waitForFunction(() => document.getElementById('play').textContent.includes('Play'));
  await page.selectOption('#lr', '0.001');
  await page.click('#reset');
  await page.click('#step');
  await page.waitForFunction(() => document.getElementById('step-count').textContent === '1');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a link reproduces the run exactly', async () => {
  const url = `${server.url}/#seed=7&dataset=xor&hidden=3&optimizer=adam&lr=0.01`;
  const results = [];
  for (let run = 0; run < 2; run++) {
    const { page } = await open(browser, url);
    await ready(page);
    for (let i = 0; i < 25; i++) await page.click('#step');
    await page.waitForFunction(() => document.getElementById('step-count').textContent === '25');
    results.push(await page.textContent('#loss-text'));
    await page.close();
  }
  assert.equal(results[0], results[1]);
});

test('multiclass spiral draws a map and digits explain why there is none', async () => {
  const { page, problems } = await open(browser, `${server.url}/#dataset=multi-spiral&classes=4&hidden=8,8`);
  await ready(page);
  assert.equal(await page.locator('#network canvas.neuron').count(), 2 + 8 + 8 + 4);
  await page.click('#play');
  await page.waitForFunction(() => Number(document.getElementById('step-count').textContent) > 500);
  await page.click('#play');
  await page.click('#datasets button[data-name=digits]');
  await page.waitForFunction(() => location.hash.includes('dataset=digits'));
  await page.click('#step');
  await page.waitForFunction(() => document.getElementById('step-count').textContent === '1');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the digits are fetched only for a digits run; a failed fetch is named and the run stays', async () => {
  const { page } = await open(browser, `${server.url}/`);
  const digitsRequests = [];
  page.context().on('request', (r) => { if (r.url().endsWith('/data/digits.u8')) digitsRequests.push(r.url()); });
  await ready(page);
  await page.click('#step');
  await page.waitForFunction(() => document.getElementById('step-count').textContent === '1');
  assert.equal(digitsRequests.length, 0, 'the default run does not download the digits');
  // The file is missing: the message names it, the circle run stays with its step.
  await page.route('**/data/digits.u8', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.click('#datasets button[data-name=digits]');
  await page.waitForFunction(() => document.getElementById('messages').textContent.includes('data/digits.u8 answered HTTP 404'));
  assert.match(await page.evaluate(() => location.hash), /dataset=circle/);
  assert.equal(await stepOf(page), 1);
  // Back again: the next digits run fetches it and trains.
  await page.unroute('**/data/digits.u8');
  await page.click('#datasets button[data-name=digits]');
  await page.waitForFunction(() => location.hash.includes('dataset=digits'));
  await page.click('#step');
  await page.waitForFunction(() => document.getElementById('step-count').textContent === '1');
  assert.equal(digitsRequests.length, 2);
  await page.close();
});

test('the page works from a sub-path of a static host', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradlab-sub-'));
  symlinkSync(ROOT, join(dir, 'course'));
  writeFileSync(join(dir, 'index.html'), '<p>A course site</p>');
  const sub = await serve(dir);
  try {
    const { page, problems } = await open(browser, `${sub.url}/course/#dataset=gauss`);
    await ready(page);
    await page.click('#step');
    await page.waitForFunction(() => document.getElementById('step-count').textContent === '1');
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    sub.stop();
  }
});

test('a model saved from the page loads in the CLI and back into the page; a broken file is refused', async () => {
  const { execFileSync } = await import('node:child_process');
  const { readFileSync } = await import('node:fs');
  const { page, problems } = await open(browser, `${server.url}/#dataset=circle&hidden=3&seed=5`);
  await ready(page);
  for (let i = 0; i < 5; i++) await page.click('#step');
  await page.waitForFunction(() => document.getElementById('step-count').textContent === '5');
  const trained = await page.textContent('#loss-text');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-model')]);
  const dir = mkdtempSync(join(tmpdir(), 'gradlab-model-'));
  const file = join(dir, 'page.safetensors');
  await download.saveAs(file);
  const csv = join(dir, 'd.csv');
  const exe = join(ROOT, 'target/release/gradlab');
  execFileSync(exe, ['data', 'circle', '--set', 'samples=20', '--out', csv]);
  const grad = JSON.parse(execFileSync(exe, ['grad', '--model', file, '--data', csv]).toString());
  assert.deepEqual(Object.keys(grad.grad).sort(), ['layers.0.bias', 'layers.0.weight', 'layers.1.bias', 'layers.1.weight']);
  assert.equal(grad.grad['layers.0.weight'].length, 3);

  await page.click('#reset');
  await page.waitForFunction(() => document.getElementById('step-count').textContent === '0');
  assert.notEqual(await page.textContent('#loss-text'), trained);
  await page.setInputFiles('#load-model', file);
  await page.waitForFunction((t) => document.getElementById('loss-text').textContent === t, trained);

  writeFileSync(join(dir, 'broken.safetensors'), readFileSync(file).subarray(0, 40));
  await page.setInputFiles('#load-model', join(dir, 'broken.safetensors'));
  await page.waitForSelector('#messages .error');
  assert.match(await page.textContent('#messages .error'), /model file: not a valid safetensors file/);
  assert.equal(await page.textContent('#loss-text'), trained, 'the run is unchanged');
  assert.deepEqual(problems, []);
  await page.close();
});

test('every page declares a strict Content-Security-Policy and runs under it', async () => {
  for (const name of ['index.html', 'optimizers.html', 'forward.html', 'simplicity.html']) {
    const { page, problems } = await open(browser, `${server.url}/${name}`);
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/, name);
    assert.doesNotMatch(csp, /script-src[^;]*'(unsafe-eval|unsafe-inline)'/, name);
    await page.waitForTimeout(1500);
    assert.deepEqual(problems, [], name);
    if (name === 'simplicity.html') {
      // The detector itself: an injected inline script is refused and reported.
      await page.addScriptTag({ content: 'window.injected = 1' }).catch(() => {});
      await page.waitForTimeout(200);
      assert.equal(await page.evaluate(() => window.injected), undefined);
      assert.ok(problems.some((p) => p.startsWith('CSP violation: script-src')), problems.join('\n'));
    }
    await page.close();
  }
});

test('every page fits a phone-width screen without sideways scrolling', async () => {
  for (const name of ['index.html', 'optimizers.html', 'forward.html', 'simplicity.html', 'docs.html']) {
    const { page, problems } = await open(browser, `${server.url}/${name}`);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(1000);
    const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
    assert.ok(scroll <= width, `${name}: ${scroll}px of content in a ${width}px screen`);
    assert.deepEqual(problems, [], name);
    await page.close();
  }
});

test('a pruned playground run draws its pruned connections faded', async () => {
  const { page, problems } = await open(browser, `${server.url}/index.html#dataset=xor&hidden=4&prune=magnitude&sparsity=0.5&prune-at=5`);
  await page.waitForFunction(() => location.hash.includes('prune=magnitude'));
  for (let i = 0; i < 8; i++) await page.click('#step');
  await page.waitForFunction(() => document.getElementById('step-count').textContent === '8');
  // 2×4 + 4×1 weights, half of each layer pruned at step 5.
  await page.waitForFunction(() => [...document.querySelectorAll('#network line title')].filter((t) => t.textContent === 'pruned').length === 6);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the playground works from the keyboard alone', async () => {
  const { page, problems } = await open(browser, `${server.url}/index.html#dataset=xor`);
  await page.waitForFunction(() => location.hash.includes('batch-size'));
  // Tab reaches Play (after Reset); Enter starts and Space on the page pauses.
  let focused = '';
  for (let i = 0; i < 40 && focused !== 'play'; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.id);
  }
  assert.equal(focused, 'play');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => Number(document.getElementById('step-count').textContent) > 100);
  // A dataset thumbnail is a button: focus it and press Enter to switch data.
  await page.focus('#datasets button:nth-child(1)');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash.includes('dataset=circle'));
  // Every control is a native, focusable element with an accessible name.
  const unnamed = await page.$$eval('button, select, input', (els) => els.filter((e) => !(e.getAttribute('aria-label') || e.labels?.length || e.textContent.trim() || e.title)).map((e) => e.outerHTML.slice(0, 80)));
  assert.deepEqual(unnamed, []);
  assert.deepEqual(problems, []);
  await page.close();
});
