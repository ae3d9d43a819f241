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
document.getElementById('out').textContent = results.map((r) => JSON.stringify(r)).join('\n');
window.benchResults = results;
