// Shared helpers for the browser tests: start `gradlab serve` on a free port and launch
// Debian's Chromium through playwright-core (no browser download).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';
import { join } from 'node:path';

export const ROOT = new URL('../../', import.meta.url).pathname;

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Serves `dir` (the repository root by default) on localhost; returns { url, stop }. */
export async function serve(dir = ROOT) {
  const port = await freePort();
  const proc = spawn(join(ROOT, 'target/release/gradlab'), ['serve', '--port', String(port), '--dir', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise((resolve, reject) => {
    proc.stderr.on('data', (d) => { if (String(d).includes('serving')) resolve(); });
    proc.on('exit', (code) => reject(new Error(`gradlab serve exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => proc.kill() };
}

/** Chromium flags giving headless WebGPU on the CPU through SwiftShader's Vulkan
 *  (correct results, not GPU speed): pass them to launch(). */
export const WEBGPU_FLAGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader'];

// Playwright gives every launch a fresh temporary profile (its own --user-data-dir).
// `extra`: more Chromium flags (e.g. WEBGPU_FLAGS, for the WebGPU tests and the benchmark).
export async function launch(extra = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', ...extra],
  });
}

/** A page that records console errors, page errors, Content-Security-Policy violations
 *  and requests to other origins. */
export async function open(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  const problems = [];
  await page.exposeFunction('__cspViolation', (text) => problems.push(`CSP violation: ${text}`));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation',
    (e) => window.__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`)));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(new URL(url).origin) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) problems.push(`external request: ${r.url()}`); });
  await page.goto(url);
  return { page, problems };
}
