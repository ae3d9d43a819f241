// Runs the shared benchmark cases on the wasm build in this page and publishes the
// results as window.benchResults (read by scripts/bench.mjs).
const params = new URLSearchParams(location.search);
const build = params.get('build') === 'scalar' ? 'scalar' : 'simd';
const seconds = Number(params.get('seconds') || 2);
const dir = build === 'scalar' ? '../pkg/scalar/' : '../pkg/';
const mod = await import(`${dir}gradlab.js`);
await mod.default({ module_or_path: new URL(`${dir}gradlab_bg.wasm`, import.meta.url) });

const results = [];
for (const [name, json] of mod.benchCases()) {
  const lab = new mod.Lab(JSON.parse(json));
  lab.setEpochMetrics(false); // time training steps only
  for (let i = 0; i < 300; i++) lab.train(1); // warm up with many short calls
  let steps = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    lab.train(100);
    steps += 100;
  }
  const rate = steps / ((performance.now() - started) / 1000);
  results.push({ case: name, backend: `wasm-${build}`, steps_per_second: rate });
  lab.free();
}
// Matmul GFLOP/s for each shape the benchmark prices (crate/bench.rs), as `gradlab bench`
// does it: reps per call double until a call takes 0.5 ms, then 50 warm-up calls (at most
// 0.2 s; a long first call can stay on V8's baseline tier), then the timing.
const matmulSeconds = Math.min(0.5, Math.max(0.05, seconds / 8));
for (const [m, k, n] of mod.benchMatmulShapes()) {
  let sink = 0;
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    sink += mod.benchMatmul(m, k, n, reps);
    if (performance.now() - t0 >= 0.5 || reps >= 1 << 20) break;
    reps *= 2;
  }
  const warm = performance.now();
  for (let i = 0; i < 50 && performance.now() - warm < 200; i++) sink += mod.benchMatmul(m, k, n, reps);
  let calls = 0;
  const started = performance.now();
  while (performance.now() - started < matmulSeconds * 1000) { sink += mod.benchMatmul(m, k, n, reps); calls++; }
  const gflops = (2 * m * k * n * reps * calls) / ((performance.now() - started) / 1000) / 1e9;
  results.push({ case: 'matmul', backend: `wasm-${build}`, m, k, n, reps, gflops, checksum: sink });
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
    for (let i = 0; i < 300; i++) net.step(x, y);
    let steps = 0;
    const started = performance.now();
    while (performance.now() - started < seconds * 1000) {
      for (let i = 0; i < 10; i++) net.step(x, y);
      steps += 10;
    }
    results.push({ case: name, backend: 'plain-js', steps_per_second: steps / ((performance.now() - started) / 1000) });
  }
}
document.getElementById('out').textContent = results.map((r) => JSON.stringify(r)).join('\n');
window.benchResults = results;
