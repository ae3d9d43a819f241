// What a link accepts, the playground shows and edits: hidden layers up to 512 neurons
// (crate/train/schema.rs MAX_WIDTH), batch sizes up to 4096; wide layers are drawn
// collapsed with a count that never overlaps the controls; inputs and outputs are named.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from './browser.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const ready = (page) => page.waitForFunction(() => document.getElementById('loss-text').textContent.startsWith('Loss'));
const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test('a 512-wide layer and a batch of 1000 from a link are shown and editable', async () => {
  const { page, problems } = await open(browser, `${server.url}/#hidden=512,3&batch-size=1000`);
  await ready(page);
  const widths = page.locator('#network input.width');
  assert.deepEqual(await widths.evaluateAll((els) => els.map((e) => e.value)), ['512', '3']);
  assert.equal(await page.textContent('#batch-size-out'), '1000');
  assert.equal(await page.locator('.neuron-buttons button[aria-label^="Add a neuron to hidden layer 1"]').isDisabled(), true, 'at the limit');
  const more = page.locator('#network .layer-label.more');
  assert.equal(await more.textContent(), '+504 more');
  const buttons = await page.locator('#network .layer-buttons').boundingBox();
  assert.ok(!overlap(await more.boundingBox(), buttons), 'the count does not overlap the layer buttons');
  await widths.nth(1).fill('300');
  await widths.nth(1).press('Enter');
  await page.waitForFunction(() => location.hash.includes('hidden=512,300&'));
  await page.waitForFunction(() => document.querySelectorAll('#network input.width')[1]?.value === '300');
  // Out of range: refused, the old width stays.
  await page.locator('#network input.width').nth(0).fill('513');
  await page.locator('#network input.width').nth(0).press('Enter');
  await page.waitForTimeout(200);
  assert.match(await page.evaluate(() => location.hash), /hidden=512,300&/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('inputs and outputs are labelled; the digits show all ten outputs', async () => {
  const { page, problems } = await open(browser, `${server.url}/#dataset=digits&hidden=16`);
  await ready(page);
  assert.deepEqual(await page.locator('#network .node-label.out').allTextContents(), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  assert.match(await page.textContent('#network'), /64 pixels/);
  assert.match(await page.textContent('#network'), /10 outputs/);
  await page.goto(`${server.url}/#dataset=xor&features=x1,x2,x1-x2`);
  await page.waitForFunction(() => document.querySelectorAll('#network .node-label.in').length === 3);
  assert.deepEqual(await page.locator('#network .node-label.in').allTextContents(), ['x1', 'x2', 'x1·x2']);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the number of points is a slider: a link\'s value shows, moving it regenerates the data', async () => {
  const { page, problems } = await open(browser, `${server.url}/#dataset=circle&samples=750`);
  await ready(page);
  assert.equal(await page.textContent('#samples-out'), '750', 'a value from a link is shown');
  const rows = () => page.evaluate(() => window.gradlabPage.info().trainRows + window.gradlabPage.info().testRows);
  assert.equal(await rows(), 750);
  // The slider's stops: 10 … 5000, with the link's 750 added where it belongs.
  await page.$eval('#samples', (el) => { el.value = '0'; el.dispatchEvent(new Event('input')); el.dispatchEvent(new Event('change')); });
  await page.waitForFunction(() => location.hash.includes('samples=10&') || location.hash.endsWith('samples=10'));
  assert.equal(await page.textContent('#samples-out'), '10');
  assert.equal(await rows(), 10);
  await page.$eval('#samples', (el) => { el.value = el.max; el.dispatchEvent(new Event('change')); });
  await page.waitForFunction(() => /samples=5000/.test(location.hash));
  // Not for the digits, whose rows are given.
  await page.evaluate(() => { location.hash = '#dataset=digits'; });
  await page.waitForFunction(() => document.getElementById('samples-row').hidden);
  assert.deepEqual(problems, []);
  await page.close();
});
