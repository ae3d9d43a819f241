//! Weight initializers, drawing from one seeded stream in layout order.

use crate::nn::Layout;
use crate::tensor::Rng;

names! {
    pub enum Init {
        /// TensorFlow Playground: w ~ U(−0.5, 0.5), b = 0.1.
        Uniform,
        /// Glorot & Bengio 2010: w ~ U(−a, a), a = √(6 / (in + out)), b = 0.
        Glorot,
        /// He et al. 2015: w ~ N(0, 2 / in), b = 0.
        He,
        /// PyTorch's nn.Linear default (kaiming_uniform with a = √5): w and b ~ U(−1/√in, 1/√in),
        /// drawn layer by layer, weights then biases.
        Torch,
    }
}

impl Init {
    /// One weight of a layer with `fan_in` inputs and `fan_out` outputs (also used to
    /// regrow connections in SET).
    pub fn sample(self, fan_in: usize, fan_out: usize, rng: &mut Rng) -> f32 {
        let (fan_in, fan_out) = (fan_in as f64, fan_out as f64);
        (match self {
            Init::Uniform => rng.uniform(-0.5, 0.5),
            Init::Glorot => {
                let a = (6.0 / (fan_in + fan_out)).sqrt();
                rng.uniform(-a, a)
            }
            Init::He => rng.normal() * (2.0 / fan_in).sqrt(),
            Init::Torch => {
                let bound = 1.0 / fan_in.sqrt();
                rng.uniform(-bound, bound)
            }
        }) as f32
    }

    /// Fills `params` (laid out by `layout`) from `rng`: the layers first, then any
    /// auxiliary tensors, so a plain model's weights do not depend on them.
    pub fn fill(self, layout: &Layout, rng: &mut Rng, params: &mut [f32]) {
        for s in layout.slots() {
            for p in &mut params[s.weight.clone()] {
                *p = self.sample(s.inputs, s.outputs, rng);
            }
            if self == Init::Torch {
                for p in &mut params[s.bias.clone()] {
                    *p = self.sample(s.inputs, s.outputs, rng);
                }
                continue;
            }
            let b = if self == Init::Uniform { 0.1 } else { 0.0 };
            params[s.bias.clone()].fill(b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glorot_respects_its_bound_and_he_its_variance() {
        let layout = Layout::new(&[200, 300]);
        let mut p = vec![0.0; layout.len];
        Init::Glorot.fill(&layout, &mut Rng::new(1), &mut p);
        let a = (6.0f32 / 500.0).sqrt();
        assert!(p[layout.layers[0].weight.clone()].iter().all(|w| w.abs() <= a));
        Init::He.fill(&layout, &mut Rng::new(1), &mut p);
        let w = &p[layout.layers[0].weight.clone()];
        let var = w.iter().map(|x| (x * x) as f64).sum::<f64>() / w.len() as f64;
        assert!((var - 2.0 / 200.0).abs() < 0.0005, "{var}");
    }
}
