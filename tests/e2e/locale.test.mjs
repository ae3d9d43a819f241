// Nothing on a page may depend on the browser's language being a valid locale tag: with
// LANG=C, WebKitGTK reports navigator.language "C", which Intl rejects with a RangeError,
// and the chart library formats numbers with it as it loads. Chromium always reports a valid
// tag, so the test overrides navigator.language before any script runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from './browser.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

for (const language of ['C', 'C.UTF-8', '']) {
  test(`the playground starts and draws its charts when navigator.language is ${JSON.stringify(language)}`, async () => {
    const context = await browser.newContext();
    await context.addInitScript((lang) => {
      Object.defineProperty(Navigator.prototype, 'language', { get: () => lang });
      Object.defineProperty(Navigator.prototype, 'languages', { get: () => [lang] });
    }, language);
    const { page, problems } = await open(context, `${server.url}/`);
    assert.equal(await page.evaluate(() => navigator.language), language);
    await page.waitForFunction(() => document.getElementById('loss-text').textContent.startsWith('Loss'));
    await page.waitForSelector('.uplot');
    assert.deepEqual(problems, []);
    await context.close();
  });
}
