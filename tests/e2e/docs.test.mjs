// End-to-end test of the settings reference: it lists every key of the run schema (the
// same table the URL-hash parser checks) and of the slab experiments, with defaults.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from './browser.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

test('the settings page is generated from the schema', async () => {
  const { page, problems } = await open(browser, `${server.url}/docs.html`);
  await page.waitForSelector('#run-keys tr:nth-child(40)');
  const keys = await page.$$eval('#run-keys tr td:first-child', (tds) => tds.map((t) => t.textContent));
  for (const k of ['dataset', 'lr', 'method', 'local-losses', 'guess', 'ff-threshold', 'tangents', 'batch-size']) assert.ok(keys.includes(k), k);
  assert.equal(await page.textContent('#key-lr + td'), 'a number in [0, 10]');
  assert.equal(await page.textContent('#key-lr + td + td'), '0.03');
  const slab = await page.$$eval('#slab-keys tr td:first-child', (tds) => tds.map((t) => t.textContent));
  for (const k of ['epochs', 'margin', 'rotate', 'samples']) assert.ok(slab.includes(k), k);
  assert.equal(await page.textContent('#slab-keys #key-samples + td + td'), '4000');
  assert.deepEqual(problems, []);
  await page.close();
});
