// Small text helpers shared by the views: `key=value&…` lists (URL hashes, entrant and
// override fields) and HTML escaping for text placed into markup.

/** [[key, value], …] from "k=v&k2=v2", trimmed; `decode` undoes URL encoding (a hash). */
export function pairs(text, decode = false) {
  const clean = (t) => (decode ? decodeURIComponent(t) : t).trim();
  return text.split('&').filter((p) => p.trim()).map((p) => {
    const at = p.indexOf('=');
    return at < 0 ? [clean(p), ''] : [clean(p.slice(0, at)), clean(p.slice(at + 1))];
  });
}

/** The run settings in this page's URL hash, as an object. */
export function hashSettings() {
  return Object.fromEntries(pairs(location.hash.slice(1), true));
}

export function escapeHtml(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
}
