//! The trainer's minibatch stream: a permutation of the training rows per epoch (seed
//! stream 3), cut into `batch-size` rows that carry over epoch ends, or with
//! `short-last-batch` ending each epoch with the rows left (PyTorch's DataLoader); and
//! previews of the batches to come, which consume nothing.

use super::Trainer;
use crate::tensor::Mat;

impl Trainer {
    /// A copy of the next minibatch, which training has not consumed yet (for probes).
    pub(super) fn peek_batch(&self) -> (Mat, Vec<f32>) {
        let (mut x, mut y) = (Mat::zeros((0, 0)), Vec::new());
        self.data.train.gather_into(&self.upcoming_batches(1), &mut x, &mut y);
        (x, y)
    }

    /// The training-row indices of the next `steps` minibatches, without consuming them.
    pub fn upcoming_batches(&self, steps: usize) -> Vec<usize> {
        let (mut order, mut cursor, mut rng) = (self.order.clone(), self.cursor, self.batch_rng.clone());
        let mut out = Vec::with_capacity(steps * self.batch_size());
        if self.config.training.short_last_batch {
            for _ in 0..steps {
                if cursor == order.len() {
                    rng.shuffle(&mut order);
                    cursor = 0;
                }
                let end = (cursor + self.batch_size()).min(order.len());
                out.extend_from_slice(&order[cursor..end]);
                cursor = end;
            }
            return out;
        }
        for _ in 0..steps * self.batch_size() {
            if cursor == order.len() {
                rng.shuffle(&mut order);
                cursor = 0;
            }
            out.push(order[cursor]);
            cursor += 1;
        }
        out
    }

    pub(super) fn next_batch(&mut self) {
        let b = self.batch_size();
        self.batch_idx.clear();
        if self.config.training.short_last_batch {
            if self.cursor == self.order.len() {
                self.batch_rng.shuffle(&mut self.order);
                self.cursor = 0;
            }
            let end = (self.cursor + b).min(self.order.len());
            self.batch_idx.extend_from_slice(&self.order[self.cursor..end]);
            self.cursor = end;
        }
        while self.batch_idx.len() < b && !self.config.training.short_last_batch {
            if self.cursor == self.order.len() {
                self.batch_rng.shuffle(&mut self.order);
                self.cursor = 0;
            }
            let take = (b - self.batch_idx.len()).min(self.order.len() - self.cursor);
            // (Pushed one by one: extend_from_slice is a memcpy call, memory.copy in wasm,
            // which costs more than a Playground batch's ten indices.)
            for &i in &self.order[self.cursor..self.cursor + take] {
                self.batch_idx.push(i);
            }
            self.cursor += take;
        }
        self.data.train.gather_into(&self.batch_idx, &mut self.batch_x, &mut self.batch_y);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::RunConfig;

    #[test]
    fn upcoming_batches_are_the_batches_the_steps_then_use() {
        let mut t = Trainer::new(RunConfig::from_json(r#"{"samples": 40, "batch-size": 7}"#).unwrap());
        let preview = t.upcoming_batches(9); // crosses two epoch boundaries (20 rows)
        let mut seen = Vec::new();
        for _ in 0..9 {
            t.step().unwrap();
            seen.extend_from_slice(&t.batch_idx);
        }
        assert_eq!(preview, seen);
    }

    /// With `short-last-batch` each epoch is one permutation cut into batches, the last
    /// smaller (PyTorch's DataLoader), and the preview still matches the steps.
    #[test]
    fn short_last_batches_end_each_epoch_and_are_previewed() {
        let mut t = Trainer::new(RunConfig::from_json(r#"{"samples": 40, "batch-size": 7, "short-last-batch": true}"#).unwrap());
        assert_eq!((t.steps_per_epoch(), t.total_steps()), (3, 300)); // 20 training rows: 7 + 7 + 6
        let preview = t.upcoming_batches(7);
        let mut seen = Vec::new();
        for _ in 0..7 {
            t.step().unwrap();
            seen.push(t.batch_idx.clone());
        }
        assert_eq!(seen.iter().map(Vec::len).collect::<Vec<_>>(), [7, 7, 6, 7, 7, 6, 7]);
        assert_eq!(preview, seen.concat());
        for epoch in [&seen[..3], &seen[3..6]] {
            let mut rows = epoch.concat();
            rows.sort();
            assert_eq!(rows, (0..20).map(|i| t.order[i]).collect::<std::collections::BTreeSet<_>>().into_iter().collect::<Vec<_>>());
        }
        assert_eq!(t.epoch(), 7.0 / 3.0);
    }
}
