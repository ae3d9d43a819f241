// "Your own data" on the playground: upload a CSV, or draw and delete points on the
// decision map, and keep those rows in this browser so a reload does not lose them (a link
// cannot carry data). The edits themselves are computed in own-data.js; the worker checks
// the rows in Rust and trains on them.
// own-data.js (the edits) is fetched by the worker at the first edit, not on a first visit:
// these two lines are its click rule and class limit (crate/data/user.rs's as well).
const MAX_CLASSES = 8;
/** Which edit a click on the map makes: alt- or right-click deletes, shift-click adds the
 *  class after the chosen one (the other class, for two), a plain click adds the chosen one. */
function clickEdit(event, chosen, classes) {
  if (event.altKey || event.button === 2) return { op: 'delete' };
  const cls = event.shiftKey ? (chosen + 1) % Math.max(2, classes) : chosen;
  return { op: 'add', cls };
}
import { KEY } from './start.js';
import { css, pointColor, TWO_CLASS_NAMES as TWO_COLORS, CLASS_NAMES as MANY_COLORS } from '../shared/colors.js';

const $ = (id) => document.getElementById(id);
const MAX_FILE = 8 << 20;
const MAX_KEPT = 4 << 20;

export class OwnData {
  /** `getInfo()` is the current run's info, `send` posts to the worker, `say` shows a message. */
  constructor(canvas, getInfo, send, say) {
    this.canvas = canvas;
    this.getInfo = getInfo;
    this.send = send;
    this.say = say;
    this.drawing = false;
    $('upload-csv').addEventListener('change', (e) => this.upload(e.target));
    $('draw').addEventListener('click', () => this.setDrawing(!this.drawing));
    $('draw-class').addEventListener('change', () => { const info = getInfo(); if (info) this.show(info); });
    canvas.addEventListener('click', (e) => this.click(e));
    canvas.addEventListener('contextmenu', (e) => { if (this.drawing) { e.preventDefault(); this.click(e); } });
  }

  async upload(input) {
    const file = input.files[0];
    input.value = '';
    if (!file) return;
    if (file.size > MAX_FILE) { this.say('error', `${file.name}: ${file.size} bytes is over the ${MAX_FILE >> 20} MiB limit for a CSV`); return; }
    const [text, name] = [await file.text(), file.name.slice(0, 80)];
    this.send({ type: 'upload-csv', text, name });
    const { showPreview } = await import('./csv-preview.js');
    showPreview($('csv-preview'), text, name, (label) => this.send({ type: 'upload-csv', text, name, label }));
  }

  setDrawing(on) {
    this.drawing = on;
    $('draw').setAttribute('aria-pressed', String(on));
    this.canvas.classList.toggle('drawing', on);
  }

  click(event) {
    const info = this.getInfo();
    if (!this.drawing || !info) return;
    const rect = this.canvas.getBoundingClientRect();
    const x = ((event.clientX - rect.left) / rect.width * 2 - 1) * info.extent;
    const y = (1 - (event.clientY - rect.top) / rect.height * 2) * info.extent;
    const chosen = Number($('draw-class').value);
    this.send({ type: 'edit-points', x, y, ...clickEdit(event, chosen, info.classes) });
  }

  /** Shows what the current run's data are, and the classes a drawing can add. */
  show(info) {
    const data = info.data;
    const classes = info.task.kind === 'regression' ? 0 : info.classes;
    const select = $('draw-class');
    const keep = select.value;
    const colors = info.task.kind === 'binary' ? TWO_COLORS : MANY_COLORS;
    const label = (i) => {
      const name = data?.labels?.[i];
      return `${colors[i]}: class ${i}${name != null && name !== String(i) ? ` (label ${name})` : ''}`;
    };
    const options = Array.from({ length: classes }, (_, i) => new Option(label(i), String(i)));
    if (classes && classes < MAX_CLASSES) options.push(new Option(`a new class ${classes} (new network; colours change)`, String(classes)));
    select.replaceChildren(...options);
    if ([...select.options].some((o) => o.value === keep)) select.value = keep;
    const chosen = Number(select.value);
    select.style.borderColor = chosen < classes ? css(pointColor(chosen, info.task)) : '';
    // A click adds a point at the map's two coordinates: nothing to draw for the 8×8 digits.
    const drawable = info.config.dataset !== 'digits' && (!data || data.columns === 2);
    $('draw').hidden = !drawable;
    select.parentElement.hidden = !drawable || !classes;
    if (!drawable && this.drawing) this.setDrawing(false);
    const note = $('data-note');
    if (data) {
      note.textContent = `Your data: ${data.rows} rows, ${data.columns} feature column${data.columns === 1 ? '' : 's'} (${data.names.slice(0, 6).join(', ')}${data.columns > 6 ? ', …' : ''}), ${info.classes} classes; ${data.note}. ${info.trainRows} rows train, ${info.testRows} test. A link cannot carry these rows: Save run keeps them in a file.`;
    } else {
      note.textContent = '';
    }
  }

  /** Keeps the rows in this browser (replacing any kept before). */
  keep(data) {
    try {
      const json = JSON.stringify(data);
      if (json.length <= MAX_KEPT) localStorage.setItem(KEY, json);
      else this.say('warning', `Your data (${(json.length / 2 ** 20).toFixed(1)} MiB as text) is too large to keep in the browser: save a run file to keep it.`);
    } catch {
      // Storage full or disabled: the run goes on; Save run still keeps the data.
    }
  }
}
