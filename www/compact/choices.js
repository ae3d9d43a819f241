// The compact-networks page's choices: curated subsets of the core's names (pruning needs
// classification data, and the lab offers the activations and optimizers its experiments
// were checked with). tests/e2e/names.test.mjs keeps every entry a core name, and the
// datasets exactly the core's classification sets.
export const DATASETS = ['digits', 'spiral', 'circle', 'xor', 'gauss', 'multi-spiral'];
export const ACTIVATIONS = ['relu', 'tanh', 'leaky-relu', 'gelu', 'sigmoid'];
export const OPTIMIZERS = ['adam', 'sgd'];
/** Criteria of the live run (n-m prunes in N:M groups). */
export const CRITERIA = ['magnitude', 'global-magnitude', 'lamp', 'erk', 'snip', 'synflow', 'random', 'n-m'];
/** Criteria of the accuracy-vs-sparsity sweep. */
export const SWEEP_CRITERIA = ['magnitude', 'global-magnitude', 'lamp', 'erk', 'random', 'snip', 'synflow'];
