// End-to-end test of the forward-gradient page: methods race side by side with a live
// cosine chart, and the variance experiment lands on the (n + 1)/K law.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from './browser.mjs';

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
  await page.waitForFunction(() => [...document.querySelectorAll('#race-table tr')].slice(1).length === 6
    && [...document.querySelectorAll('#race-table tr')].slice(1).every((r) => r.lastChild.textContent === '3000'), null, { timeout: 60000 });
  assert.equal(await page.locator('#race-cos .uplot').count(), 1);
  await page.click('#var-run');
  await page.waitForSelector('#var-table tr:nth-child(9)');
  const ratios = await page.$$eval('#var-table tr', (rows) => rows.slice(1).map((r) => Number(r.lastChild.textContent)));
  assert.equal(ratios.length, 8);
  for (const r of ratios) assert.ok(r > 0.7 && r < 1.4, `measured/law = ${r}`);
  assert.deepEqual(problems, []);
  await page.close();
});
