// Navigation → first decision map on the playground, this working tree against git revision
// REV, side by side: the two are served at once and loaded in turns (fresh pages, empty
// caches), so the host's slow and fast phases hit both alike. REV's pages run on this tree's
// wasm (pkg/ copied; its own playground bundles made from its sources when it has
// scripts/bundle.mjs), so the comparison is of the pages' loading, not of the core.
// Usage: node scripts/bench-first-map-ab.mjs REV [loads=12] [hash]
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, ROOT } from '../tests/e2e/browser.mjs';
import { firstMapMs } from './bench-frames.mjs';

const [rev, loads = '12', hash = ''] = process.argv.slice(2);
if (!rev) { console.error('usage: node scripts/bench-first-map-ab.mjs REV [loads] [hash]'); process.exit(2); }
const base = join(ROOT, 'target', 'first-map-ab');
rmSync(base, { recursive: true, force: true });
execFileSync('git', ['-C', ROOT, 'worktree', 'prune']);
execFileSync('git', ['-C', ROOT, 'worktree', 'add', '--detach', '--force', base, rev], { stdio: 'ignore' });
cpSync(join(ROOT, 'pkg'), join(base, 'pkg'), { recursive: true });
cpSync(join(ROOT, 'www/vendor'), join(base, 'www/vendor'), { recursive: true });
symlinkSync(join(ROOT, 'node_modules'), join(base, 'node_modules'));
if (existsSync(join(base, 'scripts/bundle.mjs'))) execFileSync(process.execPath, [join(base, 'scripts/bundle.mjs')], { stdio: 'ignore' });

const sides = { [rev]: await serve(base), 'this tree': await serve(ROOT) };
const browser = await launch();
async function once(url) {
  const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  try {
    await page.goto(`${url}/index.html${hash}`);
    return await firstMapMs(page);
  } finally {
    await page.close();
  }
}
const times = Object.fromEntries(Object.keys(sides).map((k) => [k, []]));
const names = Object.keys(sides);
for (let i = 0; i < Number(loads); i++) {
  for (const name of i % 2 ? names : [...names].reverse()) times[name].push(await once(sides[name].url));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const name of names) console.log(`${name}: first map median ${median(times[name])} ms (${times[name].join(' ')})`);
console.log(`ratio (this tree / ${rev}): ${(median(times['this tree']) / median(times[rev])).toFixed(2)}`);
await browser.close();
for (const s of Object.values(sides)) s.stop();
execFileSync('git', ['-C', ROOT, 'worktree', 'remove', '--force', base]);
