// <gradlab-playground>: embeds a Gradient Lab view in any static page with one script tag:
//
//   <script type="module" src="https://…/www/embed.js"></script>
//   <gradlab-playground view="playground" dataset="spiral" layers="8,8" lr="0.01"
//                       hide="features,network" autoplay></gradlab-playground>
//
// Attributes: view (playground, optimizers, forward, simplicity, compact, dynamics), config (a JSON object of
// run settings), any run setting by its key (dataset, activation, optimizer, lr, method, …:
// see docs.html) except `hidden`, which is HTML's own attribute (it would hide the element):
// give the hidden-layer widths as layers="8,8". Then hide (comma-separated parts to hide),
// autoplay and height (CSS).
// Each element shows its view in its own frame, so several on one page train
// independently and nothing they do touches the host page. Settings are checked by the
// view itself, which reports a bad one by name and loads the rest.
const BASE = new URL('../', import.meta.url);
const VIEWS = { playground: 'index.html', optimizers: 'optimizers.html', forward: 'forward.html', simplicity: 'simplicity.html', compact: 'compact.html', dynamics: 'dynamics.html' };
const OWN = new Set(['view', 'config', 'hide', 'autoplay', 'height', 'title', 'class', 'style', 'id', 'hidden']);
/** Attribute names for run settings whose own name HTML already uses. */
export const ALIASES = { layers: 'hidden' };

/** The URL of a view with these settings: query = page flags, hash = run settings. */
export function viewUrl(view, settings = {}, { hide = '', autoplay = false } = {}) {
  const page = VIEWS[view] ?? VIEWS.playground;
  const query = new URLSearchParams({ embed: '1' });
  if (hide) query.set('hide', hide);
  if (autoplay) query.set('autoplay', '1');
  const hash = Object.entries(settings)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(Array.isArray(v) ? v.join(',') : String(v)).replace(/%2C/g, ',')}`)
    .join('&');
  return new URL(`${page}?${query}${hash ? `#${hash}` : ''}`, BASE).href;
}

class GradlabPlayground extends HTMLElement {
  static observedAttributes = ['view', 'config', 'hide', 'autoplay', 'height'];

  connectedCallback() { this.render(); }

  attributeChangedCallback() { if (this.isConnected) this.render(); }

  settings() {
    let settings = {};
    const json = this.getAttribute('config');
    if (json) {
      try {
        const parsed = JSON.parse(json);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) settings = parsed;
        else throw new Error('not a JSON object');
      } catch (err) {
        console.warn(`gradlab-playground: config attribute ignored: ${err.message}`);
      }
    }
    for (const { name, value } of this.attributes) if (!OWN.has(name)) settings[ALIASES[name] ?? name] = value;
    return settings;
  }

  render() {
    const view = this.getAttribute('view') || 'playground';
    const src = viewUrl(view, this.settings(), { hide: this.getAttribute('hide') || '', autoplay: this.hasAttribute('autoplay') });
    let frame = this.querySelector('iframe');
    if (!frame) {
      frame = document.createElement('iframe');
      frame.style.width = '100%';
      frame.style.border = '1px solid #ddd';
      this.replaceChildren(frame);
    }
    frame.title = this.getAttribute('title') || `Gradient Lab: ${view}`;
    frame.style.height = this.getAttribute('height') || '760px';
    if (frame.src !== src) frame.src = src;
  }
}

if (!customElements.get('gradlab-playground')) customElements.define('gradlab-playground', GradlabPlayground);
