// The notebook widget in marimo (from .venv-py, with the wheel installed by
// scripts/test-python.sh): `marimo run` serves an app whose first cell shows
// mo.ui.anywidget(gradlab.Playground(...)) and whose second shows the steps Python reads from
// the widget's synced state (marimo reruns it when the state changes). In headless
// Chromium the widget shows the playground page (in its frame), trains after the page's
// Play, and after Pause the second cell shows the step count the view reached.
// Slow (~15 s): run by scripts/test-python.sh only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, ROOT } from '../e2e/browser.mjs';

const APP = `import marimo

app = marimo.App()


@app.cell
def _():
    import marimo as mo
    import gradlab
    w = mo.ui.anywidget(gradlab.Playground(dataset="xor", hidden=[4], lr=0.1, seed=3))
    w
    return mo, w


@app.cell
def _(mo, w):
    mo.md(f"STEPS {w.value.get('steps')}")
    return


if __name__ == "__main__":
    app.run()
`;

let dir;
let server;
let browser;
let port;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gradlab-marimo-'));
  writeFileSync(join(dir, 'app.py'), APP);
  port = await new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port: p } = s.address(); s.close(() => resolve(p)); });
  });
  server = spawn(join(ROOT, '.venv-py/bin/marimo'), ['run', join(dir, 'app.py'), '--headless', '--port', String(port), '--host', '127.0.0.1', '--no-token'],
    { cwd: dir, stdio: 'ignore', env: { ...process.env, HOME: dir } });
  for (let i = 0; i < 600; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await launch();
});
after(async () => { await browser?.close(); server?.kill(); if (dir) rmSync(dir, { recursive: true, force: true }); });

test('marimo shows the widget through mo.ui.anywidget; it trains and Python reads the steps back', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${port}/`);
  const view = page.locator('iframe[title="Gradient Lab playground"]').contentFrame();
  await view.locator('#heatmap').waitFor({ timeout: 60000 });
  for (const id of ['#datasets', '#features', '#network', '#loss-chart']) assert.equal(await view.locator(id).count(), 1, id);
  await view.locator('#play').click();
  const steps = async () => Number(await view.locator('#step-count').textContent());
  for (let i = 0; i < 600 && await steps() <= 300; i++) await page.waitForTimeout(100);
  await view.locator('#play').click(); // Pause
  await page.waitForTimeout(300);
  const shown = await steps();
  await page.screenshot({ path: join(ROOT, 'target/python/marimo.png') });
  // The second cell reran with the synced state: Python saw the steps the view shows.
  await page.waitForFunction((n) => new RegExp(`STEPS ${n}\\b`).test(document.body.innerText), shown, { timeout: 30000 });
  console.log(`marimo: Python read steps=${shown}`);
  assert.ok(shown > 300);
  assert.deepEqual(errors, []);
  await page.close();
});
