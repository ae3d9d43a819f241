// The notebook widget in a real JupyterLab and a real Jupyter Notebook 7 (from .venv-py, with
// the wheel installed by scripts/test-python.sh), started headless, driven in headless
// Chromium at 1280×800: a notebook runs
// gradlab.Playground(...), the widget shows the playground page (its frame holds the
// dataset picker, features, network and decision map), trains after w.play(), Python reads
// the step count back from the synced state, a setting changed from Python reaches the view
// and one changed in the view reaches Python, a second widget trains on its own, and a bad
// setting is named in w.warnings and in the view. Screenshots: target/python/*.png.
// Slow (each server starts once, ~20 s): run by scripts/test-python.sh only. Notebook 7 runs
// the first three steps (render, train, read back).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, ROOT } from '../e2e/browser.mjs';

const cells = [
  'import gradlab\nw = gradlab.Playground(dataset="xor", hidden=[4], lr=0.1, seed=3)\nw',
  'w.play()',
  'w.pause()',
  'print("STEPS", w.steps, "EPOCHS", len(w.history_df))',
  'w.set(dataset="spiral")',
  'print("DATASET", w.config["dataset"])',
  'w2 = gradlab.Playground(dataset="circle", seed=5)\nw2',
  'w2.play()',
  'w2.pause()',
  'print("TWO", w.steps, w2.steps)',
  'w3 = gradlab.Playground(dataset="gauss", lr="abc")\nw3',
  'print("WARNINGS", w3.warnings)',
];
const notebook = {
  nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
  cells: cells.map((source, i) => ({ cell_type: 'code', id: `c${i}`, metadata: {}, execution_count: null, outputs: [], source })),
};

let dir;
let browser;
const servers = [];
function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port: p } = s.address(); s.close(() => resolve(p)); });
  });
}
/** Starts `jupyter lab` or `jupyter notebook` (Notebook 7) headless on the notebook's folder;
 *  resolves to its port once it answers. */
async function jupyter(app) {
  const port = await freePort();
  const appClass = app === 'lab' ? 'LabApp' : 'JupyterNotebookApp';
  servers.push(spawn(join(ROOT, '.venv-py/bin/jupyter'), [app, '--no-browser', `--port=${port}`, '--ip=127.0.0.1',
    '--IdentityProvider.token=', '--ServerApp.password=', '--ServerApp.disable_check_xsrf=True', `--ServerApp.root_dir=${dir}`,
    `--${appClass}.expose_app_in_browser=True`, ...(app === 'lab' ? ['--LabApp.news_url='] : []), '--ServerApp.allow_root=True'],
  { stdio: 'ignore', env: { ...process.env, JUPYTER_CONFIG_DIR: join(dir, '.jupyter'), JUPYTER_RUNTIME_DIR: join(dir, `.runtime-${app}`), JUPYTERLAB_SETTINGS_DIR: join(dir, '.lab-settings') } }));
  for (let i = 0; i < 600; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/api/status`)).ok) break; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return port;
}
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gradlab-jupyter-'));
  writeFileSync(join(dir, 'widget.ipynb'), JSON.stringify(notebook));
  // No "get notified about Jupyter news?" toast over the screenshots.
  const settings = join(dir, '.lab-settings/@jupyterlab/apputils-extension');
  mkdirSync(settings, { recursive: true });
  writeFileSync(join(settings, 'notification.jupyterlab-settings'), '{ "fetchNews": "false" }');
  browser = await launch();
});
after(async () => { await browser?.close(); for (const s of servers) s.kill(); if (dir) rmSync(dir, { recursive: true, force: true }); });

/** Opens the notebook at `url` and returns run(i), which runs cell i in its kernel. */
async function openNotebook(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel, null, { timeout: 90000 });
  return (i) => page.evaluate(async (index) => {
    const app = window.jupyterapp;
    const panel = app.shell.currentWidget;
    await panel.sessionContext.ready;
    panel.content.activeCellIndex = index;
    await app.commands.execute('notebook:run-cell');
  }, i);
}

/** The playground page in the i-th widget's frame. */
const view = (page, i) => page.locator('.jp-OutputArea-output iframe').nth(i).contentFrame();
/** The text a cell printed, once it shows `pattern`. */
async function printed(page, pattern) {
  const out = page.locator('.jp-OutputArea-output', { hasText: pattern });
  await out.waitFor({ timeout: 30000 }).catch(async (err) => {
    throw new Error(`${err.message}; the outputs: ${(await page.locator('.jp-OutputArea-output').allTextContents()).join(' | ')}`);
  });
  return out.textContent();
}
const stepsShown = async (frame) => Number(await frame.locator('#step-count').textContent());
/** Waits until the view's step count holds still (paused) and one sync (250 ms) has passed:
 *  the kernel reads the synced state between cells, not while one runs. */
async function settled(page, frame) {
  for (let last = -1, now = await stepsShown(frame); now !== last; last = now, now = await stepsShown(frame)) await page.waitForTimeout(300);
  await page.waitForTimeout(400);
}

/** Cells 0-3: the widget renders, trains after w.play(), and Python reads its steps back. */
async function rendersTrainsAndSyncs(page, run, shot) {
  await run(0);
  const frame = view(page, 0);
  await frame.locator('#heatmap').waitFor({ timeout: 60000 });
  for (const id of ['#datasets', '#features', '#network', '#loss-chart', '#speed']) assert.equal(await frame.locator(id).count(), 1, id);
  await run(1);
  for (let i = 0; i < 600 && await stepsShown(frame) <= 300; i++) await page.waitForTimeout(100);
  if (shot) { // the view's top in the notebook, as a reader sees it
    await page.locator('.jp-OutputArea-output iframe').first().evaluate((e) => e.scrollIntoView());
    await page.screenshot({ path: join(ROOT, shot) });
  }
  await run(2);
  await settled(page, frame);
  await run(3);
  const [, steps, epochs] = (await printed(page, /STEPS \d/)).match(/STEPS (\d+) EPOCHS (\d+)/);
  assert.ok(Number(steps) > 300, `steps ${steps}`);
  assert.equal(Number(steps), await stepsShown(frame), 'Python reads the step count the view shows');
  assert.ok(Number(epochs) > 5, `history rows ${epochs}`);
  return { steps, epochs };
}

test('a notebook shows gradlab.Playground, trains it and reads the steps back in Python', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const run = await openNotebook(page, `http://127.0.0.1:${await jupyter('lab')}/lab/tree/widget.ipynb`);
  const { steps, epochs } = await rendersTrainsAndSyncs(page, run, 'target/python/jupyter-training.png');
  console.log(`jupyter: Python read steps=${steps}, history rows=${epochs}`);
  const frame = view(page, 0);
  await run(4); // Python -> view: the dataset picker follows, the run restarts at step 0
  await frame.locator('#datasets button[aria-pressed="true"]', { hasText: 'spiral' }).waitFor({ timeout: 30000 });
  assert.equal(await stepsShown(frame), 0);
  // View -> Python: the view's dataset picker changes w.config.
  await frame.locator('#datasets button', { hasText: 'circle' }).click();
  await page.waitForTimeout(500);
  await run(5);
  assert.match(await printed(page, /DATASET [a-z]/), /DATASET circle/);
  // A second widget trains on its own: the first stays at step 0.
  await run(6);
  const second = view(page, 1);
  await second.locator('#heatmap').waitFor({ timeout: 60000 });
  await run(7);
  for (let i = 0; i < 600 && await stepsShown(second) <= 100; i++) await page.waitForTimeout(100);
  await run(8);
  await settled(page, second);
  await run(9);
  const [, one, two] = (await printed(page, /TWO \d/)).match(/TWO (\d+) (\d+)/);
  assert.equal(Number(one), 0);
  assert.ok(Number(two) > 100, `second widget's steps ${two}`);
  assert.equal(await stepsShown(frame), 0);
  // A bad setting is named, in Python and in the view, which runs the rest.
  await run(10);
  const third = view(page, 2);
  await third.locator('#messages', { hasText: 'lr' }).waitFor({ timeout: 60000 });
  await page.waitForTimeout(500);
  await run(11);
  assert.match(await printed(page, /WARNINGS/), /WARNINGS \[.*lr/);
  assert.ok(await third.locator('#heatmap').isVisible());
  await third.locator('#messages').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ROOT, 'target/python/jupyter-warning.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('Jupyter Notebook 7 shows the widget too: it renders, trains and Python reads the steps back', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.stack || e.message));
  const run = await openNotebook(page, `http://127.0.0.1:${await jupyter('notebook')}/notebooks/widget.ipynb`);
  const { steps } = await rendersTrainsAndSyncs(page, run, 'target/python/notebook7.png');
  console.log(`notebook 7: Python read steps=${steps}`);
  // Notebook 7.6's own settings loader throws once in a fresh profile ("reading 'schema'",
  // from its bundle under /static/notebook/): not the widget's, so only other errors count.
  assert.deepEqual(errors.filter((e) => !e.includes('/static/notebook/')), []);
  await page.close();
});
