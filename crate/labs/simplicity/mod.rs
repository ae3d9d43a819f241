//! The simplicity-bias lab: datasets and measurements from five papers on which
//! features networks learn first or prefer.
//! - `slabs`, `orthogonal`, `probes`, `auc`, `experiment`: linear / k-slab data and
//!   randomization probes (Shah et al. 2020, arXiv:2006.07710);
//! - `hermann`, `quantile`: predictivity vs availability (Hermann et al. 2024, arXiv:2310.16228);
//! - `spectral`: sums of sinusoids and their Fourier readout (Rahaman et al. 2019, arXiv:1806.08734);
//! - `clones`: Gaussian clones of a dataset (Refinetti et al. 2023, arXiv:2211.11567);
//! - `redshift`, `complexity`: random networks' functions and their complexity
//!   (Teney et al. 2024, arXiv:2403.02241).
//!
//! - `live`: the same experiments as stepped runs for the page.
//!
//! Everything is seeded and free of clocks, threads and files, so the page can call it.

pub mod auc;
pub mod clones;
pub mod complexity;
pub mod error;
pub mod experiment;
pub mod hermann;
pub mod live;
pub mod orthogonal;
pub mod probes;
pub mod quantile;
pub mod redshift;
pub mod slabs;
pub mod spectral;

pub use error::SimplicityError;
pub use clones::{gaussian_clone, CloneKind, GaussianClone};
pub use experiment::{ProbePoint, SlabReport, SlabRunConfig, SlabTrainer};
pub use hermann::{HermannConfig, HermannData};
pub use orthogonal::Orthogonal;
pub use probes::{ProbeReport, Score};
pub use redshift::{RandomActivation, RedshiftConfig, RedshiftRow};
pub use slabs::{Coordinate, Preset, SlabConfig, SlabData};
pub use spectral::{Amplitudes, SpectralConfig, SpectralTarget};
