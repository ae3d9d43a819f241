// Two wasm builds side by side in one headless Chromium page (a command, not a test):
// training steps per second of the benchmark nets and matmul GFLOP/s (crate/bench.rs),
// each figure the best of many short windows (~4 ms) taken in turn from build A and build
// B, so load from other processes on a shared machine hits both alike. The page is
// cross-origin isolated, so performance.now() resolves microseconds.
// Usage: node scripts/bench-ab.mjs A_PKG_DIR B_PKG_DIR [seconds per figure, default 2]
//        [steps|matmul] [shapes like 256x256x256,64x64x128]
// B_PKG_DIR may be the word plain-js: B is then bench/plain-mlp.js's MLP on the cases it has
// (training steps only), the same contender as bench/bench.js's. Or the word native: B is
// then the native build (target/release/gradlab bench --serve, built with --features cli),
// and this script alternates windows of ~10 ms between the page's A and the native process
// (training steps and matmul shapes; each side times its own windows). GRADLAB_NATIVE=PATH
// times another native binary instead, e.g. one whose matrixmultiply may use SSE2 only
// (128-bit vectors, as wasm's; docs/BENCHMARKS.md): MMTEST_FEATURE=sse2 cargo build --release
// --features cli --target-dir target/native128, then GRADLAB_NATIVE=target/native128/release/gradlab.
// BENCH_AB_JSON=LABEL_A,LABEL_B prints JSON lines for scripts/bench_report.py instead of a table.
// e.g. copy main's pkg/ to target/main-pkg, then: node scripts/bench-ab.mjs target/main-pkg pkg 3
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { launch } from '../tests/e2e/browser.mjs';
import { medianRatio } from '../bench/bench-turns.js';

const [dirA, dirB, seconds = '2', only = '', shapes = ''] = process.argv.slice(2);
if (!dirA || !dirB) throw new Error('usage: node scripts/bench-ab.mjs A_PKG_DIR B_PKG_DIR [seconds] [steps|matmul] [shapes]');

// The page: imports both builds, then for each figure alternates windows between them.
const PAGE = `
import { inTurns, medianRatio } from '/bench-turns.js';
const params = new URLSearchParams(location.search);
const seconds = Number(params.get('seconds')), only = params.get('only'), shapeList = params.get('shapes');
const builds = {};
const plainB = params.get('plain') === '1', nativeB = params.get('native') === '1';
const plainJs = plainB ? await import('/plain-mlp.js') : null;
for (const name of plainB || nativeB ? ['a'] : ['a', 'b']) {
  const mod = await import('/' + name + '/gradlab.js');
  await mod.default({ module_or_path: '/' + name + '/gradlab_bg.wasm' });
  // The page's build leaves the digits out (scripts/build-web.sh); an older build has no such call.
  if (mod.digitsLoaded && !mod.digitsLoaded()) mod.provideDigits(new Uint8Array(await (await fetch('/digits.u8')).arrayBuffer()));
  builds[name] = mod;
}
/** Best rate of each contender's work (a function of a repeat count), in turns of ~4 ms
 *  calls (bench-turns.js), and the median over rounds of B's rate / A's in the same round. */
function rates(work) {
  const { best, rounds } = inTurns(work, { windowMs: 4, seconds });
  return { ...best, median: medianRatio(rounds, 'b', 'a') };
}
const train = (mod, json) => { const lab = new mod.Lab(JSON.parse(json)); lab.setEpochMetrics(false); return lab; };
// For B = native, the script drives the windows: A's are timed here, one run per case kept.
const labsA = {};
window.casesA = builds.a.benchCases().map(([name]) => name);
const secondsOf = (work) => { const t0 = performance.now(); work(); return (performance.now() - t0) / 1000; };
window.windowA = (i, n) => {
  const lab = (labsA[i] ??= train(builds.a, builds.a.benchCases()[i][1]));
  return secondsOf(() => lab.train(n));
};
let sinkA = 0;
window.matmulA = ([m, k, n], reps) => secondsOf(() => { sinkA += builds.a.benchMatmul(m, k, n, reps); });
const out = [];
if (only !== 'matmul' && !nativeB) for (const [name, json] of builds.a.benchCases()) {
  const work = {};
  const labA = train(builds.a, json);
  work.a = (n) => labA.train(n);
  if (plainB) {
    work.b = plainJs.plainCase(name, labA.info());
    if (!work.b) continue;
  } else {
    const labB = train(builds.b, json);
    work.b = (n) => labB.train(n);
  }
  const r = rates(work);
  out.push({ case: name, unit: 'steps/s', a: r.a, b: r.b, median: r.median });
}
const shapes = shapeList ? shapeList.split(',').map((s) => s.split('x').map(Number)) : builds.a.benchMatmulShapes();
window.shapesA = shapes;
if (only !== 'steps' && !plainB && !nativeB) for (const [m, k, n] of shapes) {
  let sink = 0;
  const r = rates(Object.fromEntries(Object.entries(builds).map(([name, mod]) => [name, (reps) => { sink += mod.benchMatmul(m, k, n, reps); }])));
  out.push({ case: m + '×' + k + '×' + n, unit: 'GFLOP/s', a: (2 * m * k * n * r.a) / 1e9, b: (2 * m * k * n * r.b) / 1e9, median: r.median, sink });
}
window.results = out;
`;

/** B = native: windows of ~10 ms in turn from the page's A and from a native process
 *  (`gradlab bench --serve`), per case (training steps) and per matmul shape; best rates and
 *  the median of per-round ratios. */
async function againstNative(page) {
  const binary = process.env.GRADLAB_NATIVE || new URL('../target/release/gradlab', import.meta.url).pathname;
  const proc = spawn(binary, ['bench', '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const replies = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  const ask = async (request) => {
    proc.stdin.write(`${request}\n`);
    const { value } = await replies.next();
    if (!value || value.startsWith('error')) throw new Error(`native: ${value}`);
    return Number(value);
  };
  await page.waitForFunction(() => window.casesA && window.shapesA, null, { timeout: 60000 });
  const [names, shapes] = await page.evaluate(() => [window.casesA, window.shapesA]);
  // Each item: a name, its unit, work per repeat, and a window of n repeats on each side.
  const items = [];
  if (only !== 'matmul') {
    for (const [i, name] of names.entries()) {
      items.push({ name, unit: 'steps/s', per: 1, a: (n) => page.evaluate(([i, n]) => window.windowA(i, n), [i, n]), b: (n) => ask(`${i} ${n}`) });
    }
  }
  if (only !== 'steps') {
    for (const shape of shapes) {
      const [m, k, n] = shape;
      items.push({ name: `${m}×${k}×${n}`, unit: 'GFLOP/s', per: (2 * m * k * n) / 1e9,
        a: (reps) => page.evaluate(([shape, reps]) => window.matmulA(shape, reps), [shape, reps]), b: (reps) => ask(`matmul ${m} ${k} ${n} ${reps}`) });
    }
  }
  const out = [];
  try {
    for (const item of items) {
      const sides = { a: item.a, b: item.b };
      const per = {};
      for (const [side, run] of Object.entries(sides)) {
        for (let w = 0; w < 20; w++) await run(1); // warm-up
        let n = 1;
        while ((await run(n)) < 0.01 && n < 1 << 24) n *= 2;
        per[side] = n;
      }
      const best = { a: 0, b: 0 }, rounds = [];
      const end = Date.now() + Number(seconds) * 1000;
      while (Date.now() < end) {
        const round = { a: (per.a * item.per) / (await item.a(per.a)), b: (per.b * item.per) / (await item.b(per.b)) };
        best.a = Math.max(best.a, round.a);
        best.b = Math.max(best.b, round.b);
        rounds.push(round);
      }
      out.push({ case: item.name, unit: item.unit, a: best.a, b: best.b, median: medianRatio(rounds, 'b', 'a') });
    }
  } finally {
    proc.stdin.end();
  }
  return out;
}

const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm' };
const server = createServer((req, res) => {
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
  const path = new URL(req.url, 'http://x').pathname;
  const m = path.match(/^\/([ab])\/([\w.]+)$/);
  if (m) {
    res.setHeader('Content-Type', TYPES[extname(m[2])] || 'application/octet-stream');
    res.end(readFileSync(join(resolve(m[1] === 'a' ? dirA : dirB), m[2])));
  } else if (path === '/plain-mlp.js' || path === '/bench-turns.js') {
    res.setHeader('Content-Type', 'text/javascript');
    res.end(readFileSync(new URL(`../bench${path}`, import.meta.url)));
  } else if (path === '/digits.u8') {
    res.end(readFileSync(new URL('../data/digits.u8', import.meta.url)));
  } else if (path === '/page.js') {
    res.setHeader('Content-Type', 'text/javascript');
    res.end(PAGE);
  } else {
    res.setHeader('Content-Type', 'text/html');
    res.end('<!doctype html><script type="module" src="/page.js"></script>');
  }
}).listen(0, '127.0.0.1');
await new Promise((r) => server.on('listening', r));
const browser = await launch();
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => { console.error(`page error: ${e.message}`); process.exitCode = 1; });
  const query = new URLSearchParams({ seconds, only, shapes, plain: dirB === 'plain-js' ? '1' : '0', native: dirB === 'native' ? '1' : '0' });
  await page.goto(`http://127.0.0.1:${server.address().port}/?${query}`);
  const results = dirB === 'native' ? await againstNative(page) : await page.waitForFunction(() => window.results, null, { timeout: 3600000 }).then((h) => h.jsonValue());
  if (process.env.BENCH_AB_JSON) {
    const [labelA, labelB] = process.env.BENCH_AB_JSON.split(',');
    for (const r of results) console.log(JSON.stringify({ case: 'ab', network: r.case, unit: r.unit, a: labelA, b: labelB, a_best: r.a, b_best: r.b, median_b_over_a: r.median }));
  } else {
    console.log(`Chromium ${browser.version()}; A = ${dirA}, B = ${dirB}; ${seconds} s per figure\n`);
    console.log('| case | unit | A (best) | B (best) | B / A (best) | B / A (median of rounds) |\n|---|---|---:|---:|---:|---:|');
    const fmt = (v) => v.toLocaleString('en-US', { maximumFractionDigits: v < 100 ? 2 : 0, minimumFractionDigits: v < 100 ? 2 : 0 });
    for (const r of results) console.log(`| ${r.case} | ${r.unit} | ${fmt(r.a)} | ${fmt(r.b)} | ${(r.b / r.a).toFixed(2)} | ${r.median.toFixed(2)} |`);
  }
} finally {
  await browser.close();
  server.close();
}
