// A preview of an uploaded CSV (its first rows) with a picker for the label column.
// Fetched at the first upload. The default pick mirrors crate/data/user.rs (label, class or
// target, else y, else the last column); a pick re-imports the file with that column.

const ROWS = 5;
const LABEL_NAMES = ['label', 'class', 'target', 'y'];

/** The cells of the first lines of `text` (display only: the core parses for real). */
function head(text) {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).slice(0, ROWS + 1).map((l) => l.split(',').map((c) => c.trim()));
}

/** Fills `root` with the preview of `text`; `onLabel(name)` re-imports with that label column. */
export function showPreview(root, text, name, onLabel) {
  const lines = head(text);
  if (!lines.length) { root.hidden = true; return; }
  const first = lines[0];
  const header = first.every((c) => Number.isNaN(Number(c))) || first.slice(0, -1).some((c) => c === '' || Number.isNaN(Number(c)));
  const names = header ? first : first.map((_, j) => `column ${j + 1}`);
  const lower = names.map((n) => n.toLowerCase());
  const picked = LABEL_NAMES.map((l) => lower.indexOf(l)).find((j) => j >= 0) ?? names.length - 1;
  const table = document.createElement('table');
  table.className = 'csv-table';
  const row = (cells, tag) => {
    const tr = document.createElement('tr');
    cells.forEach((c, j) => {
      const cell = document.createElement(tag);
      cell.textContent = c;
      if (j === picked) cell.className = 'label-col';
      tr.appendChild(cell);
    });
    return tr;
  };
  table.append(row(names, 'th'), ...lines.slice(header ? 1 : 0).map((cells) => row(cells, 'td')));
  const caption = document.createElement('p');
  caption.className = 'help';
  caption.textContent = `${name}: the first rows.`;
  const label = document.createElement('label');
  label.textContent = 'Label column ';
  label.title = 'The column holding each row\'s class (numbers or names such as cat, dog); the others are features';
  const select = document.createElement('select');
  select.id = 'label-column';
  select.disabled = !header;
  select.replaceChildren(...names.map((n, j) => new Option(n, n)));
  select.value = names[picked];
  select.addEventListener('change', () => {
    const j = names.indexOf(select.value);
    for (const tr of table.rows) [...tr.cells].forEach((cell, k) => cell.classList.toggle('label-col', k === j));
    onLabel(select.value);
  });
  label.appendChild(select);
  const scroll = document.createElement('div');
  scroll.className = 'csv-scroll';
  scroll.appendChild(table);
  root.replaceChildren(caption, scroll, label);
  root.hidden = false;
}
