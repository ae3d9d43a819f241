// Plain Node tests (no browser) of the lab pages' pure helpers: the race's checkpoint
// interval, the entrants' run names and the charts' line styles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEvery } from '../../www/shared/race-pool.js';
import { label } from '../../www/shared/entrants.js';
import { lineColor, lineDash } from '../../www/shared/chart.js';

test('checkpoints fall every 1, 2 or 5 × 10^k steps, at most about 250 per race', () => {
  assert.deepEqual([10, 250, 251, 2000, 3000, 6000, 20000, 1000000].map(checkEvery), [1, 1, 2, 10, 20, 50, 100, 5000]);
  for (const steps of [7, 99, 1234, 54321]) assert.ok(steps / checkEvery(steps) <= 250);
});

test('run names use the names a reader knows', () => {
  assert.equal(label('adam', '0.01', ''), 'Adam 0.01');
  assert.equal(label('sgd', '0.03', 'momentum=0.9'), 'SGD 0.03 (momentum=0.9)');
  assert.equal(label('sgd', '0.02', 'method=forward-gradient&local-losses=true'), 'forward gradient, local-losses · SGD 0.02');
  assert.equal(label('sgd', '0.05', '', true), 'backprop · SGD 0.05');
  assert.equal(label('newopt', '1', ''), 'newopt 1', 'a name the table lacks shows as itself');
});

test('the first 14 line styles are all different pairs of colour and dash', () => {
  const styles = Array.from({ length: 14 }, (_, i) => `${lineColor(i)} ${lineDash(i).join(',')}`);
  assert.equal(new Set(styles).size, 14);
  assert.ok(!styles.some((s) => s.startsWith('#F0E442')), 'no Okabe-Ito yellow lines on white');
});
