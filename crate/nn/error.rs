//! What is wrong with a model's shape (`ModelConfig::validate`): each variant names the
//! field and carries the values; its `#[error]` line is the one place it is worded.

use super::mlp::MAX_PARAMS;

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ModelConfigError {
    #[error("sizes: need at least [inputs, outputs], got {0:?}")]
    TooFewSizes(Vec<usize>),
    #[error("sizes[{index}]: {size} is outside 1..=4096")]
    Size { index: usize, size: usize },
    #[error("activations: {given} given, the {layers} layers need one each")]
    Activations { given: usize, layers: usize },
    #[error("features: {names} names for {inputs} inputs")]
    Features { names: usize, inputs: usize },
    #[error("loss: {loss} needs 1 output, the model has {outputs}")]
    OneOutput { loss: &'static str, outputs: usize },
    #[error("loss: softmax-ce needs at least 2 outputs")]
    TwoOutputs,
    #[error("label-classes: {0} is outside 0..=4096")]
    LabelClasses(usize),
    #[error("sizes: more than {MAX_PARAMS} parameters")]
    TooManyParams,
    #[error("penalty-rate: {0} is not a finite number ≥ 0")]
    PenaltyRate(f32),
}
