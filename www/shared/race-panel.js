// The race toolbar, entrant editor, charts, maps and summary table that both race pages
// (optimizers.html, forward.html) show: one component, filled into the page's
// <div id="race-panel">, whose data- attributes set what differs between the pages:
//   data-noun     what one entrant is called ("optimizer" or "run")
//   data-hidden, data-batch, data-target   the starting values of those controls
//   data-cosine   present: the chart of each method's cosine to the true gradient
// The element ids (race-dataset, race-start, …) are the ones www/shared/race.js drives.

const TOOLBAR = [
  ['Preset', '<select id="race-presets" title="Named races: choosing one sets the controls below (then press Start)"></select>'],
  ['Dataset', '<select id="race-dataset" title="The data every entrant trains on (2-D sets, the 8×8 digits, or regression)"></select>'],
  ['Hidden layers', '<input id="race-hidden" title="Hidden layer widths, comma separated (e.g. 8,8); empty for no hidden layer" value="{hidden}" size="8" aria-label="Hidden layer widths, comma separated">'],
  ['Activation', '<select id="race-activation" title="Nonlinearity of the hidden layers"></select>'],
  ['Batch', '<input id="race-batch" title="Examples per minibatch (the same minibatches for every entrant)" type="number" value="{batch}" min="1" max="512">'],
  ['Steps', '<input id="race-steps" title="Training steps each entrant takes" type="number" value="20000" min="10" max="1000000">'],
  ['Target loss', '<input id="race-target" title="Training loss that counts as reached for &quot;steps to target&quot;" type="number" value="{target}" step="0.01" min="0">'],
  ['Seed', '<input id="race-seed" title="Seed of the initial weights and the minibatch order, shared by every entrant" type="number" value="1" min="0">'],
];

/** Fills `el` (the page's #race-panel) with the race's controls and empty chart areas. */
export function renderRacePanel(el) {
  const d = el.dataset;
  const noun = d.noun || 'optimizer';
  const values = { hidden: d.hidden ?? '8,8', batch: d.batch ?? '10', target: d.target ?? '0.1' };
  const fields = TOOLBAR.map(([label, html]) => `<label>${label} ${html.replace(/\{(\w+)\}/g, (_, k) => values[k])}</label>`).join('\n');
  el.innerHTML = `
    <div class="toolbar">${fields}</div>
    <div id="race-entrants" class="entrants"></div>
    <div class="race-buttons">
      <button id="race-add" title="Add another entrant to the race">+ Add ${noun}</button>
      <button id="race-start" title="Start the race from fresh weights (restarts a running one)" class="primary">▶ Start${noun === 'optimizer' ? ' race' : ''}</button>
      <button id="race-pause" title="Pause or resume the race">❚❚ Pause</button>
      <span id="race-state" class="run-state" aria-live="polite"></span>
      <label class="file-open" title="Show the runs of a file written by gradlab sweep merge (a race or a sweep run with the CLI, on Slurm, Ray or another machine; docs/SCALING.md) in these charts and this table">Open results <input id="race-open" type="file" accept=".json,application/json" title="A file written by gradlab sweep merge"></label>
    </div>
    <p id="race-fair" class="help"></p>
    <div id="race-key" class="chart-key" aria-label="Key: one line style per ${noun}"></div>
    <div class="race-charts">
      <div id="race-loss-steps" class="chart"></div>
      <div id="race-loss-time" class="chart"></div>
      ${'cosine' in d ? '<div id="race-cos" class="chart"></div>' : ''}
      <div id="race-acc" class="chart"></div>
      <div id="race-acc-time" class="chart"></div>
    </div>
    <div id="race-maps" class="race-maps"></div>
    <table id="race-table" class="summary"></table>
    <p class="help" data-group="help">Steps to target: the first checkpoint at which the training loss fell to
      the target. Checkpoints sit at fixed steps (every 10, 100, ... steps, as the table's
      header says), the same in every run, so identical settings give identical tables;
      best test accuracy is the best over those checkpoints. A run that produced NaN or Inf is
      marked diverged and stops; the others go on.</p>`;
}
