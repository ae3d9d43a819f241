// The variance-vs-K experiment (Baydin et al. 2022): measured relative squared error of
// forward-gradient estimates against the (n + 1)/K law, plotted on log-log axes.
import uPlot from './vendor/uPlot.esm.js';
import { Lab } from '../pkg/gradlab.js';

const $ = (id) => document.getElementById(id);
const KS = [1, 2, 4, 8, 16, 32, 64, 128];

export class Variance {
  constructor(say, baseConfig) {
    this.say = say;
    this.baseConfig = baseConfig;
    $('var-run').addEventListener('click', () => this.run());
  }

  run() {
    let lab;
    try {
      lab = new Lab(this.baseConfig());
    } catch (err) {
      this.say('error', String(err.message || err));
      return;
    }
    const rows = lab.varianceVsK(Uint32Array.from(KS), 200);
    const n = lab.paramsLen();
    lab.free();
    this.chart?.destroy();
    this.chart = new uPlot({
      title: `Error of the estimate vs K (n = ${n} parameters)`, width: 460, height: 260,
      scales: { x: { time: false, distr: 3 }, y: { distr: 3 } },
      series: [{ label: 'K' }, { label: 'measured E‖g − ∇L‖²/‖∇L‖²', stroke: '#0877bd', width: 2, points: { show: true } },
        { label: 'law (n + 1)/K', stroke: '#f59322', width: 2, dash: [6, 4] }],
      axes: [{ label: 'tangents K (log)' }, { label: 'relative squared error (log)', size: 60 }],
    }, [rows.map((r) => r[0]), rows.map((r) => r[2]), rows.map((r) => r[3])], $('var-chart'));
    $('var-table').innerHTML = '<tr><th>K</th><th>mean cosine</th><th>measured error</th><th>law (n+1)/K</th><th>ratio</th></tr>'
      + rows.map(([k, cos, err, law]) => `<tr><td>${k}</td><td>${cos.toFixed(3)}</td><td>${err.toFixed(2)}</td><td>${law.toFixed(2)}</td><td>${(err / law).toFixed(3)}</td></tr>`).join('');
  }
}
