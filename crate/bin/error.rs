//! The CLI's error: what `gradlab` prints after "gradlab: " before it exits with failure.
//! The core's typed errors keep their type here; their messages are worded once, in their
//! own `#[error]` lines.

use gradlab::data::csv::CsvError;
use gradlab::data::{DataError, ImportError};
use gradlab::io::ModelFileError;
use gradlab::labs::race::RaceError;
use gradlab::labs::dynamics::DynamicsError;
use gradlab::labs::CompactError;
use gradlab::labs::simplicity::SimplicityError;
use gradlab::train::{ConfigError, Divergence, HandoverError};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// An I/O error as it is (stdin/stdout; a file's path goes before it with `io`).
    #[error(transparent)]
    Stream(#[from] std::io::Error),
    /// What is wrong with a file (it could not be read or written, or its content), after
    /// its path.
    #[error("{}: {source}", path.display())]
    InFile { path: PathBuf, source: Box<CliError> },
    /// A core error after what brought it (a flag, a benchmark case); `label` ends with its
    /// separator ("--set ", "--lottery: ").
    #[error("{label}{source}")]
    Under { label: String, source: Box<CliError> },
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Data(#[from] DataError),
    #[error(transparent)]
    Import(#[from] ImportError),
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
    /// The CLI's own refusal, worded where it happens (a bad flag, a spec that does not
    /// fit); the core's errors keep their types above.
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

impl CliError {
    /// `map_err(|e| CliError::in_file(path, e))`: an error in a file's content, after its path.
    pub fn in_file(path: &Path, e: impl Into<CliError>) -> CliError {
        CliError::InFile { path: path.to_path_buf(), source: Box::new(e.into()) }
    }

    /// An error shown after `label` (a flag or a case, ending with its separator).
    pub fn under(label: impl Into<String>, e: impl Into<CliError>) -> CliError {
        CliError::Under { label: label.into(), source: Box::new(e.into()) }
    }
}

/// `map_err(io(path))`: an I/O error with the path it concerns (`InFile`, as for content).
pub fn io(path: &Path) -> impl FnOnce(std::io::Error) -> CliError + '_ {
    move |source| CliError::in_file(path, source)
}
