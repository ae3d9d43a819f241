// One line per optimizer for the page: what it does, its defaults here, and its paper.
// The same rules and citations head each file in crate/optim/.
export const OPTIMIZER_DOCS = [
  ['sgd', 'θ ← θ − η g; with momentum b ← μb + g, θ ← θ − η b (Nesterov: η(g + μb)), PyTorch form', 'momentum 0', 'Sutskever et al. 2013', 'https://proceedings.mlr.press/v28/sutskever13.html'],
  ['adagrad', 's ← s + g²; θ ← θ − η g/√(s + ε) (optax: s₀ = 0.1, ε inside the root; eps_inside=false and initial_accumulator_value=0 give PyTorch)', 'initial_accumulator_value 0.1, eps 1e-7', 'Duchi et al. 2011', 'https://jmlr.org/papers/v12/duchi11a.html'],
  ['rmsprop', 'v ← ρv + (1−ρ)g²; θ ← θ − η g/(√v + ε) (PyTorch form; eps_inside=true as optax); centered option', 'decay 0.9, eps 1e-8', 'Tieleman & Hinton 2012 (lecture 6.5)', 'https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf'],
  ['adam', 'bias-corrected first and second moments; θ ← θ − η m̂/(√v̂ + ε)', 'b1 0.9, b2 0.999, eps 1e-8', 'Kingma & Ba 2014', 'https://arxiv.org/abs/1412.6980'],
  ['adamw', 'Adam plus decoupled weight decay: θ ← θ − η(m̂/(√v̂+ε) + λθ)', 'weight_decay 0.01', 'Loshchilov & Hutter 2019', 'https://arxiv.org/abs/1711.05101'],
  ['amsgrad', 'Adam with the running max of v̂ (default: max of the corrected v̂, as optax; max_corrected=false: max of the raw v, as PyTorch)', 'as Adam', 'Reddi et al. 2018', 'https://openreview.net/forum?id=ryQu7f-RZ'],
  ['adamax', 'u ← max(β2 u, |g|); θ ← θ − η m̂/(u + ε)', 'b1 0.9, b2 0.999', 'Kingma & Ba 2014, sec. 7', 'https://arxiv.org/abs/1412.6980'],
  ['radam', 'Adam rectified by the variance of its adaptive rate; plain momentum while ρ_t ≤ 5', 'threshold 5', 'Liu et al. 2019', 'https://arxiv.org/abs/1908.03265'],
  ['adabelief', 'Adam with s ← β2 s + (1−β2)(g − m)² + ε_root, the "belief" in g', 'eps 1e-16, eps_root 1e-16', 'Zhuang et al. 2020', 'https://arxiv.org/abs/2010.07468'],
  ['adabound', 'Adam whose per-weight step is clipped to bounds that tighten towards final_lr', 'final_lr 0.1, gamma 1e-3', 'Luo et al. 2019', 'https://arxiv.org/abs/1902.09843'],
  ['amsbound', 'AdaBound with AMSGrad\'s running max of v', 'as AdaBound', 'Luo et al. 2019', 'https://arxiv.org/abs/1902.09843'],
  ['diffgrad', 'Adam with m̂ scaled by sigmoid(|g_{t−1} − g_t|) (the corrected v2 rule)', 'as Adam', 'Dubey et al. 2019', 'https://arxiv.org/abs/1909.11015'],
  ['grams', 'Adam\'s magnitude |m̂|/(√v̂+ε) with the current gradient\'s sign', 'eps 1e-6', 'Cao et al. 2024', 'https://arxiv.org/abs/2412.17107'],
  ['lion', 'θ ← θ − η(sign(β1 m + (1−β1) g) + λθ); m ← β2 m + (1−β2) g', 'b1 0.9, b2 0.99, weight_decay 1e-3', 'Chen et al. 2023', 'https://arxiv.org/abs/2302.06675'],
  ['ademamix', 'Adam plus a slow EMA m2 (β3) added with weight α; optional α and β3 warm-ups', 'b3 0.9999, alpha 2', 'Pagliardini et al. 2024', 'https://arxiv.org/abs/2409.03137'],
  ['madgrad', 'dual averaging with a cube-root denominator and momentum', 'momentum 0.9, eps 1e-6', 'Defazio & Jelassi 2021', 'https://arxiv.org/abs/2101.11075'],
  ['gravity', 'velocity of ζ = G/(1 + (G·max|G|)²) per tensor, random V₀', 'alpha 0.01, b1 0.9', 'Bahrami & Zadeh 2021', 'https://arxiv.org/abs/2101.09192'],
  ['lookahead (wrapper)', 'every k steps, slow weights move α of the way to the fast ones', 'lookahead-k 5 when on, lookahead-alpha 0.8', 'Zhang et al. 2019', 'https://arxiv.org/abs/1907.08610'],
  ['SAM (wrapper)', 'gradient taken at θ + ρ g/‖g‖ on the same minibatch', 'sam-rho 0.05 typical', 'Foret et al. 2021', 'https://arxiv.org/abs/2010.01412'],
];

export function renderDocs(table) {
  const rows = OPTIMIZER_DOCS.map(([name, rule, defaults, paper, url]) => {
    const tr = document.createElement('tr');
    const cells = [name, rule, defaults];
    for (const text of cells) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.appendChild(td);
    }
    const td = document.createElement('td');
    const a = document.createElement('a');
    a.href = url;
    a.textContent = paper;
    a.rel = 'noopener';
    td.appendChild(a);
    tr.appendChild(td);
    return tr;
  });
  table.innerHTML = '<caption>The update rules</caption><tr><th>name</th><th>rule</th><th>defaults here</th><th>paper</th></tr>';
  table.append(...rows);
}
