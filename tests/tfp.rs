//! TensorFlow Playground links against the Playground's own code: tests/fixtures/tfp/*.json
//! were written by scripts/tfp/fixtures.mjs, which runs tensorflow/playground@02469bd3's
//! dataset.ts, nn.ts, state.ts and playground.ts (transcribed to JS) with npm seedrandom
//! 2.4.4 and d3 3.5.17 in Node. Points and initial weights must equal the Playground's
//! doubles to f32 rounding, the train/test loss after each of the first 50 epochs within
//! 1e-3 relative.

use gradlab::data::tfp::{JsMath, SeedRandom};
use gradlab::train::tfp::{link, TfpLink, TfpRun};
use serde_json::Value;
use std::path::PathBuf;

fn fixture(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tfp").join(format!("{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn names() -> Vec<String> {
    serde_json::from_value(fixture("index")).unwrap()
}

fn base64_f64(text: &str) -> Vec<f64> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    } as u32;
    let clean: Vec<u8> = text.bytes().filter(|&c| c != b'=').collect();
    let mut bytes = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut acc = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            acc |= value(c) << (18 - 6 * i);
        }
        for i in 0..chunk.len() - 1 {
            bytes.push((acc >> (16 - 8 * i)) as u8);
        }
    }
    bytes.chunks(8).map(|b| f64::from_le_bytes(b.try_into().unwrap())).collect()
}

/// Equal after rounding both to f32 (or within one f32 step, for a double that sits on a
/// rounding boundary after a last-bit libm difference).
fn same_f32(a: f64, b: f64) -> bool {
    let (fa, fb) = (a as f32, b as f32);
    fa == fb || (fa - fb).abs() <= f32::EPSILON * fa.abs().max(fb.abs()).max(f32::MIN_POSITIVE)
}

fn run_of(f: &Value) -> TfpRun {
    let parsed = TfpLink::parse(f["link"].as_str().unwrap());
    TfpRun::new(parsed.link, f["seed"].as_str().unwrap(), JsMath::NATIVE)
}

#[test]
fn seedrandom_port_gives_the_npm_packages_doubles_bit_for_bit() {
    let f = fixture("seedrandom");
    let streams = f["streams"].as_object().unwrap();
    assert!(streams.len() >= 5);
    for (seed, values) in streams {
        let mut rng = SeedRandom::new(seed);
        let values = base64_f64(values.as_str().unwrap());
        assert_eq!(values.len(), 1000);
        for (i, v) in values.iter().enumerate() {
            assert_eq!(rng.next().to_bits(), v.to_bits(), "seed {seed:?}, draw {i}");
        }
    }
}

#[test]
fn every_link_draws_the_playgrounds_points_in_its_order() {
    for name in names() {
        let f = fixture(&name);
        let run = run_of(&f);
        let expected = base64_f64(f["points_b64"].as_str().unwrap());
        assert_eq!(run.data.points.len() * 3, expected.len(), "{name}: point count");
        assert_eq!(run.data.split as u64, f["split_index"].as_u64().unwrap(), "{name}: split");
        let mut exact = 0;
        for (i, (p, e)) in run.data.points.iter().zip(expected.chunks(3)).enumerate() {
            assert!(same_f32(p.x, e[0]) && same_f32(p.y, e[1]), "{name}: point {i} is ({}, {}), the Playground's ({}, {})", p.x, p.y, e[0], e[1]);
            assert!(same_f32(p.label, e[2]), "{name}: label {i} is {}, the Playground's {}", p.label, e[2]);
            exact += (p.x == e[0] && p.y == e[1] && p.label == e[2]) as usize;
        }
        println!("{name}: {exact} of {} points bit-identical to the Playground's doubles", run.data.points.len());
    }
}

#[test]
fn every_link_draws_the_playgrounds_initial_network() {
    for name in names() {
        let f = fixture(&name);
        let run = run_of(&f);
        let shape: Vec<usize> = serde_json::from_value(f["shape"].clone()).unwrap();
        assert_eq!(run.sizes(), shape, "{name}: shape");
        let inputs: Vec<String> = serde_json::from_value(f["inputs"].clone()).unwrap();
        assert_eq!(run.inputs, inputs, "{name}: inputs");
        for (l, (layer, expected)) in run.network.layers.iter().zip(f["layers"].as_array().unwrap()).enumerate() {
            for (o, node) in expected.as_array().unwrap().iter().enumerate() {
                assert_eq!(layer.bias[o], node["bias"].as_f64().unwrap(), "{name}: layer {l} node {o} bias");
                for (j, w) in node["weights"].as_array().unwrap().iter().enumerate() {
                    assert!(same_f32(layer.weight[o * layer.inputs + j], w.as_f64().unwrap()), "{name}: layer {l} weight [{o}][{j}]");
                }
            }
        }
    }
}

fn rel(a: f64, b: f64) -> f64 {
    if a == b {
        0.0
    } else {
        (a - b).abs() / b.abs().max(1e-12)
    }
}

#[test]
fn every_link_trains_to_the_playgrounds_loss_curve_for_50_epochs() {
    for name in names() {
        let f = fixture(&name);
        let mut run = run_of(&f);
        let mut worst = 0.0f64;
        for (epoch, expected) in f["loss"].as_array().unwrap().iter().enumerate() {
            if epoch > 0 {
                run.epoch();
            }
            let (train, test) = run.losses();
            let (et, ev) = (expected[0].as_f64().unwrap(), expected[1].as_f64().unwrap());
            let r = rel(train, et).max(rel(test, ev));
            assert!(r <= 1e-3, "{name}: epoch {epoch}: loss ({train}, {test}), the Playground's ({et}, {ev})");
            worst = worst.max(r);
        }
        println!("{name}: largest relative loss difference over 50 epochs {worst:.1e}");
    }
}

/// How far we drift from the Playground's doubles over 1,000 epochs (docs/TFP.md quotes
/// the printed numbers); the bound is loose on purpose: only a blow-up fails.
#[test]
fn long_runs_stay_on_the_playgrounds_curve() {
    for name in names() {
        let f = fixture(&name);
        let Some(long) = f["long_loss"].as_array() else { continue };
        let mut run = run_of(&f);
        let mut worst = (0.0f64, 0);
        for row in long {
            let epoch = row[0].as_u64().unwrap() as usize;
            while run.epoch < epoch {
                run.epoch();
            }
            let (train, test) = run.losses();
            let r = rel(train, row[1].as_f64().unwrap()).max(rel(test, row[2].as_f64().unwrap()));
            if r > worst.0 {
                worst = (r, epoch);
            }
        }
        println!("drift {name}: largest relative loss difference over {} epochs {:.1e} (epoch {})", run.epoch, worst.0, worst.1);
        assert!(worst.0 < 1e-2, "{name}: drifted {:.1e} by epoch {}", worst.0, worst.1);
    }
}

#[test]
fn a_seedless_link_gets_a_five_decimal_seed_as_the_playground_picks_it() {
    let f = fixture("seedless");
    assert_eq!(f["seed_chosen_by_page"], true);
    let parsed = TfpLink::parse(f["link"].as_str().unwrap());
    assert_eq!(parsed.link.seed, None);
    let seed = link::seed_from_unit(0.123456789);
    assert_eq!(seed, "0.12346");
    assert_eq!(link::seed_from_unit(0.0), "0.00000");
    // With the seed the page picked (recorded in the fixture), the same experiment.
    let s = f["seed"].as_str().unwrap();
    assert!(s.len() == 7 && s.starts_with("0."), "{s}");
}

#[test]
fn malformed_playground_keys_are_reported_by_key_and_keep_defaults() {
    let parsed = TfpLink::parse("https://playground.tensorflow.org/#activation=softplus&batchSize=0&learningRate=abc&noise=120&networkShape=4,x&percTrainData=-5&dataset=moons&regDataset=circle&problem=ranking&regularization=L3&regularizationRate=-1&x=yes&x_hide=maybe&colour=red&seed=0.5");
    let keys: Vec<&str> = parsed.issues.iter().map(|i| i.key.as_str()).collect();
    for key in ["activation", "batchSize", "learningRate", "noise", "networkShape", "percTrainData", "dataset", "regDataset", "problem", "regularization", "regularizationRate", "x", "x_hide", "colour"] {
        assert!(keys.contains(&key), "{key} not reported: {:?}", parsed.issues);
    }
    assert_eq!(parsed.issues.len(), 14, "{:?}", parsed.issues);
    let d = TfpLink::default();
    let l = &parsed.link;
    assert_eq!((l.activation, l.batch_size, l.learning_rate, l.noise), (d.activation, d.batch_size, d.learning_rate, d.noise));
    assert_eq!((&l.network_shape, l.perc_train, l.dataset, l.reg_dataset), (&d.network_shape, d.perc_train, d.dataset, d.reg_dataset));
    assert!(l.features["x"], "x=yes reads as true, as in the Playground");
    assert_eq!(l.hide.get("x"), Some(&false), "x_hide=maybe reads as false");
    assert_eq!(l.seed.as_deref(), Some("0.5"));
}

#[test]
fn playground_hash_rules_blank_values_repeated_keys_and_second_equals() {
    let l = TfpLink::parse("#noise=&noise=30&seed=a=b&networkShape=&learningRate=&showTestData=true").link;
    assert_eq!(l.noise, 30.0, "the last of a repeated key wins");
    assert_eq!(l.seed.as_deref(), Some("a"), "a value stops at a second '='");
    assert!(l.network_shape.is_empty(), "an empty networkShape is no hidden layer");
    assert_eq!(l.learning_rate, 0.03, "a blank value keeps the default");
    assert!(l.show_test_data);
    assert!(link::looks_like_playground("#batchSize=10"));
    assert!(!link::looks_like_playground("#dataset=circle&lr=0.03"));
}

#[test]
fn a_link_round_trips_through_the_hash_the_playground_writes() {
    for name in names() {
        let f = fixture(&name);
        let parsed = TfpLink::parse(f["link"].as_str().unwrap());
        let again = TfpLink::parse(&parsed.link.to_hash(f["seed"].as_str().unwrap()));
        assert!(again.issues.is_empty(), "{name}: {:?}", again.issues);
        let mut expected = parsed.link.clone();
        expected.seed = Some(f["seed"].as_str().unwrap().to_string());
        assert_eq!(again.link, expected, "{name}");
    }
}


#[test]
fn playground_hashes_are_told_from_ours_and_mixed_ones_are_named() {
    use gradlab::train::schema::FIELDS;
    use link::{classify, HashForm};
    let ours: Vec<&str> = FIELDS.iter().map(|f| f.key).collect();
    assert_eq!(classify("#dataset=circle&hidden=4,2&lr=0.03&seed=7", &ours), HashForm::Ours);
    assert_eq!(classify("#dataset=circle&noise=0.1", &ours), HashForm::Ours);
    assert_eq!(classify("#lr=abc&hidden=5&noise=9&seed=x", &ours), HashForm::Ours, "one of ours with bad values stays ours");
    assert_eq!(classify("#dataset=gauss&seed=lesson-one", &ours), HashForm::Playground);
    assert_eq!(classify("#regularization=L1", &ours), HashForm::Playground);
    for name in names() {
        let link = fixture(&name)["link"].as_str().unwrap().to_string();
        assert_eq!(classify(&link, &ours), HashForm::Playground, "{name}");
    }
    assert_eq!(classify("#batchSize=10&hidden=3&optimizer=adam", &ours), HashForm::Mixed(vec!["hidden".into(), "optimizer".into()]));
}

#[test]
fn a_link_translates_to_one_of_our_configs_without_warnings() {
    use gradlab::train::{hash, tfp::our_hash};
    for name in names() {
        let link = TfpLink::parse(fixture(&name)["link"].as_str().unwrap()).link;
        let parsed = hash::parse(&our_hash(&link));
        assert!(parsed.warnings.is_empty(), "{name}: {:?}", parsed.warnings);
    }
}

/// The Playground's rule in f32 (same data, same initial weights rounded to f32, same
/// order of operations), to measure how far an f32 core drifts from the Playground's
/// doubles: docs/TFP.md quotes the printed numbers. Only a measurement; nothing uses it.
struct F32Net {
    sizes: Vec<usize>,
    w: Vec<Vec<f32>>,
    b: Vec<Vec<f32>>,
    dead: Vec<Vec<bool>>,
    acc_w: Vec<Vec<f32>>,
    acc_b: Vec<Vec<f32>>,
    total: Vec<Vec<f32>>,
    out: Vec<Vec<f32>>,
    der: Vec<Vec<f32>>,
    count: u32,
}

#[allow(clippy::needless_range_loop)] // index loops, as the Playground's nn.ts writes them
impl F32Net {
    fn of(run: &TfpRun) -> F32Net {
        let sizes = run.sizes();
        let layers = &run.network.layers;
        let z = |f: fn(&gradlab::train::tfp::network::TfpLayer) -> usize| layers.iter().map(|l| vec![0.0f32; f(l)]).collect::<Vec<_>>();
        F32Net {
            w: layers.iter().map(|l| l.weight.iter().map(|&v| v as f32).collect()).collect(),
            b: layers.iter().map(|l| l.bias.iter().map(|&v| v as f32).collect()).collect(),
            dead: layers.iter().map(|l| vec![false; l.weight.len()]).collect(),
            acc_w: z(|l| l.weight.len()),
            acc_b: z(|l| l.outputs),
            total: z(|l| l.outputs),
            out: z(|l| l.outputs),
            der: z(|l| l.outputs),
            count: 0,
            sizes,
        }
    }

    fn act(&self, l: usize, x: f32, run: &TfpRun) -> (f32, f32) {
        use gradlab::nn::Activation;
        let a = if l == self.w.len() - 1 { run.network.out } else { run.network.hidden };
        match a {
            Activation::Tanh => {
                let o = x.tanh();
                (o, 1.0 - o * o)
            }
            Activation::Relu => (x.max(0.0), if x <= 0.0 { 0.0 } else { 1.0 }),
            Activation::Sigmoid => {
                let o = 1.0 / (1.0 + (-x).exp());
                (o, o * (1.0 - o))
            }
            _ => (x, 1.0),
        }
    }

    fn forward(&mut self, input: &[f32], run: &TfpRun) -> f32 {
        for l in 0..self.w.len() {
            let n_in = self.sizes[l];
            for o in 0..self.sizes[l + 1] {
                let mut t = self.b[l][o];
                for j in 0..n_in {
                    let s = if l == 0 { input[j] } else { self.out[l - 1][j] };
                    t += self.w[l][o * n_in + j] * s;
                }
                self.total[l][o] = t;
                self.out[l][o] = self.act(l, t, run).0;
            }
        }
        self.out[self.w.len() - 1][0]
    }

    fn backward(&mut self, input: &[f32], target: f32, run: &TfpRun) {
        let last = self.w.len() - 1;
        let mut out_der = vec![self.out[last][0] - target];
        for l in (0..self.w.len()).rev() {
            let n_in = self.sizes[l];
            for o in 0..self.sizes[l + 1] {
                self.der[l][o] = out_der[o] * self.act(l, self.total[l][o], run).1;
                self.acc_b[l][o] += self.der[l][o];
                for j in 0..n_in {
                    let s = if l == 0 { input[j] } else { self.out[l - 1][j] };
                    if !self.dead[l][o * n_in + j] {
                        self.acc_w[l][o * n_in + j] += self.der[l][o] * s;
                    }
                }
            }
            if l > 0 {
                out_der = (0..n_in).map(|j| (0..self.sizes[l + 1]).fold(0.0, |d, o| d + self.w[l][o * n_in + j] * self.der[l][o])).collect();
            }
        }
        self.count += 1;
    }

    fn update(&mut self, lr: f32, rate: f32, reg: Option<gradlab::train::tfp::Regularization>) {
        use gradlab::train::tfp::Regularization;
        if self.count == 0 {
            return;
        }
        let n = self.count as f32;
        for l in 0..self.w.len() {
            let n_in = self.sizes[l];
            for o in 0..self.sizes[l + 1] {
                self.b[l][o] -= lr * self.acc_b[l][o] / n;
                self.acc_b[l][o] = 0.0;
                for j in 0..n_in {
                    let k = o * n_in + j;
                    if self.dead[l][k] {
                        continue;
                    }
                    let w0 = self.w[l][k];
                    let rd = match reg {
                        None => 0.0,
                        Some(Regularization::L1) => w0.signum() * (w0 != 0.0) as u8 as f32,
                        Some(Regularization::L2) => w0,
                    };
                    let w = w0 - (lr / n) * self.acc_w[l][k];
                    let next = w - (lr * rate) * rd;
                    if reg == Some(Regularization::L1) && w * next < 0.0 {
                        self.w[l][k] = 0.0;
                        self.dead[l][k] = true;
                    } else {
                        self.w[l][k] = next;
                    }
                    self.acc_w[l][k] = 0.0;
                }
            }
        }
        self.count = 0;
    }
}

#[test]
fn f32_drift_from_the_playgrounds_doubles_is_measured() {
    for name in names() {
        let f = fixture(&name);
        let Some(long) = f["long_loss"].as_array() else { continue };
        let run = run_of(&f);
        let mut net = F32Net::of(&run);
        let inputs: Vec<Vec<f32>> = run.data.points.iter().map(|p| run.inputs.iter().map(|n| gradlab::train::tfp::feature(n, p.x, p.y, JsMath::NATIVE) as f32).collect()).collect();
        let labels: Vec<f32> = run.data.points.iter().map(|p| p.label as f32).collect();
        let split = run.data.split;
        let (lr, rate, batch, reg) = (run.link.learning_rate as f32, run.link.regularization_rate as f32, run.link.batch_size, run.link.regularization);
        let loss = |net: &mut F32Net, range: std::ops::Range<usize>| {
            let n = range.len();
            range.map(|i| {
                let d = net.forward(&inputs[i], &run) - labels[i];
                0.5 * (d * d) as f64
            }).sum::<f64>() / n as f64
        };
        let mut epoch = 0;
        let mut report = Vec::new();
        for row in long {
            let target = row[0].as_u64().unwrap() as usize;
            while epoch < target {
                for i in 0..split {
                    net.forward(&inputs[i], &run);
                    net.backward(&inputs[i], labels[i], &run);
                    if (i + 1) % batch == 0 {
                        net.update(lr, rate, reg);
                    }
                }
                epoch += 1;
            }
            if [50, 100, 500, 1000].contains(&epoch) {
                let (train, test) = (loss(&mut net, 0..split), loss(&mut net, split..run.data.points.len()));
                let r = rel(train, row[1].as_f64().unwrap()).max(rel(test, row[2].as_f64().unwrap()));
                report.push(format!("epoch {epoch}: {r:.1e}"));
            }
        }
        println!("f32 drift {name}: {}", report.join(", "));
    }
}

#[test]
fn hostile_links_never_panic_and_every_run_builds() {
    let long = "9".repeat(5000);
    let hostile = [
        "", "#", "#&&&", "#=", "#==", "#x", "#seed=", "#networkShape=,,", "#networkShape=99999", "#batchSize=1e400",
        "#noise=-0", "#noise=NaN", "#percTrainData=0", "#percTrainData=100", "#seed=ü%20😀", "#x=false&y=false",
        "#problem=regression&regDataset=reg-gauss&networkShape=", "#activation=relu&initZero=true&networkShape=1,1,1",
        "no hash at all", "https://playground.tensorflow.org/#batchSize=3#seed=2",
    ];
    for text in hostile.iter().copied().chain([long.as_str()]) {
        let parsed = TfpLink::parse(text);
        let keys: Vec<&str> = gradlab::train::schema::FIELDS.iter().map(|f| f.key).collect();
        link::classify(text, &keys);
        let mut run = TfpRun::new(parsed.link, "0.1", JsMath::NATIVE);
        run.epoch();
        let (train, test) = run.losses();
        assert!(run.data.points.len() >= 500, "{text:?}");
        // An empty side has no mean (NaN, as the Playground's 0/0); otherwise a finite loss.
        assert!(train.is_finite() || run.data.split == 0, "{text:?}");
        assert!(test.is_finite() || run.data.split == run.data.points.len(), "{text:?}");
    }
}
