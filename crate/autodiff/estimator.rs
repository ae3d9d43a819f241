//! Gradient sources. Each fills a gradient in the flat parameter layout, like backprop,
//! so any optimizer can use it.
//! - backprop: exact reverse mode.
//! - forward-gradient (weight perturbation, Baydin et al. 2022, arXiv:2202.08587):
//!   g = (∇L·v) v with v Gaussian or Rademacher over all parameters, one JVP per tangent,
//!   K tangents averaged. Unbiased; E‖g − ∇L‖² = (n + 1)‖∇L‖²/K (Gaussian).
//! - activity-perturbation (Ren et al. 2023, arXiv:2210.03310, sec. 3): every layer's
//!   pre-activations z get per-example noise u ~ N(0, I); one JVP gives, per example,
//!   s = Σ_l ∂L/∂z_l · u_l, the estimate of ∂L/∂z_l is s·u_l (zeroed where a ReLU is
//!   inactive, whose true value is 0), and weight gradients are formed locally as in
//!   backprop: ĝ_W = δ̂ᵀ h, ĝ_b = Σ δ̂. All layers are perturbed in the same pass, so s
//!   covers all units of an example (the paper pairs this with local losses to shrink it).
//! - spsa: the forward gradient with the JVP replaced by a central difference
//!   (L(θ + h v) − L(θ − h v)) / 2h — a zeroth-order baseline.
//! - feedback-alignment (Lillicrap et al. 2016, Nat. Commun. 7:13276): backprop with each
//!   Wᵀ in the backward pass replaced by a fixed random matrix B of W's shape.
//! - direct-feedback-alignment (Nøkland 2016, arXiv:1609.01340): every hidden layer gets
//!   the output error e = ∂L/∂logits through its own fixed random B_l (n_l × n_out):
//!   δ_l = (e B_lᵀ) ⊙ σ'(z_l). Both B's are drawn once, U(−1/√fan, 1/√fan), never trained.
//! - local losses (`local`): backprop, forward-gradient, activity-perturbation and the
//!   guessed-direction target each layer's own head loss instead (see `local`).
//! - guessed-direction (Fournier et al. 2023, arXiv:2306.06968, eq. 4): per layer, the target
//!   gradient g_l projected onto a guess v_l, ĝ_l = ⟨g_l, v_l⟩/(‖v_l‖² + ε) v_l, ε = 1e-16.
//!   ⟨g_l, v_l⟩ is one exact JVP with the tangent v_l on layer l alone. The guess is random
//!   (Gaussian/Rademacher; then E[ĝ] = ∇L/n_l, biased towards zero) or layer l's local-loss
//!   gradient. Fournier et al. project per block and per example; here a block is a layer
//!   and the projection is in weight space over the minibatch.
//! - forward-forward (Hinton 2022, arXiv:2212.13345): layer-local goodness (see `forward_forward`).

use super::forward::{jvp_with, JvpBuffers};
use super::{forward_forward, local, loss_and_gradient};
use crate::train::lite::FULL;
use super::reverse::layer_gradient;
use crate::nn::{Activation, Loss, Mlp, Workspace};
use crate::tensor::{Mat, Rng};
use crate::tensor::gemm;
use ndarray::ArrayView2;
use serde::Serialize;

names! {
    #[derive(Default)]
    pub enum Method {
        #[default]
        Backprop = "backprop",
        ForwardGradient = "forward-gradient",
        ActivityPerturbation = "activity-perturbation",
        Spsa = "spsa",
        FeedbackAlignment = "feedback-alignment",
        DirectFeedbackAlignment = "direct-feedback-alignment",
        GuessedDirection = "guessed-direction",
        ForwardForward = "forward-forward",
    }
}

names! {
    /// What guessed-direction projects the target gradient onto.
    #[derive(Default)]
    pub enum Guess {
        /// Isotropic noise from `tangent-dist`.
        #[default]
        Random = "random",
        /// The layer's local-loss gradient (needs the local heads).
        Local = "local",
    }
}

names! {
    #[derive(Default)]
    pub enum TangentDist {
        #[default]
        Gaussian = "gaussian",
        /// ±1 entries: E‖g − ∇L‖² = (n − 1)‖∇L‖².
        Rademacher = "rademacher",
    }
}

/// A gradient source with its own seeded stream of tangents.
pub struct Estimator {
    pub method: Method,
    pub tangents: usize,
    pub dist: TangentDist,
    pub spsa_h: f32,
    /// Train every layer on its own head's loss (local losses).
    pub local: bool,
    pub guess: Guess,
    /// Forward-Forward's goodness threshold θ.
    pub ff_threshold: f32,
    rng: Rng,
    v: Vec<f32>,
    scratch: Vec<f32>,
    jvp: JvpBuffers,
    /// Local losses' per-step matrices.
    locals: local::LocalBuffers,
    /// A sparse network's mask (0/1 per parameter): weight-perturbation tangents are drawn
    /// over the live parameters only. None (the default) perturbs every parameter.
    mask: Option<Vec<f32>>,
    /// FA: one matrix per layer above the first, shaped like W_l ([out, in]); DFA: one per
    /// hidden layer, [n_l, n_out]. Drawn at the first use.
    feedback: Vec<Mat>,
    /// Reused per step (so a step allocates nothing): the output error ∂L/∂a (FA, DFA,
    /// activity perturbation), per-layer activity noise, and per-example projections.
    error: Mat,
    noise: Vec<Mat>,
    projections: Vec<f32>,
}

impl Estimator {
    pub fn new(method: Method, tangents: usize, dist: TangentDist, spsa_h: f32, seed: u64) -> Estimator {
        Estimator {
            method,
            tangents: tangents.max(1),
            dist,
            spsa_h,
            local: false,
            guess: Guess::Random,
            ff_threshold: super::forward_forward::THRESHOLD,
            rng: Rng::stream(seed, 5),
            v: Vec::new(),
            scratch: Vec::new(),
            jvp: JvpBuffers::default(),
            locals: local::LocalBuffers::default(),
            mask: None,
            feedback: Vec::new(),
            error: Mat::zeros((0, 0)),
            noise: Vec::new(),
            projections: Vec::new(),
        }
    }

    /// Restricts weight-perturbation tangents (forward-gradient, spsa, their local-loss
    /// forms and random guesses) to the live entries of `mask`: v ← v ⊙ mask after each
    /// draw, so a sparse net perturbs only its live weights and the random stream is the
    /// same as without a mask. Activity perturbation perturbs units, not weights; its
    /// weight gradient is masked by the trainer like every other source's.
    pub fn set_mask(&mut self, mask: Option<&[f32]>) {
        self.mask = mask.map(<[f32]>::to_vec);
    }

    /// With local losses (for backprop, forward-gradient, activity-perturbation and as the
    /// target of guessed-direction); the model needs its local heads.
    pub fn with_local_losses(mut self, on: bool) -> Estimator {
        self.local = on;
        self
    }

    pub fn with_guess(mut self, guess: Guess) -> Estimator {
        self.guess = guess;
        self
    }

    pub fn with_ff_threshold(mut self, threshold: f32) -> Estimator {
        self.ff_threshold = threshold;
        self
    }

    /// Whether this source is the exact gradient of the model's loss (global backprop).
    pub fn is_exact(&self) -> bool {
        self.method == Method::Backprop && !self.local
    }

    fn draw(&mut self, n: usize) {
        self.v.resize(n, 0.0);
        let mut v = std::mem::take(&mut self.v);
        self.draw_into(&mut v);
        if let Some(m) = &self.mask {
            for (x, &k) in v.iter_mut().zip(m) {
                *x *= k;
            }
        }
        self.v = v;
    }

    /// Fills `out` with tangent entries from this estimator's distribution.
    fn draw_into(&mut self, out: &mut [f32]) {
        match self.dist {
            TangentDist::Gaussian => self.rng.fill_normal(out),
            TangentDist::Rademacher => {
                // 64 signs from each random word.
                for chunk in out.chunks_mut(64) {
                    let bits = self.rng.next_u64();
                    for (i, x) in chunk.iter_mut().enumerate() {
                        *x = if (bits >> i) & 1 == 0 { 1.0 } else { -1.0 };
                    }
                }
            }
        }
    }

    /// Fills `grad` with this source's estimate of ∇L on (x, y); returns the mean loss.
    pub fn gradient(&mut self, mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, ws: &mut Workspace, grad: &mut [f32]) -> f64 {
        let k = self.tangents;
        match self.method {
            Method::Backprop if !self.local => loss_and_gradient(mlp, params, x, y, loss, ws, grad),
            // The lite core refuses the other sources where a config enters (train::lite);
            // this arm lets the compiler drop them from that build.
            _ if !FULL => unreachable!("the lite core runs backprop only"),
            Method::Backprop => local::backprop(mlp, params, x, y, loss, ws, grad, &mut self.locals),
            Method::ForwardGradient if self.local => self.local_forward_gradient(mlp, params, x, y, loss, ws, grad),
            Method::ActivityPerturbation if self.local => self.local_activity_perturbation(mlp, params, x, y, loss, ws, grad),
            Method::GuessedDirection => self.guessed_direction(mlp, params, x, y, loss, ws, grad),
            Method::ForwardForward => forward_forward::gradient(mlp, params, x, y, self.ff_threshold, &mut self.rng, grad),
            Method::ForwardGradient | Method::Spsa => {
                grad.fill(0.0);
                let mut value = 0.0;
                for _ in 0..k {
                    self.draw(params.len());
                    let d = if self.method == Method::ForwardGradient {
                        let (l, d) = jvp_with(mlp, params, &self.v, x, y, loss, &mut self.jvp);
                        value = l;
                        d
                    } else {
                        value = mlp.loss(params, x, y, loss, ws);
                        self.central_difference(mlp, params, x, y, loss, ws)
                    };
                    for (g, &v) in grad.iter_mut().zip(&self.v) {
                        *g += (d / k as f64) as f32 * v;
                    }
                }
                value
            }
            Method::FeedbackAlignment | Method::DirectFeedbackAlignment => self.feedback_alignment(mlp, params, x, y, loss, ws, grad),
            Method::ActivityPerturbation => {
                grad.fill(0.0);
                self.scratch.resize(params.len(), 0.0);
                let mut scratch = std::mem::take(&mut self.scratch);
                let mut value = 0.0;
                for _ in 0..k {
                    value = self.activity_perturbation(mlp, params, x, y, loss, ws, &mut scratch);
                    for (g, &s) in grad.iter_mut().zip(&scratch) {
                        *g += s / k as f32;
                    }
                }
                self.scratch = scratch;
                value
            }
        }
    }

    /// Draws the fixed feedback matrices of FA / DFA once (a no-op for other methods).
    pub fn ensure_feedback(&mut self, mlp: &Mlp) {
        if !self.feedback.is_empty() || !matches!(self.method, Method::FeedbackAlignment | Method::DirectFeedbackAlignment) {
            return;
        }
        let direct = self.method == Method::DirectFeedbackAlignment;
        let n_out = mlp.outputs();
        for l in 0..mlp.depth().saturating_sub(1) {
            let s = &mlp.layout.layers[l];
            // FA: B for layer l + 1, shaped like W_{l+1}; DFA: B_l, [n_l, n_out].
            let (rows, cols) = if direct { (s.outputs, n_out) } else { (mlp.layout.layers[l + 1].outputs, s.outputs) };
            let bound = 1.0 / (if direct { n_out } else { cols } as f64).sqrt();
            self.feedback.push(Mat::from_shape_fn((rows, cols), |_| self.rng.uniform(-bound, bound) as f32));
        }
    }

    /// The same estimator (same feedback matrices) with its own stream of tangents, for
    /// probing without disturbing the run.
    pub fn probe(&self, seed: u64) -> Estimator {
        let mut e = Estimator::new(self.method, self.tangents, self.dist, self.spsa_h, seed)
            .with_local_losses(self.local)
            .with_guess(self.guess)
            .with_ff_threshold(self.ff_threshold);
        e.feedback = self.feedback.clone();
        e.mask = self.mask.clone();
        e
    }

    #[allow(clippy::too_many_arguments)]
    fn feedback_alignment(&mut self, mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, ws: &mut Workspace, grad: &mut [f32]) -> f64 {
        self.ensure_feedback(mlp);
        let depth = mlp.depth();
        mlp.forward(params, x, ws);
        let last = depth - 1;
        let e = sized(&mut self.error, ws.a[last].dim());
        let value = loss.evaluate(ws.a[last].view(), y, Some(e.view_mut()));
        // The errors go in the workspace's δ buffers, as backprop's do.
        ws.d[last].assign(e);
        let out_act = mlp.activations[last];
        out_act.scale_matrix_by_derivative(&mut ws.d[last], &ws.z[last], &ws.a[last]);
        for l in (0..depth).rev() {
            let input = if l == 0 { x.view() } else { ws.a[l - 1].view() };
            layer_gradient(mlp, l, ws.d[l].view(), input, grad);
            if l == 0 {
                break;
            }
            // The error for layer l − 1, through a fixed random matrix instead of W_lᵀ.
            let (lower, upper) = ws.d.split_at_mut(l);
            let next = &mut lower[l - 1];
            if self.method == Method::DirectFeedbackAlignment {
                gemm(1.0, &self.error, &self.feedback[l - 1].t(), 0.0, next);
            } else {
                gemm(1.0, &upper[0], &self.feedback[l - 1], 0.0, next);
            }
            let act = mlp.activations[l - 1];
            act.scale_matrix_by_derivative(next, &ws.z[l - 1], &ws.a[l - 1]);
        }
        value
    }

    /// Weight perturbation with local losses: one tangent per layer, each pushed through its
    /// own layer and head only.
    #[allow(clippy::too_many_arguments)]
    fn local_forward_gradient(&mut self, mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, ws: &mut Workspace, grad: &mut [f32]) -> f64 {
        grad.fill(0.0);
        let value = local::readout(mlp, params, x, y, loss, ws, grad, &mut self.locals);
        let k = self.tangents;
        for _ in 0..k {
            self.draw(mlp.layout.model_len());
            for (l, slot) in mlp.layout.layers.iter().enumerate() {
                let d = local::local_jvp(mlp, params, &self.v, l, x, ws, &mut self.locals);
                let scale = (d / k as f64) as f32;
                for i in slot.weight.start..slot.bias.end {
                    grad[i] += scale * self.v[i];
                }
            }
        }
        value
    }

    /// Activity perturbation with local losses: per-example noise on each layer's
    /// pre-activations, pushed through that layer's head only.
    #[allow(clippy::too_many_arguments)]
    fn local_activity_perturbation(&mut self, mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, ws: &mut Workspace, grad: &mut [f32]) -> f64 {
        grad.fill(0.0);
        let value = local::readout(mlp, params, x, y, loss, ws, grad, &mut self.locals);
        self.scratch.resize(params.len(), 0.0);
        let mut scratch = std::mem::take(&mut self.scratch);
        let mut buf = std::mem::take(&mut self.locals);
        let k = self.tangents;
        for _ in 0..k {
            for (l, slot) in mlp.layout.layers.iter().enumerate() {
                let u = local::shaped(&mut buf.delta[l], (x.nrows(), slot.outputs));
                u.iter_mut().for_each(|v| *v = self.rng.normal() as f32);
                let a_dot = local::shaped(&mut buf.a_dot[l], u.dim());
                a_dot.assign(u);
                local::times_derivative(mlp, l, ws, a_dot);
                let a_dot = std::mem::take(&mut buf.a_dot[l]);
                local::readout_tangent(mlp, params, l, a_dot.view(), &mut buf);
                buf.a_dot[l] = a_dot;
                self.masked_activity_delta(mlp, l, &mut buf.delta[l], &buf.row_dots, ws);
                layer_gradient(mlp, l, buf.delta[l].view(), local::layer_input(x, ws, l), &mut scratch);
                for i in slot.weight.start..slot.bias.end {
                    grad[i] += scratch[i] / k as f32;
                }
            }
        }
        self.scratch = scratch;
        self.locals = buf;
        value
    }

    /// δ̂ = s_b u_b per row, zeroed where layer l is a ReLU that is off (true gradient 0).
    fn masked_activity_delta(&self, mlp: &Mlp, l: usize, u: &mut Mat, s: &[f32], ws: &Workspace) {
        let relu = mlp.activations[l] == Activation::Relu;
        for (b, mut row) in u.rows_mut().into_iter().enumerate() {
            for (j, v) in row.iter_mut().enumerate() {
                *v = if relu && ws.z[l][[b, j]] <= 0.0 { 0.0 } else { *v * s[b] };
            }
        }
    }

    /// Fournier et al.'s projection of the target gradient onto a guess, layer by layer.
    #[allow(clippy::too_many_arguments)]
    fn guessed_direction(&mut self, mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, ws: &mut Workspace, grad: &mut [f32]) -> f64 {
        grad.fill(0.0);
        let has_heads = !mlp.layout.heads.is_empty();
        let value = if has_heads {
            local::readout(mlp, params, x, y, loss, ws, grad, &mut self.locals)
        } else {
            mlp.loss(params, x, y, loss, ws)
        };
        self.scratch.resize(params.len(), 0.0);
        let mut guess = std::mem::take(&mut self.scratch);
        // Random guesses are averaged over K draws; the local guess is one fixed direction.
        let draws = if self.guess == Guess::Random { self.tangents } else { 1 };
        for _ in 0..draws {
            for (l, slot) in mlp.layout.layers.iter().enumerate() {
                let range = slot.weight.start..slot.bias.end;
                guess.fill(0.0);
                match (self.guess, has_heads) {
                    (Guess::Local, true) => {
                        local::exact_delta(mlp, params, l, ws, &mut self.locals);
                        layer_gradient(mlp, l, self.locals.delta[l].view(), local::layer_input(x, ws, l), &mut guess);
                    }
                    _ => {
                        self.draw_into(&mut guess[range.clone()]);
                        if let Some(m) = &self.mask {
                            for i in range.clone() {
                                guess[i] *= m[i];
                            }
                        }
                    }
                }
                let dot = match (self.local, has_heads) {
                    (true, true) => local::local_jvp(mlp, params, &guess, l, x, ws, &mut self.locals),
                    _ => jvp_with(mlp, params, &guess, x, y, loss, &mut self.jvp).1,
                };
                let norm2: f64 = guess[range.clone()].iter().map(|&v| (v as f64).powi(2)).sum();
                let scale = (dot / (norm2 + 1e-16) / draws as f64) as f32;
                for i in range {
                    grad[i] += scale * guess[i];
                }
            }
        }
        self.scratch = guess;
        value
    }

    fn central_difference(&mut self, mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, ws: &mut Workspace) -> f64 {
        let h = self.spsa_h;
        self.scratch.clear();
        self.scratch.extend(params.iter().zip(&self.v).map(|(&p, &v)| p + h * v));
        let up = mlp.loss(&self.scratch, x, y, loss, ws);
        for ((s, &p), &v) in self.scratch.iter_mut().zip(params).zip(&self.v) {
            *s = p - h * v;
        }
        let down = mlp.loss(&self.scratch, x, y, loss, ws);
        (up - down) / (2.0 * h as f64)
    }

    #[allow(clippy::too_many_arguments)]
    fn activity_perturbation(&mut self, mlp: &Mlp, params: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, ws: &mut Workspace, grad: &mut [f32]) -> f64 {
        mlp.forward(params, x, ws);
        let batch = x.nrows();
        let depth = mlp.depth();
        // Per-example noise u on every layer's pre-activations, and the tangent pass ḣ,
        // kept in the workspace's δ buffers: ż_l = u_l + ḣ_{l−1} W_lᵀ, ḣ_l = ż_l ⊙ f'(z_l).
        self.noise.resize_with(depth, || Mat::zeros((0, 0)));
        for (l, slot) in mlp.layout.layers.iter().enumerate() {
            let u = sized(&mut self.noise[l], (batch, slot.outputs));
            u.iter_mut().for_each(|v| *v = self.rng.normal() as f32);
            ws.d[l].assign(u);
            if l > 0 {
                let (lower, upper) = ws.d.split_at_mut(l);
                gemm(1.0, &lower[l - 1], &mlp.weight(l, params).t(), 1.0, &mut upper[0]);
            }
            let act = mlp.activations[l];
            act.scale_matrix_by_derivative(&mut ws.d[l], &ws.z[l], &ws.a[l]);
        }
        let last = depth - 1;
        let g_out = sized(&mut self.error, ws.a[last].dim());
        let value = loss.evaluate(ws.a[last].view(), y, Some(g_out.view_mut()));
        // s_b = ∂L/∂z · u for example b (the 1/batch of the mean is inside g_out).
        self.projections.clear();
        self.projections.extend(g_out.rows().into_iter().zip(ws.d[last].rows()).map(|(g, t)| g.iter().zip(t.iter()).map(|(a, b)| a * b).sum::<f32>()));
        for l in 0..depth {
            let mut u = std::mem::take(&mut self.noise[l]);
            self.masked_activity_delta(mlp, l, &mut u, &self.projections, ws);
            let input = if l == 0 { x.view() } else { ws.a[l - 1].view() };
            layer_gradient(mlp, l, u.view(), input, grad);
            self.noise[l] = u;
        }
        value
    }
}

/// How an estimate compares with the exact gradient on the same minibatch.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Agreement {
    pub cosine: f64,
    /// Cosine per layer (weights and bias together).
    pub per_layer: Vec<f64>,
    /// ‖estimate‖ / ‖exact‖.
    pub norm_ratio: f64,
}

pub fn agreement(mlp: &Mlp, estimate: &[f32], exact: &[f32]) -> Agreement {
    let stats = |a: &[f32], b: &[f32]| {
        let (mut ab, mut aa, mut bb) = (0.0f64, 0.0f64, 0.0f64);
        for (&x, &y) in a.iter().zip(b) {
            ab += x as f64 * y as f64;
            aa += (x as f64).powi(2);
            bb += (y as f64).powi(2);
        }
        (ab / (aa.sqrt() * bb.sqrt()).max(1e-300), aa.sqrt(), bb.sqrt())
    };
    let (cosine, ne, nx) = stats(estimate, exact);
    let per_layer = mlp.layout.layers.iter().map(|s| stats(&estimate[s.weight.start..s.bias.end], &exact[s.weight.start..s.bias.end]).0).collect();
    Agreement { cosine, per_layer, norm_ratio: ne / nx.max(1e-300) }
}

/// `m`, reshaped to `dim` when it is not (a fresh zero matrix then; otherwise as it was).
fn sized(m: &mut Mat, dim: (usize, usize)) -> &mut Mat {
    if m.dim() != dim {
        *m = Mat::zeros(dim);
    }
    m
}
