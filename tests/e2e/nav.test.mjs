// The page nav comes from one module (www/shared/nav.js): every page shows the same links
// in the same order, its own name in bold and not a link, and every link is served.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from './browser.mjs';

const PAGES = { 'index.html': 'Playground', 'optimizers.html': 'Optimizer lab', 'forward.html': 'Forward gradients',
  'simplicity.html': 'Simplicity bias', 'compact.html': 'Compact networks', 'dynamics.html': 'Training dynamics', 'docs.html': 'Settings' };

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

test('every page has the one nav: all pages in order, itself in bold, every link served', async () => {
  for (const [file, title] of Object.entries(PAGES)) {
    const { page, problems } = await open(browser, `${server.url}/${file}`);
    await page.waitForFunction(() => document.querySelector('nav[data-page] a'));
    const nav = await page.$eval('nav[data-page]', (n) => ({
      text: n.textContent,
      bold: n.querySelector('strong')?.textContent,
      links: [...n.querySelectorAll('a')].map((a) => a.getAttribute('href')),
    }));
    assert.equal(nav.text, Object.values(PAGES).join(' · '), file);
    assert.equal(nav.bold, title, file);
    assert.deepEqual(nav.links, Object.keys(PAGES).filter((f) => f !== file), file);
    for (const href of nav.links) assert.equal((await fetch(`${server.url}/${href}`)).status, 200, href);
    assert.deepEqual(problems, [], file);
    await page.close();
  }
});
