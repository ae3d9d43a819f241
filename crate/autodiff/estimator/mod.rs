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

//!
//! One file per family (weight.rs, activity.rs, feedback.rs, guess.rs); `Estimator::gradient`
//! below picks one. agreement.rs compares an estimate with the exact gradient.

use super::forward::JvpBuffers;
use super::{forward_forward, local, loss_and_gradient};
use crate::nn::{Loss, Mlp, Workspace};
use crate::tensor::{Mat, Rng};
use ndarray::ArrayView2;

mod activity;
mod agreement;
mod feedback;
mod guess;
mod weight;

pub use agreement::{agreement, Agreement};

names! {
    #[derive(Default)]
    pub enum Method {
        #[default]
        Backprop,
        ForwardGradient,
        ActivityPerturbation,
        Spsa,
        FeedbackAlignment,
        DirectFeedbackAlignment,
        GuessedDirection,
        ForwardForward,
    }
}

names! {
    /// What guessed-direction projects the target gradient onto.
    #[derive(Default)]
    pub enum Guess {
        /// Isotropic noise from `tangent-dist`.
        #[default]
        Random,
        /// The layer's local-loss gradient (needs the local heads).
        Local,
    }
}

names! {
    #[derive(Default)]
    pub enum TangentDist {
        #[default]
        Gaussian,
        /// ±1 entries: E‖g − ∇L‖² = (n − 1)‖∇L‖².
        Rademacher,
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

    pub(super) fn draw(&mut self, n: usize) {
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
    pub(super) fn draw_into(&mut self, out: &mut [f32]) {
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
        match self.method {
            Method::Backprop if !self.local => loss_and_gradient(mlp, params, x, y, loss, ws, grad),
            // The lite core refuses the other sources where a config enters (train::lite);
            // this arm lets the compiler drop them from that build.
            _ if !cfg!(feature = "full") => unreachable!("the lite core runs backprop only"),
            Method::Backprop => local::backprop(mlp, params, x, y, loss, ws, grad, &mut self.locals),
            Method::ForwardGradient if self.local => self.local_forward_gradient(mlp, params, x, y, loss, ws, grad),
            Method::ActivityPerturbation if self.local => self.local_activity_perturbation(mlp, params, x, y, loss, ws, grad),
            Method::GuessedDirection => self.guessed_direction(mlp, params, x, y, loss, ws, grad),
            Method::ForwardForward => forward_forward::gradient(mlp, params, x, y, self.ff_threshold, &mut self.rng, grad),
            Method::ForwardGradient | Method::Spsa => self.weight_perturbation(mlp, params, x, y, loss, ws, grad),
            Method::FeedbackAlignment | Method::DirectFeedbackAlignment => self.feedback_alignment(mlp, params, x, y, loss, ws, grad),
            Method::ActivityPerturbation => self.activity_perturbation_mean(mlp, params, x, y, loss, ws, grad),
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
}

/// `m`, reshaped to `dim` when it is not (a fresh zero matrix then; otherwise as it was).
fn sized(m: &mut Mat, dim: (usize, usize)) -> &mut Mat {
    if m.dim() != dim {
        *m = Mat::zeros(dim);
    }
    m
}
