// Times each lab page's one-click preset from the click to its headline on screen (a
// benchmark, not a test): the optimizer and forward-gradient races finished, the LMS-5
// live line with standard ≥ 95% and S-randomized ≤ 60%, and the compact page's 11 pruning
// runs done, the edge-of-stability run done (its sharpness hovering at 2/η). Median of `--runs N` (default 3) fresh page loads each, headless Chromium.
// Usage: node scripts/lab-headlines.mjs [--runs 3]
import { serve, launch, open } from '../tests/e2e/browser.mjs';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const LABS = [
  ['optimizers', 'race-preset', () => document.getElementById('race-state').textContent.startsWith('finished')],
  ['forward', 'race-preset', () => document.getElementById('race-state').textContent.startsWith('finished')],
  ['simplicity', 'slab-quick', () => {
    const m = document.getElementById('slab-now').textContent.match(/standard ([\d.]+)%.*S-randomized ([\d.]+)%/);
    return !!m && Number(m[1]) >= 95 && Number(m[2]) <= 60;
  }],
  ['compact', 'sw-preset', () => /^(\d+) \/ \1 runs$/.test(document.getElementById('sw-progress-text').textContent)],
  ['dynamics', 'preset-eos', () => document.getElementById('eos-state').textContent.startsWith('done')],
];

const server = await serve();
const browser = await launch();
console.log('| page | preset | click → headline, median ms | all runs ms |\n|---|---|---|---|');
for (const [name, button, done] of LABS) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const { page, problems } = await open(browser, `${server.url}/${name}.html`);
    await page.waitForFunction((id) => { const b = document.getElementById(id); return b && !b.disabled; }, button);
    await page.waitForTimeout(500); // the page's module has finished loading its core
    const t0 = await page.evaluate(() => performance.now());
    await page.click(`#${button}`);
    await page.waitForFunction(done, null, { timeout: 120000, polling: 20 });
    times.push(Math.round((await page.evaluate(() => performance.now())) - t0));
    if (problems.length) console.error(name, problems);
    await page.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`| ${name} | #${button} | ${sorted[Math.floor(sorted.length / 2)]} | ${times.join(', ')} |`);
}
await browser.close();
server.stop();
