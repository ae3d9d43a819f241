//! The CLI's error: what `gradlab` prints after "gradlab: " before it exits with failure.
//! The core's typed errors keep their type here; their messages are worded once, in their
//! own `#[error]` lines.

use gradlab::data::csv::CsvError;
use gradlab::io::ModelFileError;
use gradlab::labs::race::RaceError;
use gradlab::labs::dynamics::DynamicsError;
use gradlab::labs::CompactError;
use gradlab::labs::simplicity::SimplicityError;
use gradlab::train::{ConfigError, Divergence, HandoverError};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Csv(#[from] CsvError),
    #[error(transparent)]
    Model(#[from] ModelFileError),
    #[error(transparent)]
    Diverged(#[from] Divergence),
    #[error(transparent)]
    Handover(#[from] HandoverError),
    #[error(transparent)]
    Simplicity(#[from] SimplicityError),
    #[error(transparent)]
    Race(#[from] RaceError),
    #[error(transparent)]
    Compact(#[from] CompactError),
    #[error(transparent)]
    Dynamics(#[from] DynamicsError),
    /// A refusal worded where it happens (a bad flag, a spec that does not fit).
    #[error("{0}")]
    Message(String),
}

impl From<String> for CliError {
    fn from(message: String) -> Self {
        CliError::Message(message)
    }
}

impl From<&str> for CliError {
    fn from(message: &str) -> Self {
        CliError::Message(message.to_string())
    }
}

/// `map_err(io(path))`: an I/O error with the path it concerns.
pub fn io(path: &Path) -> impl FnOnce(std::io::Error) -> CliError + '_ {
    move |source| CliError::Io { path: path.to_path_buf(), source }
}
