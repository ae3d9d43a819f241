// The names of every choice (optimizers, activations, datasets, …) come from the core:
// its schema's lists are its enums' name tables (crate/names.rs), read at run time
// through the core's `choices` export. The pages keep only what a reader sees beside a
// name (labels, docs, groupings), keyed by these names; tests/e2e/names.test.mjs fails
// when such a key is not a core name, or a core name has no entry.

/** { key: [name, …] } once a page has called useChoices; the same object throughout. */
export const choices = {};

/** Takes the core's `choices()`: its JSON text (or the parsed map). */
export function useChoices(text) {
  Object.assign(choices, typeof text === 'string' ? JSON.parse(text) : text);
  return choices;
}

/** What differs between the core's `names` and a table's `keys`: { missing, unknown }
 *  (both empty when every name has an entry and every entry is a name). */
export function drift(names, keys) {
  const have = new Set(keys);
  const known = new Set(names);
  return { missing: names.filter((n) => !have.has(n)), unknown: [...have].filter((k) => !known.has(k)) };
}
