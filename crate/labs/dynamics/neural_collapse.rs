//! Neural collapse (Papyan, Han & Donoho 2020, "Prevalence of neural collapse during the
//! terminal phase of deep learning training", PNAS, arXiv:2008.08186): trained past 100%
//! training accuracy, the penultimate features h collapse to their class means, the centred
//! means μ_c − μ_G form a simplex equiangular tight frame, the classifier's rows align with
//! them, and the network decides as the nearest class mean would. With C classes:
//! NC1–NC4 measure each of these (`nc_metrics`).
//! The experiment: the 8×8 digits, an MLP with ReLU hidden layers, SGD with momentum 0.9 and
//! a cosine decay, with and without weight decay. With cross-entropy (the default) it runs on
//! the crate's one trainer (`coupled-decay`); with `loss = mse` (Han, Papyan & Donoho 2022,
//! "Neural collapse under MSE loss", arXiv:2106.02073) on this module's own loop, since the
//! trainer's squared loss is for one output. `per-class` trains on a balanced subset.

pub use super::nc_metrics::{metrics, NcMetrics};
use super::{Accuracy, Curves, DynamicsError};
use crate::autodiff::backward;
use crate::nn::Workspace;
use crate::optim::{Hyper, Optimizer, OptimizerKind};
use crate::tensor::{Mat, Rng};
use crate::train::{RunConfig, Trainer};
use serde::{Deserialize, Serialize};

names! {
    #[derive(Default)]
    pub enum NcLoss {
        /// Softmax cross-entropy on the trainer (Papyan et al.).
        #[default]
        CrossEntropy,
        /// ½‖f(x) − e_y‖² (one-hot target), mean over the batch (Han, Papyan & Donoho,
        /// ICLR 2022, "Neural collapse under MSE loss", arXiv:2106.02073).
        Mse,
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", default, deny_unknown_fields)]
pub struct NcConfig {
    /// Hidden widths, the last one the penultimate features; default [128, 32].
    pub hidden: Vec<usize>,
    /// Coupled weight decay λ (g += λθ); default 1e-3. Compare with 0.
    pub weight_decay: f64,
    /// SGD with momentum 0.9, cosine decay to 0; default 0.1.
    pub lr: f64,
    /// Default 64.
    pub batch_size: usize,
    /// Default 300.
    pub epochs: usize,
    /// Measure every this many epochs; default 10.
    pub every: usize,
    /// Default 1.
    pub seed: u32,
    /// cross-entropy or mse; default cross-entropy.
    pub loss: NcLoss,
    /// Train on the first this many training examples of each class (a balanced subset, so
    /// the network can collapse them); 0 = the whole 70% split. Default 0.
    pub per_class: usize,
}

impl Default for NcConfig {
    fn default() -> Self {
        NcConfig { hidden: vec![128, 32], weight_decay: 1e-3, lr: 0.1, batch_size: 64, epochs: 300, every: 10, seed: 1, loss: NcLoss::CrossEntropy, per_class: 0 }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NcSeries {
    pub epochs: Vec<usize>,
    #[serde(flatten)]
    pub curves: Curves,
    #[serde(flatten)]
    pub accuracy: Accuracy,
    pub nc1: Vec<f64>,
    pub nc2_angle: Vec<f64>,
    pub nc2_cos_std: Vec<f64>,
    pub nc2_equinorm: Vec<f64>,
    /// The mean cosine between centred class means (→ `simplex_cosine`).
    pub nc2_cos_mean: Vec<f64>,
    pub nc3: Vec<f64>,
    pub nc4: Vec<f64>,
    pub weight_movement: Vec<Vec<f64>>,
    /// The target of the centred means' cosines, −1/(C − 1).
    pub simplex_cosine: f64,
}

pub fn trainer(c: &NcConfig) -> Result<Trainer, DynamicsError> {
    super::check("weight-decay", c.weight_decay, 0.0, 1.0)?;
    super::check("lr", c.lr, 1e-9, 10.0)?;
    super::check("epochs", c.epochs as f64, 1.0, 100_000.0)?;
    super::check("every", c.every as f64, 1.0, 100_000.0)?;
    if c.hidden.is_empty() {
        return Err(DynamicsError::NoHidden);
    }
    let json = serde_json::json!({
        "dataset": "digits", "train-ratio": 0.7, "hidden": c.hidden, "activation": "relu", "init": "he",
        "optimizer": "sgd", "momentum": 0.9, "lr": c.lr, "batch-size": c.batch_size, "coupled-decay": c.weight_decay,
        "epochs": c.epochs, "seed": c.seed,
    });
    let mut config = RunConfig::from_json(&json.to_string())?;
    // Cosine decay of the learning rate to 0 over the run (Papyan et al. decay theirs in
    // steps): collapse needs the noise of SGD to die down.
    let build = |config: RunConfig| -> Result<Trainer, DynamicsError> {
        if c.per_class == 0 {
            return Ok(Trainer::new(config));
        }
        let mut data = config.data.build();
        let mut taken = vec![0usize; 10];
        let keep: Vec<usize> = (0..data.train.len())
            .filter(|&i| {
                let k = data.train.y[i] as usize;
                taken[k] += 1;
                taken[k] <= c.per_class
            })
            .collect();
        let points = data.train.points.select(ndarray::Axis(0), &keep);
        let (mut x, mut y) = (crate::tensor::Mat::zeros((0, 0)), Vec::new());
        data.train.gather_into(&keep, &mut x, &mut y);
        data.train = crate::data::Dataset { x, y, points };
        Ok(Trainer::with_data(config, data)?)
    };
    let steps = build(config.clone())?.total_steps();
    config.optimizer.schedule.kind = crate::optim::schedule::ScheduleKind::Cosine;
    config.optimizer.schedule.steps = steps.max(1);
    let mut t = build(config)?;
    t.epoch_metrics = false;
    Ok(t)
}

/// The metrics of a trainer's model on its training set.
pub fn measure(t: &mut Trainer) -> NcMetrics {
    let mut ws = crate::nn::Workspace::default();
    let x = t.data.train.x.view();
    t.mlp.forward(&t.params, x, &mut ws);
    let depth = t.mlp.depth();
    let h = ws.a[depth - 2].mapv(|v| v as f64);
    let w = t.mlp.weight(depth - 1, &t.params).mapv(|v| v as f64);
    let b: Vec<f64> = t.mlp.bias(depth - 1, &t.params).iter().map(|&v| v as f64).collect();
    let labels: Vec<usize> = t.data.train.y.iter().map(|&y| y as usize).collect();
    metrics(h.view(), &labels, t.mlp.outputs(), w.view(), &b)
}

/// The experiment epoch by epoch (the page draws it live); `run` is one `advance` to the end.
pub struct NcRun {
    c: NcConfig,
    t: Trainer,
    w0: Vec<f32>,
    per_epoch: u64,
    /// The next epoch to measure (if due) and train.
    epoch: usize,
    finished: bool,
    /// The squared loss's own loop (the trainer's losses are for one output or softmax).
    mse: Option<MseLoop>,
    pub out: NcSeries,
}

/// SGD with momentum 0.9, coupled weight decay and the trainer's cosine schedule, on
/// ½‖f(x) − e_y‖² averaged over shuffled minibatches.
struct MseLoop {
    opt: Box<dyn Optimizer + Send>,
    rng: Rng,
    order: Vec<usize>,
    ws: Workspace,
    grad: Vec<f32>,
    x: Mat,
    y: Vec<f32>,
}

impl MseLoop {
    fn epoch(&mut self, t: &mut Trainer, c: &NcConfig) {
        self.rng.shuffle(&mut self.order);
        let classes = t.mlp.outputs();
        let last = t.mlp.depth() - 1;
        for batch in self.order.chunks(c.batch_size.max(1)) {
            t.data.train.gather_into(batch, &mut self.x, &mut self.y);
            t.mlp.forward(&t.params, self.x.view(), &mut self.ws);
            let inv = 1.0 / batch.len() as f32;
            let out = self.ws.a[last].clone();
            let d = &mut self.ws.d[last];
            for (i, &label) in self.y.iter().enumerate() {
                for k in 0..classes {
                    d[[i, k]] = (out[[i, k]] - (k == label as usize) as u8 as f32) * inv;
                }
            }
            backward(&t.mlp, &t.params, self.x.view(), &mut self.ws, &mut self.grad);
            let lambda = c.weight_decay as f32;
            self.grad.iter_mut().zip(&t.params).for_each(|(g, &p)| *g += lambda * p);
            let lr = t.config.optimizer.schedule.lr(c.lr, t.step);
            self.opt.step(&mut t.params, &self.grad, lr as f32);
            t.step += 1;
        }
    }

    /// ½‖f(x) − e_y‖², mean over the training set.
    fn loss(t: &Trainer) -> f64 {
        let mut ws = Workspace::default();
        let out = t.mlp.forward(&t.params, t.data.train.x.view(), &mut ws);
        let total: f64 = out.rows().into_iter().zip(&t.data.train.y).map(|(r, &y)| r.iter().enumerate().map(|(k, &v)| (v as f64 - (k == y as usize) as u8 as f64).powi(2)).sum::<f64>() / 2.0).sum();
        total / t.data.train.len().max(1) as f64
    }
}

impl NcRun {
    pub fn new(c: &NcConfig) -> Result<NcRun, DynamicsError> {
        let t = trainer(c)?;
        let out = NcSeries { simplex_cosine: -1.0 / (t.mlp.outputs() as f64 - 1.0), ..Default::default() };
        let mse = (c.loss == NcLoss::Mse).then(|| MseLoop {
            opt: OptimizerKind::Sgd.build(&Hyper { momentum: Some(0.9), ..Default::default() }, t.params.len()),
            rng: Rng::stream(c.seed as u64, 61),
            order: (0..t.data.train.len()).collect(),
            ws: Workspace::default(),
            grad: vec![0.0; t.params.len()],
            x: Mat::zeros((0, 0)),
            y: Vec::new(),
        });
        Ok(NcRun { c: c.clone(), w0: t.params.clone(), per_epoch: t.steps_per_epoch() as u64, t, epoch: 0, finished: false, mse, out })
    }

    fn one(&mut self) -> Result<(), DynamicsError> {
        let (c, epoch, t, out) = (&self.c, self.epoch, &mut self.t, &mut self.out);
        if epoch % c.every == 0 || epoch == c.epochs {
            let m = measure(t);
            let (train, test) = (t.evaluate_train(), t.evaluate_test());
            out.epochs.push(epoch);
            out.curves.steps.push(t.step);
            out.curves.loss.push(if self.mse.is_some() { MseLoop::loss(t) } else { train.loss });
            out.accuracy.train_acc.push(train.accuracy.unwrap_or(0.0));
            out.accuracy.test_acc.push(test.accuracy.unwrap_or(0.0));
            out.nc1.push(m.nc1);
            out.nc2_angle.push(m.nc2_angle);
            out.nc2_cos_std.push(m.nc2_cos_std);
            out.nc2_equinorm.push(m.nc2_equinorm);
            out.nc2_cos_mean.push(m.nc2_cos_mean);
            out.nc3.push(m.nc3);
            out.nc4.push(m.nc4);
            out.weight_movement.push(super::movement(&t.mlp, &self.w0, &t.params));
        }
        if epoch == c.epochs {
            self.finished = true;
            return Ok(());
        }
        match &mut self.mse {
            Some(m) => {
                m.epoch(t, c);
                if !t.params.iter().all(|p| p.is_finite()) {
                    return Err(DynamicsError::DivergedInEpoch(epoch + 1));
                }
            }
            None => {
                t.run(self.per_epoch)?;
            }
        }
        self.epoch += 1;
        Ok(())
    }
}

stepwise!(NcRun, NcConfig, NcSeries, "epochs");
