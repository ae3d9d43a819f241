// The message strip shared by every page: errors, warnings and notices, each dismissable,
// at most six kept. Text only (never HTML), since messages can quote untrusted input.
const MAX = 6;

export function say(level, text) {
  const root = document.getElementById('messages');
  const box = document.createElement('div');
  box.className = `msg ${level}`;
  box.setAttribute('role', level === 'error' ? 'alert' : 'status');
  const span = document.createElement('span');
  span.textContent = text;
  const close = document.createElement('button');
  close.textContent = '×';
  close.setAttribute('aria-label', 'Dismiss');
  close.addEventListener('click', () => box.remove());
  box.append(span, close);
  root.appendChild(box);
  while (root.children.length > MAX) root.firstChild.remove();
}

/** Fills a <select> with values and picks one. */
export function fillSelect(id, values, value) {
  const el = document.getElementById(id);
  el.append(...values.map((v) => new Option(v, v)));
  el.value = value;
}
