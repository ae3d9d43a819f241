//! Neural-network pieces: activations, losses, penalties, initializers, the flat
//! parameter layout and the MLP that reads its weights out of that flat buffer.

pub mod activation;
pub mod error;
pub mod init;
pub mod layout;
pub mod loss;
pub mod mlp;
pub mod penalty;
pub mod workspace;

pub use activation::Activation;
pub use error::ModelConfigError;
pub use init::Init;
pub use layout::{Extras, LayerSlot, Layout};
pub use loss::Loss;
pub use mlp::{Mlp, ModelConfig};
pub use penalty::Penalty;
pub use workspace::Workspace;
