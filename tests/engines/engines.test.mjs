// Runs the cross-engine checks (checks.mjs) in Chromium, Firefox (and a few in Firefox with
// relaxed SIMD turned off) and WebKit (twice: with a real locale and with LANG=C.UTF-8, where
// WebKitGTK reports navigator.language "C"), one
// browser per engine started once and reused by all its checks. Then compares across
// engines: every engine that runs the same core build gives the same bits.
// ENGINES=chromium,firefox (a comma list) runs a subset, CHECKS=regex the checks whose name matches; GRADLAB_ENGINES_REPORT=file writes
// what each engine ran (version, core build, WebGPU, timings) as JSON.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../e2e/browser.mjs';
import { ENGINES } from './driver.mjs';
import { CHECKS } from './checks.mjs';

const names = (process.env.ENGINES || Object.keys(ENGINES).join(',')).split(',').filter(Boolean);
// Firefox without relaxed SIMD runs only what the fallback changes: the core it loads and
// says, and the GEMM run's bits (which must be WebKit's, the same plain build).
const ONLY = { 'firefox-no-relaxed': /playground loads|GEMM kernel/ };
const facts = {};
let server;
let tmp;
before(async () => { server = await serve(); tmp = mkdtempSync(join(tmpdir(), 'gradlab-engines-')); });
after(() => {
  server?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  const report = JSON.stringify(facts, null, 1);
  if (process.env.GRADLAB_ENGINES_REPORT) writeFileSync(process.env.GRADLAB_ENGINES_REPORT, report);
  console.log(`engines: ${report}`);
});

for (const name of names) {
  describe(name, () => {
    let d;
    let t0;
    before(async () => {
      t0 = Date.now();
      d = await ENGINES[name]().start();
      facts[name] = { version: d.version, downloads: d.downloads, 'start, s': ((Date.now() - t0) / 1000).toFixed(1) };
    });
    after(async () => {
      await d?.close();
      if (facts[name]) facts[name]['all checks, s'] = ((Date.now() - t0) / 1000).toFixed(1);
    });
    const wanted = (c) => (!process.env.CHECKS || new RegExp(process.env.CHECKS).test(c.name)) && (!ONLY[name] || ONLY[name].test(c.name));
    for (const check of CHECKS.filter(wanted)) {
      test(check.name, async () => {
        const env = { url: server.url, tmp, record: (k, v) => { facts[name][k] = v; } };
        try {
          await check.run(d, env);
        } catch (err) {
          // A check that failed because the browser itself went away (seen with WebKitGTK's
          // MiniBrowser: the session ends mid-check and every later check finds none) runs
          // once more in a fresh browser, and the report says so. A failure in a live browser
          // is a failure.
          const alive = await Promise.race([d.eval(() => 1).then(() => true, () => false),
            new Promise((r) => setTimeout(() => r(false), 10000))]);
          if (alive) throw err;
          await d.close().catch(() => {});
          d = await ENGINES[name]().start();
          (facts[name].restarted ||= []).push(`${check.name}: ${String(err.message || err).split('\n')[0]}`);
          console.log(`engines: ${name} lost its browser during "${check.name}"; retrying in a fresh one`);
          await check.run(d, env);
        }
      });
    }
  });
}

test('engines that run the same core build compute the same bits', () => {
  const byBuild = {};
  for (const [name, f] of Object.entries(facts)) {
    if (!f.core) continue;
    (byBuild[f.core] ||= []).push([name, f['model bytes (xor 4-3, seed 9, 30 steps)'], f['link run, 25 steps'],
      f['model bytes (circle 32-32, batch 32, 10 steps)']]);
  }
  for (const [build, runs] of Object.entries(byBuild)) {
    // Compared where both engines ran the run (firefox-no-relaxed runs only the GEMM one).
    for (const r of runs.slice(1)) {
      for (let i = 1; i < r.length; i++) {
        if (r[i] !== undefined && runs[0][i] !== undefined) assert.equal(r[i], runs[0][i], `${build} build: ${r[0]} vs ${runs[0][0]}`);
      }
    }
  }
});
