// The digits' output view: a grid of test digits with the network's predicted label
// (mistakes marked with the true one), a live confusion matrix and per-class accuracy.
// The worker sends the test set once per run ('digits-test') and the network's outputs on
// it a few times a second (frame.testOutputs).

const SHOWN = 32; // test digits in the grid (8 × 4)
const CELL = 40; // a digit (24 px) and its label below

export class DigitsView {
  constructor(root) {
    this.root = root;
    this.test = null;
    root.hidden = true;
    root.innerHTML = `<p class="help">Test digits with the network's guess; <span class="wrong-key">red</span>: wrong (true label after the arrow).</p>
      <canvas class="digit-grid" width="${8 * CELL}" height="${4 * (CELL + 4)}" aria-label="Test digits with predicted labels"></canvas>
      <p class="help">Confusion matrix: rows are the true digit, columns the guess; the last column is each digit's accuracy.</p>
      <table class="confusion" aria-label="Confusion matrix"></table>`;
    this.grid = root.querySelector('canvas');
    this.table = root.querySelector('table');
  }

  /** Shows the view for a digits run, hides it otherwise. */
  show(on) {
    this.root.hidden = !on;
    if (!on) { this.test = null; this.early = null; }
  }

  /** The test set: x (rows × inputs, row-major), y (classes), `inputs` per row. */
  setTest({ x, y, inputs }) {
    this.test = { x, y, inputs, rows: y.length };
    // Outputs that came before the test set (the two race on a paused run's first frame).
    if (this.early) { const early = this.early; this.early = null; this.update(early); }
  }

  /** New outputs (rows × 10 logits or scores): predictions, grid and matrix. */
  update(outputs) {
    const t = this.test;
    if (!t) { this.early = outputs; return; }
    if (outputs.length !== t.rows * 10) return;
    const pred = new Uint8Array(t.rows);
    for (let r = 0; r < t.rows; r++) {
      let best = 0;
      for (let k = 1; k < 10; k++) if (outputs[r * 10 + k] > outputs[r * 10 + best]) best = k;
      pred[r] = best;
    }
    this.drawGrid(pred);
    this.drawMatrix(pred);
  }

  drawGrid(pred) {
    const { x, y, inputs } = this.test;
    const ctx = this.grid.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, this.grid.width, this.grid.height);
    const side = Math.round(Math.sqrt(inputs));
    const px = 3;
    ctx.font = '11px sans-serif';
    for (let i = 0; i < Math.min(SHOWN, pred.length); i++) {
      const ox = (i % 8) * CELL + 2;
      const oy = Math.floor(i / 8) * (CELL + 4) + 2;
      let max = 1e-6;
      for (let j = 0; j < inputs; j++) max = Math.max(max, x[i * inputs + j]);
      for (let j = 0; j < inputs; j++) {
        const v = Math.round(255 - 230 * Math.max(0, x[i * inputs + j]) / max);
        ctx.fillStyle = `rgb(${v},${v},${v})`;
        ctx.fillRect(ox + (j % side) * px, oy + Math.floor(j / side) * px, px, px);
      }
      const wrong = pred[i] !== y[i];
      ctx.fillStyle = wrong ? '#c0392b' : '#222';
      ctx.fillText(wrong ? `${pred[i]}→${y[i]}` : String(pred[i]), ox + 4, oy + side * px + 12);
      if (wrong) {
        ctx.strokeStyle = '#c0392b';
        ctx.lineWidth = 1.5;
        ctx.strokeRect(ox - 1, oy - 1, side * px + 2, side * px + 2);
      }
    }
  }

  drawMatrix(pred) {
    const y = this.test.y;
    const m = Array.from({ length: 10 }, () => new Array(10).fill(0));
    for (let r = 0; r < pred.length; r++) m[y[r]][pred[r]] += 1;
    const head = `<tr><th></th>${m.map((_, k) => `<th>${k}</th>`).join('')}<th>acc.</th></tr>`;
    const rows = m.map((row, t) => {
      const total = row.reduce((a, b) => a + b, 0) || 1;
      const cells = row.map((n, p) => {
        const share = n / total;
        const colour = p === t ? `rgba(8,119,189,${share.toFixed(2)})` : `rgba(213,94,0,${Math.min(1, share * 3).toFixed(2)})`;
        return `<td style="background:${colour};color:${share > 0.5 ? '#fff' : '#222'}" title="true ${t}, guessed ${p}: ${n}">${n || ''}</td>`;
      }).join('');
      return `<tr><th>${t}</th>${cells}<td class="acc">${Math.round((100 * row[t]) / total)}%</td></tr>`;
    }).join('');
    this.table.innerHTML = head + rows;
  }
}
