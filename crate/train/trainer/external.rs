//! The trainer's side of steps computed elsewhere (the page's WebGPU trainer, www/shared/gpu/):
//! the exact gradient on given training rows, for cross-checking, and taking back the
//! weights of steps run outside on the batches `upcoming_batches` announced.

use super::{Divergence, Trainer, TrainerError};
use crate::optim::Moments;
use crate::autodiff::loss_and_gradient;

impl Trainer {
    /// Mean loss and gradient (penalty included, as a step uses) at the current weights
    /// on training rows `idx`; the minibatch stream is not touched.
    pub fn gradient_on(&mut self, idx: &[usize]) -> Result<(f64, Vec<f32>), TrainerError> {
        let rows = self.data.train.len();
        if let Some(&row) = idx.iter().find(|&&i| i >= rows) {
            return Err(TrainerError::Row { row, rows });
        }
        if idx.is_empty() {
            return Err(TrainerError::NoRows);
        }
        let (mut x, mut y) = (crate::tensor::Mat::zeros((0, 0)), Vec::new());
        self.data.train.gather_into(idx, &mut x, &mut y);
        let mut grad = vec![0.0; self.params.len()];
        let loss = loss_and_gradient(&self.mlp, &self.params, x.view(), &y, self.loss, &mut self.eval_ws, &mut grad);
        self.model.penalty.apply(self.model.penalty_rate, &self.mlp.layout, &self.params, &mut grad);
        super::add_coupled_decay(self.config.training.coupled_decay, &self.params, &mut grad);
        Ok((loss, grad))
    }

    /// The optimizer's state in the WebGPU trainer's form (SGD's momentum buffer, Adam's
    /// m, v and t), for a run that moves onto the GPU to continue its moments; None for
    /// the optimizers that trainer lacks.
    pub fn optimizer_moments(&self) -> Option<Moments> {
        self.optimizer.moments()
    }

    /// Takes the weights of `steps` steps run elsewhere on the next `steps` minibatches,
    /// and the optimizer state they ended with (`moments`, when the other trainer keeps
    /// one): consumes those minibatches and advances the step counter. Non-finite weights
    /// or moments are refused with a Divergence naming the steps, and nothing changes: the
    /// page then replays those steps here (www/playground/backend.js), which stops at the very step
    /// that diverges, as a run on the CPU does.
    pub fn adopt_steps(&mut self, params: &[f32], steps: u64, moments: Option<&Moments>) -> Result<(), Divergence> {
        let step = self.step + steps;
        let model_len = self.mlp.layout.model_len();
        if params.len() < model_len {
            return Err(Divergence { step, what: format!("{} weights given for {}", params.len(), model_len) });
        }
        let finite = |v: &[f32]| v.iter().all(|p| p.is_finite());
        let bad = if !finite(params) {
            Some("a weight")
        } else if moments.is_some_and(|m| !finite(&m.m) || !finite(&m.v)) {
            Some("an optimizer moment")
        } else {
            None
        };
        if let Some(what) = bad {
            let first = self.step + 1;
            return Err(Divergence { step, what: format!("{what} computed on the GPU in steps {first}–{step} is not finite") });
        }
        if let Some(m) = moments {
            if m.m.len() > model_len || !self.optimizer.set_moments(m) {
                return Err(Divergence { step, what: format!("the GPU's optimizer state ({} entries) does not fit this run's optimizer", m.m.len()) });
            }
        }
        let n = params.len().min(self.params.len());
        self.params[..n].copy_from_slice(&params[..n]);
        for _ in 0..steps {
            self.next_batch();
        }
        self.step = step;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::train::{RunConfig, Trainer};

    #[test]
    fn adopted_steps_consume_the_announced_minibatches() {
        let config = RunConfig::from_json(r#"{"samples": 40, "batch-size": 7}"#).unwrap();
        let (mut a, mut b) = (Trainer::new(config.clone()), Trainer::new(config));
        a.run(3).unwrap();
        b.adopt_steps(&a.params.clone(), 3, None).unwrap();
        assert_eq!(b.step, 3);
        // Same weights and the same next minibatch: the next step agrees bit for bit.
        a.step().unwrap();
        b.step().unwrap();
        assert_eq!(a.params, b.params);
    }

    /// B takes A's weights and optimizer state after 4 steps: the runs then agree bit for
    /// bit, and without the state they would not (the moments matter to the next step).
    fn moments_carry_the_run(config: &str) {
        let config = RunConfig::from_json(config).unwrap();
        let mut a = Trainer::new(config.clone());
        a.run(4).unwrap();
        let moments = a.optimizer_moments().expect("sgd and adam have the GPU trainer's form");
        let (mut b, mut c) = (Trainer::new(config.clone()), Trainer::new(config));
        b.adopt_steps(&a.params.clone(), 4, Some(&moments)).unwrap();
        c.adopt_steps(&a.params.clone(), 4, None).unwrap();
        assert_eq!(b.optimizer_moments(), Some(moments));
        for _ in 0..3 {
            a.step().unwrap();
            b.step().unwrap();
            c.step().unwrap();
        }
        assert_eq!(a.params, b.params);
        assert_ne!(a.params, c.params);
    }

    #[test]
    fn adopted_adam_moments_continue_the_run_bit_for_bit() {
        moments_carry_the_run(r#"{"optimizer": "adam", "lr": 0.01, "samples": 40, "batch-size": 7}"#);
    }

    #[test]
    fn adopted_sgd_momentum_continues_the_run_bit_for_bit() {
        moments_carry_the_run(r#"{"optimizer": "sgd", "momentum": 0.9, "nesterov": true, "samples": 40, "batch-size": 7}"#);
    }

    #[test]
    fn moments_that_do_not_fit_or_are_not_finite_are_refused() {
        let mut t = Trainer::new(RunConfig::from_json(r#"{"optimizer": "adam"}"#).unwrap());
        t.run(2).unwrap();
        let (params, good) = (t.params.clone(), t.optimizer_moments().unwrap());
        let mut bad = good.clone();
        bad.v[3] = f32::INFINITY;
        let err = t.adopt_steps(&params, 5, Some(&bad)).unwrap_err();
        assert_eq!((err.step, err.what.as_str()), (7, "an optimizer moment computed on the GPU in steps 3–7 is not finite"));
        // Refused: the weights, the step and the optimizer state stay.
        assert_eq!((&t.params, t.step, t.optimizer_moments().unwrap()), (&params, 2, good.clone()));
        let mut long = good.clone();
        long.m.push(0.0);
        long.v.push(0.0);
        assert!(t.adopt_steps(&params, 1, Some(&long)).unwrap_err().what.contains("does not fit"));
        // An optimizer the GPU trainer lacks has no such state to give or take.
        let mut r = Trainer::new(RunConfig::from_json(r#"{"optimizer": "rmsprop"}"#).unwrap());
        assert_eq!(r.optimizer_moments(), None);
        assert!(r.adopt_steps(&params, 1, Some(&good)).is_err());
        assert_eq!(r.step, 0);
    }

    #[test]
    fn non_finite_weights_are_refused_and_the_old_ones_kept() {
        let mut t = Trainer::new(RunConfig::default());
        let before = t.params.clone();
        let mut bad = before.clone();
        bad[0] = f32::NAN;
        assert!(t.adopt_steps(&bad, 5, None).is_err());
        assert_eq!((t.params.clone(), t.step), (before, 0));
    }

    #[test]
    fn gradient_on_the_next_rows_is_the_gradient_a_step_follows() {
        // Plain SGD: θ' = θ − lr·g, so g = (θ − θ')/lr on the step's own minibatch.
        let mut t = Trainer::new(RunConfig::from_json(r#"{"lr": 0.5, "regularization": "l2", "reg-rate": 0.01}"#).unwrap());
        let rows = t.upcoming_batches(1);
        let (_, g) = t.gradient_on(&rows).unwrap();
        let before = t.params.clone();
        t.step().unwrap();
        for i in 0..g.len() {
            let implied = (before[i] - t.params[i]) / 0.5;
            assert!((implied - g[i]).abs() < 1e-6, "{i}: {implied} vs {}", g[i]);
        }
        assert!(t.gradient_on(&[usize::MAX]).is_err());
    }
}
