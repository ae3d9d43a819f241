// The pages' names against the core's (no browser): every label, doc or grouping the
// pages key by a choice's name must be a name of the core, and every core name must have
// one, so no list drifts. The core's lists are its enums' name tables (crate/names.rs),
// read through the `choices` export of the wasm build in pkg/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import init, { choices } from '../../pkg/gradlab.js';
import { drift, useChoices } from '../../www/shared/names.js';
import { OPTIMIZER_NAMES, METHOD_NAMES, CRITERION_NAMES } from '../../www/shared/lab-names.js';
import { OPTIMIZER_DOCS } from '../../www/optimizers/optimizer-docs.js';
import { FEATURES, CLASSIFICATION, REGRESSION } from '../../www/playground/controls.js';
import { ACTIVATIONS as WGSL_ACTIVATIONS } from '../../www/shared/gpu/wgsl-common.js';
import * as compact from '../../www/compact/choices.js';

await init({ module_or_path: readFileSync(new URL('../../pkg/gradlab_bg.wasm', import.meta.url)) });
const core = useChoices(choices());

test('the core lists the choices of every named key', () => {
  for (const key of ['dataset', 'features', 'activation', 'activations', 'init', 'loss', 'optimizer', 'method', 'prune', 'schedule']) {
    assert.ok(Array.isArray(core[key]) && core[key].length > 1, key);
  }
  assert.ok(core.optimizer.includes('adam') && core.dataset.includes('reg-plane') && core.activation.includes('leaky-relu'));
});

test('every optimizer has a line of docs, and every line names an optimizer', () => {
  const documented = OPTIMIZER_DOCS.map(([name]) => name).filter((n) => !n.endsWith('(wrapper)'));
  assert.deepEqual(drift(core.optimizer, documented), { missing: [], unknown: [] });
});

test('the playground labels every feature and groups every dataset', () => {
  assert.deepEqual(drift(core.features, Object.keys(FEATURES)), { missing: [], unknown: [] });
  // custom (the user's own rows) is offered apart, once there are rows.
  assert.deepEqual(drift(core.dataset, [...CLASSIFICATION, ...REGRESSION, 'custom']), { missing: [], unknown: [] });
});

test('the WGSL activation codes are the core activations, in the core order', () => {
  // net.js sends ACTIVATIONS.indexOf(name) as the shader's code: the order matters too.
  assert.deepEqual(WGSL_ACTIVATIONS, core.activation);
});

test('the lab pages name every optimizer, gradient source and pruning criterion, and only those', () => {
  assert.deepEqual(drift(core.optimizer, Object.keys(OPTIMIZER_NAMES)), { missing: [], unknown: [] });
  assert.deepEqual(drift(core.method, Object.keys(METHOD_NAMES)), { missing: [], unknown: [] });
  assert.deepEqual(drift(core.prune, Object.keys(CRITERION_NAMES)), { missing: [], unknown: [] });
});

test('drift names what is missing and what is unknown', () => {
  assert.deepEqual(drift(['a', 'b'], ['b', 'c']), { missing: ['a'], unknown: ['c'] });
});

test('the groupings the core derives match the pages\' (regression sets, generated 2-D sets)', () => {
  assert.deepEqual(core['regression-datasets'], REGRESSION);
  assert.deepEqual(core['point-datasets'], core.dataset.filter((d) => !['digits', 'custom'].includes(d)));
});

test('the compact lab\'s curated subsets are core names; its datasets are every classification set', () => {
  const classification = core.dataset.filter((d) => !core['regression-datasets'].includes(d) && d !== 'custom');
  assert.deepEqual(drift(classification, compact.DATASETS), { missing: [], unknown: [] });
  for (const [list, names] of [[compact.ACTIVATIONS, core.activation], [compact.OPTIMIZERS, core.optimizer], [compact.CRITERIA, core.prune], [compact.SWEEP_CRITERIA, core.prune]]) {
    assert.deepEqual(drift(names, list).unknown, [], `${list} are core names`);
  }
});
