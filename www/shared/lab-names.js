// The names a reader knows for the lab pages' choices, and one line of help for each:
// optimizers, gradient sources (methods) and pruning criteria, keyed by the config's
// lower-kebab value (which stays the option's value, the URL's and the CLI's). A value
// missing here shows as itself, so a new core name still appears in every dropdown.

export const OPTIMIZER_NAMES = {
  sgd: ['SGD', 'Stochastic gradient descent: step against the gradient; add momentum=0.9 for heavy-ball momentum'],
  adam: ['Adam', 'Adam (Kingma & Ba 2014): per-weight steps from running means of the gradient and its square'],
  adamw: ['AdamW', 'Adam with decoupled weight decay (Loshchilov & Hutter 2019)'],
  amsgrad: ['AMSGrad', 'Adam that never lets its second-moment estimate shrink (Reddi et al. 2018)'],
  adamax: ['Adamax', 'Adam with an infinity-norm second moment (Kingma & Ba 2014, sec. 7)'],
  radam: ['RAdam', 'Rectified Adam: plain momentum until the adaptive rate is reliable (Liu et al. 2019)'],
  adabelief: ['AdaBelief', 'Adam scaled by how far the gradient is from its running mean (Zhuang et al. 2020)'],
  adabound: ['AdaBound', 'Adam whose steps are clipped to bounds that tighten towards SGD (Luo et al. 2019)'],
  amsbound: ['AMSBound', 'AdaBound with AMSGrad\'s running maximum (Luo et al. 2019)'],
  diffgrad: ['diffGrad', 'Adam that slows down where the gradient changes little (Dubey et al. 2019)'],
  grams: ['Grams', 'Adam\'s step size with the current gradient\'s sign (Cao et al. 2024)'],
  lion: ['Lion', 'Sign of a momentum blend, found by program search (Chen et al. 2023); use a small lr'],
  ademamix: ['AdEMAMix', 'Adam plus a slow second momentum (Pagliardini et al. 2024)'],
  madgrad: ['MADGRAD', 'Dual averaging with momentum (Defazio & Jelassi 2021)'],
  gravity: ['Gravity', 'A velocity shaped like a gravity pull (Bahrami & Zadeh 2021)'],
  adagrad: ['AdaGrad', 'Per-weight steps shrinking with the sum of squared gradients (Duchi et al. 2011)'],
  rmsprop: ['RMSprop', 'Per-weight steps from a running mean of squared gradients (Tieleman & Hinton 2012)'],
};

export const METHOD_NAMES = {
  backprop: ['backprop (exact gradient)', 'The exact gradient from a backward pass'],
  'forward-gradient': ['forward gradient', 'One random direction v, its directional derivative from a forward pass, step along v (Baydin et al. 2022)'],
  'activity-perturbation': ['activity perturbation', 'Forward gradient that perturbs neurons instead of weights: fewer numbers to guess (Ren et al. 2023)'],
  spsa: ['SPSA (finite differences)', 'Two loss evaluations along a random ± direction, no derivatives at all'],
  'feedback-alignment': ['feedback alignment', 'A backward pass through fixed random matrices instead of the transposed weights (Lillicrap et al. 2016)'],
  'direct-feedback-alignment': ['direct feedback alignment', 'The output error sent straight to every layer through fixed random matrices (Nøkland 2016)'],
  'guessed-direction': ['guessed direction', 'The true gradient projected on a guessed direction, one layer at a time (Fournier et al. 2023)'],
  'forward-forward': ['Forward-Forward', 'Each layer trained for high "goodness" on real data and low on wrong labels, no backward pass (Hinton 2022)'],
};

export const CRITERION_NAMES = {
  magnitude: ['magnitude pruning', 'Removes each layer\'s smallest weights'],
  'global-magnitude': ['global magnitude', 'Removes the smallest weights anywhere in the network'],
  lamp: ['LAMP', 'Layer-adaptive magnitude scores set how sparse each layer gets (Lee et al. 2021)'],
  erk: ['ERK', 'Erdős–Rényi-kernel ratios set each layer\'s sparsity, then magnitude (Evci et al. 2020)'],
  snip: ['SNIP', 'Scores |weight × gradient| on a minibatch (Lee et al. 2019)'],
  synflow: ['SynFlow', 'Scores the flow of a data-free signal through the weights (Tanaka et al. 2020)'],
  random: ['random', 'Removes weights at random: the control'],
  'random-erk': ['random (ERK ratios)', 'Random weights with ERK\'s per-layer sparsities'],
  'n-m': ['N:M structured', 'Keeps N of every M inputs of each neuron (2:4 is what GPUs accelerate)'],
  none: ['none (dense)', 'No pruning'],
};

/** The display name of `value` in `table`, or the value itself. */
export const nameOf = (table, value) => table[value]?.[0] ?? value;
/** The one-line help of `value` in `table`, or ''. */
export const helpOf = (table, value) => table[value]?.[1] ?? '';

/** Fills a <select> with `values` shown by their names in `table`, each with its help as a
 *  title, and picks `value`. */
export function fillNamed(select, table, values, value) {
  select.replaceChildren(...values.map((v) => {
    const o = new Option(nameOf(table, v), v);
    if (helpOf(table, v)) o.title = helpOf(table, v);
    return o;
  }));
  if (value != null) select.value = value;
}
