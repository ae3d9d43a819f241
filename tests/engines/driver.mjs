// One small driver per browser engine, so the cross-engine checks (checks.mjs) are written
// once: Chromium through playwright-core, Firefox through puppeteer-core over WebDriver BiDi,
// WebKit (WebKitGTK's MiniBrowser) through selenium-webdriver against WebKitWebDriver under
// xvfb-run. All three are Debian's browsers: nothing is downloaded from a CDN.
//
// A driver starts its browser once (start()) and serves every check with one tab:
//   open(url)            navigate (a fresh document; the hook below is installed)
//   eval(fn, ...args)    run fn in the page, return its (JSON-able, awaited) result
//   click(sel)           a real click on the first element matching the selector
//   press(key)           a key press ('Enter', 'Tab', ' ') sent to the focused element
//   waitFor(fn, ...args) poll eval(fn) until truthy (timeout: the `timeout` option, 60 s)
//   upload(sel, path)    put a file into an <input type=file> (the driver's own file upload)
//   download(sel)        click and return the bytes of the file the page saves
//   screenshot(path)     PNG of the viewport (1280×800)
//   errors()             console errors, uncaught errors and rejected promises so far
//   close()
// Downloads: Chromium and Firefox save a real file (a playwright download event; Firefox
// prefs that save without asking into a temporary folder). WebKitWebDriver has no download
// support, so there the bytes come from a hook that keeps each Blob the page turns into an
// object URL (the page saves files through URL.createObjectURL + <a download>).
// Console errors: Chromium and Firefox report them as events; WebKitWebDriver has no BiDi,
// so the hook also records console.error, window errors and unhandled rejections; in WebKit it
// is injected right after each navigation (errors thrown before that are caught by the checks
// on page state, e.g. that the page left "loading…").
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const VIEWPORT = { width: 1280, height: 800 };
const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** Installed in every document: records errors and keeps the Blobs the page saves. */
function hook() {
  if (window.__engine) return;
  const errors = [];
  const blobs = [];
  window.__engine = { errors, blobs };
  const text = (v) => (v && v.stack) ? String(v.stack).split('\n')[0] : (v && v.message) || String(v);
  const origError = console.error.bind(console);
  console.error = (...a) => { errors.push(`console: ${a.map(text).join(' ')}`); origError(...a); };
  window.addEventListener('error', (e) => errors.push(`page error: ${e.message || text(e.error)}`));
  window.addEventListener('unhandledrejection', (e) => errors.push(`unhandled rejection: ${text(e.reason)}`));
  document.addEventListener('securitypolicyviolation', (e) => errors.push(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));
  const make = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (b) => { if (b instanceof Blob) blobs.push(b); return make(b); };
}

/** Reads the last Blob the page saved, as base64 (the WebKit download path). */
async function lastBlob(count) {
  const { blobs } = window.__engine;
  if (blobs.length <= count) return null;
  const bytes = new Uint8Array(await blobs[blobs.length - 1].arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Shared by the three: waitFor by polling eval (same semantics everywhere). */
class Base {
  keysActivate = true; // Enter / Space on a focused button clicks it (see FirefoxDriver)
  constructor(options = {}) { this.timeout = options.timeout || 60000; }
  async waitFor(fn, ...args) {
    const until = Date.now() + this.timeout;
    let last;
    for (;;) {
      try { last = await this.eval(fn, ...args); if (last) return last; } catch (err) { last = err; }
      if (Date.now() > until) {
        // What the page showed then, to tell a slow engine from a stuck page.
        const state = await this.eval(() => JSON.stringify({ hash: location.hash, messages: document.getElementById('messages')?.textContent,
          step: document.getElementById('step-count')?.textContent, core: document.getElementById('core-status')?.textContent })).catch((e) => e.message);
        throw new Error(`${this.name}: timed out after ${this.timeout} ms waiting for ${String(fn).slice(0, 160)}${last instanceof Error ? ` (last error: ${last.message})` : ''}; page: ${state}`);
      }
      await sleep(100);
    }
  }
  async hookErrors() { try { return await this.eval(() => window.__engine ? window.__engine.errors.slice() : []); } catch { return []; } }
}

class ChromiumDriver extends Base {
  name = 'chromium';
  downloads = 'real download (playwright download event)';
  async start() {
    const { chromium } = await import('playwright-core');
    // The flags of tests/e2e/browser.mjs's launch().
    this.browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--headless=new', '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'] });
    this.version = `Chromium ${this.browser.version()}`;
    this.context = await this.browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
    await this.context.addInitScript(hook);
    this.page = await this.context.newPage();
    this.problems = [];
    this.page.on('console', (m) => { if (m.type() === 'error') this.problems.push(`console: ${m.text()}`); });
    this.page.on('pageerror', (e) => this.problems.push(`page error: ${e.message}`));
    return this;
  }
  async open(url) { this.problems.length = 0; await this.page.goto(url); }
  eval(fn, ...args) { return this.page.evaluate(([src, a]) => (0, eval)(`(${src})`)(...a), [String(fn), args]); }
  click(sel) { return this.page.click(sel); }
  press(key) { return this.page.keyboard.press(key === ' ' ? 'Space' : key); }
  upload(sel, path) { return this.page.setInputFiles(sel, path); }
  async download(sel) {
    const [d] = await Promise.all([this.page.waitForEvent('download'), this.page.click(sel)]);
    return readFileSync(await d.path());
  }
  screenshot(path) { return this.page.screenshot({ path }); }
  async errors() { return [...this.problems]; }
  /** Chromium only: playwright's request interception (used by the start-up failure check). */
  route(pattern, handler) { return this.page.route(pattern, handler); }
  unroute(pattern) { return this.page.unroute(pattern); }
  async close() { await this.browser?.close(); }
}

class FirefoxDriver extends Base {
  // Headless Firefox over BiDi delivers key events to the focused element (keydown, keypress,
  // keyup all arrive) but runs no default action for them: Enter or Space on a focused button
  // fires no click (its document never has focus: document.hasFocus() is false).
  keysActivate = false;
  constructor(options = {}) {
    super(options);
    this.name = options.name || 'firefox';
    this.prefs = options.prefs || {};
  }
  downloads = 'real download (Firefox prefs save it without asking into a temporary folder)';
  async start() {
    const puppeteer = (await import('puppeteer-core')).default;
    this.dir = mkdtempSync(join(tmpdir(), 'gradlab-firefox-dl-'));
    this.browser = await puppeteer.launch({
      browser: 'firefox', executablePath: process.env.FIREFOX || '/usr/bin/firefox-esr', headless: true,
      defaultViewport: VIEWPORT,
      extraPrefsFirefox: {
        'browser.download.folderList': 2, 'browser.download.dir': this.dir, 'browser.download.useDownloadDir': true,
        'browser.download.always_ask_before_handling_new_types': false, 'browser.download.start_downloads_in_tmp_dir': false,
        'browser.helperApps.neverAsk.saveToDisk': 'application/octet-stream,application/json,text/csv,image/png',
        'browser.download.panel.shown': true, 'browser.download.alwaysOpenPanel': false,
        ...this.prefs,
      },
    });
    this.version = (await this.browser.version()).replace(/^firefox\//i, 'Firefox ');
    this.page = (await this.browser.pages())[0] || await this.browser.newPage();
    await this.page.setViewport(VIEWPORT);
    await this.page.evaluateOnNewDocument(hook);
    this.problems = [];
    this.page.on('console', (m) => { if (m.type() === 'error') this.problems.push(`console: ${m.text()}`); });
    this.page.on('pageerror', (e) => this.problems.push(`page error: ${e.message}`));
    return this;
  }
  async open(url) { this.problems.length = 0; await this.page.goto(url); }
  eval(fn, ...args) { return this.page.evaluate((src, a) => (0, eval)(`(${src})`)(...a), String(fn), args); }
  async click(sel) { const h = await this.page.waitForSelector(sel); await h.click(); await h.dispose(); }
  press(key) { return this.page.keyboard.press(key); }
  async upload(sel, path) { const h = await this.page.waitForSelector(sel); await h.uploadFile(path); await h.dispose(); }
  async download(sel) {
    const seen = new Set(readdirSync(this.dir));
    await this.click(sel);
    const until = Date.now() + this.timeout;
    for (;;) {
      const fresh = readdirSync(this.dir).filter((f) => !seen.has(f) && !f.endsWith('.part'));
      if (fresh.length) {
        await sleep(200); // the file is renamed from .part when complete
        return readFileSync(join(this.dir, fresh[0]));
      }
      if (Date.now() > until) throw new Error('firefox: no download arrived');
      await sleep(100);
    }
  }
  screenshot(path) { return this.page.screenshot({ path }); }
  async errors() { return [...this.problems]; }
  async close() { await this.browser?.close(); rmSync(this.dir, { recursive: true, force: true }); }
}

class WebKitDriver extends Base {
  downloads = 'hook: WebKitWebDriver cannot download, so the bytes are read from the Blob the page saves';
  constructor(options = {}) {
    super(options);
    this.lang = options.lang || 'en_US.UTF-8';
    this.name = options.name || `webkit (LANG=${this.lang})`;
  }
  async start() {
    const { Builder } = await import('selenium-webdriver');
    const port = await freePort();
    // xvfb-run gives MiniBrowser (which has no headless mode) a virtual display; its own
    // process group, so close() ends xvfb-run, Xvfb, WebKitWebDriver and MiniBrowser together.
    const env = { ...process.env, LANG: this.lang, LC_ALL: this.lang, LANGUAGE: '' };
    this.proc = spawn('xvfb-run', ['-a', '-s', '-screen 0 1600x1200x24', 'WebKitWebDriver', `--port=${port}`],
      { env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    this.proc.stderr.on('data', () => {});
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try { if ((await fetch(`${url}/status`)).ok) break; } catch { /* not up yet */ }
      if (i > 300) throw new Error('WebKitWebDriver did not start');
      await sleep(100);
    }
    this.driver = await new Builder().usingServer(url).withCapabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
    }).build();
    await this.driver.manage().setTimeouts({ script: this.timeout });
    const caps = await this.driver.getCapabilities();
    this.version = `WebKitGTK ${caps.get('browserVersion')}`;
    await this.fitViewport();
    return this;
  }
  /** Sizes the window so that the page's viewport is 1280×800 (the window adds a frame). */
  async fitViewport() {
    const win = this.driver.manage().window();
    await win.setRect({ width: VIEWPORT.width, height: VIEWPORT.height });
    const [w, h] = await this.driver.executeScript('return [innerWidth, innerHeight]');
    if (w !== VIEWPORT.width || h !== VIEWPORT.height) {
      const r = await win.getRect();
      await win.setRect({ width: r.width + VIEWPORT.width - w, height: r.height + VIEWPORT.height - h });
    }
  }
  async open(url) {
    await this.driver.get(url);
    await this.driver.executeScript(`(${hook})()`);
  }
  eval(fn, ...args) {
    return this.driver.executeScript(`return (${fn})(...arguments)`, ...args);
  }
  async click(sel) {
    const { By, until } = await import('selenium-webdriver');
    const el = await this.driver.wait(until.elementLocated(By.css(sel)), this.timeout);
    await el.click();
  }
  async press(key) {
    const { Key } = await import('selenium-webdriver');
    const k = { Enter: Key.ENTER, Tab: Key.TAB }[key] || key;
    await this.driver.actions().sendKeys(k).perform();
  }
  async upload(sel, path) {
    const { By } = await import('selenium-webdriver');
    const el = await this.driver.findElement(By.css(sel));
    await el.sendKeys(path);
  }
  async download(sel) {
    const count = await this.eval(() => window.__engine.blobs.length);
    await this.click(sel);
    const b64 = await this.waitFor(lastBlob, count);
    return Buffer.from(b64, 'base64');
  }
  async screenshot(path) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, Buffer.from(await this.driver.takeScreenshot(), 'base64'));
  }
  errors() { return this.hookErrors(); }
  async close() {
    try { await this.driver?.quit(); } catch { /* already gone */ }
    try { process.kill(-this.proc.pid, 'SIGTERM'); } catch { /* already gone */ }
  }
}

/** The engines the checks run in, by name. */
export const ENGINES = {
  chromium: () => new ChromiumDriver(),
  firefox: () => new FirefoxDriver(),
  // Firefox with relaxed SIMD turned off (a real engine without it, beside WebKit): the page
  // must fall back to the plain SIMD build, say so, and compute WebKit's bits.
  'firefox-no-relaxed': () => new FirefoxDriver({ name: 'firefox (relaxed SIMD off)', prefs: { 'javascript.options.wasm_relaxed_simd': false } }),
  webkit: () => new WebKitDriver({ lang: 'en_US.UTF-8', name: 'webkit' }),
  'webkit-c': () => new WebKitDriver({ lang: process.env.WEBKIT_C_LANG || 'C.UTF-8', name: 'webkit (LANG=C.UTF-8)' }),
};

export const available = {
  chromium: () => existsSync(process.env.CHROMIUM || '/usr/bin/chromium'),
  firefox: () => existsSync(process.env.FIREFOX || '/usr/bin/firefox-esr'),
  'firefox-no-relaxed': () => existsSync(process.env.FIREFOX || '/usr/bin/firefox-esr'),
  webkit: () => existsSync(MINIBROWSER),
  'webkit-c': () => existsSync(MINIBROWSER),
};
