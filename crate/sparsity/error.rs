//! What a pruning request or a mask gets wrong: each variant carries the values, and its
//! `#[error]` line is the one place it is worded.

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SparsityError {
    #[error("sparsity: {0} is outside [0, 1)")]
    OutOfRange(f64),
    #[error("prune: snip needs a minibatch")]
    SnipNeedsBatch,
    #[error("prune-n: N:M needs 1 ≤ N ≤ M, got {n}:{m}")]
    NM { n: usize, m: usize },
    #[error("mask: {got} entries for a layout of {expected} parameters")]
    MaskLength { got: usize, expected: usize },
    #[error("mask: entry {index} is {value}, not 0 or 1")]
    MaskEntry { index: usize, value: f32 },
}
