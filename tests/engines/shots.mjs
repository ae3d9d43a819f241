// Screenshots of the playground (trained a little, then paused) and the optimizer lab (after
// its default race) in every engine at 1280×800, to compare layouts by eye:
//   node tests/engines/shots.mjs [out-dir]     (default /work/shots/engines; ENGINES=… as in engines.test.mjs)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '../e2e/browser.mjs';
import { ENGINES } from './driver.mjs';

const out = process.argv[2] || '/work/shots/engines';
mkdirSync(out, { recursive: true });
const names = (process.env.ENGINES || Object.keys(ENGINES).join(',')).split(',').filter(Boolean);
const server = await serve();
try {
  for (const name of names) {
    const d = await ENGINES[name]().start();
    try {
      await d.open(`${server.url}/#seed=1&data-seed=1&dataset=spiral&hidden=8,8`);
      await d.waitFor(() => document.getElementById('loss-text').textContent.startsWith('Loss'));
      await d.click('#play');
      await d.waitFor(() => Number(document.getElementById('step-count').textContent) > 3000);
      await d.click('#play');
      await new Promise((r) => setTimeout(r, 500));
      await d.screenshot(join(out, `${name}-playground.png`));
      await d.open(`${server.url}/optimizers.html`);
      await d.waitFor(() => Boolean(document.querySelector('#race-start')));
      await new Promise((r) => setTimeout(r, 500));
      await d.click('#race-start');
      await d.waitFor(() => [...document.querySelectorAll('#race-table tr')].slice(1).length > 1
        && [...document.querySelectorAll('#race-table tr')].slice(1).every((r) => Number(r.lastChild.textContent) >= 20000));
      await new Promise((r) => setTimeout(r, 500));
      await d.screenshot(join(out, `${name}-optimizers.png`));
      console.log(`${name} (${d.version}): ${out}/${name}-{playground,optimizers}.png`);
    } finally { await d.close(); }
  }
} finally { server.stop(); }
