// Feedback on the playground: Space plays and pauses wherever the focus is (but not while
// choosing in a select), each setting change is a history entry that Back undoes, a loss
// that rises or jumps about gets a learning-rate hint, and Share copies the shortest link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from './browser.mjs';
import { lossTrouble } from '../../www/playground/loss-hint.js';
import { shortestSettings } from '../../www/playground/share.js';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const ready = (page) => page.waitForFunction(() => document.getElementById('loss-text').textContent.startsWith('Loss'));
const playing = (page) => page.evaluate(() => document.getElementById('play').textContent.includes('Pause'));

test('lossTrouble names a rising and an oscillating loss and leaves a falling one alone', () => {
  const steps = Array.from({ length: 100 }, (_, i) => 10 * (i + 1));
  const falling = steps.map((s) => 0.7 * Math.exp(-s / 300) + 0.01);
  assert.equal(lossTrouble(steps, falling), null);
  const rising = steps.map((s, i) => (i < 40 ? 0.7 - i * 0.01 : 0.3 + (i - 40) * 0.01));
  assert.equal(lossTrouble(steps, rising), 'rising');
  const jumping = steps.map((s, i) => 0.5 + (i % 2 ? 0 : 0.4));
  assert.equal(lossTrouble(steps, jumping), 'oscillating');
  assert.equal(lossTrouble(steps.slice(0, 10), rising.slice(0, 10)), null, 'too early to tell');
});

test('shortestSettings keeps only what differs from the defaults, in order', () => {
  const defaults = { seed: 1, dataset: 'circle', noise: 0, hidden: [4, 2], activations: [], lr: 0.03, eps: null };
  assert.deepEqual(shortestSettings('#seed=1&dataset=circle&noise=0.0&hidden=4,2&activations=&lr=0.03', defaults), {});
  assert.deepEqual(shortestSettings('#seed=7&dataset=xor&noise=0.1&hidden=8&activations=&lr=0.03&eps=1e-7', defaults),
    { seed: '7', dataset: 'xor', noise: '0.1', hidden: '8', eps: '1e-7' });
});

test('Space toggles training whatever button has focus, but not in a select', async () => {
  const { page, problems } = await open(browser, `${server.url}/#dataset=xor`);
  await ready(page);
  await page.focus('#new-weights');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.getElementById('play').textContent.includes('Pause'));
  const seed = await page.evaluate(() => location.hash.match(/seed=(\d+)/)[1]);
  await page.focus('#speed');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.getElementById('play').textContent.includes('Play'));
  assert.equal(await page.evaluate(() => location.hash.match(/seed=(\d+)/)[1]), seed, 'the focused button was not pressed');
  await page.focus('#lr');
  await page.keyboard.press('Space');
  await page.waitForTimeout(200);
  assert.equal(await playing(page), false, 'Space in a select chooses there');
  assert.deepEqual(problems, []);
  await page.close();
});

test('each setting change is a history entry: Back undoes the last one', async () => {
  const { page, problems } = await open(browser, `${server.url}/`);
  await ready(page);
  await page.click('#play');
  await page.waitForFunction(() => Number(document.getElementById('step-count').textContent) > 50);
  await page.selectOption('#lr', '0.1');
  await page.waitForFunction(() => location.hash.includes('lr=0.1&'));
  await page.selectOption('#activation', 'relu');
  await page.waitForFunction(() => location.hash.includes('activation=relu'));
  await page.goBack();
  await page.waitForFunction(() => location.hash.includes('activation=tanh'));
  await page.waitForFunction(() => document.getElementById('activation').value === 'tanh');
  assert.equal(await page.inputValue('#lr'), '0.1', 'only the last change was undone');
  // Undoing a live setting keeps the run going where it was.
  const at = Number(await page.textContent('#step-count'));
  await page.goBack();
  await page.waitForFunction(() => location.hash.includes('lr=0.03&'));
  await page.waitForFunction(() => document.getElementById('lr').value === '0.03');
  assert.ok(Number(await page.textContent('#step-count')) >= at, 'the run was not rebuilt');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a loss that jumps about gets a hint to lower the learning rate, which one click applies', async () => {
  const { page, problems } = await open(browser, `${server.url}/#dataset=xor&lr=10&activation=relu`);
  await ready(page);
  await page.click('#play');
  await page.waitForSelector('#hint:not([hidden])', { timeout: 20000 });
  assert.match(await page.textContent('#hint'), /learning rate \(10\) may be too large/);
  await page.click('#hint button');
  await page.waitForFunction(() => /lr=3(\.0)?&/.test(location.hash));
  assert.deepEqual(problems, []);
  await page.close();
  const calm = await open(browser, `${server.url}/`);
  await ready(calm.page);
  await calm.page.click('#play');
  await calm.page.waitForTimeout(2500);
  assert.equal(await calm.page.isVisible('#hint'), false, 'no hint on a healthy run');
  await calm.page.close();
});

test('Share copies the shortest link, and the link reproduces the run', async () => {
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { page, problems } = await open(context, `${server.url}/#dataset=xor&hidden=5&seed=9`);
  await ready(page);
  await page.click('#share button');
  await page.waitForSelector('.share textarea');
  const link = await page.locator('.share textarea').first().inputValue();
  assert.equal(link, `${server.url}/#seed=9&dataset=xor&hidden=5`);
  await page.locator('.share button.copy').first().click();
  await page.waitForFunction(() => document.querySelector('.share button.copy').textContent.startsWith('Copied'));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  const full = await page.evaluate(() => location.hash);
  const other = await open(context, link);
  await ready(other.page);
  assert.equal(await other.page.evaluate(() => location.hash), full);
  assert.deepEqual([...problems, ...other.problems], []);
  await context.close();
});
