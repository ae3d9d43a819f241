// Two versions of the playground's worker (www/playground/worker.js) side by side, training at full
// speed without frames (played and never acked, as bench-frames.mjs's "without rendering"),
// in turns of 0.5 s from one page, so this host's fast and slow phases hit both alike.
// A command, not a test. Usage: node scripts/bench-worker-ab.mjs OLD_WORKER_JS [hash] [rounds]
// e.g. git show HEAD~1:www/playground/worker.js > target/worker-old.js; node scripts/bench-worker-ab.mjs target/worker-old.js '#hidden=256,256'
// The old file is copied into www/playground/ for the run (its imports are relative to www/playground/) and removed.
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, ROOT } from '../tests/e2e/browser.mjs';
import { medianRatio } from '../bench/bench-turns.js';

const [old, hash = '', rounds = '10'] = process.argv.slice(2);
if (!old) throw new Error('usage: node scripts/bench-worker-ab.mjs OLD_WORKER_JS [hash] [rounds]');
const copy = join(ROOT, 'www/playground/.bench-worker-old.js');
copyFileSync(old, copy);
const server = await serve();
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}/index.html${hash}`);
  await page.waitForFunction(() => document.getElementById('step-count')?.textContent === '0');
  const out = await page.evaluate(async ({ ms, rounds }) => {
    const sleep = (t) => new Promise((r) => setTimeout(r, t));
    const { hiddenWorker } = await import('/bench/bench-hidden-worker.js');
    const sides = { old: await hiddenWorker('www/playground/.bench-worker-old.js'), new: await hiddenWorker('www/playground/worker.js') };
    const out = [];
    for (let r = 0; r < rounds; r++) {
      const round = {};
      for (const [name, w] of Object.entries(sides)) {
        round[name] = await w.rate(ms);
        await sleep(100); // the pause's frame (maps included) is computed before the other side starts
      }
      out.push(round);
    }
    return out;
  }, { ms: 500, rounds: Number(rounds) });
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const fmt = (x) => Math.round(x).toLocaleString('en-US');
  console.log(`Chromium ${browser.version()}; ${hash || 'default experiment'}; ${out.length} rounds of 0.5 s each`);
  console.log(`old ${old}: median ${fmt(median(out.map((r) => r.old)))} steps/s, best ${fmt(Math.max(...out.map((r) => r.old)))}`);
  console.log(`new www/playground/worker.js: median ${fmt(median(out.map((r) => r.new)))} steps/s, best ${fmt(Math.max(...out.map((r) => r.new)))}`);
  console.log(`new / old, median of rounds: ${medianRatio(out, 'new', 'old').toFixed(2)}`);
} finally {
  await browser.close();
  server.stop();
  rmSync(copy, { force: true });
}
