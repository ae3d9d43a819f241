// The lottery-ticket experiment (Frankle & Carbin 2019) in one click: train, prune the
// smallest weights, rewind the survivors to their initial values, retrain; each round is
// compared with its two controls: the same mask with fresh initial weights, and a random
// mask of the same per-layer sparsity rewound to the same initial weights.
const $ = (id) => document.getElementById(id);

export class LotteryView {
  constructor(worker, base) {
    this.worker = worker;
    this.base = base;
    $('lt-run').addEventListener('click', () => {
      this.rows = [];
      $('lt-table').innerHTML = '<caption>Training round 0 (dense)…</caption>';
      $('lt-run').disabled = true;
      $('lt-state').textContent = 'running';
      worker.postMessage({ type: 'lottery', config: this.base(), rounds: Number($('lt-rounds').value), rate: 0.5, rewind: Number($('lt-rewind').value) });
    });
  }

  onMessage(m) {
    if (m.type === 'lottery-round') { this.rows.push(m.round); this.table(false); }
    if (m.type === 'lottery-done') {
      this.table(true);
      $('lt-run').disabled = false;
      $('lt-run').textContent = 'Run again';
      $('lt-state').textContent = 'finished';
    }
    if (m.type === 'error' || m.type === 'lottery-error') { $('lt-run').disabled = false; $('lt-state').textContent = ''; }
  }

  table(done) {
    const pct = (o) => (o.test_accuracy == null ? '–' : `${(100 * o.test_accuracy).toFixed(1)}%`);
    $('lt-table').innerHTML = `<caption>${done ? 'Lottery tickets and their controls' : `Round ${this.rows.length} running…`}</caption>`
      + '<tr><th>round</th><th>sparsity</th><th>ticket (rewound)</th><th>same mask, fresh init</th><th>random mask</th></tr>'
      + this.rows.map((r) => `<tr><td>${r.round}</td><td>${(100 * r.sparsity).toFixed(1)}%</td><td>${pct(r.ticket)}</td><td>${pct(r.reinit)}</td><td>${pct(r.random_mask)}</td></tr>`).join('');
  }
}
