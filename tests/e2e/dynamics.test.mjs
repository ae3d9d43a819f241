// End-to-end test of the training-dynamics page: each one-click preset runs in the worker
// and shows its headline effect (sharpness at 2/η, grokking's delay, softmax collapse and
// its fixes, neural-collapse metrics, the gradient in the top-k eigenspace); the page fits a
// phone, every control has help, and it embeds as a view with parts hidden.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from './browser.mjs';
import { controlsWithoutHelp } from './lab-controls.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const cells = (page, id) => page.$$eval(`#${id} tr`, (rs) => rs.slice(1).map((r) => [...r.children].map((c) => c.textContent)));

test('the four presets show their effects, with the papers\' numbers beside ours', async () => {
  const { page, problems } = await open(browser, `${server.url}/dynamics.html`);
  await page.click('#preset-eos');
  // Live: the chart is drawn while the run is still going.
  await page.waitForFunction(() => document.getElementById('eos-state').textContent === 'running…' && document.querySelector('#eos-sharp .uplot'), null, { timeout: 60000, polling: 20 });
  await page.waitForFunction(() => document.getElementById('eos-state').textContent.startsWith('done'), null, { timeout: 60000 });
  const [eos] = await cells(page, 'eos-table');
  const mean = Number(eos[2].split(' ')[0]);
  assert.ok(Math.abs(mean / 10 - 1) < 0.1, `sharpness ${eos[2]} vs 2/η = 10`);
  assert.match(eos[3], /\[M\]/);
  assert.equal(await page.locator('#eos-sharp .uplot').count(), 1);
  assert.doesNotMatch(await page.textContent('#eos'), /--/, 'legends without "--" placeholders');

  await page.click('#preset-grok');
  await page.waitForFunction(() => document.getElementById('grok-state').textContent.startsWith('done'), null, { timeout: 60000 });
  const [grok] = await cells(page, 'grok-table');
  assert.ok(Number(grok[2]) > Number(grok[1]) && Number(grok[3]) > 0, `train ${grok[1]}, test ${grok[2]}`);

  await page.click('#sc-run');
  await page.waitForFunction(() => document.getElementById('sc-state').textContent.startsWith('done'), null, { timeout: 90000 });
  const sc = await cells(page, 'sc-table');
  assert.ok(parseFloat(sc[0][1]) > 50, `softmax: ${sc[0][1]}`);
  assert.equal(sc[1][1], '0%');
  assert.equal(sc[2][1], '0%');

  await page.click('#preset-nc');
  await page.waitForFunction(() => document.getElementById('nc-state').textContent.startsWith('done'), null, { timeout: 90000 });
  const nc = await cells(page, 'nc-table');
  assert.equal(nc[1][1], '1.00');
  assert.ok(Number(nc[1][2]) < Number(nc[0][2]) / 3, `NC1 ${nc[0][2]} → ${nc[1][2]}`);

  await page.click('#preset-hs');
  await page.waitForFunction(() => document.getElementById('hs-state').textContent.startsWith('done'), null, { timeout: 90000 });
  const share = Number((await page.textContent('#hs-now')).match(/Ours: (\d+)%/)[1]);
  assert.ok(share > 40, `gradient share ${share}%`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('every control has help, the page fits a phone, and it embeds with parts hidden', async () => {
  const { page, problems } = await open(browser, `${server.url}/dynamics.html`);
  await page.waitForSelector('#eos-sharp .placeholder');
  assert.deepEqual(await controlsWithoutHelp(page), []);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  assert.ok(scroll <= width, `${scroll}px of content in a ${width}px screen`);
  assert.deepEqual(problems, []);
  await page.close();
  const embedded = await open(browser, `${server.url}/dynamics.html?embed=1&hide=collapse,spectrum`);
  await embedded.page.waitForSelector('#eos-sharp .placeholder');
  assert.equal(await embedded.page.isVisible('#collapse'), false);
  assert.equal(await embedded.page.isVisible('#eos'), true);
  assert.deepEqual(embedded.problems, []);
  await embedded.page.close();
});
