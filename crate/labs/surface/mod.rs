//! Optimizer playgrounds away from networks: analytic test functions and the
//! trajectories optimizers trace on them.

pub mod function;
pub mod landscape;
pub mod trajectory;

pub use function::TestFunction;
pub use trajectory::trajectory;
