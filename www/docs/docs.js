// The settings reference, generated at load time from the key tables the code validates
// with (crate/train/schema.rs for runs and URL hashes, crate/labs/simplicity/experiment.rs for
// the slab experiments), so the documentation cannot drift from the checks.
import init, { schema, slabSchema } from '../../pkg/gradlab.js';
import { coreUrl } from '../shared/core-wasm.js';

await init({ module_or_path: coreUrl });

function render(table, rows, caption) {
  const head = document.createElement('tr');
  for (const h of ['key', 'allowed values', 'default', 'what it does']) {
    const th = document.createElement('th');
    th.textContent = h;
    head.appendChild(th);
  }
  const cap = document.createElement('caption');
  cap.textContent = caption;
  table.replaceChildren(cap, head, ...rows.map((r) => {
    const tr = document.createElement('tr');
    const show = r.default === null || r.default === undefined ? 'the optimizer\'s own' : JSON.stringify(r.default);
    for (const text of [r.key, r.allowed, show, r.doc]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.appendChild(td);
    }
    tr.firstChild.id = `key-${r.key}`;
    return tr;
  }));
}

render(document.getElementById('run-keys'), schema(), 'Run settings: URL hash keys, JSON config keys and gradlab --set keys');
render(document.getElementById('slab-keys'), slabSchema(), 'Slab experiment settings: gradlab simplicity --set and the page\'s overrides');
