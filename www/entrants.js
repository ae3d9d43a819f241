// An editable list of optimizers (name, learning rate, other hyperparameters as
// key=value pairs), shared by the race and the trajectory views.
import { pairs } from './text.js';
import { choices } from './names.js';


export class Entrants {
  constructor(root, defaults, onChange = () => {}) {
    this.root = root;
    this.onChange = onChange;
    this.set(defaults);
  }

  /** Replaces the list: [[optimizer, lr, 'key=value&…'], …]. */
  set(list) {
    this.root.replaceChildren();
    for (const [o, lr, extra] of list) this.add(o, lr, extra);
  }

  add(optimizer = 'adam', lr = 0.01, extra = '') {
    const row = document.createElement('div');
    row.className = 'entrant';
    const sel = document.createElement('select');
    // The core's optimizer names (the page calls useChoices once its core is loaded).
    sel.append(...(choices.optimizer ?? [optimizer]).map((o) => new Option(o, o)));
    sel.value = optimizer;
    sel.setAttribute('aria-label', 'Optimizer');
    const rate = document.createElement('input');
    rate.type = 'number'; rate.step = 'any'; rate.value = lr; rate.setAttribute('aria-label', 'Learning rate');
    const more = document.createElement('input');
    more.value = extra; more.placeholder = 'e.g. momentum=0.9&weight_decay=0.01'; more.size = 28;
    more.setAttribute('aria-label', 'Other hyperparameters as key=value pairs');
    const remove = document.createElement('button');
    remove.textContent = '×'; remove.setAttribute('aria-label', 'Remove this optimizer');
    remove.addEventListener('click', () => { row.remove(); this.onChange(); });
    for (const el of [sel, rate, more]) el.addEventListener('change', () => this.onChange());
    row.append(sel, ' lr ', rate, ' ', more, remove);
    this.root.appendChild(row);
  }

  /** [{ config: {optimizer, lr, …extras}, label }] to merge into a base config. */
  list() {
    return [...this.root.children].map((row) => {
      const [sel, rate, more] = row.querySelectorAll('select, input');
      const config = { optimizer: sel.value, lr: Number(rate.value) };
      for (const [k, text] of pairs(more.value)) {
        config[k] = text === 'true' ? true : text === 'false' ? false : text !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
      }
      return { config, label: label(sel.value, rate.value, more.value) };
    });
  }
}

/** A short name for a run: the gradient source first when it is not backprop, then the
 *  optimizer, its lr and any other settings ("forward-gradient, local-losses · sgd 0.02"). */
export function label(optimizer, lr, extra) {
  const list = pairs(extra);
  const method = list.find(([k]) => k === 'method')?.[1];
  const rest = list.filter(([k]) => k !== 'method').map(([k, v]) => (v === 'true' ? k : `${k}=${v}`));
  const rule = `${optimizer} ${lr}`;
  if (!method) return rest.length ? `${rule} (${rest.join(', ')})` : rule;
  return `${[method, ...rest].join(', ')} · ${rule}`;
}
