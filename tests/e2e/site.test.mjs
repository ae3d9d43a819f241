// End-to-end test of the static site bundle (scripts/build-site.sh → site/) on a stock static
// server that is not ours (python3 -m http.server), from a sub-path (/course/gradlab/), with
// no server configuration: the playground trains and the optimizer lab's preset races there;
// and on a host that serves .wasm as application/octet-stream the pages still start (the
// wasm-bindgen glue falls back from instantiateStreaming to instantiate on the bytes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, open, ROOT } from './browser.mjs';

const SUB = '/course/gradlab';
let browser;
let parent;
before(async () => {
  execFileSync('bash', [join(ROOT, 'scripts/build-site.sh')], { stdio: 'ignore' });
  parent = mkdtempSync(join(tmpdir(), 'gradlab-site-'));
  mkdirSync(join(parent, 'course'));
  symlinkSync(join(ROOT, 'site'), join(parent, 'course/gradlab'));
  browser = await launch();
});
after(async () => { await browser?.close(); if (parent) rmSync(parent, { recursive: true, force: true }); });

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** python3's http.server on `parent`; `wasmType` overrides the MIME type of .wasm files. */
async function python(wasmType) {
  const port = await freePort();
  const code = [
    'import http.server as h, functools, sys',
    wasmType ? `h.SimpleHTTPRequestHandler.extensions_map = {'.wasm': '${wasmType}'}` : '',
    'class Q(h.SimpleHTTPRequestHandler):',
    '    def log_message(self, *a): pass',
    `h.ThreadingHTTPServer(('127.0.0.1', ${port}), functools.partial(Q, directory=sys.argv[1])).serve_forever()`,
  ].join('\n');
  const proc = spawn('python3', ['-c', code, parent], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}${SUB}/index.html`)).ok) break; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `http://127.0.0.1:${port}${SUB}`, port, stop: () => proc.kill() };
}

async function playgroundTrains(url) {
  const { page, problems } = await open(browser, `${url}/`);
  await page.waitForFunction(() => document.getElementById('loss-text').textContent.startsWith('Loss'), null, { timeout: 30000 });
  await page.click('#play');
  await page.waitForFunction(() => Number(document.getElementById('step-count').textContent) > 2000, null, { timeout: 30000 });
  await page.click('#play');
  assert.match(await page.textContent('#loss-text'), /Loss train [\d.]+ \/ test [\d.]+/);
  return { page, problems };
}

test('the bundle holds the pages, cores, chart library, digits and embed script, and nothing else', () => {
  for (const f of ['index.html', 'optimizers.html', 'forward.html', 'simplicity.html', 'compact.html', 'dynamics.html', 'docs.html',
    'www/embed.js', 'www/vendor/uPlot.esm.js', 'data/digits.u8', 'pkg/gradlab.js', 'pkg/gradlab_bg.wasm',
    'pkg/fma/gradlab_bg.wasm', 'pkg/lite/gradlab.js', 'pkg/lite/gradlab_bg.wasm', 'pkg/lite/fma/gradlab_bg.wasm']) {
    assert.ok(existsSync(join(ROOT, 'site', f)), `site/${f}`);
  }
  for (const f of ['tests', 'bench', 'crate', 'www/README.md', 'pkg/gradlab.d.ts', 'data/digits.csv.gz', 'www/shared/gpu/bench.js']) {
    assert.ok(!existsSync(join(ROOT, 'site', f)), `site/${f} should not be there`);
  }
});

test('from a sub-path of python3 -m http.server, the playground trains and the optimizer lab races', async () => {
  const server = await python();
  try {
    const { page, problems } = await playgroundTrains(server.url);
    assert.deepEqual(problems, []);
    await page.close();
    const lab = await open(browser, `${server.url}/optimizers.html`);
    await lab.page.waitForSelector('#race-presets option:nth-child(3)', { state: 'attached' });
    await lab.page.selectOption('#race-presets', 'SGD vs Adam on the 8×8 digits'); // fetches data/digits.u8
    await lab.page.click('#race-start');
    await lab.page.waitForFunction(() => document.getElementById('race-state').textContent.startsWith('finished'), null, { timeout: 90000 });
    assert.equal(await lab.page.locator('#race-table tr').count(), 4);
    assert.deepEqual(lab.problems, []);
    await lab.page.close();
  } finally { server.stop(); }
});

test('a host serving .wasm as application/octet-stream still runs the playground', async () => {
  const server = await python('application/octet-stream');
  try {
    const res = await fetch(`${server.url}/pkg/lite/gradlab_bg.wasm`);
    assert.equal(res.headers.get('content-type'), 'application/octet-stream');
    const { page, problems } = await playgroundTrains(server.url);
    assert.deepEqual(problems, []);
    await page.close();
  } finally { server.stop(); }
});
