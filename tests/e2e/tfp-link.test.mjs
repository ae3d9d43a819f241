// TensorFlow Playground links on the playground page: a link with our host opens the same
// experiment the CLI computes (first points, loss text before and after a step), with a
// banner naming the keys it could not honour; the paste box does the same; display flags
// are applied; a link mixing our keys in is reported; our own links open as before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, launch, open, ROOT } from './browser.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const fixture = (name) => JSON.parse(readFileSync(join(ROOT, `tests/fixtures/tfp/${name}.json`), 'utf8'));
const gradlab = (...args) => execFileSync(join(ROOT, 'target/release/gradlab'), args, { encoding: 'utf8' });
const hashOf = (link) => link.slice(link.indexOf('#'));

/** The CLI's points (CSV rows) and its loss text after `epochs` epochs. */
function cli(link, epochs) {
  const rows = gradlab('data', '--link', link, '--raw').trim().split('\n').slice(1).map((l) => l.split(','));
  const out = mkdtempSync(join(tmpdir(), 'tfp-'));
  const summary = JSON.parse(gradlab('train', '--link', link, '--set', `epochs=${epochs}`, '--out', out));
  return { rows, lossText: `Loss train ${summary.loss_text.train} / test ${summary.loss_text.test}` };
}

const lossText = (page) => page.evaluate(() => document.getElementById('loss-text').textContent);
const waitLoss = (page, prefix) => page.waitForFunction((p) => document.getElementById('loss-text').textContent.startsWith(p), prefix, { timeout: 30000 });
const banner = (page) => page.waitForSelector('#tfp-banner', { timeout: 30000 }).then((el) => el.textContent());

test('a Playground link with our host opens the CLI\'s points and loss, and a step is its epoch', async () => {
  const f = fixture('default');
  const { page, problems } = await open(browser, `${server.url}/${hashOf(f.link)}`);
  const text = await banner(page);
  assert.match(text, /TensorFlow Playground link/);
  assert.match(text, /seed 0\.59164/);
  assert.doesNotMatch(text, /Not honoured/);
  const at0 = cli(f.link, 0);
  await waitLoss(page, at0.lossText);
  const info = await page.evaluate(() => window.gradlabPage.info());
  assert.ok(info.tfp, 'the run is the Playground rule');
  assert.equal(info.train.length, 250);
  for (let i = 0; i < 5; i++) {
    const [x, y, label] = at0.rows[i];
    assert.deepEqual(info.train[i].slice(0, 2), [Math.fround(+x), Math.fround(+y)], `point ${i}`);
    assert.equal(info.train[i][2], +label > 0 ? 1 : 0);
  }
  assert.equal(new URL(page.url()).hash.includes('seed=0.59164'), true, 'the URL keeps the Playground keys');
  await page.click('#step');
  const at1 = cli(f.link, 1);
  await waitLoss(page, at1.lossText);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the paste box opens a link, and its banner names the keys it could not honour', async () => {
  const { page, problems } = await open(browser, `${server.url}/`);
  await waitLoss(page, 'Loss');
  await page.click('text=Open a TensorFlow Playground link');
  await page.waitForSelector('#tfp-paste');
  const link = 'https://playground.tensorflow.org/#activation=softplus&dataset=xor&seed=0.83215&networkShape=3&batchSize=7&showTestData=true&discretize=true&learningRate_hide=true&tutorial=intro';
  await page.click('#tfp-paste button');
  assert.equal(await page.isVisible('#tfp-link:invalid'), true, 'an empty box is not sent');
  await page.fill('#tfp-link', 'https://playground.tensorflow.org/');
  await page.click('#tfp-paste button');
  assert.match(await page.textContent('#tfp-error'), /no settings/);
  await page.fill('#tfp-link', link);
  await page.click('#tfp-paste button');
  const text = await banner(page);
  assert.match(text, /Not honoured: activation: "softplus"/);
  assert.match(text, /tutorial=intro/);
  await waitLoss(page, cli(link, 0).lossText);
  assert.equal(await page.isChecked('#show-test'), true, 'showTestData');
  assert.equal(await page.isChecked('#discretize'), true, 'discretize');
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('lr').closest('label')).display), 'none', 'learningRate_hide');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a link mixing our keys in is reported, and our own links open as before', async () => {
  const { page, problems } = await open(browser, `${server.url}/#dataset=xor&batchSize=10&seed=0.5&hidden=3&optimizer=adam`);
  const text = await banner(page);
  assert.match(text, /Not applied: hidden, optimizer/);
  await waitLoss(page, 'Loss');
  await page.close();
  const ours = await open(browser, `${server.url}/#dataset=xor&hidden=3&lr=0.1`);
  await waitLoss(ours.page, 'Loss');
  assert.equal(await ours.page.$('#tfp-banner'), null);
  const info = await ours.page.evaluate(() => window.gradlabPage.info());
  assert.equal(info.tfp, undefined);
  assert.deepEqual(info.sizes, [2, 3, 1]);
  assert.deepEqual([...problems, ...ours.problems], []);
  await ours.page.close();
});

test('changing a setting leaves the Playground rule and the banner says so', async () => {
  const f = fixture('xor-relu-batch7');
  const { page, problems } = await open(browser, `${server.url}/${hashOf(f.link)}`);
  await banner(page);
  await waitLoss(page, cli(f.link, 0).lossText);
  await page.selectOption('#lr', { index: 0 });
  await page.waitForFunction(() => document.getElementById('tfp-banner').dataset.state === 'left', null, { timeout: 30000 });
  assert.equal((await page.evaluate(() => window.gradlabPage.info())).tfp, undefined);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a seedless link gets a seed as the Playground picks one, written into the URL so it repeats', async () => {
  const { page, problems } = await open(browser, `${server.url}/#dataset=xor&batchSize=10&networkShape=3`);
  assert.match(await banner(page), /picked now/);
  await waitLoss(page, 'Loss');
  const hash = new URL(page.url()).hash;
  const seed = hash.match(/[#&]seed=(0\.\d{5})(&|$)/)?.[1];
  assert.ok(seed, `the URL carries the seed: ${hash}`);
  const again = await open(browser, `${server.url}/${hash}`);
  assert.match(await banner(again.page), new RegExp(`seed ${seed.replace('.', '\\.')}\\)`));
  await waitLoss(again.page, cli(`https://playground.tensorflow.org/${hash}`, 0).lossText);
  assert.deepEqual([...problems, ...again.problems], []);
  await page.close();
  await again.page.close();
});
