// Your own data, as a student brings it: a header x,y,label trains on label (not on the
// coordinate y), labels may be names (cat, dog), the upload is previewed with a picker for
// the label column, and a broken cell is named by line and column.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from './browser.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const csv = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
const info = (page) => page.evaluate(() => window.gradlabPage.info());

/** Two blobs in x, y; the class as `names[0]`/`names[1]` in the label column. */
function blobs(names, header = 'x,y,label') {
  const rows = [header];
  for (let i = 0; i < 40; i++) {
    const c = i % 2;
    rows.push(`${(c * 4 + (i % 7) * 0.3).toFixed(2)},${(c * 3 + (i % 5) * 0.2).toFixed(2)},${names[c]}`);
  }
  return rows.join('\n');
}

test('a CSV with header x,y,label trains on label; the preview shows it picked', async () => {
  const { page, problems } = await open(browser, `${server.url}/#dataset=circle`);
  await page.waitForFunction(() => location.hash.includes('batch-size'));
  await page.setInputFiles('#upload-csv', csv('points.csv', blobs(['0', '1'])));
  await page.waitForFunction(() => window.gradlabPage.info()?.config.dataset === 'custom');
  const i = await info(page);
  assert.deepEqual(i.data.names, ['x', 'y'], 'x and y are the features');
  assert.deepEqual(i.data.labels, ['0', '1']);
  await page.waitForSelector('#csv-preview:not([hidden]) table');
  assert.equal(await page.inputValue('#label-column'), 'label');
  assert.deepEqual(await page.locator('#csv-preview th.label-col').allTextContents(), ['label']);
  assert.equal(await page.locator('#csv-preview tr').count(), 6, 'the header and five rows');
  // Picking another column re-imports with it (y has many values: a clear error, run kept).
  await page.selectOption('#label-column', 'y');
  await page.waitForFunction(() => /the label column "y" holds \d+ distinct values/.test(document.getElementById('messages').textContent));
  assert.deepEqual((await info(page)).data.names, ['x', 'y']);
  assert.deepEqual(problems, []);
  await page.close();
});

test('string labels become classes named in the legend', async () => {
  const { page, problems } = await open(browser, `${server.url}/#dataset=circle`);
  await page.waitForFunction(() => location.hash.includes('batch-size'));
  await page.setInputFiles('#upload-csv', csv('pets.csv', blobs(['dog', 'cat'], 'a,b,animal')));
  await page.waitForFunction(() => window.gradlabPage.info()?.config.dataset === 'custom');
  assert.deepEqual((await info(page)).data.labels, ['cat', 'dog']);
  assert.match(await page.textContent('#map-legend'), /“cat”.*“dog”/);
  await page.click('#play');
  await page.waitForFunction(() => /test 1\.000/.test(document.getElementById('loss-text').textContent), null, { timeout: 30000 });
  await page.click('#play');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a broken cell is named by line, column and column name; the run stays', async () => {
  const { page, problems } = await open(browser, `${server.url}/#dataset=xor`);
  await page.waitForFunction(() => location.hash.includes('batch-size'));
  await page.setInputFiles('#upload-csv', csv('broken.csv', 'x,y,label\n1,2,a\n3,oops,b\n'));
  await page.waitForFunction(() => document.getElementById('messages').textContent.includes('line 3, column 2 ("y")'));
  assert.match(await page.evaluate(() => location.hash), /dataset=xor/);
  assert.deepEqual(problems, []);
  await page.close();
});
