// Runs the browser side of the benchmark in headless Chromium and prints JSON lines (read
// by scripts/bench.sh): our wasm builds (scalar, simd, and fma: GEMM with relaxed SIMD's
// fused multiply-add) and the plain-JS MLP (bench/bench.html), TF.js on its cpu and wasm
// backends (bench/bench-tf.html), TF.js webgpu in a second Chromium launched
// with SwiftShader's Vulkan (a CPU-emulated GPU, not a real one), frame times and
// throughput of the playground page (scripts/bench-frames.mjs) and race scaling over
// workers (bench/bench-race.html). A part that fails prints an error line and the rest runs.
// Usage: node scripts/bench.mjs [seconds] (BENCH_ONLY=wasm,tfjs,webgpu,frames,race picks parts)
import { serve, launch } from '../tests/e2e/browser.mjs';
import { frames } from './bench-frames.mjs';

const seconds = process.argv[2] || '2';
const only = new Set((process.env.BENCH_ONLY || 'wasm,tfjs,webgpu,frames,race').split(','));
const SWIFTSHADER = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader'];
const emit = (r) => console.log(JSON.stringify(r));
const server = await serve();
const browser = await launch();

/** Opens a bench page and emits its window.benchResults (or an error line). */
async function run(b, path, label, timeout = 300000) {
  const page = await b.newPage();
  const t0 = Date.now();
  console.error(`bench: ${label}…`);
  try {
    page.on('pageerror', (e) => console.error(`${label}: page error: ${e.message}`));
    // Not until 'load': TF.js's cpu backend runs the whole benchmark without yielding (its
    // data() resolves at once), which holds the load event back for as long as it runs.
    await page.goto(`${server.url}${path}`, { waitUntil: 'commit' });
    const results = await page.waitForFunction(() => window.benchResults, null, { timeout }).then((h) => h.jsonValue());
    for (const r of results) emit(r);
  } catch (err) {
    emit({ case: 'page-error', backend: label, error: String(err.message || err).split('\n')[0] });
  } finally {
    await page.close();
    console.error(`bench: ${label} took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
}

try {
  const hc = await (async () => { const p = await browser.newPage(); const n = await p.evaluate(() => navigator.hardwareConcurrency); await p.close(); return n; })();
  emit({ case: 'browser', version: browser.version(), hardwareConcurrency: hc });
  console.error(`chromium ${browser.version()}`);
  // All wasm builds and the plain-JS MLP in one page, taking turns (bench/bench.js says why).
  if (only.has('wasm')) await run(browser, `/bench/bench.html?seconds=${seconds}`, 'wasm builds and plain JS');
  if (only.has('tfjs')) for (const backend of ['cpu', 'wasm']) await run(browser, `/bench/bench-tf.html?backend=${backend}&seconds=${seconds}`, `tfjs-${backend}`);
  if (only.has('webgpu')) {
    const gpu = await launch(SWIFTSHADER);
    try {
      await run(gpu, `/bench/bench-tf.html?backend=webgpu&seconds=${seconds}`, 'tfjs-webgpu');
      await run(gpu, `/bench/bench-gpu.html?seconds=${seconds}`, 'webgpu-ours');
    } finally { await gpu.close(); }
  }
  if (only.has('frames')) { console.error('bench: frames…'); await frames(browser, server.url, Number(seconds), emit); }
  if (only.has('race')) await run(browser, `/bench/bench-race.html?seconds=${seconds}`, 'race');
} finally {
  await browser.close();
  server.stop();
}
