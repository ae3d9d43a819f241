// Start-up failures are shown on the page, never a blank page or a silent "loading…": tested
// in Chromium, which can take SIMD away for real and intercept requests. (The relaxed-SIMD
// and WebGPU fallbacks are checked in every engine by checks.mjs: WebKit has neither.)
// - Without wasm SIMD: V8 compiles SIMD only where the CPU has SSE4.1, so
//   --js-flags=--no-enable-sse4-1 gives a Chromium whose WebAssembly.validate refuses SIMD,
//   like an old browser's. Every page then says what is missing and which browsers have it.
// - The core's files failing to download (request interception answers 404).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from '../e2e/browser.mjs';

let server;
before(async () => { server = await serve(); });
after(() => server?.stop());

const PAGES = ['index.html', 'optimizers.html', 'forward.html', 'simplicity.html', 'compact.html', 'dynamics.html'];
const messages = (page) => page.evaluate(() => [...document.querySelectorAll('#messages .error')].map((e) => e.textContent));

test('without wasm SIMD every page says so and names the browsers that have it', async () => {
  const browser = await launch(['--js-flags=--no-enable-sse4-1']);
  try {
    for (const name of PAGES) {
      const { page } = await open(browser, `${server.url}/${name}`);
      assert.equal(await page.evaluate(async () => (await import('/www/shared/core-wasm.js').catch(() => null)) === null), true, 'the core module refuses to load');
      await page.waitForFunction(() => document.querySelector('#messages .error'));
      const shown = await messages(page);
      assert.match(shown[0], /^This browser cannot run Gradient Lab: its WebAssembly has no SIMD .* Firefox 89 or later and Safari 16\.4 or later/, name);
      assert.ok(await page.isVisible('#messages .error'), `${name}: the message is visible`);
      if (name === 'index.html') {
        assert.equal(await page.textContent('#core-status'), 'CPU core: none (no wasm SIMD in this browser).');
        assert.equal(await page.textContent('#backend-status'), 'Backend: none (the core cannot run here).');
      }
      assert.equal(await page.evaluate(() => [...document.querySelectorAll('button, select, input')].filter((e) => !e.disabled).length), 0, `${name}: every control is disabled`);
      await page.close();
    }
  } finally { await browser.close(); }
});

test('the playground shows a core that fails to download: message and status lines, no "starting…"', async () => {
  const browser = await launch();
  try {
    // The .wasm answers 404 (the worker's init rejects), then the worker's own bundle does
    // (the worker fails to start at all), then the page's bundle (its code never runs).
    const wasm = (u) => /\/pkg\/lite\/(fma\/)?gradlab_bg\.wasm$/.test(u.pathname);
    const workerCode = (u) => u.pathname.endsWith('/pkg/playground/worker.js');
    const pageCode = (u) => u.pathname.endsWith('/pkg/playground/main.js');
    for (const [what, match] of [['the .wasm', wasm], ['the worker\'s code', workerCode], ['the page\'s code', pageCode]]) {
      const { page } = await open(browser, 'about:blank');
      await page.context().route(match, (route) => route.fulfill({ status: 404, body: 'gone' }));
      await page.goto(`${server.url}/`);
      await page.waitForFunction(() => document.getElementById('core-status').dataset.build === 'none');
      const shown = await messages(page);
      assert.ok(shown.some((t) => /WebAssembly core could not be loaded|training worker failed|page's code could not be loaded/.test(t)), `${what}: ${shown.join(' | ')}`);
      assert.match(await page.textContent('#core-status'), /^CPU core: not loaded/);
      if (match === wasm) assert.equal(await page.textContent('#backend-status'), 'Backend: none: the core did not load.');
      await page.context().unrouteAll();
      await page.close();
    }
  } finally { await browser.close(); }
});

test('a lab page shows a core that fails to download', async () => {
  const browser = await launch();
  try {
    for (const name of PAGES.slice(1)) {
      const { page } = await open(browser, 'about:blank');
      await page.context().route((u) => u.pathname.endsWith('gradlab_bg.wasm'), (route) => route.fulfill({ status: 404, body: 'gone' }));
      await page.goto(`${server.url}/${name}`);
      await page.waitForFunction(() => document.querySelector('#messages .error'));
      // e.g. "Uncaught Error: failed to fetch Wasm: 404 Not Found fetching '…/pkg/fma/gradlab_bg.wasm'"
      assert.match((await messages(page)).join(' | '), /404 Not Found fetching '[^']*gradlab_bg\.wasm'/, name);
      await page.context().unrouteAll();
      await page.close();
    }
  } finally { await browser.close(); }
});
