// Shortcut bias (Hermann et al. 2024): networks of growing depth trained on two latent
// features, one more predictive (core), one more available (shortcut); the table reports
// how much more each relies on the shortcut than the Bayes-optimal classifier does.
const $ = (id) => document.getElementById(id);

export class ShortcutView {
  constructor(worker) {
    this.worker = worker;
    $('sc-run').addEventListener('click', () => this.run());
  }

  run() {
    $('sc-table').innerHTML = '<caption>Training…</caption>';
    this.worker.postMessage({
      type: 'shortcut', maxLayers: 2, epochs: Number($('sc-epochs').value),
      config: { 'rho-shortcut': Number($('sc-rho-s').value), 'rho-core': Number($('sc-rho-c').value), sigma: 0.6,
        'alpha-shortcut': Number($('sc-alpha').value), 'alpha-core': 1, 'nest-shortcut': 0, 'nest-core': Number($('sc-nest').value),
        dim: 100, train: 3200, test: 1000, seed: Number($('sc-seed').value) },
    });
  }

  onMessage(m) {
    if (m.type !== 'shortcut-result') return;
    $('sc-table').innerHTML = '<caption>Shortcut bias = reliance on the shortcut − the Bayes-optimal reliance</caption>'
      + '<tr><th>hidden ReLU layers</th><th>test accuracy</th><th>shortcut bias</th></tr>'
      + m.rows.map((r) => `<tr><td>${r.hidden_layers}</td><td>${(100 * r.test_accuracy).toFixed(1)}%</td><td>${r.shortcut_bias.toFixed(3)}</td></tr>`).join('');
  }
}
