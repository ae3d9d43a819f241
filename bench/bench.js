// Runs the shared benchmark cases on every wasm build at once in this page, beside the
// plain-JS MLP, and publishes the results as window.benchResults (read by scripts/bench.mjs).
// Builds: scalar (pkg/scalar/, made by scripts/bench.sh), simd (pkg/), fma (pkg/fma/
// gradlab_bg.wasm with pkg/gradlab.js: GEMM with relaxed SIMD's fused multiply-add).
//
// Side by side, not one after another: for each figure the contenders take turns, window
// after window of 25–50 ms, and each keeps its best window. This shared 2-core VM has
// phases of seconds to minutes at about half speed; measured in turn, one build could
// catch a slow phase and another a fast one (identical code once measured 382k and 753k
// steps/s). Taking turns, every contender sees the same phases, so the ratios hold. (Not
// shorter windows: this page is not cross-origin isolated, so performance.now() is coarse,
// 0.1 ms, and the best of many 4 ms windows would pick the luckiest rounding.)
const params = new URLSearchParams(location.search);
const seconds = Number(params.get('seconds') || 2);
const wanted = (params.get('builds') || 'scalar,simd,fma').split(',');
import { inTurns, medianRatio } from './bench-turns.js';

const digits = fetch(new URL('../data/digits.u8', import.meta.url)).then((r) => r.arrayBuffer());
const WASM = {
  scalar: ['../pkg/scalar/gradlab.js', '../pkg/scalar/gradlab_bg.wasm'],
  simd: ['../pkg/gradlab.js', '../pkg/gradlab_bg.wasm'],
  // The same glue as simd under another URL: a module instance of its own.
  fma: ['../pkg/gradlab.js?fma', '../pkg/fma/gradlab_bg.wasm'],
};
const builds = {};
const notes = [];
for (const name of wanted.filter((b) => WASM[b])) {
  try {
    const [js, wasm] = WASM[name];
    const mod = await import(new URL(js, import.meta.url));
    await mod.default({ module_or_path: new URL(wasm, import.meta.url) });
    // The page's builds fetch the digits when a run needs them (www/shared/digits.js).
    if (!mod.digitsLoaded()) mod.provideDigits(new Uint8Array(await digits));
    builds[name] = mod;
  } catch (err) {
    notes.push({ case: 'page-error', backend: `wasm-${name}`, error: `not measured: ${String(err.message || err).split('\n')[0]}` });
  }
}

/** Best rate of each contender (name → work(n) doing n units), in turns of 25–50 ms calls
 *  for `secs` seconds per contender (bench-turns.js), and the median over rounds of
 *  wasm-simd's rate / the contender's in the same round (`simdOver`). */
function rates(contenders, secs) {
  const { best, rounds } = inTurns(contenders, { windowMs: 25, seconds: secs * Object.keys(contenders).length });
  return Object.fromEntries(Object.keys(contenders).map((name) => [name, { rate: best[name], simdOver: medianRatio(rounds, 'wasm-simd', name) }]));
}

// The plain-JS contender draws minibatches as ours does (until the sixth session it stepped
// on one fixed batch, which spared it the sampling our step pays).
const { plainCase } = await import('./plain-mlp.js');

const results = [...notes];
const any = Object.values(builds)[0];
for (const [name, json] of any.benchCases()) {
  const contenders = {};
  const labs = [];
  for (const [build, mod] of Object.entries(builds)) {
    const lab = new mod.Lab(JSON.parse(json));
    lab.setEpochMetrics(false); // time training steps only
    labs.push(lab);
    contenders[`wasm-${build}`] = (n) => lab.train(n);
  }
  const plain = plainCase(name, labs[0].info());
  if (plain) contenders['plain-js'] = plain;
  const r = rates(contenders, seconds);
  for (const [backend, { rate, simdOver }] of Object.entries(r)) results.push({ case: name, backend, steps_per_second: rate, simd_over_median: simdOver });
  for (const lab of labs) lab.free();
}
// Matmul GFLOP/s for each shape the benchmark prices (crate/bench.rs), as `gradlab bench`.
const matmulSeconds = Math.min(0.5, Math.max(0.25, seconds / 4));
for (const [m, k, n] of any.benchMatmulShapes()) {
  let sink = 0;
  const contenders = Object.fromEntries(Object.entries(builds).map(([build, mod]) => [`wasm-${build}`, (reps) => { sink += mod.benchMatmul(m, k, n, reps); }]));
  for (const [backend, { rate }] of Object.entries(rates(contenders, matmulSeconds))) {
    results.push({ case: 'matmul', backend, m, k, n, gflops: (2 * m * k * n * rate) / 1e9, checksum: sink });
  }
}
document.getElementById('out').textContent = results.map((r) => JSON.stringify(r)).join('\n');
window.benchResults = results;
