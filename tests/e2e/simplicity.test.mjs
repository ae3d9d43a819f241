// End-to-end test of the simplicity-bias page: the LMS-5 preset reproduces Shah et al.'s
// headline live (S-randomized near chance, Sᶜ-randomized near standard), the random-network
// gallery draws with complexity numbers, and the spectral, clone and shortcut experiments run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from './browser.mjs';
import { controlsWithoutHelp } from './lab-controls.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

test('simplicity lab reproduces the papers\' headlines in the page', async () => {
  const { page, problems } = await open(browser, `${server.url}/simplicity.html`);
  // The gallery is drawn on load: 8 random networks with their complexity.
  await page.waitForSelector('#rs-gallery figure:nth-child(8)');
  assert.match(await page.textContent('#rs-gallery figcaption'), /Fourier 0\.\d+ · LZ \d+/);
  await page.click('#rs-table-run');
  await page.waitForSelector('#rs-table tr:nth-child(9)');

  // The one-click preset: LMS-5, small; the state line ends at "finished".
  assert.match(await page.textContent('#slab-chart'), /appears here/);
  const t0 = Date.now();
  await page.click('#slab-quick');
  // The headline on the live line: standard near 100% while S-randomized sits near chance.
  await page.waitForFunction(() => {
    const m = document.getElementById('slab-now').textContent.match(/standard ([\d.]+)%.*S-randomized ([\d.]+)%/);
    return m && Number(m[1]) >= 95 && Number(m[2]) <= 60;
  }, null, { timeout: 90000 });
  console.log(`LMS-5 preset: ${Date.now() - t0} ms from click to the headline on the live line`);
  await page.waitForSelector('#slab-table tr', { timeout: 90000 });
  console.log(`LMS-5 preset: ${Date.now() - t0} ms from click to the final table`);
  await page.waitForFunction(() => document.getElementById('slab-state').textContent === 'finished');
  const cells = await page.$$eval('#slab-table tr', (rows) => rows.slice(1, 4).map((r) => Number(r.children[1].textContent.replace('%', '')) / 100));
  const [standard, sRand, scRand] = cells;
  assert.ok(standard > 0.97, `standard ${standard}`);
  assert.ok(sRand < 0.65, `S-randomized ${sRand}`);
  assert.ok(scRand > standard - 0.05, `Sᶜ-randomized ${scRand} vs standard ${standard}`);
  assert.equal(await page.locator('#slab-chart .uplot').count(), 1);

  await page.fill('#sp-steps', '600');
  await page.click('#sp-start');
  await page.waitForFunction(() => document.getElementById('sp-status').textContent === 'step 600', null, { timeout: 60000 });

  // The probes say which draw each is: the live line a fresh shuffle, each table row its own.
  assert.match(await page.textContent('#slab-now'), /^Live probe at step \d+ \/ \d+ \(a fresh shuffle/);
  assert.deepEqual(await page.$$eval('#slab-table tr', (rs) => rs.slice(1, 5).map((r) => r.lastChild.textContent)), ['no shuffle', 'shuffle 1', 'shuffle 2', 'shuffle 3']);

  await page.fill('#cl-steps', '200');
  await page.click('#cl-start');
  await page.waitForFunction(() => document.getElementById('cl-status').textContent.startsWith('step 200'), null, { timeout: 60000 });
  // The clones are recorded at fixed log-spaced steps, the first ones included.
  const steps = await page.evaluate(async () => (await import('/www/simplicity/simplicity.js')).views[3].data[0]);
  assert.deepEqual(steps, [1, 2, 3, 4, 5, 6, 8, 10, 13, 16, 20, 25, 32, 40, 50, 63, 79, 100, 126, 158, 200]);

  await page.fill('#sc-epochs', '2');
  await page.click('#sc-run');
  await page.waitForSelector('#sc-table tr:nth-child(4)', { timeout: 90000 });
  assert.deepEqual(problems, []);
  await page.close();
});

test('bad settings are reported by name and the page keeps working', async () => {
  const { page } = await open(browser, `${server.url}/simplicity.html`);
  await page.waitForSelector('#rs-gallery figure');
  await page.click('#slabs details.as-text summary'); // "more (as text)"
  await page.fill('#slab-overrides', 'margin=5');
  await page.click('#slab-start');
  await page.waitForSelector('#messages .error');
  assert.match(await page.textContent('#messages .error'), /margin/);
  await page.waitForFunction(() => document.getElementById('slab-state').textContent === 'stopped: see the message above');
  assert.equal(await page.$eval('#slab-pause', (b) => b.disabled), true);
  await page.fill('#rs-depth', '9');
  await page.click('#rs-draw');
  await page.waitForFunction(() => [...document.querySelectorAll('#messages .error')].some((e) => e.textContent.includes('depth')));
  await page.close();
});

test('every control on the page has a name and one line of help', async () => {
  const { page, problems } = await open(browser, `${server.url}/simplicity.html`);
  await page.waitForSelector('#rs-gallery figure');
  assert.deepEqual(await controlsWithoutHelp(page), []);
  assert.deepEqual(problems, []);
  await page.close();
});
