// Page flags for embedding, read from the query string (the hash stays the run's
// settings): ?embed=1 drops the page header and footer, hide=a,b hides control groups
// (elements marked data-group="a"), autoplay=1 starts training once the page is ready,
// backend=auto|cpu|webgpu picks the playground's compute backend (a page setting, not a
// run setting: results agree within the tolerances of docs/WEBGPU.md, so it stays out of
// the hash and its key table).
// Like the TensorFlow Playground's classroom flags; unknown names are reported by name.
import { say } from './messages.js';
import { hashSettings } from './text.js';

const query = new URLSearchParams(location.search);

export const flags = {
  embedded: query.get('embed') === '1',
  autoplay: query.get('autoplay') === '1',
  hide: (query.get('hide') || '').split(',').map((s) => s.trim()).filter(Boolean),
  backend: query.get('backend') || 'auto',
};

/** Sets (or, with null, removes) a page flag in the address bar, keeping the hash. */
export function setFlag(name, value) {
  const url = new URL(location.href);
  if (value == null) url.searchParams.delete(name); else url.searchParams.set(name, value);
  // about:srcdoc (the notebook) has no query to rewrite
  if (url.href !== location.href) try { history.replaceState(null, '', url); } catch {}
}

/** Applies embed and hide to this page; `groups` is what the page can hide. */
export function applyFlags() {
  if (flags.embedded) document.body.classList.add('embedded');
  const known = new Set([...document.querySelectorAll('[data-group]')].flatMap((el) => el.dataset.group.split(' ')));
  for (const name of flags.hide) {
    if (!known.has(name)) {
      say('warning', `hide: "${name.slice(0, 40)}" is not a part of this page; the parts are ${[...known].sort().join(', ')}`);
      continue;
    }
    for (const el of document.querySelectorAll(`[data-group~="${name}"]`)) el.hidden = true;
  }
}

/** Copies run settings from the URL hash into a page's own inputs: `fields` maps a
 *  setting's key to an input's id. Keys the page has no input for are reported. */
export function applyHash(fields) {
  for (const [key, value] of Object.entries(hashSettings())) {
    const el = fields[key] && document.getElementById(fields[key]);
    if (!el) { say('warning', `URL: "${key.slice(0, 40)}" is not a setting of this page; it takes ${Object.keys(fields).join(', ')}`); continue; }
    if (el.tagName === 'SELECT' && ![...el.options].some((o) => o.value === value)) {
      say('warning', `URL: ${key}=${value.slice(0, 40)} is not one of ${[...el.options].map((o) => o.value).join(', ')}`);
      continue;
    }
    el.value = value;
  }
}
