// The notebook widget in a real JupyterLab and a real Jupyter Notebook 7 (from .venv-py, with
// the wheel installed by scripts/test-python.sh), started headless, driven in headless
// Chromium: a notebook runs
// gradlab.Playground(...), the widget renders and trains after w.play(), Python reads the
// step count back from the synced state, a setting changed from Python reaches the view and
// one changed in the view reaches Python.
// Slow (each server starts once, ~20 s): run by scripts/test-python.sh only. Notebook 7 runs
// the first three steps (render, train, read back).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, ROOT } from '../e2e/browser.mjs';

const cells = [
  'import gradlab\nw = gradlab.Playground(dataset="xor", hidden=[4], lr=0.1, seed=3)\nw',
  'w.play()',
  'w.pause()\nprint("STEPS", w.steps, "EPOCHS", len(w.history_df))',
  'w.set(dataset="spiral")',
  'print("DATASET", w.config["dataset"])',
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
  { stdio: 'ignore', env: { ...process.env, JUPYTER_CONFIG_DIR: join(dir, '.jupyter'), JUPYTER_RUNTIME_DIR: join(dir, `.runtime-${app}`) } }));
  for (let i = 0; i < 600; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/api/status`)).ok) break; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return port;
}
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gradlab-jupyter-'));
  writeFileSync(join(dir, 'widget.ipynb'), JSON.stringify(notebook));
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

/** Cells 0-2: the widget renders, trains after w.play(), and Python reads its steps back. */
async function rendersTrainsAndSyncs(page, run, shot) {
  await run(0);
  const view = page.locator('.gradlab-w');
  await view.waitFor({ timeout: 60000 });
  assert.equal(await view.locator('canvas.map').count(), 1);
  await run(1);
  await page.waitForFunction(() => Number(document.querySelector('.gradlab-w .steps')?.textContent) > 300, null, { timeout: 60000 });
  if (shot) await page.screenshot({ path: join(ROOT, shot) });
  await page.waitForTimeout(500); // one sync (at most every 250 ms)
  await run(2);
  const out = page.locator('.jp-OutputArea-output', { hasText: /STEPS \d/ });
  await out.waitFor({ timeout: 30000 });
  const [, steps, epochs] = (await out.textContent()).match(/STEPS (\d+) EPOCHS (\d+)/);
  assert.ok(Number(steps) > 300, `steps ${steps}`);
  assert.ok(Number(epochs) > 5, `epochs ${epochs}`);
  return { steps, epochs };
}

test('a notebook shows gradlab.Playground, trains it and reads the steps back in Python', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const run = await openNotebook(page, `http://127.0.0.1:${await jupyter('lab')}/lab/tree/widget.ipynb`);
  const { steps, epochs } = await rendersTrainsAndSyncs(page, run, 'target/python/jupyter-training.png');
  console.log(`jupyter: Python read steps=${steps}, epochs=${epochs}`);
  await run(3); // Python -> view: the dataset select follows, the run restarts at step 0
  await page.waitForFunction(() => document.querySelector('.gradlab-w .dataset').value === 'spiral', null, { timeout: 30000 });
  await page.waitForFunction(() => document.querySelector('.gradlab-w .loss').textContent.startsWith('Loss appears'));
  await page.screenshot({ path: join(ROOT, 'target/python/jupyter.png') });
  // View -> Python: the view's dataset control changes w.config.
  await page.selectOption('.gradlab-w .dataset', 'circle');
  await page.waitForTimeout(300);
  await run(4);
  await page.locator('.jp-OutputArea-output', { hasText: /DATASET [a-z]/ }).waitFor({ timeout: 30000 });
  assert.match(await page.locator('.jp-OutputArea-output', { hasText: /DATASET [a-z]/ }).textContent(), /DATASET circle/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('Jupyter Notebook 7 shows the widget too: it renders, trains and Python reads the steps back', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
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
