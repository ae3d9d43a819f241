// The npm package as a user gets it: scripts/build-npm.sh packs target/gradlab-X.tgz; a
// scratch project in a temp dir outside the repo installs it with plain `npm install <tgz>`
// (no dependencies, so no registry); a Node script trains 200 steps through the headless API
// and sees the loss fall, and a plain HTML page in Chromium (served by python3 -m http.server)
// uses <gradlab-playground> and the headless API through an import map; a Vite production
// build and Vite's dev server (vite from the repo's devDependencies, optimizeDeps.exclude as
// the README says, the package copied to public/ for the element) train on the digits and
// show the element.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, cpSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, open, ROOT } from '../e2e/browser.mjs';

let scratch;
let tgz;
before(() => {
  tgz = execFileSync('bash', [join(ROOT, 'scripts/build-npm.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  scratch = mkdtempSync(join(tmpdir(), 'gradlab-npm-'));
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tgz], { cwd: scratch, stdio: 'ignore' });
});
after(() => { if (scratch) rmSync(scratch, { recursive: true, force: true }); });

test('the package is dependency-free and its version is the crate\'s', () => {
  const pkg = JSON.parse(readFileSync(join(scratch, 'node_modules/gradlab/package.json'), 'utf8'));
  const cargo = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8').match(/^version = "(.*)"/m)[1];
  assert.equal(pkg.version, cargo);
  assert.equal(pkg.dependencies, undefined);
  for (const key of ['.', './element']) assert.ok(pkg.exports[key].types, `${key} has types`);
});

test('the TypeScript declarations type a user\'s code (tsc --strict, nodenext)', () => {
  writeFileSync(join(scratch, 'check.ts'), `
    import { createRun, type Run, type Evaluation } from 'gradlab';
    import { viewUrl } from 'gradlab/element';
    const run: Run = await createRun({ dataset: 'spiral', hidden: [8, 8], lr: 0.03 });
    const s: { step: number; loss: number } = run.step(10);
    const e: Evaluation = run.evaluate();
    const w: Float32Array = run.weights();
    const f: Uint8Array = run.safetensors();
    const url: string = viewUrl('playground', { dataset: 'xor' }, { autoplay: true });
    const el: HTMLElement = document.createElement('gradlab-playground');
    // @ts-expect-error: step takes a count
    run.step('ten');
    console.log(s, e.train.loss, w.length, f.length, url, el);
  `);
  writeFileSync(join(scratch, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'es2022',
    module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'], types: [] }, files: ['check.ts'] }));
  execFileSync('node', [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', scratch], { cwd: scratch, encoding: 'utf8' });
});

test('Node trains 200 steps through the headless API and the loss falls', () => {
  writeFileSync(join(scratch, 'train.mjs'), `
    import { createRun } from 'gradlab';
    const run = await createRun({ dataset: 'spiral', hidden: [8, 8], lr: 0.03, optimizer: 'adam', seed: 3 });
    const before = run.evaluate();
    const first = run.step(1);
    const last = run.step(199);
    const file = run.safetensors();
    const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true)))));
    let bad = null;
    try { await createRun({ dataset: 'nope' }); } catch (err) { bad = err.message; }
    const digits = await createRun('#dataset=digits&hidden=16&seed=1');
    digits.step(20);
    console.log(JSON.stringify({ before, after: run.evaluate(), first, last, steps: run.steps, weights: run.weights().length,
      tensors: Object.keys(header).filter((k) => k !== '__metadata__'), bad, digits: digits.steps, build: run.build, hash: run.hash }));
  `);
  const out = JSON.parse(execFileSync('node', ['train.mjs'], { cwd: scratch, encoding: 'utf8' }));
  console.log(`headless: loss ${out.before.train.loss.toFixed(4)} -> ${out.after.train.loss.toFixed(4)}, accuracy ${out.after.train.accuracy}, build ${out.build}`);
  assert.equal(out.steps, 200);
  assert.equal(out.last.step, 200);
  assert.ok(out.after.train.loss < out.before.train.loss * 0.9, `train loss ${out.before.train.loss} → ${out.after.train.loss}`);
  assert.equal(out.weights, 2 * 8 + 8 + 8 * 8 + 8 + 8 * 1 + 1);
  assert.ok(out.tensors.length >= 6, `safetensors tensors ${out.tensors}`);
  assert.match(out.bad, /dataset/);
  assert.equal(out.digits, 20);
  assert.match(out.hash, /dataset=spiral/);
});

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Serves `dir` with python3 -m http.server (or the server `serve(port)` starts), opens
 *  `path` in Chromium and hands the page to `check`. */
async function inChromium(dir, path, check, serve = (port) => spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir], { stdio: 'ignore' })) {
  const port = await freePort();
  const server = serve(port);
  const browser = await launch();
  try {
    for (let i = 0; i < 100; i++) {
      try { if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break; } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    const { page, problems } = await open(browser, `http://127.0.0.1:${port}${path}`);
    await check(page);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.kill();
  }
}

async function elementTrains(page) {
  const frame = await (await page.waitForSelector('#p iframe', { state: 'attached' })).contentFrame();
  await frame.waitForSelector('body.embedded', { state: 'attached', timeout: 30000 });
  await frame.waitForFunction(() => Number(document.getElementById('step-count').textContent) > 200, null, { timeout: 30000 });
  return frame;
}

async function headlessTrained(page) {
  const h = await page.waitForFunction(() => window.headless, null, { timeout: 30000 }).then((j) => j.jsonValue());
  assert.equal(h.steps, 300);
  assert.ok(h.after < h.before, `browser headless loss ${h.before} → ${h.after}`);
}

const MAIN = `
  import { createRun } from 'gradlab';
  const run = await createRun({ dataset: 'digits', hidden: '16', lr: 0.1, seed: 2 });
  const a = run.evaluate().train.loss;
  run.step(300);
  window.headless = { before: a, after: run.evaluate().train.loss, steps: run.steps };`;

/** A Vite project using the package as the docs say (optimizeDeps.exclude; the package
 *  copied to public/ for the element). */
function viteApp(name) {
  const app = join(scratch, name);
  cpSync(join(scratch, 'package.json'), join(app, 'package.json'));
  cpSync(join(scratch, 'node_modules'), join(app, 'node_modules'), { recursive: true });
  cpSync(join(scratch, 'node_modules/gradlab'), join(app, 'public/gradlab'), { recursive: true });
  writeFileSync(join(app, 'vite.config.js'), "export default { optimizeDeps: { exclude: ['gradlab'] } };\n");
  writeFileSync(join(app, 'main.js'), MAIN);
  writeFileSync(join(app, 'index.html'), `<!doctype html><meta charset="utf-8"><title>vite app</title><link rel="icon" href="data:,">
<script type="module" src="./main.js"></script>
<script type="module" src="/gradlab/www/embed.js"></script>
<gradlab-playground id="p" dataset="xor" layers="4" autoplay></gradlab-playground>`);
  return app;
}
const VITE = join(ROOT, 'node_modules/vite/bin/vite.js');

test('a Vite build (optimizeDeps.exclude) runs the headless API and the element', async () => {
  const app = viteApp('vite-app');
  execFileSync('node', [VITE, 'build', '--logLevel', 'error'], { cwd: app, stdio: 'ignore' });
  await inChromium(join(app, 'dist'), '/index.html', async (page) => {
    await headlessTrained(page);
    const frame = await elementTrains(page);
    assert.match(await frame.evaluate(() => location.hash), /dataset=xor/);
  });
});

test('Vite\'s dev server (optimizeDeps.exclude) serves the headless API and the element', async () => {
  const app = viteApp('vite-dev');
  await inChromium(app, '/index.html', async (page) => {
    await headlessTrained(page);
    const frame = await elementTrains(page);
    assert.match(await frame.evaluate(() => location.hash), /dataset=xor/);
  }, (port) => spawn('node', [VITE, '--port', String(port), '--strictPort', '--host', '127.0.0.1', '--logLevel', 'error'], { cwd: app, stdio: 'ignore' }));
});

test('a plain HTML page uses the element and the headless API through an import map', async () => {
  writeFileSync(join(scratch, 'index.html'), `<!doctype html>
<meta charset="utf-8"><title>course page</title><link rel="icon" href="data:,">
<script type="importmap">
  { "imports": { "gradlab": "./node_modules/gradlab/headless.js", "gradlab/element": "./node_modules/gradlab/www/embed.js" } }
</script>
<script type="module">
  import 'gradlab/element';${MAIN}
</script>
<h1>A course page</h1>
<gradlab-playground id="p" view="playground" dataset="spiral" layers="8,8" autoplay></gradlab-playground>`);
  await inChromium(scratch, '/index.html', async (page) => {
    const frame = await elementTrains(page);
    assert.match(await frame.evaluate(() => location.hash), /dataset=spiral/);
    await headlessTrained(page);
  });
});
