// An editable list of optimizers (name, learning rate, optionally the gradient source, and
// other hyperparameters as key=value pairs under "edit as text"), shared by the race, the
// sweep and the trajectory views.
import { pairs } from './text.js';
import { OPTIMIZER_NAMES, METHOD_NAMES, fillNamed, helpOf, nameOf } from './lab-names.js';
import { choices } from './names.js';


export class Entrants {
  /** `options.methods`: show a gradient-source dropdown (the forward-gradient page);
   *  `options.fixedLr`: the learning rate is not the entrant's to set (the sweep). */
  constructor(root, defaults, onChange = () => {}, options = {}) {
    this.root = root;
    this.onChange = onChange;
    this.options = options;
    this.set(defaults);
  }

  /** Replaces the list: [[optimizer, lr, 'key=value&…'], …]. */
  set(list) {
    this.root.replaceChildren();
    for (const [o, lr, extra] of list) this.add(o, lr, extra);
  }

  /** One row: optimizer and learning rate (and gradient source) as labelled controls, and
   *  every other setting under "edit as text" (key=value pairs), kept in sync with them. */
  add(optimizer = 'adam', lr = 0.01, extra = '') {
    const n = this.root.children.length + 1;
    const row = document.createElement('div');
    row.className = 'entrant';
    const sel = document.createElement('select');
    // The core's optimizer names (the page calls useChoices once its core is loaded).
    fillNamed(sel, OPTIMIZER_NAMES, choices.optimizer ?? [optimizer], optimizer);
    sel.setAttribute('aria-label', `Optimizer ${n}`);
    const help = () => { sel.title = `${helpOf(OPTIMIZER_NAMES, sel.value) || sel.value}. The update rule this entrant uses.`; };
    help();
    const rate = document.createElement('input');
    rate.type = 'number'; rate.step = 'any'; rate.value = lr; rate.min = '0';
    rate.setAttribute('aria-label', `Learning rate ${n}`);
    rate.title = this.options.fixedLr ? 'Set by the sweep: every rate of the grid above is tried' : 'Learning rate: the step size (try ×3 or ÷3 steps)';
    if (this.options.fixedLr) rate.disabled = true;
    const lrLabel = document.createElement('span');
    lrLabel.className = 'entrant-lr';
    lrLabel.textContent = ' lr ';
    const more = document.createElement('input');
    more.value = extra; more.placeholder = 'e.g. momentum=0.9&weight_decay=0.01'; more.size = 28;
    more.setAttribute('aria-label', `Other settings of entrant ${n} as key=value pairs`);
    more.title = 'Any other setting as key=value pairs joined by & (names as on the Settings page), e.g. momentum=0.9&weight_decay=0.01';
    const details = document.createElement('details');
    details.className = 'as-text';
    const summary = document.createElement('summary');
    details.append(summary, more);
    const parts = [sel, lrLabel, rate];
    let method = null;
    if (this.options.methods) {
      method = document.createElement('select');
      fillNamed(method, METHOD_NAMES, Object.keys(METHOD_NAMES));
      method.setAttribute('aria-label', `Gradient source ${n}`);
      parts.push(' ', method);
    }
    const sync = () => {
      const extras = pairs(more.value);
      if (method) {
        method.value = extras.find(([k]) => k === 'method')?.[1] ?? 'backprop';
        method.title = `${helpOf(METHOD_NAMES, method.value)}. How this entrant gets its gradient.`;
      }
      const shown = extras.filter(([k]) => !(method && k === 'method')).map(([k, v]) => (v === '' ? k : `${k}=${v}`)).join(', ');
      summary.textContent = shown ? `more: ${shown}` : 'more (as text)';
      summary.title = 'Edit every other setting of this entrant as key=value text (for experts)';
    };
    if (method) {
      method.addEventListener('change', () => {
        const rest = pairs(more.value).filter(([k]) => k !== 'method');
        const list = method.value === 'backprop' ? rest : [['method', method.value], ...rest];
        more.value = list.map(([k, v]) => `${k}=${v}`).join('&');
        sync();
        this.onChange();
      });
    }
    more.addEventListener('input', sync);
    sync();
    const remove = document.createElement('button');
    remove.textContent = '×'; remove.className = 'entrant-remove'; remove.setAttribute('aria-label', `Remove entrant ${n}`);
    remove.title = 'Remove this entrant';
    remove.addEventListener('click', () => { row.remove(); this.onChange(); });
    sel.addEventListener('change', help);
    for (const el of [sel, rate, more]) el.addEventListener('change', () => this.onChange());
    row.append(...parts, ' ', details, remove);
    this.root.appendChild(row);
  }

  /** [{ config: {optimizer, lr, …extras}, label }] to merge into a base config. */
  list() {
    return [...this.root.children].map((row) => {
      const sel = row.querySelector('select');
      const rate = row.querySelector('input[type=number]');
      const more = row.querySelector('details input');
      const config = { optimizer: sel.value, lr: Number(rate.value) };
      for (const [k, text] of pairs(more.value)) {
        config[k] = text === 'true' ? true : text === 'false' ? false : text !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
      }
      return { config, label: label(sel.value, rate.value, more.value, !!this.options.methods) };
    });
  }
}

/** A short name for a run: the gradient source first when it is not backprop (or always,
 *  with `showMethod`, where runs differ by it), then the optimizer, its lr and any other
 *  settings ("forward gradient, local-losses · SGD 0.02"). */
export function label(optimizer, lr, extra, showMethod = false) {
  const list = pairs(extra);
  const method = list.find(([k]) => k === 'method')?.[1] ?? (showMethod ? 'backprop' : undefined);
  const rest = list.filter(([k]) => k !== 'method').map(([k, v]) => (v === 'true' ? k : `${k}=${v}`));
  const rule = `${nameOf(OPTIMIZER_NAMES, optimizer)} ${lr}`;
  if (!method) return rest.length ? `${rule} (${rest.join(', ')})` : rule;
  return `${[method === 'backprop' ? 'backprop' : nameOf(METHOD_NAMES, method), ...rest].join(', ')} · ${rule}`;
}
