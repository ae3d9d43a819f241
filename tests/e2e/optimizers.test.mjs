// End-to-end tests of the optimizer lab page: a fair race with a summary table and a
// diverging entrant, and trajectories that follow a dragged start point.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from './browser.mjs';
import { controlsWithoutHelp } from './lab-controls.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

test('a race starts all entrants from the same weights, fills the table and survives a divergence', async () => {
  const { page, problems } = await open(browser, `${server.url}/optimizers.html`);
  await page.waitForSelector('#race-entrants .entrant');
  await page.fill('#race-steps', '2000');
  await page.click('#race-add');
  const last = page.locator('#race-entrants .entrant').last();
  await last.locator('select').selectOption('sgd');
  await last.locator('input[type=number]').fill('10');
  await page.selectOption('#race-dataset', 'reg-plane');
  await page.fill('#race-hidden', '');
  await page.click('#race-start');
  await page.waitForFunction(() => document.getElementById('race-fair').textContent.includes('bit-identical'));
  await page.waitForFunction(() => document.querySelectorAll('#race-table tr').length === 6);
  await page.waitForFunction(() => document.getElementById('race-table').textContent.includes('diverged at step'));
  await page.waitForFunction(() => [...document.querySelectorAll('#race-table tr')].slice(1, 5).every((r) => r.lastChild.textContent === '2000'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('a race over several workers keeps identical entrants identical, pauses and resumes', async () => {
  const { page, problems } = await open(browser, `${server.url}/optimizers.html`);
  // Four cores reported, three entrants: one worker each (entrant i on worker i mod 3).
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 4 }));
  await page.reload();
  await page.waitForSelector('#race-entrants .entrant');
  await page.evaluate(() => { const rows = document.querySelectorAll('#race-entrants .entrant'); rows[rows.length - 1].remove(); });
  const rows = page.locator('#race-entrants .entrant');
  for (const [i, [opt, lr]] of [['adam', '0.01'], ['adam', '0.01'], ['sgd', '0.03']].entries()) {
    await rows.nth(i).locator('select').selectOption(opt);
    await rows.nth(i).locator('input[type=number]').fill(lr);
    await rows.nth(i).locator('summary').click(); // "edit as text"
    await rows.nth(i).locator('details input').fill('');
  }
  await page.fill('#race-steps', '1000000');
  await page.click('#race-start');
  await page.waitForFunction(() => document.getElementById('race-fair').textContent.includes('(3 workers'));
  const table = () => page.$$eval('#race-table tr', (rs) => rs.slice(1).map((r) => [...r.children].map((c) => c.textContent)));
  await page.waitForFunction(() => Number(document.querySelector('#race-table tr:nth-child(2)')?.lastChild.textContent) > 300);
  await page.click('#race-pause');
  // The round in flight finishes and its frame is drawn (on a loaded machine that can take
  // a while): wait until two looks 400 ms apart agree, then nothing may move any more.
  let paused = await table();
  for (let tries = 0; tries < 40; tries++) {
    await page.waitForTimeout(400);
    const now = await table();
    if (JSON.stringify(now) === JSON.stringify(paused)) break;
    paused = now;
  }
  await page.waitForTimeout(500);
  assert.deepEqual(await table(), paused, 'nothing moves while paused');
  // Lockstep: every entrant at the same step. The two Adam runs sit on different workers
  // (different wasm instances): same weights and minibatches give the same loss; SGD differs.
  assert.equal(new Set(paused.map((r) => r.at(-1))).size, 1, JSON.stringify(paused));
  assert.equal(paused[0][2], paused[1][2]);
  assert.notEqual(paused[0][2], paused[2][2]);
  await page.click('#race-pause');
  const step = Number(paused[0].at(-1));
  await page.waitForFunction((s) => Number(document.querySelector('#race-table tr:nth-child(2)').lastChild.textContent) > s, step);
  assert.deepEqual(problems, []);
  await page.close();
});

test('two identical races give identical tables, whatever the pace of the frames', async () => {
  const race = async (cores) => {
    const { page, problems } = await open(browser, `${server.url}/optimizers.html#steps=6000`);
    await page.addInitScript((n) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n }), cores);
    await page.reload();
    await page.waitForSelector('#race-entrants .entrant');
    await page.fill('#race-target', '0.2');
    await page.click('#race-start');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('#race-table tr')].slice(1);
      return rows.length === 4 && rows.every((r) => r.lastChild.textContent === '6000');
    }, null, { timeout: 120000 });
    assert.match(await page.textContent('#race-table th:nth-child(2)'), /checked every 50\)$/);
    // Every column but the compute time (column 5), which is the machine's.
    const rows = await page.$$eval('#race-table tr', (rs) => rs.slice(1).map((r) => [...r.children].filter((_, i) => i !== 5).map((c) => c.textContent)));
    assert.deepEqual(problems, []);
    await page.close();
    return rows;
  };
  const one = await race(1);
  const four = await race(4);
  assert.deepEqual(four, one);
  assert.ok(one.some((r) => r[1] !== '–'), `some entrant reaches the target: ${JSON.stringify(one)}`);
  assert.ok(one.every((r) => r[1] === '–' || Number(r[1]) % 50 === 0), 'reached at a checkpoint (every 50 steps for 6000)');
});

test('trajectories redraw from a clicked start and 1-D presets plot x against the step', async () => {
  const { page, problems } = await open(browser, `${server.url}/optimizers.html`);
  await page.waitForFunction(() => document.getElementById('traj-end').textContent.startsWith('From (-1.50, 2.00)'));
  await page.locator('#traj-map').scrollIntoViewIfNeeded();
  const box = await page.locator('#traj-map').boundingBox();
  await page.mouse.click(box.x + box.width * 0.75, box.y + box.height * 0.25); // x = 1, y = 2 on Rosenbrock's view
  await page.waitForFunction(() => document.getElementById('traj-end').textContent.startsWith('From (1.00, 2.00)'));
  await page.selectOption('#traj-function', 'amsgrad-counterexample');
  await page.waitForFunction(() => document.getElementById('traj-end').textContent.includes('after 20000 steps'));
  assert.equal(await page.locator('#traj-chart .uplot').count(), 1);
  const end = await page.textContent('#traj-end');
  // A 1-D preset reports positions on its line: "x = …", no second coordinate.
  assert.match(end, /^From x = -?[\d.]+, after/);
  const [adam, ams] = [...end.matchAll(/: x = (-?[\d.]+)/g)].map((m) => Number(m[1]));
  assert.ok(adam > 0.5, `Adam ends at ${adam}`);
  assert.ok(ams < 0, `AMSGrad ends at ${ams}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a learning-rate sweep runs every rate for every optimizer and reports each at its best', async () => {
  const { page, problems } = await open(browser, `${server.url}/optimizers.html`);
  await page.waitForSelector('#sweep-entrants .entrant');
  await page.fill('#sweep-points', '4');
  await page.fill('#sweep-steps', '300');
  await page.click('#sweep-start');
  await page.waitForFunction(() => document.getElementById('sweep-status').textContent.startsWith('16 / 16'), null, { timeout: 60000 });
  const rows = await page.locator('#sweep-table tr').count();
  assert.equal(rows, 1 + 4);
  const best = await page.locator('#sweep-table tr:nth-child(2) td:nth-child(2)').textContent();
  // The grid from 1e-4 to 1 in 4 log steps: 1e-4, 2.15e-3, 4.64e-2, 1.
  assert.ok(['0.000100', '0.00215', '0.0464', '1.00'].includes(best), best);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the loss landscape view trains, slices and projects the path', async () => {
  const { page, problems } = await open(browser, `${server.url}/optimizers.html`);
  await page.waitForSelector('#land-run');
  await page.fill('#land-steps', '500');
  await page.click('#land-run');
  await page.waitForFunction(() => document.getElementById('land-status').textContent.includes('PCA directions explain'), null, { timeout: 60000 });
  assert.equal(await page.locator('#land-line .uplot').count(), 1);
  const painted = await page.evaluate(() => {
    const c = document.getElementById('land-pca');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    return new Set(Array.from({ length: 200 }, (_, i) => d[(i * 997) % d.length])).size;
  });
  assert.ok(painted > 3, 'the PCA plane is drawn');
  assert.deepEqual(problems, []);
  await page.close();
});

test('every control on the page has a name and one line of help', async () => {
  const { page, problems } = await open(browser, `${server.url}/optimizers.html`);
  await page.waitForSelector('#traj-entrants .entrant');
  assert.deepEqual(await controlsWithoutHelp(page), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the one-click preset races SGD, momentum and Adam with one shared key, and the buttons show the state', async () => {
  const { page, problems } = await open(browser, `${server.url}/optimizers.html`);
  await page.waitForSelector('#race-entrants .entrant');
  assert.match(await page.textContent('#race-loss-steps'), /appears here when the race starts/);
  // The preset dropdown sets the controls without starting.
  await page.waitForSelector('#race-presets option:nth-child(3)', { state: 'attached' });
  await page.selectOption('#race-presets', 'SGD vs Adam on the 8×8 digits');
  assert.equal(await page.inputValue('#race-dataset'), 'digits');
  assert.deepEqual(await page.$$eval('#race-entrants .entrant select', (s) => s.map((e) => e.value)), ['sgd', 'sgd', 'adam']);
  assert.equal(await page.textContent('#race-state'), '');
  assert.equal(await page.$eval('#race-pause', (b) => b.disabled), true);
  const t0 = Date.now();
  await page.click('#race-preset');
  await page.waitForFunction(() => document.getElementById('race-state').textContent.startsWith('running'));
  await page.waitForFunction(() => document.getElementById('race-state').textContent === 'finished: 6000 steps', null, { timeout: 60000 });
  console.log(`preset race: ${Date.now() - t0} ms from click to finished`);
  assert.deepEqual(await page.$$eval('#race-key span', (s) => s.map((e) => e.textContent)), ['SGD 0.03', 'SGD 0.03 (momentum=0.9)', 'Adam 0.01']);
  // Each decision map's caption carries its entrant's line style, as in the key.
  const styles = (sel) => page.$$eval(sel, (ls) => ls.map((l) => `${l.getAttribute('stroke')} ${l.getAttribute('stroke-dasharray')}`));
  assert.deepEqual(await styles('#race-maps figcaption svg line'), await styles('#race-key svg line'));
  assert.equal(new Set(await styles('#race-key svg line')).size, 3);
  assert.equal(await page.textContent('#race-start'), '▶ Run again');
  // The headline: momentum and Adam end far below plain SGD.
  const loss = await page.$$eval('#race-table tr', (rs) => rs.slice(1).map((r) => Number(r.children[2].textContent)));
  console.log(`preset final losses ${loss}`);
  assert.ok(loss[1] < loss[0] * 0.8 && loss[2] < loss[0] / 2, `final losses ${loss}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a race that cannot be built says so and can be started again', async () => {
  const { page } = await open(browser, `${server.url}/optimizers.html`);
  await page.waitForSelector('#race-entrants .entrant');
  await page.fill('#race-hidden', '8,x');
  await page.click('#race-start');
  await page.waitForSelector('#messages .error');
  await page.waitForFunction(() => document.getElementById('race-state').textContent === 'stopped: see the message above');
  assert.equal(await page.textContent('#race-start'), '▶ Run again');
  assert.equal(await page.$eval('#race-pause', (b) => b.disabled), true);
  await page.close();
});
