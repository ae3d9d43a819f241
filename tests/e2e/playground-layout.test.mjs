// The playground's first screen: at 1280×800 everything needed to run and watch one
// experiment is visible without scrolling, in the Playground's data | features | network
// | output order; engine details wait in a closed "Under the hood" panel; on a phone the
// map comes right after the play controls. The map explains itself (ticks, legend).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch } from './browser.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

async function openAt(url, width, height) {
  const page = await browser.newPage({ viewport: { width, height } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('loss-text').textContent.startsWith('Loss'));
  return { page, problems };
}
const box = (page, sel) => page.locator(sel).first().boundingBox();

test('at 1280x800 the whole experiment is on the first screen, in four columns', async () => {
  const { page, problems } = await openAt(`${server.url}/`, 1280, 800);
  for (const sel of ['#play', '#reset', '#speed', '#datasets button', '#feature-x1', '#network canvas.neuron', '#heatmap', '#loss-text', '#lr']) {
    const b = await box(page, sel);
    assert.ok(b && b.y >= 0 && b.y + b.height <= 800, `${sel} is visible without scrolling (${JSON.stringify(b)})`);
  }
  const map = await box(page, '#heatmap');
  assert.ok(map.width >= 300, `the map is the largest thing (${map.width}px)`);
  const xs = [];
  for (const sel of ['#data-panel', '#features-panel', '#network-panel', '#output-panel']) xs.push((await box(page, sel)).x);
  assert.deepEqual([...xs].sort((a, b) => a - b), xs, `data | features | network | output (${xs})`);
  const play = await box(page, '#play');
  assert.ok(play.x < 200 && play.y < 150, 'play is top-left');
  // Diagnostics are one click away, not on the first screen.
  assert.equal(await page.locator('#under-the-hood').getAttribute('open'), null);
  for (const sel of ['#backend-status', '#core-status', '#memory', '#backend']) assert.equal(await page.isVisible(sel), false, `${sel} hidden`);
  const visible = await page.evaluate(() => document.body.innerText);
  assert.doesNotMatch(visible, /SIMD|multiply-adds|Memory MiB|lite core/);
  await page.click('#under-the-hood summary');
  assert.equal(await page.isVisible('#backend-status'), true);
  assert.deepEqual(problems, []);
  await page.close();
});

test('on a phone the map comes right after the play controls', async () => {
  const { page, problems } = await openAt(`${server.url}/`, 390, 844);
  const play = await box(page, '#play');
  const map = await box(page, '#heatmap');
  assert.ok(map.y > play.y + play.height, 'the map is below the play button');
  for (const sel of ['#data-panel', '#features-panel', '#network-panel', '.settings']) {
    assert.ok((await box(page, sel)).y > map.y, `${sel} comes after the map`);
  }
  assert.ok(map.y < 844, `the map starts on the first screen (${map.y})`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling (${width})`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the map has axes with ticks and a legend whose colour names match the classes', async () => {
  const { page, problems } = await openAt(`${server.url}/#dataset=multi-spiral&classes=5`, 1280, 800);
  assert.deepEqual(await page.locator('#map-frame .tick.x').allTextContents(), ['-6', '-3', '0', '3', '6']);
  assert.equal(await page.locator('#map-frame .tick.y').count(), 5);
  const colours = await page.locator('#map-legend [data-colour]').evaluateAll((els) => els.map((e) => e.dataset.colour));
  assert.deepEqual(colours, ['orange', 'sky blue', 'green', 'yellow', 'blue']);
  const legend = await page.textContent('#map-legend');
  assert.match(legend, /train/);
  assert.match(legend, /test/);
  assert.doesNotMatch(await page.evaluate(() => document.body.innerText), /Blue and orange are the two classes/);
  // Two classes: orange and blue, in that order; regression: a value scale.
  await page.goto(`${server.url}/#dataset=xor`);
  await page.waitForFunction(() => document.querySelectorAll('#map-legend [data-colour]').length === 2);
  assert.deepEqual(await page.locator('#map-legend [data-colour]').evaluateAll((els) => els.map((e) => e.dataset.colour)), ['orange', 'blue']);
  await page.goto(`${server.url}/#dataset=reg-plane`);
  await page.waitForSelector('#map-legend .scale');
  assert.deepEqual(problems, []);
  await page.close();
});
