// The digits get a real output view: a grid of test digits with the predicted label
// (mistakes marked), a live confusion matrix and per-class accuracy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from './browser.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

test('digits show test digits, a confusion matrix and per-class accuracy that improve', async () => {
  const { page, problems } = await open(browser, `${server.url}/?speed=max#dataset=digits&hidden=32&optimizer=adam&lr=0.003`);
  await page.waitForSelector('#digits-view:not([hidden]) table.confusion tr');
  assert.equal(await page.isVisible('#heatmap'), false, 'no decision map for 64 inputs');
  assert.equal(await page.isVisible('#draw'), false, 'no drawing of points on 64 inputs');
  assert.equal(await page.isVisible('#draw-class'), false);
  assert.equal(await page.locator('table.confusion tr').count(), 11);
  const accuracy = () => page.evaluate(() => {
    const cells = [...document.querySelectorAll('table.confusion tr')].slice(1).map((tr) => [...tr.cells]);
    const total = cells.reduce((s, row) => s + row.slice(1, 11).reduce((a, c) => a + Number(c.textContent || 0), 0), 0);
    const right = cells.reduce((s, row, t) => s + Number(row[t + 1].textContent || 0), 0);
    return { total, right, perClass: cells.map((row) => row[11].textContent) };
  });
  const before = await accuracy();
  assert.ok(before.total > 100, `the whole test set is counted (${before.total})`);
  await page.click('#play');
  await page.waitForFunction(() => Number(document.getElementById('step-count').textContent) > 3000, null, { timeout: 60000 });
  await page.click('#play');
  await page.waitForTimeout(500);
  const after = await accuracy();
  assert.equal(after.total, before.total);
  assert.ok(after.right / after.total > 0.85, `test accuracy ${after.right}/${after.total}`);
  assert.ok(after.perClass.every((p) => /^\d+%$/.test(p)), `per-class accuracy ${after.perClass}`);
  // The grid shows digits with labels (pixels drawn: not a blank canvas).
  const inked = await page.evaluate(() => {
    const c = document.querySelector('#digits-view canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 128) dark++;
    return dark;
  });
  assert.ok(inked > 500, `${inked} dark pixels in the grid`);
  // Back on a 2-D dataset the drawing tools return.
  await page.evaluate(() => { location.hash = '#dataset=spiral'; });
  await page.waitForFunction(() => !document.getElementById('draw').hidden);
  assert.equal(await page.isVisible('#draw-class'), true);
  assert.deepEqual(problems, []);
  await page.close();
});
