// The WebGPU kernels (www/shared/gpu/) against the wasm core, in headless Chromium on
// SwiftShader's Vulkan (a CPU implementation of WebGPU: this proves correctness, not
// speed), and the playground's backend selector with and without WebGPU.
//
// Tolerances (docs/WEBGPU.md says why): the GPU sums in another order than the core's
// matmuls (and has its own exp, tanh, erf), so results agree to float rounding, not bits:
// - maps: |GPU − CPU| ≤ 1e-5 · max(1, largest |CPU value|) per cell and per neuron;
// - one step's loss: relative 1e-5; its gradient: ≤ 1e-5 · largest |∂L/∂θ| + 1e-7;
// - weights after 1 step: ≤ 1e-5 · max(1, largest |θ|); after 5 steps: ≤ 1e-4 · max(1, largest |θ|).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, WEBGPU_FLAGS } from './browser.mjs';

let server;
let gpuBrowser;
let plainBrowser;
let kernels;
before(async () => {
  server = await serve();
  gpuBrowser = await launch(WEBGPU_FLAGS);
  plainBrowser = await launch();
  kernels = await open(gpuBrowser, `${server.url}/tests/e2e/pages/gpu-kernels.html`);
  await kernels.page.waitForFunction(() => !document.getElementById('status').textContent.startsWith('loading'), null, { timeout: 60000 });
});
after(async () => { await gpuBrowser?.close(); await plainBrowser?.close(); server?.stop(); });

const check = (name, ...args) => kernels.page.evaluate(([n, a]) => window.kernelChecks[n](...a), [name, args]);

test('SwiftShader gives the kernel page a WebGPU adapter', async () => {
  assert.match(await kernels.page.textContent('#status'), /^ready: .*swiftshader/);
});

// Widths 1, 3, 17, 65, 130 and grids of 3², 7², 17² and 100² rows: none a multiple of the
// 16 × 16 tiles or the 64-thread workgroups, both kernels (narrow and tiled) used.
const FORWARD_CASES = [
  [{ dataset: 'circle', hidden: [1], activation: 'relu' }, 3],
  [{ dataset: 'xor', hidden: [3, 17], activation: 'leaky-relu', features: ['x1', 'x2', 'x1-x2'] }, 17],
  [{ dataset: 'spiral', hidden: [65], activation: 'sigmoid', features: ['x1', 'x2', 'x1-sq', 'x2-sq', 'x1-x2', 'sin-x1', 'sin-x2'] }, 100],
  [{ dataset: 'multi-spiral', classes: 5, hidden: [130, 17], activation: 'gelu' }, 17],
  [{ dataset: 'reg-plane', hidden: [17, 3], activation: 'sin' }, 7],
  [{ dataset: 'gauss', hidden: [3], activation: 'tanh', loss: 'mse' }, 100],
  [{ dataset: 'reg-gauss', hidden: [20, 20], activations: ['tanh', 'linear'], init: 'he' }, 17],
];

test('the forward kernels match computeGrid and computeNeurons for every activation and head', async () => {
  for (const [config, res] of FORWARD_CASES) {
    const r = await check('forward', config, res);
    const what = `${config.dataset} ${r.sizes.join('-')} at ${res}²`;
    assert.ok(r.grid.maxAbs <= 1e-5 * Math.max(1, r.grid.scale), `${what}: map differs by ${r.grid.maxAbs}`);
    assert.ok(r.neurons.maxAbs <= 1e-5 * Math.max(1, r.neurons.scale), `${what}: neurons differ by ${r.neurons.maxAbs} (scale ${r.neurons.scale})`);
  }
});

// Batches of 1, 7, 100 and 257 rows; every loss, sgd (plain, momentum, Nesterov) and
// Adam, L1 and L2 penalties, 64 inputs (digits) and 10 classes.
const TRAIN_CASES = [
  { dataset: 'circle', hidden: [4, 2], activation: 'tanh', 'batch-size': 1 },
  { dataset: 'xor', hidden: [3], activation: 'relu', 'batch-size': 7, optimizer: 'adam', lr: 0.01 },
  { dataset: 'spiral', hidden: [17, 65], activation: 'gelu', 'batch-size': 100, optimizer: 'sgd', momentum: 0.9, regularization: 'l2', 'reg-rate': 0.01 },
  { dataset: 'multi-spiral', classes: 3, samples: 1000, hidden: [130], activation: 'leaky-relu', 'batch-size': 257, optimizer: 'sgd', momentum: 0.5, nesterov: true },
  { dataset: 'reg-gauss', hidden: [1, 3], activation: 'sigmoid', 'batch-size': 7, regularization: 'l1', 'reg-rate': 0.003 },
  { dataset: 'reg-plane', hidden: [17], activation: 'sin', 'batch-size': 100, optimizer: 'adam', lr: 0.003, b1: 0.8, b2: 0.99 },
  { dataset: 'digits', hidden: [65], activation: 'relu', 'batch-size': 257, optimizer: 'adam', lr: 0.001 },
];

test('training steps match the wasm core: loss, gradient and weights after 1 and 5 steps', async () => {
  for (const config of TRAIN_CASES) {
    const r = await check('train', config, 5);
    const what = `${config.dataset} ${r.sizes.join('-')} ${config.optimizer || 'sgd'} batch ${r.batch}`;
    assert.equal(r.batch, config['batch-size']);
    const [lossGpu, lossCpu] = r.loss;
    assert.ok(Math.abs(lossGpu - lossCpu) <= 1e-5 * Math.max(1, Math.abs(lossCpu)), `${what}: loss ${lossGpu} vs ${lossCpu}`);
    assert.ok(r.grad.maxAbs <= 1e-5 * r.grad.scale + 1e-7, `${what}: gradient differs by ${r.grad.maxAbs} (largest ${r.grad.scale})`);
    assert.ok(r.one.maxAbs <= 1e-5 * Math.max(1, r.one.scale), `${what}: weights after 1 step differ by ${r.one.maxAbs}`);
    assert.ok(r.all.maxAbs <= 1e-4 * Math.max(1, r.all.scale), `${what}: weights after 5 steps differ by ${r.all.maxAbs}`);
  }
});

test('a run handed to the GPU and back keeps its optimizer moments (Adam, Nesterov momentum)', async () => {
  const cases = [
    { dataset: 'xor', hidden: [8, 8], activation: 'tanh', 'batch-size': 10, optimizer: 'adam', lr: 0.01 },
    { dataset: 'spiral', hidden: [16], activation: 'relu', 'batch-size': 16, optimizer: 'sgd', lr: 0.03, momentum: 0.9, nesterov: true },
  ];
  for (const config of cases) {
    const r = await check('handover', config, 10);
    const what = `${config.optimizer}: ${JSON.stringify(r)}`;
    assert.equal(r.steps, 30, what);
    if (config.optimizer === 'adam') assert.deepEqual(r.t, [30, 30], what);
    // With its moments the run matches the core alone to the GPU's rounding; without them
    // it visibly departs (the restarted moments change every later step).
    assert.ok(r.kept.maxAbs <= 1e-4 * Math.max(1, r.kept.scale), what);
    assert.ok(r.dropped.maxAbs > 100 * Math.max(r.kept.maxAbs, 1e-6), what);
  }
});

test('random-network galleries on the GPU match the core\'s f64 networks', async () => {
  // Grids of 64² (not a multiple of the tiles' reach in every layer), widths 64 and 17.
  const cases = [
    { activation: 'relu', width: 64, depth: 2, amplitude: 1, grid: 64, seed: 0 },
    { activation: 'tanh', width: 64, depth: 4, amplitude: 3, grid: 64, seed: 7 },
    { activation: 'sin', width: 17, depth: 3, amplitude: 2, grid: 30, seed: 1 },
    { activation: 'gelu', width: 33, depth: 1, amplitude: 0.5, grid: 16, seed: 2 },
  ];
  for (const config of cases) {
    const base = { 'layer-norm': false, residual: false, gating: false, ...config };
    const r = await check('gallery', base, 3);
    assert.equal(r.nets, 3);
    for (const [k, d] of r.values.entries()) {
      assert.ok(d.maxAbs <= 2e-5 * Math.max(1, d.scale), `${config.activation} net ${k}: values differ by ${d.maxAbs} (largest ${d.scale})`);
    }
    for (const [gpuRow, cpuRow] of r.rows) assert.ok(Math.abs(gpuRow.fourier - cpuRow.fourier) < 1e-3, `${config.activation}: Fourier ${gpuRow.fourier} vs ${cpuRow.fourier}`);
  }
  const blocked = await check('gallery', { activation: 'silu', width: 8, depth: 1, amplitude: 1, 'layer-norm': false, residual: false, gating: false, grid: 8, seed: 0 }, 1);
  assert.match(blocked.blocker, /the activation is silu/);
});

test('the simplicity page draws its gallery on WebGPU when asked, and says when it cannot', async () => {
  const { page, problems } = await open(gpuBrowser, `${server.url}/simplicity.html`);
  await page.waitForSelector('#rs-gallery figure:nth-child(8)');
  assert.equal(await page.textContent('#rs-compute-status'), 'Computed in wasm (f64).');
  await page.selectOption('#rs-compute', 'webgpu');
  await page.waitForFunction(() => /WebGPU/.test(document.getElementById('rs-compute-status').textContent), null, { timeout: 60000 });
  assert.match(await page.textContent('#rs-compute-status'), /^Computed in WebGPU \(.*swiftshader.*\), f32\.$/);
  assert.equal(await page.locator('#rs-gallery figure').count(), 8);
  assert.match(await page.textContent('#rs-gallery figcaption'), /Fourier 0\.\d+ · LZ \d+/);
  await page.check('#rs-gating');
  await page.click('#rs-draw');
  await page.waitForFunction(() => /gating/.test(document.getElementById('rs-compute-status').textContent));
  assert.equal(await page.textContent('#rs-compute-status'), 'Computed in wasm (f64): gating (the GPU kernels run plain MLPs).');
  assert.deepEqual(problems, []);
  await page.close();
  // Without WebGPU: asked for it, the gallery is drawn in wasm and the line says why.
  const plain = await open(plainBrowser, `${server.url}/simplicity.html`);
  await plain.page.waitForSelector('#rs-gallery figure:nth-child(8)');
  await plain.page.selectOption('#rs-compute', 'webgpu');
  await plain.page.waitForFunction(() => /unavailable/.test(document.getElementById('rs-compute-status').textContent));
  assert.match(await plain.page.textContent('#rs-compute-status'), /^Computed in wasm \(f64\): WebGPU is unavailable here \(.+\)\.$/);
  assert.equal(await plain.page.locator('#rs-gallery figure').count(), 8);
  assert.deepEqual(plain.problems, []);
  await plain.page.close();
});

test('a step on explicit rows equals a step on the same rows by index', async () => {
  const r = await check('explicitRows', { dataset: 'spiral', hidden: [5, 3], 'batch-size': 13, optimizer: 'adam' });
  assert.equal(r.maxAbs, 0);
});

test('benchGpuSteps times full training steps and the network learns', async () => {
  const r = await check('bench', [2, 8, 8, 1], 'tanh', 'bce', 'sgd', 32, 1);
  assert.ok(r.stepsPerSecond > 0 && r.steps >= 4, JSON.stringify(r));
  assert.ok(Number.isFinite(r.loss));
  assert.deepEqual(kernels.problems, []);
});

test('a WGSL compile error rejects with the compiler message', async () => {
  assert.match(await check('brokenShader'), /^WGSL kernel "broken" does not compile: \d+:\d+ /);
});

test('a lost device or a GPU error mid-run falls back to the CPU and says why', async () => {
  for (const kind of ['lost', 'error']) {
    const r = await check('fallback', kind);
    assert.deepEqual(r.before, { maps: true, trainer: true }, kind);
    assert.deepEqual(r.after, { maps: false, trainer: false }, kind);
    assert.match(r.statuses.at(-1), /^warning: CPU \(wasm\) for training and maps: the GPU path failed \(.+\), so this run fell back to the CPU\.$/, kind);
  }
  kernels.problems.length = 0; // the destroyed buffer's validation error is expected here
});

const ready = (page) => page.waitForFunction(() => document.getElementById('loss-text').textContent.startsWith('Loss'));
const settled = (page) => page.waitForFunction(() => /^Backend: (maps|CPU)/.test(document.getElementById('backend-status').textContent), null, { timeout: 30000 });
const lossOf = async (page) => Number((await page.textContent('#loss-text')).match(/Loss train ([\d.]+)/)[1]);
const steps = (page, n) => page.waitForFunction((k) => Number(document.getElementById('step-count').textContent) > k, n, { timeout: 90000 });

test('with WebGPU, auto draws a wide network\'s maps on the GPU and says so; training stays on wasm', async () => {
  // The default network is too small to gain from the GPU: auto keeps it in wasm, says so,
  // and never fetches the kernels' modules.
  const small = await open(gpuBrowser, `${server.url}/`);
  const fetched = [];
  small.page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await small.page.reload();
  await ready(small.page);
  await settled(small.page);
  assert.match(await small.page.textContent('#backend-status'), /CPU \(wasm\) for training and maps: auto keeps a network this small \(18 multiply-adds per map point\) on the CPU/);
  assert.deepEqual(fetched.filter((p) => p.includes('/gpu/') && !p.endsWith('eligible.js') && !p.endsWith('device.js')), []);
  await small.page.close();
  const { page, problems } = await open(gpuBrowser, `${server.url}/#hidden=32,32`);
  await ready(page);
  await settled(page);
  assert.match(await page.textContent('#backend-status'), /maps on WebGPU .*swiftshader.*; training on the CPU \(wasm\): auto/);
  await page.click('#play');
  await steps(page, 2000);
  await page.click('#play');
  await page.waitForTimeout(300);
  assert.ok(await lossOf(page) < 0.2, 'the loss fell');
  assert.deepEqual(problems, []);
  await page.close();
});

test('backend=webgpu trains a plain sgd run on the GPU; the loss falls and the URL keeps the choice', async () => {
  const { page, problems } = await open(gpuBrowser, `${server.url}/?backend=webgpu`);
  await ready(page);
  await settled(page);
  assert.match(await page.textContent('#backend-status'), /training on WebGPU/);
  assert.equal(await page.inputValue('#backend'), 'webgpu');
  const before = await lossOf(page);
  await page.click('#play');
  await steps(page, 1500);
  await page.click('#play');
  await page.waitForTimeout(500);
  assert.ok(await lossOf(page) < before * 0.5, `loss ${before} → ${await lossOf(page)}`);
  assert.match(page.url(), /\?backend=webgpu#seed=1/);
  // Switching to cpu continues the same run in wasm from the GPU's weights.
  const at = Number(await page.textContent('#step-count'));
  await page.selectOption('#backend', 'cpu');
  await page.waitForFunction(() => document.getElementById('backend-status').textContent.includes('chosen'));
  await page.click('#step');
  await page.waitForFunction((k) => Number(document.getElementById('step-count').textContent) > k, at);
  assert.match(page.url(), /\?backend=cpu#/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a run that diverges on the GPU stops at the step the CPU names, with the same message', async () => {
  const messages = {};
  for (const choice of ['cpu', 'webgpu']) {
    const { page, problems } = await open(gpuBrowser, `${server.url}/?backend=${choice}#dataset=reg-plane&hidden=&lr=10`);
    await ready(page);
    await settled(page);
    assert.match(await page.textContent('#backend-status'), choice === 'cpu' ? /CPU \(wasm\)/ : /training on WebGPU/);
    await page.click('#play');
    await page.waitForSelector('#messages .error', { timeout: 60000 });
    messages[choice] = await page.textContent('#messages .error');
    await page.waitForFunction(() => document.getElementById('play').textContent.includes('Play'));
    assert.deepEqual(problems, []);
    await page.close();
  }
  assert.match(messages.cpu, /diverged at step \d+: .*Lower the learning rate/);
  assert.equal(messages.webgpu, messages.cpu);
});

test('backend=webgpu with an optimizer the GPU lacks says why training stays on wasm', async () => {
  const { page, problems } = await open(gpuBrowser, `${server.url}/?backend=webgpu#optimizer=rmsprop`);
  await ready(page);
  await settled(page);
  assert.match(await page.textContent('#backend-status'), /maps on WebGPU.*training on the CPU \(wasm\): the optimizer is rmsprop/);
  await page.click('#step');
  await page.waitForFunction(() => document.getElementById('step-count').textContent === '1');
  assert.deepEqual(problems, []);
  await page.close();
});

test('backend=webgpu keeps training on the GPU when points are drawn: the new rows reach the GPU', async () => {
  const { page, problems } = await open(gpuBrowser, `${server.url}/?backend=webgpu#dataset=gauss&samples=40&hidden=3`);
  await ready(page);
  await settled(page);
  assert.match(await page.textContent('#backend-status'), /training on WebGPU/);
  for (let i = 0; i < 3; i++) await page.click('#step');
  await page.waitForFunction(() => document.getElementById('step-count').textContent === '3');
  const box = await page.locator('#heatmap').boundingBox();
  await page.click('#draw');
  await page.selectOption('#draw-class', '1');
  await page.click('#heatmap', { position: { x: (5.5 + 6) / 12 * box.width, y: (6 - 5.5) / 12 * box.height } });
  await page.waitForFunction(() => window.gradlabPage.info().trainRows + window.gradlabPage.info().testRows === 41);
  await settled(page);
  assert.match(await page.textContent('#backend-status'), /training on WebGPU/);
  assert.equal(await page.textContent('#step-count'), '3', 'the same run goes on');
  await page.click('#play');
  await steps(page, 200);
  await page.click('#play');
  // Stale rows on the GPU would have failed the gather (row 40 of 40) and fallen back.
  assert.match(await page.textContent('#backend-status'), /training on WebGPU/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('without WebGPU the page falls back to wasm visibly, trains, and logs no errors', async () => {
  // (auto asks for a GPU only for networks wide enough to gain from it: a 32-32 one here.)
  for (const choice of ['auto', 'webgpu']) {
    const { page, problems } = await open(plainBrowser, `${server.url}/${choice === 'auto' ? '#hidden=32,32' : `?backend=${choice}`}`);
    await ready(page);
    await settled(page);
    const status = await page.textContent('#backend-status');
    assert.match(status, /^Backend: CPU \(wasm\) for training and maps: WebGPU is unavailable here \(.+\)/);
    assert.ok(await page.isVisible('#backend-status'));
    const before = await lossOf(page);
    await page.click('#play');
    await steps(page, 2000);
    await page.click('#play');
    await page.waitForTimeout(300);
    assert.ok(await lossOf(page) < before * 0.5, 'the loss fell');
    assert.equal(await page.locator('canvas.neuron').count(), choice === 'auto' ? 2 + 16 + 16 + 1 : 2 + 4 + 2 + 1); // (16 drawn a layer at most)
    assert.deepEqual(problems, []);
    await page.close();
  }
});
