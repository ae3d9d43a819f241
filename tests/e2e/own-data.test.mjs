// End-to-end test of bring-your-own data on the playground: a CSV upload (two columns
// become points scaled onto the map, wider tables train without a map), points drawn and
// deleted by hand while the same network keeps training, the rows surviving a reload and
// travelling in a run file, and broken files refused by name with the run left alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, launch, open } from './browser.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const csv = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
const steps = (page) => page.evaluate(() => Number(document.getElementById('step-count').textContent));
const info = (page) => page.evaluate(() => window.gradlabPage.info());

// Two blobs, labels 3 and 7, in units far from the map's: the import must rescale them.
function blobs() {
  let seed = 7;
  const rand = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 4294967296; };
  const rows = ['height,weight,label'];
  for (let i = 0; i < 40; i++) {
    const cls = i % 2;
    rows.push(`${(150 + cls * 30 + rand() * 10).toFixed(2)},${(50 + cls * 25 + rand() * 8).toFixed(2)},${cls ? 7 : 3}`);
  }
  return rows.join('\n');
}

test('an uploaded two-column CSV becomes points on the map, scaled to fill it, and trains', async () => {
  const { page, problems } = await open(browser, `${server.url}/index.html#dataset=circle`);
  await page.waitForFunction(() => location.hash.includes('batch-size'));
  const text = blobs();
  await page.setInputFiles('#upload-csv', csv('people.csv', text));
  await page.waitForFunction(() => location.hash.includes('dataset=custom'));
  const i = await info(page);
  assert.equal(i.twoD, true);
  assert.deepEqual(i.data.names, ['height', 'weight']);
  assert.deepEqual(i.data.labels, ['3', '7']);
  assert.equal(i.trainRows + i.testRows, 40);
  // Independent check of the scaling rule: each column's [min, max] maps onto [−5, 5].
  const rows = text.split('\n').slice(1).map((l) => l.split(',').map(Number));
  const scale = (j, v) => { const c = rows.map((r) => r[j]); const lo = Math.min(...c), hi = Math.max(...c); return (v - (lo + hi) / 2) / ((hi - lo) / 2) * 5; };
  const expected = rows.map((r) => [scale(0, r[0]), scale(1, r[1]), r[2] === 7 ? 1 : 0]);
  for (const [x, y, c] of [...i.train, ...i.test]) {
    assert.ok(expected.some(([ex, ey, ec]) => Math.abs(ex - x) < 1e-4 && Math.abs(ey - y) < 1e-4 && ec === c), `point (${x}, ${y}, ${c}) is not a scaled row`);
  }
  assert.match(await page.textContent('#data-note'), /40 rows, 2 feature columns .*2 classes/);
  assert.match(await page.textContent('#messages'), /people\.csv: 40 rows/);
  // The blobs are separable: training reaches full test accuracy.
  await page.click('#play');
  await page.waitForFunction(() => /test 1\.000/.test(document.getElementById('loss-text').textContent), null, { timeout: 30000 });
  await page.click('#play');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a wider CSV trains without a map; broken CSVs are refused by name and the run stays', async () => {
  const { page, problems } = await open(browser, `${server.url}/index.html#dataset=xor&hidden=5`);
  await page.waitForFunction(() => location.hash.includes('batch-size'));
  for (let i = 0; i < 5; i++) await page.click('#step');
  await page.waitForFunction(() => document.getElementById('step-count').textContent === '5');
  const [hash, loss] = [await page.evaluate(() => location.hash), await page.textContent('#loss-text')];
  for (const [file, pattern] of [
    ['1,2,0\n3,4\n', /line 2: 2 cells, expected 3/],
    ['a,b,label\n1,2,0\n3,oops,1\n', /line 3, column 2 \("b"\): "oops" is not a finite number/],
    [Array.from({ length: 12 }, (_, i) => `${i},${i * 2},${i}`).join('\n'), /12 distinct values; at most 8 classes/],
    ['x,label\n1,4\n2,4\n', /holds one value/],
  ]) {
    await page.setInputFiles('#upload-csv', csv('bad.csv', file));
    await page.waitForFunction((p) => [...document.querySelectorAll('#messages .error')].some((e) => new RegExp(p).test(e.textContent)), pattern.source);
  }
  assert.equal(await page.evaluate(() => location.hash), hash);
  assert.equal(await steps(page), 5);
  assert.equal(await page.textContent('#loss-text'), loss);

  // Four features, three classes given as 10/20/30: each class sits at its own corner.
  const rows = ['a,b,c,d,class'];
  for (let i = 0; i < 90; i++) {
    const k = i % 3;
    rows.push([k, (k * 7) % 3, i % 5, k === 2 ? 1 : 0].map((v, j) => v + 0.01 * ((i * (j + 3)) % 7)).join(',') + `,${(k + 1) * 10}`);
  }
  await page.setInputFiles('#upload-csv', csv('table.csv', rows.join('\n')));
  await page.waitForFunction(() => window.gradlabPage.info()?.data?.columns === 4);
  const i = await info(page);
  assert.equal(i.twoD, false);
  assert.equal(i.classes, 3);
  assert.deepEqual(i.sizes, [4, 5, 3]);
  assert.match(i.data.note, /standardized/);
  await page.selectOption('#optimizer', 'adam');
  await page.selectOption('#lr', '0.03');
  await page.click('#play');
  await page.waitForFunction(() => /test 1\.000/.test(document.getElementById('loss-text').textContent), null, { timeout: 30000 });
  await page.click('#play');
  // From the digits with no input features chosen, two columns still become points (x1, x2).
  await page.evaluate(() => { location.hash = '#dataset=digits&features='; });
  await page.waitForFunction(() => window.gradlabPage.info()?.config.dataset === 'digits');
  await page.setInputFiles('#upload-csv', csv('people.csv', blobs()));
  await page.waitForFunction(() => window.gradlabPage.info()?.twoD && window.gradlabPage.info().config.dataset === 'custom');
  assert.deepEqual((await info(page)).features, ['x1', 'x2']);
  assert.deepEqual(problems, []);
  await page.close();
});

test('points drawn and deleted by hand train the same network; the rows survive a reload and travel in a run file', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const { page, problems } = await open(context, `${server.url}/index.html#dataset=gauss&samples=40&hidden=3`);
  await page.waitForFunction(() => location.hash.includes('batch-size'));
  for (let i = 0; i < 10; i++) await page.click('#step');
  await page.waitForFunction(() => document.getElementById('step-count').textContent === '10');
  const box = await page.locator('#heatmap').boundingBox();
  const at = (x, y) => ({ x: (x + 6) / 12 * box.width, y: (6 - y) / 12 * box.height });
  const rowsNow = async () => { const i = await info(page); return i.trainRows + i.testRows; };

  await page.click('#draw');
  await page.selectOption('#draw-class', '1');
  await page.click('#heatmap', { position: at(5.5, 5.5) });
  await page.waitForFunction(() => window.gradlabPage.info().config.dataset === 'custom');
  assert.equal(await rowsNow(), 41);
  let pts = [...(await info(page)).train, ...(await info(page)).test];
  assert.ok(pts.some(([x, y, c]) => Math.abs(x - 5.5) < 0.1 && Math.abs(y - 5.5) < 0.1 && c === 1));
  // The same network goes on: no reset of the step count, the weights unchanged by the edit.
  assert.equal(await steps(page), 10);
  await page.click('#heatmap', { position: at(-5.5, 5.5), modifiers: ['Shift'] });
  await page.waitForFunction(() => window.gradlabPage.info().trainRows + window.gradlabPage.info().testRows === 42);
  pts = [...(await info(page)).train, ...(await info(page)).test];
  assert.ok(pts.some(([x, y, c]) => Math.abs(x + 5.5) < 0.1 && Math.abs(y - 5.5) < 0.1 && c === 0), 'shift-click adds the other class');
  await page.click('#heatmap', { position: at(5.45, 5.5), modifiers: ['Alt'] });
  await page.waitForFunction(() => window.gradlabPage.info().trainRows + window.gradlabPage.info().testRows === 41);
  pts = [...(await info(page)).train, ...(await info(page)).test];
  assert.ok(!pts.some(([x, y]) => Math.abs(x - 5.5) < 0.1 && Math.abs(y - 5.5) < 0.1), 'alt-click deletes the nearest point');
  await page.click('#heatmap', { position: at(0, -5.9), modifiers: ['Alt'] });
  await page.waitForFunction(() => [...document.querySelectorAll('#messages .info')].some((e) => e.textContent.includes('No point within')));
  assert.equal(await steps(page), 10);
  // A third class needs a new output layer: a new network, said so by the class list.
  await page.selectOption('#draw-class', '2');
  await page.click('#heatmap', { position: at(0, 0) });
  await page.waitForFunction(() => window.gradlabPage.info().classes === 3);
  await page.waitForFunction(() => document.getElementById('step-count').textContent === '0');
  for (let i = 0; i < 7; i++) await page.click('#step');
  await page.waitForFunction(() => document.getElementById('step-count').textContent === '7');
  const [hash, loss] = [await page.evaluate(() => location.hash), await page.textContent('#loss-text')];

  // A reload keeps the rows (in this browser) under the same settings.
  await page.reload();
  await page.waitForFunction(() => window.gradlabPage.info()?.data);
  assert.equal(await page.evaluate(() => location.hash), hash);
  assert.equal(await rowsNow(), 42);
  for (let i = 0; i < 7; i++) await page.click('#step');
  await page.waitForFunction(() => document.getElementById('step-count').textContent === '7');
  assert.equal(await page.textContent('#loss-text'), loss, 'same rows, seed and settings: the same run');

  // The run file carries the rows: a browser without them gets them back from the file.
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#save-run')]);
  const dir = mkdtempSync(join(tmpdir(), 'gradlab-own-'));
  const path = join(dir, 'run.json');
  await file.saveAs(path);
  assert.equal(JSON.parse(readFileSync(path, 'utf8')).data.y.length, 42);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForFunction(() => [...document.querySelectorAll('#messages .warning')].some((e) => /custom means your own data/.test(e.textContent)));
  await page.waitForFunction(() => location.hash.includes('dataset=circle'));
  await page.setInputFiles('#load-run', path);
  await page.waitForFunction((h) => location.hash === h, hash);
  assert.equal(await rowsNow(), 42);
  assert.equal(await page.textContent('#loss-text'), loss);
  // Share says the link cannot carry the rows.
  await page.click('#share button');
  await page.waitForSelector('#share .warning');
  assert.match(await page.textContent('#share'), /cannot carry/);
  assert.deepEqual(problems, []);
  await context.close();
});
