// "Share / embed": the current run as a link, as <gradlab-playground> markup for a course
// page, and as an iframe snippet. The run's settings are the URL hash, so all three
// reproduce it bit for bit (same seed, same settings).
import { hashSettings, escapeHtml } from '../shared/text.js';

export class Share {
  constructor(root, view) {
    this.root = root;
    this.view = view;
    const button = document.createElement('button');
    button.textContent = 'Share / embed';
    button.setAttribute('aria-expanded', 'false');
    this.panel = document.createElement('div');
    this.panel.className = 'share';
    this.panel.hidden = true;
    button.addEventListener('click', () => {
      this.panel.hidden = !this.panel.hidden;
      button.setAttribute('aria-expanded', String(!this.panel.hidden));
      if (!this.panel.hidden) this.fill().catch((err) => this.panel.replaceChildren(`Sharing is unavailable: ${err.message}`));
    });
    root.append(button, this.panel);
  }

  /** The three snippets for the run on screen (embed.js is fetched at the first click). */
  async fill() {
    const { viewUrl, ALIASES } = await import('../embed.js');
    const settings = hashSettings();
    const base = new URL('./', location.href).href;
    const attribute = Object.fromEntries(Object.entries(ALIASES).map(([a, k]) => [k, a]));
    const attrs = Object.entries(settings).map(([k, v]) => ` ${attribute[k] ?? k}="${escapeHtml(v)}"`).join('');
    const items = [
      ['Link to this run', location.origin + location.pathname + location.hash],
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
      wrap.appendChild(area);
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
    help.textContent = 'Add hide="features,network" (any of: toolbar, lr, optimizer, activation, init, regularization, problem, data, datasets, features, network, output, charts, files, help) and autoplay to the element to shape it for a lesson.';
    this.panel.appendChild(help);
  }
}

