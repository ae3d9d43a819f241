//! The trainer's side of steps computed elsewhere (the page's WebGPU trainer, www/gpu/):
//! the exact gradient on given training rows, for cross-checking, and taking back the
//! weights of steps run outside on the batches `upcoming_batches` announced.

use super::{Divergence, Trainer};
use crate::autodiff::loss_and_gradient;

impl Trainer {
    /// Mean loss and gradient (penalty included, as a step uses) at the current weights
    /// on training rows `idx`; the minibatch stream is not touched.
    pub fn gradient_on(&mut self, idx: &[usize]) -> Result<(f64, Vec<f32>), String> {
        let rows = self.data.train.len();
        if let Some(&bad) = idx.iter().find(|&&i| i >= rows) {
            return Err(format!("rows: {bad} is outside the {rows} training rows"));
        }
        if idx.is_empty() {
            return Err("rows: none given".into());
        }
        let (mut x, mut y) = (crate::tensor::Mat::zeros((0, 0)), Vec::new());
        self.data.train.gather_into(idx, &mut x, &mut y);
        let mut grad = vec![0.0; self.params.len()];
        let loss = loss_and_gradient(&self.mlp, &self.params, x.view(), &y, self.loss, &mut self.eval_ws, &mut grad);
        self.model.penalty.apply(self.model.penalty_rate, &self.mlp.layout, &self.params, &mut grad);
        Ok((loss, grad))
    }

    /// Takes the weights of `steps` steps run elsewhere on the next `steps` minibatches:
    /// consumes those minibatches and advances the step counter. Non-finite weights are
    /// refused (the current ones stay) with a Divergence naming the last step.
    pub fn adopt_steps(&mut self, params: &[f32], steps: u64) -> Result<(), Divergence> {
        let step = self.step + steps;
        if params.len() < self.mlp.layout.model_len() {
            return Err(Divergence { step, what: format!("{} weights given for {}", params.len(), self.mlp.layout.model_len()) });
        }
        if params.iter().any(|p| !p.is_finite()) {
            return Err(Divergence { step, what: "a weight computed on the GPU is not finite".into() });
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
        b.adopt_steps(&a.params.clone(), 3).unwrap();
        assert_eq!(b.step, 3);
        // Same weights and the same next minibatch: the next step agrees bit for bit.
        a.step().unwrap();
        b.step().unwrap();
        assert_eq!(a.params, b.params);
    }

    #[test]
    fn non_finite_weights_are_refused_and_the_old_ones_kept() {
        let mut t = Trainer::new(RunConfig::default());
        let before = t.params.clone();
        let mut bad = before.clone();
        bad[0] = f32::NAN;
        assert!(t.adopt_steps(&bad, 5).is_err());
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
