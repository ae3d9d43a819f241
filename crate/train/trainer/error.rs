//! What the trainer refuses when asked from outside (a mask, weights or rows that do not
//! fit the model, a pruning request the sparsity layer refuses); each `#[error]` line is
//! the one place its message is worded. A run that goes non-finite is a `Divergence`.

use crate::sparsity::SparsityError;

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum TrainerError {
    #[error("mask: {got} entries for {expected} parameters")]
    MaskLength { got: usize, expected: usize },
    #[error("restart: {got} weights for {expected} parameters")]
    RestartLength { got: usize, expected: usize },
    #[error("rows: {row} is outside the {rows} training rows")]
    Row { row: usize, rows: usize },
    #[error("rows: none given")]
    NoRows,
    #[error(transparent)]
    Sparsity(#[from] SparsityError),
}
