// Opens www/bench.html in headless Chromium for each wasm build and prints the results
// as JSON lines (used by scripts/bench.sh).
import { serve, launch } from '../tests/e2e/browser.mjs';

const seconds = process.argv[2] || '2';
const server = await serve();
const browser = await launch();
try {
  console.error(`chromium ${browser.version()}`);
  for (const build of ['scalar', 'simd']) {
    const page = await browser.newPage();
    await page.goto(`${server.url}/www/bench.html?build=${build}&seconds=${seconds}`);
    const results = await page.waitForFunction(() => window.benchResults, null, { timeout: 120000 }).then((h) => h.jsonValue());
    for (const r of results) console.log(JSON.stringify(r));
    await page.close();
  }
} finally {
  await browser.close();
  server.stop();
}
