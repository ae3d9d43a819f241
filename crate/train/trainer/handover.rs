//! Handing a live run to another instance of the core: the page's worker moves a run from
//! the lite core to the full one (crate/train/lite.rs, www/playground/worker.js). The receiving
//! trainer is built from the same configuration, so it already has the data, the network,
//! the initial weights (for reset) and the schedules; the state carried is what training
//! changed: the weights, the step count, the optimizer's moments and the minibatch stream
//! (this epoch's order, the position in it and the generator that shuffles the next). The
//! run then goes on bit for bit as it would have where it was.
//!
//! Only optimizers whose whole state is `Optimizer::moments` (SGD and Adam: the lite
//! core's) can be carried, and only dense runs by backprop (the lite core's); anything else
//! is refused with a message and nothing changes.
//!
//! The state travels as bytes (little-endian): "gradlab-run\0", then step (u64), cursor
//! (u64), the generator's state (u128), the order (u32 count, u32 rows), the weights (u32
//! count, f32s), Adam's t (u64), m and v (u32 count, f32s each; SGD: its momentum buffer in m).

use super::Trainer;
use crate::optim::Moments;
use crate::tensor::Rng;

const MAGIC: &[u8] = b"gradlab-run\0";

/// Why a run cannot be handed over, or a handed-over state was refused (nothing changed);
/// its Display is the message the page shows.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum HandoverError {
    #[error("only a dense run trained by backprop can be handed to another core")]
    NotDenseBackprop,
    #[error("this run's optimizer state cannot be handed to another core")]
    StateNotCarried,
    #[error("not a run handed over by the core")]
    NotARun,
    #[error("the handed-over run is cut short")]
    CutShort,
    #[error("the handed-over minibatch generator's state is not one it can be in (even)")]
    EvenGenerator,
    #[error("the handed-over run has bytes left over")]
    BytesLeftOver,
    #[error("the handed-over run's minibatch order does not fit this run's {rows} training rows")]
    Order { rows: usize },
    #[error("the handed-over run has {got} weights, this run {expected}")]
    Weights { got: usize, expected: usize },
    #[error("this run's optimizer cannot take a handed-over state")]
    StateNotTaken,
    #[error("the handed-over optimizer state does not fit this run's optimizer")]
    StateMismatch,
}

impl Trainer {
    /// The run's state as bytes for `import_state`; an error for runs that cannot be carried.
    pub fn export_state(&self) -> Result<Vec<u8>, HandoverError> {
        if self.mask.is_some() || !self.estimator.is_exact() {
            return Err(HandoverError::NotDenseBackprop);
        }
        let moments = self.optimizer.moments().ok_or(HandoverError::StateNotCarried)?;
        let mut out = MAGIC.to_vec();
        out.extend(self.step.to_le_bytes());
        out.extend((self.cursor as u64).to_le_bytes());
        out.extend(self.batch_rng.state().to_le_bytes());
        out.extend((self.order.len() as u32).to_le_bytes());
        out.extend(self.order.iter().flat_map(|&i| (i as u32).to_le_bytes()));
        put_floats(&mut out, &self.params);
        out.extend(moments.t.to_le_bytes());
        put_floats(&mut out, &moments.m);
        put_floats(&mut out, &moments.v);
        Ok(out)
    }

    /// Takes the state `export_state` gave, from a trainer of the same configuration;
    /// on any mismatch nothing changes and the error says what did not fit.
    pub fn import_state(&mut self, bytes: &[u8]) -> Result<(), HandoverError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return Err(HandoverError::NotARun);
        }
        let step = r.u64()?;
        let cursor = r.u64()? as usize;
        let rng = u128::from_le_bytes(r.take(16)?.try_into().expect("16 bytes"));
        if rng & 1 == 0 {
            return Err(HandoverError::EvenGenerator);
        }
        let n = r.u32()? as usize;
        let order: Vec<usize> = (0..n).map(|_| r.u32().map(|i| i as usize)).collect::<Result<_, _>>()?;
        let params = r.floats()?;
        let t = r.u64()?;
        let moments = Moments { t, m: r.floats()?, v: r.floats()? };
        if r.at != bytes.len() {
            return Err(HandoverError::BytesLeftOver);
        }
        let mut seen = vec![false; self.order.len()];
        let permutation = order.len() == seen.len() && order.iter().all(|&i| i < seen.len() && !std::mem::replace(&mut seen[i], true));
        if !permutation || cursor > order.len() {
            return Err(HandoverError::Order { rows: seen.len() });
        }
        if params.len() != self.params.len() || !params.iter().all(|p| p.is_finite()) {
            return Err(HandoverError::Weights { got: params.len(), expected: self.params.len() });
        }
        let own = self.optimizer.moments().ok_or(HandoverError::StateNotTaken)?;
        let fits = moments.m.len() == own.m.len() && moments.v.len() == own.v.len();
        if !fits || !self.optimizer.set_moments(&moments) {
            return Err(HandoverError::StateMismatch);
        }
        self.params.copy_from_slice(&params);
        self.step = step;
        self.order = order;
        self.cursor = cursor;
        self.batch_rng = Rng::from_state(rng);
        Ok(())
    }
}

fn put_floats(out: &mut Vec<u8>, floats: &[f32]) {
    out.extend((floats.len() as u32).to_le_bytes());
    out.extend(floats.iter().flat_map(|x| x.to_le_bytes()));
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], HandoverError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or(HandoverError::CutShort)?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, HandoverError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes")))
    }

    fn u64(&mut self) -> Result<u64, HandoverError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("8 bytes")))
    }

    fn floats(&mut self) -> Result<Vec<f32>, HandoverError> {
        let n = self.u32()? as usize;
        Ok(self.take(n.checked_mul(4).ok_or(HandoverError::CutShort)?)?.chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes"))).collect())
    }
}

#[cfg(test)]
mod tests {
    use crate::train::{RunConfig, Trainer};

    /// A run handed over after some steps ends bit for bit where the same run ends without
    /// the handover, across an epoch boundary, with SGD with momentum and with Adam; a
    /// mismatched or broken state is refused and changes nothing.
    #[test]
    fn a_handed_over_run_goes_on_bit_for_bit() {
        for json in [
            r#"{"samples": 60, "batch-size": 7, "momentum": 0.9}"#,
            r#"{"dataset": "spiral", "samples": 50, "batch-size": 8, "optimizer": "adam", "hidden": [5, 3], "lr": 0.01}"#,
        ] {
            let config = RunConfig::from_json(json).unwrap();
            let mut straight = Trainer::new(config.clone());
            straight.run(23).unwrap();
            let mut before = Trainer::new(config.clone());
            before.run(11).unwrap();
            let mut after = Trainer::new(config.clone());
            after.import_state(&before.export_state().unwrap()).unwrap();
            after.run(12).unwrap();
            assert_eq!(after.step, 23);
            assert_eq!(after.params.iter().map(|p| p.to_bits()).collect::<Vec<_>>(), straight.params.iter().map(|p| p.to_bits()).collect::<Vec<_>>(), "{json}");
            assert_eq!(after.upcoming_batches(5), straight.upcoming_batches(5), "{json}");

            let state = before.export_state().unwrap();
            let mut other = Trainer::new(RunConfig::from_json(r#"{"samples": 60, "hidden": [3]}"#).unwrap());
            let untouched = other.params.clone();
            assert!(other.import_state(&state).is_err());
            assert_eq!(other.import_state(&state[..state.len() - 1]), Err(super::HandoverError::CutShort));
            assert!(other.import_state(b"not a run").is_err());
            assert_eq!((other.params, other.step), (untouched, 0));
        }
        let lion = Trainer::new(RunConfig::from_json(r#"{"optimizer": "lion"}"#).unwrap());
        assert_eq!(lion.export_state(), Err(super::HandoverError::StateNotCarried));
    }
}
