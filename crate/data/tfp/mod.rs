//! TensorFlow Playground links' data, exactly: its seeded Math.random (seedrandom's ARC4)
//! and its generators, shuffle and split, so a link's seed gives the points the
//! Playground draws, in its order. The link itself and the Playground's network and
//! training rule are read and run by `train::tfp`.

pub mod generate;
pub mod math;
pub mod seedrandom;

pub use generate::{draw, Example, TfpData};
pub use math::JsMath;
pub use seedrandom::SeedRandom;
