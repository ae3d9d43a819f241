//! TensorFlow Playground links as experiments: `TfpRun::new(link, seed)` draws the link's
//! points and initial network from its seed exactly as the Playground's page does on first
//! load (playground.ts: `generateData(true)` then `reset(true)`, one seedrandom stream),
//! and `epoch()` is its `oneStep()`: one pass over the training points in their fixed
//! order, an update at every batchSize-th point of the pass, the leftover derivatives
//! carried into the next pass, then the train and test loss its chart reports.

pub mod link;
pub mod network;

pub use link::{LinkIssue, ParsedLink, Regularization, TfpLink, TfpLinkError};
pub use network::TfpNetwork;

use crate::data::tfp::{draw, Example, JsMath, SeedRandom, TfpData};
use crate::nn::{Activation, Layout, Loss, ModelConfig, Penalty};

/// A link's experiment: its data, network and epoch count.
#[derive(Clone, Debug)]
pub struct TfpRun {
    pub link: TfpLink,
    /// The seed the stream was seeded with (the link's, or the one picked for a seedless link).
    pub seed: String,
    pub data: TfpData,
    pub network: TfpNetwork,
    /// The network's input features, in the Playground's order.
    pub inputs: Vec<&'static str>,
    pub epoch: usize,
    pub math: JsMath,
    inputs_buf: Vec<f64>,
}

/// The feature values of a point (playground.ts `constructInput`).
pub fn feature(name: &str, x: f64, y: f64, math: JsMath) -> f64 {
    match name {
        "x" => x,
        "y" => y,
        "xSquared" => x * x,
        "ySquared" => y * y,
        "xTimesY" => x * y,
        "sinX" => (math.sin)(x),
        "sinY" => (math.sin)(y),
        other => panic!("{other} is not a Playground input"),
    }
}

impl TfpRun {
    /// The experiment of `link`, seeded with `seed` (callers pass the link's own seed, or
    /// for a seedless link one picked by `link::seed_from_unit`), with `math`'s sin, cos,
    /// log, exp and tanh (`JsMath::NATIVE` natively; the page passes the browser's).
    pub fn new(link: TfpLink, seed: &str, math: JsMath) -> TfpRun {
        let mut rng = SeedRandom::new(seed);
        let data = draw(link.data_kind(), link.noise, link.perc_train, &mut rng, math);
        let inputs = link.inputs();
        let sizes = TfpRun::sizes_of(&link, inputs.len());
        let out = if link.regression { Activation::Linear } else { Activation::Tanh };
        let network = TfpNetwork::build(&sizes, link.activation, out, link.regularization, link.init_zero, math, || rng.next());
        TfpRun { inputs_buf: vec![0.0; inputs.len()], link, seed: seed.to_string(), data, network, inputs, epoch: 0, math }
    }

    fn sizes_of(link: &TfpLink, inputs: usize) -> Vec<usize> {
        let mut sizes = vec![inputs];
        sizes.extend(&link.network_shape);
        sizes.push(1);
        sizes
    }

    /// Layer widths, inputs first, the output last.
    pub fn sizes(&self) -> Vec<usize> {
        TfpRun::sizes_of(&self.link, self.inputs.len())
    }

    fn set_inputs(&mut self, p: Example) {
        for (v, name) in self.inputs_buf.iter_mut().zip(&self.inputs) {
            *v = feature(name, p.x, p.y, self.math);
        }
    }

    /// The network's output at a point.
    pub fn predict(&mut self, x: f64, y: f64) -> f64 {
        self.set_inputs(Example { x, y, label: 0.0 });
        let inputs = std::mem::take(&mut self.inputs_buf);
        let out = self.network.forward(&inputs);
        self.inputs_buf = inputs;
        out
    }

    /// playground.ts `getLoss`: mean of ½(ŷ − y)² over the points (NaN for none, as there).
    pub fn loss(&mut self, test: bool) -> f64 {
        let range = if test { self.data.split..self.data.points.len() } else { 0..self.data.split };
        let count = range.len();
        let mut loss = 0.0;
        for i in range {
            let p = self.data.points[i];
            let d = self.predict(p.x, p.y) - p.label;
            loss += 0.5 * (d * d);
        }
        loss / count as f64
    }

    /// (train loss, test loss), the two numbers under the Playground's output map.
    pub fn losses(&mut self) -> (f64, f64) {
        (self.loss(false), self.loss(true))
    }

    /// playground.ts `oneStep()` without the drawing: one epoch.
    pub fn epoch(&mut self) {
        let (lr, rate, batch) = (self.link.learning_rate, self.link.regularization_rate, self.link.batch_size);
        for i in 0..self.data.split {
            let p = self.data.points[i];
            self.set_inputs(p);
            let inputs = std::mem::take(&mut self.inputs_buf);
            self.network.forward(&inputs);
            self.inputs_buf = inputs;
            self.network.backward(p.label);
            if (i + 1) % batch == 0 {
                self.network.update(lr, rate);
            }
        }
        self.epoch += 1;
    }

    /// The network as one of our models: `layers.{i}.weight` [out, in] and `layers.{i}.bias`
    /// (f32, rounded from the Playground's doubles), features by our names, MSE loss
    /// (the Playground's ½(ŷ − y)² is half of it) and the penalty named.
    pub fn model(&self) -> (ModelConfig, Vec<f32>) {
        let sizes = self.sizes();
        let mut activations = vec![self.link.activation; sizes.len() - 2];
        activations.push(self.network.out);
        let config = ModelConfig {
            sizes: sizes.clone(),
            activations,
            loss: Loss::Mse,
            features: self.inputs.iter().map(|f| our_feature(f).to_string()).collect(),
            penalty: match self.link.regularization {
                None => Penalty::None,
                Some(Regularization::L1) => Penalty::L1,
                Some(Regularization::L2) => Penalty::L2,
            },
            penalty_rate: self.link.regularization_rate as f32,
            local_heads: false,
            label_classes: 0,
        };
        let layout = Layout::new(&sizes);
        let mut params = vec![0.0f32; layout.len];
        for (slot, layer) in layout.layers.iter().zip(&self.network.layers) {
            for (p, w) in params[slot.weight.clone()].iter_mut().zip(&layer.weight) {
                *p = *w as f32;
            }
            for (p, b) in params[slot.bias.clone()].iter_mut().zip(&layer.bias) {
                *p = *b as f32;
            }
        }
        (config, params)
    }
}

/// The link's seed, or for a seedless link one picked as the Playground picks it
/// (`Math.random().toFixed(5)` from an unseeded generator: here the operating system's
/// entropy, so it is not reproducible either); the flag says whether it was picked.
pub fn seed_or_fresh(link: &TfpLink) -> (String, bool) {
    match &link.seed {
        Some(s) => (s.clone(), false),
        None => (link::seed_from_unit(crate::tensor::rng::fresh_seed() as f64 / 4_294_967_296.0), true),
    }
}

/// Reads a link, then `overrides` ("key=value" in the Playground's own keys) over it.
pub fn parse_with_overrides(url_or_hash: &str, overrides: &[String]) -> ParsedLink {
    let mut hash = link::hash_of(url_or_hash).to_string();
    if !hash.starts_with('#') {
        hash.insert(0, '#');
    }
    for o in overrides {
        hash.push('&');
        hash.push_str(o);
    }
    TfpLink::parse(&hash)
}

/// Our feature name for one of the Playground's inputs (`TfpLink::inputs`: x, y, xSquared,
/// ySquared, xTimesY, sinX, sinY).
fn our_feature(input: &str) -> &'static str {
    match input {
        "x" => "x1",
        "y" => "x2",
        "xSquared" => "x1-sq",
        "ySquared" => "x2-sq",
        "xTimesY" => "x1-x2",
        "sinX" => "sin-x1",
        _ => "sin-x2",
    }
}

/// The link as one of our run configurations' hashes, as near as our trainer comes (its
/// data, network, learning rate, batch, penalty and features; SGD; the Playground's
/// uniform init): what the page's controls show, and where a student goes on from when
/// they change a setting. Our trainer is not the Playground's rule (docs/TFP.md).
pub fn our_hash(link: &TfpLink) -> String {
    let features: Vec<&str> = link
        .inputs()
        .iter()
        .map(|f| our_feature(f))
        .collect();
    let hidden: Vec<String> = link.network_shape.iter().map(|w| w.to_string()).collect();
    format!(
        "dataset={}&samples={}&noise={}&train-ratio={}&hidden={}&activation={}&optimizer=sgd&lr={}&batch-size={}&regularization={}&reg-rate={}&features={}&init=uniform",
        link.data_kind().name(),
        if link.regression { 1200 } else { 500 },
        (link.noise / 100.0).min(0.5),
        (link.perc_train / 100.0).clamp(0.1, 0.9),
        hidden.join(","),
        link.activation.name(),
        link.learning_rate,
        link.batch_size,
        match link.regularization {
            None => "none",
            Some(Regularization::L1) => "l1",
            Some(Regularization::L2) => "l2",
        },
        link.regularization_rate,
        features.join(","),
    )
}
