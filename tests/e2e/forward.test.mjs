// End-to-end test of the forward-gradient page: methods race side by side with a live
// cosine chart, and the variance experiment lands on the (n + 1)/K law.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from './browser.mjs';
import { controlsWithoutHelp } from './lab-controls.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

test('gradient sources race fairly and the variance follows the law', async () => {
  const { page, problems } = await open(browser, `${server.url}/forward.html`);
  await page.waitForSelector('#race-entrants .entrant');
  await page.fill('#race-steps', '3000');
  await page.click('#race-start');
  await page.waitForFunction(() => document.getElementById('race-fair').textContent.includes('bit-identical'));
  await page.waitForFunction(() => [...document.querySelectorAll('#race-table tr')].slice(1).length === 7
    && [...document.querySelectorAll('#race-table tr')].slice(1).every((r) => r.lastChild.textContent === '3000'), null, { timeout: 60000 });
  assert.equal(await page.locator('#race-cos .uplot').count(), 1);
  // Every rule trained: losses are finite and the layer-local ones learned something.
  const rows = await page.$$eval('#race-table tr', (rs) => rs.slice(1).map((r) => [...r.children].map((c) => c.textContent)));
  for (const r of rows) assert.ok(Number(r[2]) < 0.6, `${r[0]}: final train loss ${r[2]}`);
  // The per-layer chart follows the first non-exact run, then shows angles on request.
  assert.equal(await page.locator('#race-layers .uplot').count(), 1);
  assert.equal(await page.$eval('#race-layers-run', (s) => s.options.length), 7);
  assert.notEqual(await page.$eval('#race-layers-run', (s) => s.value), '0');
  await page.selectOption('#race-layers-unit', 'angle');
  assert.match(await page.textContent('#race-layers .u-title'), /angle/);
  await page.click('#var-run');
  await page.waitForSelector('#var-table tr:nth-child(9)');
  const ratios = await page.$$eval('#var-table tr', (rows) => rows.slice(1).map((r) => Number(r.lastChild.textContent)));
  assert.equal(ratios.length, 8);
  for (const r of ratios) assert.ok(r > 0.7 && r < 1.4, `measured/law = ${r}`);
  await page.waitForSelector('#var-n-table tr:nth-child(8)');
  const byN = await page.$$eval('#var-n-table tr', (rows) => rows.slice(1).map((r) => [Number(r.children[1].textContent), Number(r.lastChild.textContent)]));
  assert.equal(byN.length, 7);
  assert.ok(byN[6][0] > 20 * byN[0][0], `n spans ${byN[0][0]}..${byN[6][0]}`);
  for (const [n, r] of byN) assert.ok(r > 0.6 && r < 1.5, `n = ${n}: measured/law = ${r}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('every control on the page has a name and one line of help', async () => {
  const { page, problems } = await open(browser, `${server.url}/forward.html`);
  await page.waitForSelector('#race-entrants .entrant');
  assert.deepEqual(await controlsWithoutHelp(page), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the gradient-source dropdown and the text stay in sync; the preset races backprop against a forward gradient', async () => {
  const { page, problems } = await open(browser, `${server.url}/forward.html`);
  await page.waitForSelector('#race-entrants .entrant');
  const row = page.locator('#race-entrants .entrant').nth(1);
  assert.equal(await row.locator('select').nth(1).inputValue(), 'forward-gradient');
  await row.locator('select').nth(1).selectOption('spsa');
  assert.equal(await row.locator('details input').inputValue(), 'method=spsa');
  await row.locator('summary').click();
  await row.locator('details input').fill('method=feedback-alignment&tangents=4');
  assert.equal(await row.locator('select').nth(1).inputValue(), 'feedback-alignment');
  await page.click('#race-preset');
  await page.waitForFunction(() => document.getElementById('race-state').textContent.startsWith('finished'), null, { timeout: 60000 });
  const cos = await page.$$eval('#race-table tr', (rs) => rs.slice(1).map((r) => r.children[6].textContent));
  assert.equal(cos[0], 'exact');
  assert.ok(cos[1].split(' / ').every((c) => Number(c) < 0.9), `forward gradient's per-layer cosines ${cos[1]}`);
  assert.deepEqual(problems, []);
  await page.close();
});
