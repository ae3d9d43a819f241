// Runs the shared benchmark cases on the wasm build in this page and publishes the
// results as window.benchResults (read by scripts/bench.mjs).
const params = new URLSearchParams(location.search);
// Builds: simd (pkg/), fma (pkg/fma/gradlab_bg.wasm with pkg/gradlab.js: GEMM with relaxed
// madd, www/core-wasm.js) and scalar (pkg/scalar/, made by scripts/bench.sh). Each is
// measured as named, whichever the pages would pick here.
const build = ['scalar', 'fma'].includes(params.get('build')) ? params.get('build') : 'simd';
const seconds = Number(params.get('seconds') || 2);
const dir = build === 'scalar' ? '../pkg/scalar/' : '../pkg/';
const mod = await import(`${dir}gradlab.js`);
await mod.default({ module_or_path: new URL(`${build === 'fma' ? '../pkg/fma/' : dir}gradlab_bg.wasm`, import.meta.url) });
// The page's build fetches the digits (www/digits.js does it for the pages); this build may be another.
if (!mod.digitsLoaded()) mod.provideDigits(new Uint8Array(await (await fetch(new URL('../data/digits.u8', import.meta.url))).arrayBuffer()));

// Every figure is the best of WINDOWS windows of equal length: load from other processes
// (this is a shared 2-core VM) only ever slows a window down. First up to 100 short calls
// (at most 0.3 s: a long first call can stay on V8's baseline tier), then calls grow until
// one takes 2 ms.
const WINDOWS = 4;
function bestRate(work, seconds) {
  const warm = performance.now();
  for (let i = 0; i < 100 && performance.now() - warm < 300; i++) work(1);
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    work(n);
    if (performance.now() - t0 >= 2 || n >= 1 << 20) break;
    n *= 2;
  }
  let best = 0;
  for (let w = 0; w < WINDOWS; w++) {
    let done = 0;
    const started = performance.now();
    while (performance.now() - started < (seconds * 1000) / WINDOWS) { work(n); done += n; }
    best = Math.max(best, done / ((performance.now() - started) / 1000));
  }
  return best;
}

const results = [];
for (const [name, json] of mod.benchCases()) {
  const lab = new mod.Lab(JSON.parse(json));
  lab.setEpochMetrics(false); // time training steps only
  const rate = bestRate((n) => lab.train(n), seconds);
  results.push({ case: name, backend: `wasm-${build}`, steps_per_second: rate });
  lab.free();
}
// Matmul GFLOP/s for each shape the benchmark prices (crate/bench.rs), as `gradlab bench`.
const matmulSeconds = Math.min(0.5, Math.max(0.1, seconds / 8));
for (const [m, k, n] of mod.benchMatmulShapes()) {
  let sink = 0;
  const gflops = (2 * m * k * n * bestRate((reps) => { sink += mod.benchMatmul(m, k, n, reps); }, matmulSeconds)) / 1e9;
  results.push({ case: 'matmul', backend: `wasm-${build}`, m, k, n, gflops, checksum: sink });
}
// The plain-JS baseline, once (it does not depend on the wasm build).
if (build === 'simd') {
  const { PlainMlp, PLAIN_CASES } = await import('./plain-mlp.js');
  for (const [name, sizes, act, loss, optimizer, lr, batch] of PLAIN_CASES) {
    const net = new PlainMlp(sizes, act, loss, optimizer, lr, batch);
    let seed = 5;
    const rand = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 4294967296; };
    const x = Float32Array.from({ length: batch * sizes[0] }, () => rand() * 2 - 1);
    const y = Float32Array.from({ length: batch }, () => Math.floor(rand() * (loss === 'bce' ? 2 : sizes.at(-1))));
    const rate = bestRate((n) => { for (let i = 0; i < n; i++) net.step(x, y); }, seconds);
    results.push({ case: name, backend: 'plain-js', steps_per_second: rate });
  }
}
document.getElementById('out').textContent = results.map((r) => JSON.stringify(r)).join('\n');
window.benchResults = results;
