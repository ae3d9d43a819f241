//! L1 and L2 weight penalties, applied to weights only (not biases), as in the
//! TensorFlow Playground: L1 = λ·Σ|w| (subgradient 0 at 0), L2 = λ·½Σw².

use crate::nn::Layout;

names! {
    #[derive(Default)]
    pub enum Penalty {
        #[default]
        None,
        L1,
        L2,
    }
}

impl Penalty {
    /// Adds rate · ∂penalty/∂w to `grad` and returns the penalty's value.
    pub fn apply(self, rate: f32, layout: &Layout, params: &[f32], grad: &mut [f32]) -> f64 {
        if self == Penalty::None || rate == 0.0 {
            return 0.0;
        }
        let mut value = 0.0f64;
        for slot in &layout.layers {
            for i in slot.weight.clone() {
                let w = params[i];
                match self {
                    Penalty::L1 => {
                        value += w.abs() as f64;
                        grad[i] += rate * if w > 0.0 { 1.0 } else if w < 0.0 { -1.0 } else { 0.0 };
                    }
                    Penalty::L2 => {
                        value += 0.5 * (w * w) as f64;
                        grad[i] += rate * w;
                    }
                    Penalty::None => {}
                }
            }
        }
        rate as f64 * value
    }
}
