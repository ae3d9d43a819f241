// The cross-engine subset of the end-to-end suite: one list of checks, run in every engine by
// engines.test.mjs through the small driver of driver.mjs (so only element ids and page state
// are used, never a driver's own API). Each check gets (d, env): d the engine's driver, env
// { url (the server), tmp (a scratch folder), record(key, value) (facts for the report and the
// cross-engine comparisons) }. Each ends by asserting that the engine saw no errors.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const text = (id) => document.getElementById(id)?.textContent ?? null;
const loaded = () => document.getElementById('loss-text')?.textContent.startsWith('Loss');
const steps = () => Number(document.getElementById('step-count').textContent);
/** A cheap fingerprint of the decision map's pixels, and whether anything is drawn. */
const mapHash = () => {
  const c = document.getElementById('heatmap');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let h = 0;
  let lit = 0;
  for (let i = 0; i < d.length; i += 7) { h = (h * 31 + d[i]) >>> 0; if (d[i]) lit++; }
  return { h, lit };
};
/** Errors shown in the page's message strip. */
const shownErrors = () => [...document.querySelectorAll('#messages .error')].map((e) => e.textContent);

async function noErrors(d, allowShown = []) {
  const shown = (await d.eval(shownErrors)).filter((t) => !allowShown.some((re) => re.test(t)));
  assert.deepEqual([...await d.errors(), ...shown], [], `${d.name}: errors`);
}

async function stepTo(d, n) {
  for (let i = 0; i < n; i++) await d.click('#step');
  await d.waitFor((k) => document.getElementById('step-count').textContent === String(k), n);
}

const sha = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

export const CHECKS = [
  {
    name: 'the playground loads, says which core it runs, trains, and its map and charts change',
    async run(d, env) {
      await d.open(`${env.url}/`);
      await d.waitFor(() => document.getElementById('loss-text').textContent.startsWith('Loss')
        && document.getElementById('core-status').dataset.build);
      const [build, core, probe] = await d.eval(async () => [document.getElementById('core-status').dataset.build,
        document.getElementById('core-status').textContent, (await import('/www/shared/core-wasm.js')).madd]);
      env.record('core', build);
      env.record('core line', core);
      // The build follows the probe, and the line says why (www/shared/core-wasm.js).
      assert.equal(build, probe === 'fused' ? 'fma' : 'simd');
      if (build === 'fma') assert.match(core, /^CPU core: wasm SIMD \+ FMA/);
      else assert.match(core, probe === 'unsupported' ? /^CPU core: wasm SIMD \(this browser has no relaxed SIMD;/ : /^CPU core: wasm SIMD \(relaxed SIMD is here but its multiply-add is not fused/);
      const loss = (t) => Number(t.match(/test ([\d.]+)/)[1]);
      const before = { loss: loss(await d.eval(text, 'loss-text')), map: await d.eval(mapHash), points: await d.eval(() => window.gradlabPage.charts.data[0].length) };
      assert.ok(before.map.lit > 1000, 'the map is drawn before training');
      assert.ok(await d.eval(() => document.querySelectorAll('#loss-chart .uplot canvas, #acc-chart .uplot canvas').length >= 2), 'both charts are drawn');
      await d.click('#play');
      await d.waitFor(() => Number(document.getElementById('step-count').textContent) > 1500);
      const rate = await d.waitFor(() => Number(document.getElementById('rate').textContent));
      await d.click('#play');
      await d.waitFor(() => document.getElementById('play').textContent.includes('Play'));
      const after = { loss: loss(await d.eval(text, 'loss-text')), map: await d.eval(mapHash), points: await d.eval(() => window.gradlabPage.charts.data[0].length) };
      assert.ok(after.loss < before.loss * 0.5, `test loss ${before.loss} → ${after.loss}`);
      assert.notEqual(after.map.h, before.map.h, 'the decision map changed');
      assert.ok(after.points > before.points, `the charts grew (${before.points} → ${after.points} points)`);
      assert.ok(rate > 0, 'steps per second shown');
      assert.equal(await d.eval(() => document.querySelectorAll('canvas.neuron').length), 2 + 4 + 2 + 1, 'a map per input and neuron');
      env.record('steps/s (default run, while playing)', rate);
      await noErrors(d);
    },
  },
  {
    name: 'without WebGPU the CPU draws the maps and the page says so',
    async run(d, env) {
      await d.open(`${env.url}/?backend=webgpu#dataset=xor&hidden=8,8`);
      await d.waitFor(() => document.getElementById('loss-text').textContent.startsWith('Loss')
        && !document.getElementById('backend-status').textContent.includes('starting'));
      const status = await d.eval(text, 'backend-status');
      const gpu = await d.eval(async () => Boolean(navigator.gpu && await navigator.gpu.requestAdapter().catch(() => null)));
      env.record('WebGPU', gpu ? 'yes' : 'no');
      if (!gpu) assert.match(status, /^Backend: CPU \(wasm\) for training and maps: WebGPU is unavailable here \(.+\)\./);
      const before = await d.eval(mapHash);
      await stepTo(d, 20);
      const after = await d.eval(mapHash);
      assert.ok(after.lit > 1000 && after.h !== before.h, 'the map is drawn and follows the training');
      await noErrors(d);
    },
  },
  {
    name: 'a hostile hash is reported key by key and the rest of the run loads',
    async run(d, env) {
      await d.open(`${env.url}/#lr=abc&dataset=%3Cscript%3E&evil=1&hidden=5&noise=9`);
      await d.waitFor(loaded);
      const messages = await d.eval(text, 'messages');
      for (const key of ['lr', 'dataset', 'evil', 'noise']) assert.match(messages, new RegExp(`"${key}" ignored`));
      assert.equal(await d.eval(() => document.querySelectorAll('canvas.neuron').length), 2 + 5 + 1, 'hidden=5 was applied');
      await stepTo(d, 1);
      await noErrors(d);
    },
  },
  {
    name: 'the playground works from the keyboard',
    async run(d, env) {
      await d.open(`${env.url}/#dataset=xor`);
      await d.waitFor(() => location.hash.includes('batch-size'));
      // Tab from Reset reaches Play (WebKit tabs to buttons too: Safari does so only with
      // "Press Tab to highlight each item", but MiniBrowser and WebKitGTK do by default).
      await d.eval(() => document.getElementById('reset').focus());
      await d.press('Tab');
      assert.equal(await d.eval(() => document.activeElement?.id), 'play', 'Tab from Reset reaches Play');
      if (!d.keysActivate) {
        // The driver cannot make a key activate a button (driver.mjs, FirefoxDriver): check
        // that the keys reach the focused button, and leave activation to the other engines.
        await d.eval(() => { window.keysSeen = []; document.getElementById('play').addEventListener('keydown', (e) => window.keysSeen.push(e.key)); });
        await d.press('Enter');
        assert.deepEqual(await d.eval(() => window.keysSeen), ['Enter']);
        return noErrors(d);
      }
      await d.press('Enter');
      await d.waitFor(() => Number(document.getElementById('step-count').textContent) > 100);
      await d.press(' ');
      await d.waitFor(() => document.getElementById('play').textContent.includes('Play'));
      // A dataset thumbnail is a button: Enter switches the data.
      await d.eval(() => document.querySelector('#datasets button').focus());
      await d.press('Enter');
      await d.waitFor(() => location.hash.includes('dataset=circle'));
      await noErrors(d);
    },
  },
  {
    name: 'a shared link reproduces the run exactly',
    async run(d, env) {
      const url = `${env.url}/#seed=7&dataset=xor&hidden=3&optimizer=adam&lr=0.01`;
      const results = [];
      for (let run = 0; run < 2; run++) {
        await d.open(run ? `${env.url}/docs.html` : url);
        if (run) {
          // Leave docs.html only once its core has loaded: navigating away from a fetch in
          // flight is reported by Firefox as an AbortError of the page being left.
          await d.waitFor(() => document.querySelectorAll('#run-keys tr').length > 5);
          await d.open(url); // a fresh document, not a hash change
        }
        await d.waitFor(loaded);
        await stepTo(d, 25);
        results.push(await d.eval(text, 'loss-text'));
      }
      assert.equal(results[0], results[1]);
      env.record('link run, 25 steps', results[0]);
      await noErrors(d);
    },
  },
  {
    // Layers of 32 at batch 32: the matmuls take the GEMM kernel (the one place the fma and
    // the plain builds differ), so engines on the same build must agree bit for bit.
    name: 'a run whose matmuls take the GEMM kernel trains (its weights compared across engines)',
    async run(d, env) {
      await d.open(`${env.url}/#seed=1&data-seed=1&dataset=circle&hidden=32,32&batch-size=32&lr=0.03`);
      await d.waitFor(() => location.hash.includes('hidden=32,32') && document.getElementById('loss-text').textContent.startsWith('Loss'));
      await stepTo(d, 10);
      env.record('model bytes (circle 32-32, batch 32, 10 steps)', sha(await d.download('#save-model')));
      await noErrors(d);
    },
  },
  {
    name: 'a model file and a run file save and load',
    async run(d, env) {
      await d.open(`${env.url}/#dataset=xor&hidden=4,3&seed=9`);
      await d.waitFor(() => location.hash.includes('batch-size'));
      await stepTo(d, 30);
      const [hash, loss] = await d.eval(() => [location.hash, document.getElementById('loss-text').textContent]);
      // The run file, saved at step 30 (loaded back below).
      const runBytes = await d.download('#save-run');
      const run = JSON.parse(runBytes.toString('utf8'));
      assert.equal(run.format, 'gradlab-run');
      assert.equal(run.step, 30);
      const runPath = join(env.tmp, `${d.name.replace(/\W+/g, '-')}.json`);
      writeFileSync(runPath, runBytes);
      const points = await d.eval(() => window.gradlabPage.charts.data[0].length);
      // The model: saved, reset, loaded back to the same loss.
      const model = await d.download('#save-model');
      assert.equal(model.readUInt32LE(4), 0, 'a safetensors header length');
      env.record('model bytes (xor 4-3, seed 9, 30 steps)', sha(model));
      const modelPath = join(env.tmp, `${d.name.replace(/\W+/g, '-')}.safetensors`);
      writeFileSync(modelPath, model);
      await d.click('#reset');
      await d.waitFor(() => document.getElementById('step-count').textContent === '0');
      assert.notEqual(await d.eval(text, 'loss-text'), loss);
      await d.upload('#load-model', modelPath);
      await d.waitFor((t) => document.getElementById('loss-text').textContent === t, loss);
      // The run: something else on screen, then the file brings back its step and history.
      await d.eval(() => { location.hash = '#dataset=circle&hidden=2'; });
      await d.waitFor(() => location.hash.includes('dataset=circle') && location.hash.includes('batch-size'));
      await d.upload('#load-run', runPath);
      await d.waitFor((h) => location.hash === h, hash);
      await d.waitFor(() => document.getElementById('step-count').textContent === '30');
      await d.waitFor((t) => document.getElementById('loss-text').textContent === t, loss);
      assert.equal(await d.eval(() => window.gradlabPage.charts.data[0].length), points);
      await noErrors(d);
    },
  },
  {
    name: 'the embed element renders two independent views',
    async run(d, env) {
      const t0 = Date.now();
      await d.open(`${env.url}/tests/e2e/pages/embed.html`);
      // Read inside a view's iframe (same origin): its step count, hash, what it shows.
      const view = (id) => {
        const doc = document.querySelector(`#${id} iframe`)?.contentDocument;
        if (!doc?.body?.classList.contains('embedded') || !doc.getElementById('step-count')) return null;
        return { steps: Number(doc.getElementById('step-count').textContent), hash: doc.defaultView.location.hash,
          network: doc.getElementById('network-panel').offsetParent !== null };
      };
      await d.waitFor((v, id) => (0, eval)(`(${v})`)(id)?.steps > 50, String(view), 'a');
      await d.waitFor((v, id) => (0, eval)(`(${v})`)(id)?.steps > 50, String(view), 'b');
      env.record('embed: both training after, s', ((Date.now() - t0) / 1000).toFixed(1));
      const [a, b] = [await d.eval(view, 'a'), await d.eval(view, 'b')];
      assert.match(a.hash, /dataset=xor/);
      assert.match(b.hash, /dataset=spiral/);
      assert.match(b.hash, /seed=7/);
      assert.equal(a.network, false, 'a hides its network');
      assert.equal(b.network, true, 'b shows its network');
      // Pause a: it stops while b goes on.
      await d.eval(() => document.querySelector('#a iframe').contentDocument.getElementById('play').click());
      let stopped = (await d.eval(view, 'a')).steps;
      for (let tries = 0; tries < 50; tries++) {
        await new Promise((r) => setTimeout(r, 400));
        const now = (await d.eval(view, 'a')).steps;
        if (now === stopped) break;
        stopped = now;
      }
      const bSteps = (await d.eval(view, 'b')).steps;
      await d.waitFor((v, n) => (0, eval)(`(${v})`)('b').steps > n, String(view), bSteps);
      assert.equal((await d.eval(view, 'a')).steps, stopped, 'a stays paused');
      await noErrors(d);
    },
  },
  ...[
    ['optimizers.html', '#race-start', () => document.getElementById('race-fair').textContent.includes('bit-identical')
      && document.querySelectorAll('#race-table tr').length > 2
      && [...document.querySelectorAll('#race-table tr')].slice(1).every((r) => Number(r.lastChild.textContent) >= 20000)],
    ['forward.html', '#race-start', () => document.getElementById('race-fair').textContent.includes('bit-identical')
      && document.querySelectorAll('#race-table tr').length > 2
      && [...document.querySelectorAll('#race-table tr')].slice(1).every((r) => Number(r.lastChild.textContent) >= 20000)],
    ['simplicity.html', '#slab-start', () => document.querySelectorAll('#slab-table tr').length >= 4
      && document.querySelectorAll('#slab-chart .uplot').length === 1],
    ['compact.html', '#cp-start', () => /step [1-9]\d*: \d+ of \d+ weights live/.test(document.getElementById('cp-report').textContent)
      && document.querySelectorAll('#cp-masks canvas').length > 0],
    ['dynamics.html', '#preset-eos', () => document.getElementById('eos-state').textContent.startsWith('done')
      && document.querySelectorAll('#eos-sharp .uplot').length === 1 && document.querySelectorAll('#eos-table tr').length > 1],
  ].map(([page, start, done]) => ({
    name: `${page} runs its default experiment`,
    async run(d, env) {
      await d.open(`${env.url}/${page}`);
      await d.waitFor((sel) => { const b = document.querySelector(sel); return b && !b.disabled; }, start);
      // The page has finished starting (its module ran to the end) before the click.
      await d.waitFor(() => document.readyState === 'complete');
      await new Promise((r) => setTimeout(r, 300));
      const t0 = Date.now();
      await d.click(start);
      await d.waitFor(done);
      env.record(`${page} default experiment, s`, ((Date.now() - t0) / 1000).toFixed(1));
      await noErrors(d);
    },
  })),
];
