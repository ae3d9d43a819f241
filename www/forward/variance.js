// The variance experiments (Baydin et al. 2022): measured relative squared error of
// forward-gradient estimates against the (n + 1)/K law, plotted on log-log axes, as the
// number of tangents K grows and as the parameter count n grows (wider hidden layers).
import { Lab } from '../../pkg/gradlab.js';
import { digitsFor } from '../shared/digits.js';
import { lineSeries, makeChart } from '../shared/chart.js';
import { placeholder } from '../shared/chart-key.js';

const $ = (id) => document.getElementById(id);
const KS = [1, 2, 4, 8, 16, 32, 64, 128];
const WIDTHS = [1, 2, 4, 8, 16, 32, 64];

export class Variance {
  constructor(say, baseConfig) {
    this.say = say;
    this.baseConfig = baseConfig;
    $('var-run').addEventListener('click', () => this.run());
    placeholder($('var-chart'), 'Press Measure: the measured error against the number of directions K, on the (n + 1)/K law, appears here.');
    placeholder($('var-n-chart'), 'Then the error of one direction against the number of parameters n.');
  }

  async run() {
    let lab;
    try {
      await digitsFor(this.baseConfig());
      lab = new Lab(this.baseConfig());
    } catch (err) {
      this.say('error', String(err.message || err));
      return;
    }
    const rows = lab.varianceVsK(Uint32Array.from(KS), 200);
    const n = lab.paramsLen();
    lab.free();
    this.chart?.destroy();
    this.chart = lawChart(`Error of the estimate vs K (n = ${n} parameters)`, 'tangents K (log)', 'law (n + 1)/K', rows, $('var-chart'));
    $('var-table').innerHTML = '<tr><th>K</th><th>mean cosine</th><th>measured error</th><th>law (n+1)/K</th><th>ratio</th></tr>'
      + rows.map(([k, cos, err, law]) => `<tr><td>${k}</td><td>${cos.toFixed(3)}</td><td>${err.toFixed(2)}</td><td>${law.toFixed(2)}</td><td>${(err / law).toFixed(3)}</td></tr>`).join('');
    this.runWidths();
  }

  /** One tangent (K = 1) on networks whose hidden layers are all `w` wide, for each w. */
  runWidths() {
    const base = this.baseConfig();
    const depth = Math.max(1, base.hidden.length);
    const rows = [];
    for (const w of WIDTHS) {
      let lab;
      try { lab = new Lab({ ...base, hidden: Array(depth).fill(w) }); } catch (err) { this.say('error', String(err.message || err)); return; }
      const [[, cos, err, law]] = lab.varianceVsK(Uint32Array.from([1]), 200);
      rows.push([lab.paramsLen(), cos, err, law]);
      lab.free();
    }
    this.nChart?.destroy();
    this.nChart = lawChart('Error of one-tangent estimates vs parameter count n', 'parameters n (log)', 'law n + 1', rows, $('var-n-chart'));
    $('var-n-table').innerHTML = '<tr><th>hidden width</th><th>n</th><th>mean cosine</th><th>measured error</th><th>law n+1</th><th>ratio</th></tr>'
      + rows.map(([n, cos, err, law], i) => `<tr><td>${WIDTHS[i]}</td><td>${n}</td><td>${cos.toFixed(3)}</td><td>${err.toFixed(1)}</td><td>${law.toFixed(0)}</td><td>${(err / law).toFixed(3)}</td></tr>`).join('');
  }
}

/** Measured relative error against the law, log-log; rows are [x, cosine, measured, law]. */
function lawChart(title, xLabel, lawLabel, rows, el) {
  el.replaceChildren();
  return makeChart({
    title, height: 260,
    scales: { x: { time: false, distr: 3 }, y: { distr: 3 } },
    series: [{ label: xLabel }, lineSeries('measured E‖g − ∇L‖²/‖∇L‖²', 0, { points: { show: true } }), lineSeries(lawLabel, 1)],
    axes: [{ label: xLabel }, { label: 'relative squared error (log)', size: 60 }],
  }, [rows.map((r) => r[0]), rows.map((r) => r[2]), rows.map((r) => r[3])], el, 300, 560);
}
