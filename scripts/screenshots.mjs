// Screenshots of the real pages for the README (docs/screenshots/*.png), made from the
// served repository in headless Chromium, so the pictures never go stale:
//   node scripts/screenshots.mjs [OUT_DIR]     (after bash scripts/build-web.sh)
// Each page is opened at 1280×800 (and the playground also at 390×844, a phone), its
// default experiment or headline preset is started, and the picture is taken once it
// has trained a few seconds. Prints one line per file written.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, ROOT } from '../tests/e2e/browser.mjs';

const out = process.argv[2] || join(ROOT, 'docs/screenshots');
mkdirSync(out, { recursive: true });

// Clicks the first of `selectors` that the page has and can use; a page without any
// of them is shot as it opens (its default view).
async function clickFirst(page, selectors) {
  for (const s of selectors) {
    const el = await page.$(s);
    if (el && await el.isVisible() && await el.isEnabled()) { await el.click(); return s; }
  }
  return null;
}

const SHOTS = [
  { name: 'playground', path: '/', start: ['#play'], wait: 4000 },
  { name: 'playground-phone', path: '/', start: ['#play'], wait: 4000, phone: true },
  { name: 'playground-digits', path: '/#dataset=digits&hidden=32', start: ['#play'], wait: 5000 },
  { name: 'optimizers', path: '/optimizers.html', start: ['#race-preset'], wait: 4000 },
  { name: 'forward', path: '/forward.html', start: ['#race-preset'], wait: 4000 },
  { name: 'simplicity', path: '/simplicity.html', start: ['#slab-quick'], wait: 5000 },
  { name: 'compact', path: '/compact.html', start: ['#sw-preset'], wait: 4000 },
  { name: 'dynamics', path: '/dynamics.html', start: ['#preset-eos'], wait: 5000 },
];

const server = await serve();
const browser = await launch();
try {
  for (const shot of SHOTS) {
    const viewport = shot.phone ? { width: 390, height: 844 } : { width: 1280, height: 800 };
    const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
    await page.goto(`${server.url}${shot.path}`);
    await page.waitForLoadState('networkidle').catch(() => {});
    await page.waitForTimeout(500);
    const clicked = await clickFirst(page, shot.start);
    await page.waitForTimeout(shot.wait);
    const file = join(out, `${shot.name}.png`);
    await page.screenshot({ path: file });
    console.log(`${file} (${viewport.width}×${viewport.height}${clicked ? `, after clicking ${clicked}` : ''})`);
    await page.close();
  }
} finally {
  await browser.close();
  server.stop();
}
