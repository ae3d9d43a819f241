//! Pruning criteria: which weights of the layers to keep for a target sparsity s (the
//! fraction of the layers' weights set to zero; biases are never pruned, see `mask`).
//!
//! How many weights each layer keeps (the layer-wise ratios):
//! - uniform (`magnitude`, `random`): every layer keeps max(1, round((1 − s)·n_l)) of its
//!   n_l weights (at least one, so no layer is cut off entirely);
//! - global (`global-magnitude`, `lamp`, `snip`, `synflow`): round((1 − s)·N) weights over
//!   all layers, one threshold on the score (a layer can lose all its weights: the
//!   "layer collapse" SynFlow was designed to avoid);
//! - ERK (`erk`, `random-erk`; Evci et al. 2020, "Rigging the Lottery", arXiv:1911.11134,
//!   sec. 3 and app. of the RigL code): layer density ∝ (n_in + n_out)/(n_in·n_out), scaled
//!   so the total matches (1 − s)·N; a layer whose density would exceed 1 is kept dense and
//!   the scale is solved again for the others.
//!
//! Which weights within that budget (the score; higher = kept; ties go to the lower index,
//! so masks are deterministic):
//! - magnitude |w|;
//! - LAMP (Lee et al. 2021, arXiv:2010.07611, eq. 2): in each layer sort |w| ascending;
//!   score(u) = w_u² / Σ_{v ≥ u} w_v² (the sum over the weights at least as large, in that
//!   order), then prune globally by score. The largest weight of a layer scores 1, so every
//!   layer keeps at least one weight;
//! - random: a uniform random score from the run's pruning stream (with ERK ratios,
//!   `random-erk`, the setting of Liu et al. 2022, "The Unreasonable Effectiveness of
//!   Random Pruning", arXiv:2202.02643);
//! - SNIP (Lee et al. 2019, arXiv:1810.02340, eq. 6): |∂L/∂w · w| on one minibatch (the
//!   normalization by the sum does not change the ranking);
//! - SynFlow (Tanaka et al. 2020, arXiv:2006.05467, Alg. 1): data-free; R = 1ᵀ(Π_l |W_l|)1
//!   with an all-ones input and no biases or nonlinearities, score |∂R/∂w · w|, pruned
//!   in `SYNFLOW_ITERATIONS` rounds with densities (1 − s)^(k/100), rescoring after each;
//! - N:M (`n-m`; Mishra et al. 2021, arXiv:2104.08378; Zhou et al. 2021, arXiv:2102.04010):
//!   in every row of a weight matrix, each group of M consecutive weights along the input
//!   dimension keeps its N largest |w|. A last, partial group of r < M weights keeps
//!   min(N, r). The sparsity setting is not used: it is 1 − N/M by construction.
//!
//! Weights already pruned by the current mask score −∞ and are never kept, so pruning
//! again (iterative schedules, SynFlow's rounds) only removes more. N:M is the exception: it re-ranks every weight, which is
//! what lets the progressive option swap weights in and out.

use super::{Mask, SparsityError};
use crate::autodiff::loss_and_gradient;
use crate::nn::{Layout, Loss, Mlp, Workspace};
use crate::tensor::Rng;
use ndarray::ArrayView2;

pub const SYNFLOW_ITERATIONS: usize = 100;

names! {
    /// A pruning criterion, by its public name.
    #[derive(Default)]
    pub enum Criterion {
        #[default]
        None,
        Magnitude,
        GlobalMagnitude,
        Erk,
        Lamp,
        Random,
        RandomErk,
        Snip,
        Synflow,
        #[strum(serialize = "n-m")]
        NM,
    }
}

impl Criterion {
    /// Criteria that make sense before any training (their score does not need trained
    /// weights): random, random-erk, snip, synflow.
    pub fn at_init(self) -> bool {
        matches!(self, Criterion::Random | Criterion::RandomErk | Criterion::Snip | Criterion::Synflow)
    }
}

/// What a criterion may look at.
pub struct Context<'a> {
    pub mlp: &'a Mlp,
    pub params: &'a [f32],
    /// The mask in force; its pruned weights stay pruned (except for N:M).
    pub mask: Option<&'a Mask>,
    /// SNIP's minibatch.
    pub batch: Option<(ArrayView2<'a, f32>, &'a [f32], Loss)>,
    /// N and M of N:M.
    pub n_m: (usize, usize),
}

/// The mask `criterion` gives at sparsity `s` (0 ≤ s < 1).
pub fn prune(criterion: Criterion, s: f64, cx: &Context, rng: &mut Rng) -> Result<Mask, SparsityError> {
    if !(0.0..1.0).contains(&s) {
        return Err(SparsityError::OutOfRange(s));
    }
    let layout = &cx.mlp.layout;
    let mut scores = vec![f64::NEG_INFINITY; layout.len];
    let magnitude = |scores: &mut Vec<f64>| {
        for s in &layout.layers {
            for i in s.weight.clone() {
                scores[i] = cx.params[i].abs() as f64;
            }
        }
    };
    match criterion {
        Criterion::None => return Ok(Mask::dense(layout)),
        Criterion::NM => return n_m(layout, cx.params, cx.n_m.0, cx.n_m.1),
        Criterion::Synflow => return synflow(layout, cx.params, cx.mask, s),
        Criterion::Magnitude | Criterion::GlobalMagnitude | Criterion::Erk => magnitude(&mut scores),
        Criterion::Lamp => lamp_scores(layout, cx.params, cx.mask, &mut scores),
        Criterion::Random | Criterion::RandomErk => {
            for s in &layout.layers {
                for i in s.weight.clone() {
                    scores[i] = rng.unit();
                }
            }
        }
        Criterion::Snip => {
            let (x, y, loss) = cx.batch.ok_or(SparsityError::SnipNeedsBatch)?;
            let mut g = vec![0.0; layout.len];
            loss_and_gradient(cx.mlp, cx.params, x, y, loss, &mut Workspace::default(), &mut g);
            for s in &layout.layers {
                for i in s.weight.clone() {
                    scores[i] = (g[i] as f64 * cx.params[i] as f64).abs();
                }
            }
        }
    }
    if let Some(m) = cx.mask {
        for i in m.pruned_indices(layout) {
            scores[i] = f64::NEG_INFINITY;
        }
    }
    let mut keep = vec![0.0; layout.len];
    match criterion {
        Criterion::Magnitude | Criterion::Random => {
            for slot in &layout.layers {
                let n = slot.weight.len();
                keep_top(&scores, slot.weight.clone().collect(), layer_keep(n, 1.0 - s), &mut keep);
            }
        }
        Criterion::Erk | Criterion::RandomErk => {
            for (slot, d) in layout.layers.iter().zip(erk_densities(layout, s)) {
                let n = slot.weight.len();
                keep_top(&scores, slot.weight.clone().collect(), layer_keep(n, d), &mut keep);
            }
        }
        _ => {
            let all: Vec<usize> = layout.layers.iter().flat_map(|s| s.weight.clone()).collect();
            let k = ((1.0 - s) * all.len() as f64).round() as usize;
            keep_top(&scores, all, k, &mut keep);
        }
    }
    Mask::from_keep(layout, keep)
}

/// Weights a layer of n keeps at density d: round(d·n), at least 1, at most n.
pub fn layer_keep(n: usize, density: f64) -> usize {
    ((density * n as f64).round() as usize).clamp(1.min(n), n)
}

/// Sets keep[i] = 1 for the `k` highest-scoring of `idx` (ties: lower index first). Scores
/// of −∞ (weights the current mask has pruned) are never kept, so asking for a lower
/// sparsity than the mask's keeps the mask as it is rather than reviving weights.
fn keep_top(scores: &[f64], mut idx: Vec<usize>, k: usize, keep: &mut [f32]) {
    idx.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    for &i in idx.iter().take(k).take_while(|&&i| scores[i] > f64::NEG_INFINITY) {
        keep[i] = 1.0;
    }
}

/// ERK layer densities for global sparsity s (Evci et al. 2020): ε·(n_in + n_out)/(n_in·n_out)
/// with ε solved so Σ d_l n_l = (1 − s)·N; layers that would exceed 1 are dense.
pub fn erk_densities(layout: &Layout, s: f64) -> Vec<f64> {
    let n: Vec<f64> = layout.layers.iter().map(|l| l.weight.len() as f64).collect();
    let raw: Vec<f64> = layout.layers.iter().map(|l| (l.inputs + l.outputs) as f64 / (l.inputs * l.outputs) as f64).collect();
    let target = (1.0 - s) * n.iter().sum::<f64>();
    let mut dense = vec![false; n.len()];
    loop {
        let fixed: f64 = (0..n.len()).filter(|&l| dense[l]).map(|l| n[l]).sum();
        let divisor: f64 = (0..n.len()).filter(|&l| !dense[l]).map(|l| raw[l] * n[l]).sum();
        let eps = if divisor > 0.0 { (target - fixed) / divisor } else { 0.0 };
        let over = (0..n.len()).filter(|&l| !dense[l] && eps * raw[l] > 1.0).max_by(|&a, &b| raw[a].total_cmp(&raw[b]));
        match over {
            Some(l) => dense[l] = true,
            None => return (0..n.len()).map(|l| if dense[l] { 1.0 } else { eps * raw[l] }).collect(),
        }
    }
}

/// LAMP scores (Lee et al. 2021, eq. 2), layer by layer; pruned weights count as zero.
fn lamp_scores(layout: &Layout, params: &[f32], mask: Option<&Mask>, scores: &mut [f64]) {
    for slot in &layout.layers {
        let w2 = |i: usize| if mask.is_some_and(|m| !m.is_live(i)) { 0.0 } else { (params[i] as f64).powi(2) };
        let mut idx: Vec<usize> = slot.weight.clone().collect();
        idx.sort_by(|&a, &b| w2(a).total_cmp(&w2(b)).then(a.cmp(&b)));
        let mut suffix = 0.0;
        for &i in idx.iter().rev() {
            suffix += w2(i);
            scores[i] = if suffix > 0.0 { w2(i) / suffix } else { 0.0 };
        }
    }
}

/// SynFlow (Tanaka et al. 2020, Alg. 1) with the exponential density schedule.
fn synflow(layout: &Layout, params: &[f32], mask: Option<&Mask>, s: f64) -> Result<Mask, SparsityError> {
    let mut keep = mask.map_or_else(|| Mask::dense(layout), Mask::clone);
    let all: Vec<usize> = layout.layers.iter().flat_map(|l| l.weight.clone()).collect();
    for k in 1..=SYNFLOW_ITERATIONS {
        let density = (1.0 - s).powf(k as f64 / SYNFLOW_ITERATIONS as f64);
        let scores = synflow_scores(layout, params, &keep).0;
        let mut next = vec![0.0; layout.len];
        keep_top(&scores, all.clone(), (density * all.len() as f64).round() as usize, &mut next);
        keep = Mask::from_keep(layout, next)?;
    }
    Ok(keep)
}

/// SynFlow's scores |∂R/∂w · w| over the live weights (−∞ elsewhere), and R itself.
pub fn synflow_scores(layout: &Layout, params: &[f32], keep: &Mask) -> (Vec<f64>, f64) {
    let w = |i: usize| if keep.is_live(i) { params[i].abs() as f64 } else { 0.0 };
    // a_l: activity of layer l's outputs on an all-ones input; b: ∂R/∂a_l, from the top.
    let mut a: Vec<Vec<f64>> = Vec::new();
    for (l, slot) in layout.layers.iter().enumerate() {
        let input: Vec<f64> = if l == 0 { vec![1.0; slot.inputs] } else { a[l - 1].clone() };
        a.push((0..slot.outputs).map(|o| (0..slot.inputs).map(|j| w(slot.weight.start + o * slot.inputs + j) * input[j]).sum()).collect());
    }
    let r = a.last().map_or(0.0, |top| top.iter().sum());
    let mut scores = vec![f64::NEG_INFINITY; layout.len];
    let mut b = vec![1.0; layout.layers.last().map_or(0, |s| s.outputs)];
    for (l, slot) in layout.layers.iter().enumerate().rev() {
        let input: Vec<f64> = if l == 0 { vec![1.0; slot.inputs] } else { a[l - 1].clone() };
        let mut below = vec![0.0; slot.inputs];
        for (o, &bo) in b.iter().enumerate() {
            for j in 0..slot.inputs {
                let i = slot.weight.start + o * slot.inputs + j;
                if keep.is_live(i) {
                    scores[i] = bo * input[j] * w(i);
                }
                below[j] += w(i) * bo;
            }
        }
        b = below;
    }
    (scores, r)
}

/// The N:M mask: N largest |w| of every M consecutive inputs of each row.
pub fn n_m(layout: &Layout, params: &[f32], n: usize, m: usize) -> Result<Mask, SparsityError> {
    if m == 0 || n == 0 || n > m {
        return Err(SparsityError::NM { n, m });
    }
    let mut keep = vec![0.0; layout.len];
    let scores: Vec<f64> = params.iter().map(|p| p.abs() as f64).collect();
    for slot in &layout.layers {
        for row in 0..slot.outputs {
            let start = slot.weight.start + row * slot.inputs;
            for g in (0..slot.inputs).step_by(m) {
                let end = (g + m).min(slot.inputs);
                keep_top(&scores, (start + g..start + end).collect(), n.min(end - g), &mut keep);
            }
        }
    }
    Mask::from_keep(layout, keep)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Activation;

    fn net(sizes: &[usize]) -> Mlp {
        let acts = vec![Activation::Relu; sizes.len() - 1];
        Mlp::new(sizes, &acts)
    }

    #[test]
    fn erk_densities_match_the_hand_computation() {
        // [4, 8, 2]: layer 0 has n = 32, raw (4 + 8)/(4·8) = 0.375; layer 1 n = 16, raw
        // (8 + 2)/16 = 0.625. s = 0.5 keeps 24 of 48: ε = 24/(0.375·32 + 0.625·16) = 24/22,
        // so d0 = 0.375·24/22 = 0.409090…, d1 = 0.625·24/22 = 0.681818…
        let d = erk_densities(&Layout::new(&[4, 8, 2]), 0.5);
        assert!((d[0] - 9.0 / 22.0).abs() < 1e-12 && (d[1] - 15.0 / 22.0).abs() < 1e-12, "{d:?}");
        // s = 0.1 keeps 43.2: ε = 43.2/22 gives d1 = 1.227 > 1, so layer 1 is dense (16) and
        // layer 0 gets the rest: 27.2/32 = 0.85.
        let d = erk_densities(&Layout::new(&[4, 8, 2]), 0.1);
        assert_eq!(d[1], 1.0);
        assert!((d[0] - 0.85).abs() < 1e-12, "{d:?}");
    }

    #[test]
    fn lamp_scores_match_the_hand_computation() {
        // [2, 2, 1]: W0 = [1, −2, 3, 4] (indices 0..4), W1 = [0.5, −1] (indices 6..8).
        let mlp = net(&[2, 2, 1]);
        let params = [1.0, -2.0, 3.0, 4.0, 0.0, 0.0, 0.5, -1.0, 0.0];
        let mut scores = vec![0.0; 9];
        lamp_scores(&mlp.layout, &params, None, &mut scores);
        // Layer 0: squares 1, 4, 9, 16; suffix sums 30, 29, 25, 16 → 1/30, 4/29, 9/25, 1.
        // Layer 1: squares 0.25, 1; suffix sums 1.25, 1 → 0.2, 1.
        let expect = [1.0 / 30.0, 4.0 / 29.0, 9.0 / 25.0, 1.0, 0.2, 1.0];
        for (got, want) in [0, 1, 2, 3, 6, 7].iter().map(|&i| scores[i]).zip(expect) {
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
        // Keeping 3 of 6 (s = 0.5): LAMP keeps 4 and 3 of layer 0 and −1 of layer 1 (per-layer
        // sparsity 0.5, 0.5); global magnitude keeps 4, 3, −2 and empties layer 1.
        let cx = Context { mlp: &mlp, params: &params, mask: None, batch: None, n_m: (2, 4) };
        let mut rng = Rng::new(1);
        let lamp = prune(Criterion::Lamp, 0.5, &cx, &mut rng).unwrap();
        assert_eq!(lamp.sparsity_per_layer(&mlp.layout), vec![0.5, 0.5]);
        let global = prune(Criterion::GlobalMagnitude, 0.5, &cx, &mut rng).unwrap();
        assert_eq!(global.sparsity_per_layer(&mlp.layout), vec![0.25, 1.0]);
    }

    #[test]
    fn synflow_scores_of_each_layer_sum_to_r() {
        // Tanaka et al. 2020, Theorem 2 (layer-wise conservation): for a network without
        // biases, Σ_{w in layer l} |∂R/∂w · w| = R for every layer l. Random weights, a
        // random mask.
        let layout = Layout::new(&[5, 7, 6, 3]);
        let mut rng = Rng::new(4);
        let params: Vec<f32> = (0..layout.len).map(|_| rng.uniform(-1.0, 1.0) as f32).collect();
        let keep: Vec<f32> = (0..layout.len).map(|_| (rng.unit() < 0.6) as u8 as f32).collect();
        let mask = Mask::from_keep(&layout, keep).unwrap();
        let (scores, r) = synflow_scores(&layout, &params, &mask);
        assert!(r > 0.0);
        for s in &layout.layers {
            let sum: f64 = s.weight.clone().filter(|&i| mask.is_live(i)).map(|i| scores[i]).sum();
            assert!((sum - r).abs() < 1e-9 * r, "layer sum {sum} vs R {r}");
        }
    }

    #[test]
    fn synflow_scores_are_the_path_products_on_a_tiny_chain() {
        // [1, 2, 1]: w0 = [1, 3] (a single input to two units), w1 = [2, 0.5].
        // R = 1·2 + 3·0.5 = 3.5; score(w) = |∂R/∂w · w|: w0a 1·2 = 2, w0b 3·0.5 = 1.5,
        // w1a 2·1 = 2, w1b 0.5·3 = 1.5. Keeping 2 of 4 keeps the path 1 → 2.
        let mlp = net(&[1, 2, 1]);
        let params = [1.0, 3.0, 0.0, 0.0, 2.0, 0.5, 0.0];
        let m = synflow(&mlp.layout, &params, None, 0.5).unwrap();
        assert_eq!(m.as_slice(), &[1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0]);
    }
}
