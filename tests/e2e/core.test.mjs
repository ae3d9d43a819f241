// Which wasm core the pages load (www/shared/core-wasm.js): in this Chromium, on this CPU (FMA3),
// relaxed SIMD's madd is fused, so the playground's worker loads the fma build, the page says
// so and a run whose matmuls take the GEMM kernel trains. With V8 told the CPU has no FMA3
// (--js-flags=--no-enable-fma3: relaxed_madd then compiles to mul + add, as on such a CPU),
// the probe finds the madd unfused in the page and in its workers, and the plain build runs.
// The run starts on the lite core (pkg/lite/) of the chosen flavour; a gradient method the
// lite core lacks then loads the full core (pkg/) of the same flavour.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { serve, launch, open } from './browser.mjs';

// The first test needs a CPU with FMA3 (any x86-64 since 2013; this machine's Cascade Lake).
const noFma = existsSync('/proc/cpuinfo') && !/^flags\s*:.*\bfma\b/m.test(readFileSync('/proc/cpuinfo', 'utf8'))
  && 'this CPU has no FMA3, so the page rightly runs the plain build';

let server;
before(async () => { server = await serve(); });
after(() => server?.stop());

// Layers of 32 at batch 32: 32×32×32 products, above the kernel's threshold (crate/tensor/matmul.rs).
const RUN = '#seed=1&data-seed=1&dataset=circle&hidden=32,32&batch-size=32&lr=0.03';

/** Opens the playground, records which core .wasm files are fetched (page and workers),
 *  trains until step 1500 and returns the core line, its build and the loss before and after. */
async function trainOnce(browser) {
  // First another page of the same origin (open() records requests elsewhere), then listen.
  const { page, problems } = await open(browser, `${server.url}/docs.html`);
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
  await page.goto(`${server.url}/${RUN}`);
  await page.waitForFunction(() => document.getElementById('loss-text').textContent.startsWith('Loss')
    && document.getElementById('core-status').dataset.build);
  const loss = async () => Number((await page.textContent('#loss-text')).match(/test ([\d.]+)/)[1]);
  const before = await loss();
  await page.click('#play');
  await page.waitForFunction(() => Number(document.getElementById('step-count').textContent) > 1500);
  await page.click('#play');
  await page.waitForTimeout(200);
  const result = {
    text: await page.textContent('#core-status'),
    build: await page.getAttribute('#core-status', 'data-build'),
    probe: await page.evaluate(async () => (await import('/www/shared/core-wasm.js')).madd),
    before, after: await loss(),
  };
  await page.evaluate(() => { location.hash = '#method=forward-gradient'; });
  await page.waitForFunction(() => document.getElementById('core-status').textContent.includes('Full core'));
  Object.assign(result, { fullText: await page.textContent('#core-status'), wasm, problems });
  await page.close();
  return result;
}

test('on an FMA CPU the playground runs the fma build, says so, and trains', { skip: noFma }, async () => {
  const browser = await launch();
  try {
    const r = await trainOnce(browser);
    assert.equal(r.probe, 'fused');
    assert.equal(r.build, 'fma');
    assert.match(r.text, /^CPU core: wasm SIMD \+ FMA \(relaxed SIMD.*identical on every machine that runs it/);
    assert.match(r.text, /Lite core/);
    assert.deepEqual(r.wasm, ['/pkg/lite/fma/gradlab_bg.wasm', '/pkg/fma/gradlab_bg.wasm'], 'the fma flavour of the lite core, then of the full core');
    assert.match(r.fullText, /^CPU core: wasm SIMD \+ FMA .*Full core, loaded for the gradient method forward-gradient/);
    assert.ok(r.after < r.before * 0.7, `test loss ${r.before} → ${r.after}`);
    assert.deepEqual(r.problems, []);
  } finally { await browser.close(); }
});

test('where the madd is not fused the page and its worker fall back to the plain build and say why', async () => {
  const browser = await launch(['--js-flags=--no-enable-fma3']);
  try {
    const r = await trainOnce(browser);
    assert.equal(r.probe, 'unfused');
    assert.equal(r.build, 'simd');
    assert.match(r.text, /^CPU core: wasm SIMD \(relaxed SIMD is here but its multiply-add is not fused on this CPU;/);
    assert.deepEqual(r.wasm, ['/pkg/lite/gradlab_bg.wasm', '/pkg/gradlab_bg.wasm'], 'the plain flavour of the lite core, then of the full core');
    assert.ok(r.after < r.before * 0.7, `test loss ${r.before} → ${r.after}`);
    assert.deepEqual(r.problems, []);
  } finally { await browser.close(); }
});

test('the probe reads an engine without relaxed SIMD, or one that fails, as unsupported', async () => {
  const browser = await launch();
  try {
    const { page, problems } = await open(browser, `${server.url}/docs.html`);
    const got = await page.evaluate(async () => {
      const { relaxedMadd } = await import('/www/shared/core-wasm.js');
      return {
        real: relaxedMadd(),
        noRelaxed: relaxedMadd({ validate: () => false }),
        throws: relaxedMadd({ validate: () => true, Module: class { constructor() { throw new Error('no'); } } }),
        odd: relaxedMadd({ ...WebAssembly, validate: WebAssembly.validate, Module: WebAssembly.Module,
          Instance: class { constructor() { this.exports = { f: () => 1 }; } } }),
      };
    });
    assert.deepEqual(got, { real: 'fused', noRelaxed: 'unsupported', throws: 'unsupported', odd: 'unsupported' });
    assert.deepEqual(problems, []);
    await page.close();
  } finally { await browser.close(); }
});
