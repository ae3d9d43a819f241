// "Share / embed": the current run as a link, as <gradlab-playground> markup for a course
// page, and as an iframe snippet. The run's settings are the URL hash, so all three
// reproduce it bit for bit (same seed, same settings). They carry only the settings that
// differ from the defaults (shortestSettings): the hash parser reads a link over the
// defaults, so the short form loads the same run. Fetched at the first click.
import { pairs, escapeHtml } from '../shared/text.js';

/** The settings of `hash` ("k=v&…", table order) that differ from `defaults` (a config
 *  as parseHash gives it), in the same order. Values are compared as the hash parser
 *  reads them: numbers by value (0.0 = 0), lists by their comma form. */
export function shortestSettings(hash, defaults) {
  const out = {};
  for (const [key, text] of pairs(hash.replace(/^#/, ''), true)) {
    const d = defaults?.[key];
    const same = d === undefined ? false
      : Array.isArray(d) ? d.join(',') === text
        : typeof d === 'number' ? text !== '' && Number(text) === d
          : d === null ? text === '' : String(d) === text;
    if (!same) out[key] = text;
  }
  return out;
}

export class Share {
  /** `button` opens and closes the panel (made here when not given); `defaults()` is the
   *  default run's config, for the short link. */
  constructor(root, view, { button, defaults } = {}) {
    this.root = root;
    this.view = view;
    this.defaults = defaults ?? (() => null);
    this.button = button ?? Object.assign(document.createElement('button'), { textContent: 'Share / embed' });
    this.button.setAttribute('aria-expanded', 'false');
    this.panel = document.createElement('div');
    this.panel.className = 'share';
    this.panel.hidden = true;
    if (!button) this.button.addEventListener('click', () => this.toggle());
    root.append(...(button ? [] : [this.button]), this.panel);
  }

  toggle() {
    this.panel.hidden = !this.panel.hidden;
    this.button.setAttribute('aria-expanded', String(!this.panel.hidden));
    if (!this.panel.hidden) this.fill().catch((err) => this.panel.replaceChildren(`Sharing is unavailable: ${err.message}`));
  }

  /** The three snippets for the run on screen (embed.js is fetched at the first click). */
  async fill() {
    const { viewUrl, ALIASES } = await import('../embed.js');
    const settings = shortestSettings(location.hash, this.defaults());
    const hash = Object.entries(settings).map(([k, v]) => `${k}=${v}`).join('&');
    const base = new URL('./', location.href).href;
    const attribute = Object.fromEntries(Object.entries(ALIASES).map(([a, k]) => [k, a]));
    const attrs = Object.entries(settings).map(([k, v]) => ` ${attribute[k] ?? k}="${escapeHtml(v)}"`).join('');
    const link = location.origin + location.pathname + location.search + (hash ? `#${hash}` : '');
    const items = [
      ['Link to this run (only the settings that differ from the defaults)', link],
      ['Element for a course page (one script tag, then the element anywhere)',
        `<script type="module" src="${base}www/embed.js"></script>\n<gradlab-playground view="${this.view}"${attrs}></gradlab-playground>`],
      ['iframe', `<iframe src="${escapeHtml(viewUrl(this.view, settings))}" title="Gradient Lab" width="100%" height="760" style="border:0"></iframe>`],
    ];
    this.panel.replaceChildren(...items.map(([label, text]) => {
      const wrap = document.createElement('label');
      wrap.textContent = label;
      const area = document.createElement('textarea');
      area.readOnly = true;
      area.rows = text.split('\n').length + 1;
      area.value = text;
      area.addEventListener('focus', () => area.select());
      const copy = document.createElement('button');
      copy.type = 'button';
      copy.className = 'copy';
      copy.textContent = 'Copy';
      copy.title = `Copy the ${label.split(' (')[0].toLowerCase()}`;
      copy.addEventListener('click', (e) => { e.preventDefault(); copyText(area, copy); });
      wrap.append(area, copy);
      return wrap;
    }));
    if (settings.dataset === 'custom') {
      const warn = document.createElement('p');
      warn.className = 'help warning';
      warn.textContent = 'This run trains on your own data, which a link cannot carry: the link and the embeds open with the default data instead. Save run makes a file that keeps your data.';
      this.panel.appendChild(warn);
    }
    const help = document.createElement('p');
    help.className = 'help';
    help.textContent = 'Add hide="features,network" (any of: toolbar, lr, optimizer, activation, init, regularization, problem, speed, data, datasets, features, network, output, charts, files, help) and autoplay to the element to shape it for a lesson.';
    this.panel.appendChild(help);
  }
}

/** Copies the text of `area`, saying so on `button` (the clipboard API where the page may
 *  use it, else the selection and execCommand). */
async function copyText(area, button) {
  let ok = false;
  try {
    await navigator.clipboard.writeText(area.value);
    ok = true;
  } catch {
    area.select();
    try { ok = document.execCommand('copy'); } catch { ok = false; }
  }
  button.textContent = ok ? 'Copied ✓' : 'Select and copy (Ctrl+C)';
  setTimeout(() => { button.textContent = 'Copy'; }, 2000);
}
