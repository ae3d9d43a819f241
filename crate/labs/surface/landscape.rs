//! Loss landscapes around a network's weights (Li et al. 2018, "Visualizing the loss
//! landscape of neural nets", arXiv:1712.09913):
//! - filter-normalized random directions (sec. 4): d ~ N(0, I), then each filter's slice
//!   of d is rescaled to the norm of that filter's weights, d_f ← d_f/‖d_f‖ · ‖θ_f‖. In an
//!   MLP a filter is one neuron's incoming weights (one row of [out, in]); biases get
//!   d = 0, as the paper does for biases and batch-norm parameters;
//! - 1-D and 2-D slices L(θ + α d₁ + β d₂);
//! - the training trajectory on its top-2 PCA directions (sec. 7): the snapshots minus
//!   the final weights, centred, their two leading principal directions, and the loss on
//!   that plane around the final weights.

use crate::data::Dataset;
use crate::nn::{Loss, Mlp, Workspace};
use crate::tensor::Rng;
use ndarray::ArrayView2;
use serde::Serialize;

/// Training rows the landscape views evaluate (the first ones of the training set).
pub const ROWS: usize = 512;

/// The first `ROWS` rows of a training set: inputs and targets.
pub fn rows(train: &Dataset) -> (ArrayView2<'_, f32>, &[f32]) {
    let n = train.len().min(ROWS);
    (train.x.slice(ndarray::s![..n, ..]), &train.y[..n])
}

/// Keeps a copy of `params` in `snapshots`; past `max`, every other one is dropped first,
/// so a long run keeps its whole path at half the resolution.
pub fn keep_snapshot(snapshots: &mut Vec<Vec<f32>>, params: &[f32], max: usize) {
    if snapshots.len() >= max {
        let kept: Vec<Vec<f32>> = snapshots.drain(..).step_by(2).collect();
        *snapshots = kept;
    }
    snapshots.push(params.to_vec());
}

/// The (a, b) of a plane's cells: row-major, b descending (top row first), a ascending.
fn plane_points(xs: &[f32], ys: &[f32]) -> Vec<(f32, f32)> {
    ys.iter().rev().flat_map(|&b| xs.iter().map(move |&a| (a, b))).collect()
}

/// Loss slices along two filter-normalized random directions (seeded).
#[derive(Serialize)]
pub struct RandomSlices {
    /// The offsets a (and b) of the slices: `res` values over [−radius, radius].
    pub axis: Vec<f32>,
    /// Loss at θ + a·d₁ for a in axis.
    pub line: Vec<f64>,
    /// Loss at θ + a·d₁ + b·d₂, row-major with b descending.
    pub plane: Vec<f64>,
}

/// Li et al.'s 1-D and 2-D slices around `params` on the first `ROWS` training rows.
pub fn random_slices(mlp: &Mlp, params: &[f32], train: &Dataset, loss: Loss, res: usize, radius: f32, seed: u64) -> RandomSlices {
    let mut rng = Rng::stream(seed, 11);
    let d1 = filter_normalized_direction(mlp, params, &mut rng);
    let d2 = filter_normalized_direction(mlp, params, &mut rng);
    let (x, y) = rows(train);
    let a = axis(res, radius);
    let line = slice(mlp, params, &d1, &d2, &a.iter().map(|&v| (v, 0.0)).collect::<Vec<_>>(), x, y, loss);
    let plane = slice(mlp, params, &d1, &d2, &plane_points(&a, &a), x, y, loss);
    RandomSlices { axis: a, line, plane }
}

/// The trajectory on its PCA plane and the loss over that plane.
#[derive(Serialize)]
pub struct PcaSlice {
    /// Each snapshot's (x, y) relative to the current weights.
    pub path: Vec<[f32; 2]>,
    /// Fraction of the variance along each direction.
    pub explained: [f64; 2],
    /// The plane's x and y offsets (`pca_axes`).
    pub xs: Vec<f32>,
    pub ys: Vec<f32>,
    /// Loss on the plane, row-major with y descending.
    pub plane: Vec<f64>,
}

/// `res` offsets per direction spanning the path with a quarter of its extent to spare
/// on each side (at least 1e-3 wide, so a path that has not moved still gets a plane).
pub fn pca_axes(path: &[[f32; 2]], res: usize) -> [Vec<f32>; 2] {
    [0, 1].map(|k| {
        let (lo, hi) = path.iter().fold((0.0f32, 0.0f32), |(lo, hi), p| (lo.min(p[k]), hi.max(p[k])));
        let pad = 0.25 * (hi - lo).max(1e-3);
        let (lo, hi) = (lo - pad, hi + pad);
        (0..res).map(|i| lo + (hi - lo) * i as f32 / (res - 1) as f32).collect()
    })
}

/// The snapshots and the current weights on their top-2 PCA directions (sec. 7), with the
/// loss on that plane around `params`; None with fewer than 3 points.
pub fn pca_slice(snapshots: &[Vec<f32>], mlp: &Mlp, params: &[f32], train: &Dataset, loss: Loss, res: usize) -> Option<PcaSlice> {
    let mut snaps = snapshots.to_vec();
    snaps.push(params.to_vec());
    let pca = pca_plane(&snaps)?;
    let [xs, ys] = pca_axes(&pca.path, res);
    let (x, y) = rows(train);
    let [d1, d2] = &pca.directions;
    let plane = slice(mlp, params, d1, d2, &plane_points(&xs, &ys), x, y, loss);
    Some(PcaSlice { path: pca.path, explained: pca.explained, xs, ys, plane })
}

/// A random direction with each filter scaled to the norm of its weights; biases zero.
pub fn filter_normalized_direction(mlp: &Mlp, params: &[f32], rng: &mut Rng) -> Vec<f32> {
    let mut d = vec![0.0f32; params.len()];
    for slot in &mlp.layout.layers {
        for o in 0..slot.outputs {
            let row = slot.weight.start + o * slot.inputs..slot.weight.start + (o + 1) * slot.inputs;
            let mut dn = 0.0f64;
            for i in row.clone() {
                d[i] = rng.normal() as f32;
                dn += (d[i] as f64).powi(2);
            }
            let wn = params[row.clone()].iter().map(|&w| (w as f64).powi(2)).sum::<f64>().sqrt();
            let scale = if dn > 0.0 { (wn / dn.sqrt()) as f32 } else { 0.0 };
            d[row].iter_mut().for_each(|v| *v *= scale);
        }
    }
    d
}

/// Loss at θ + a·d₁ + b·d₂ for each (a, b) in `points`.
pub fn slice(mlp: &Mlp, params: &[f32], d1: &[f32], d2: &[f32], points: &[(f32, f32)], x: ArrayView2<f32>, y: &[f32], loss: Loss) -> Vec<f64> {
    let mut ws = Workspace::default();
    let mut p = params.to_vec();
    points
        .iter()
        .map(|&(a, b)| {
            for i in 0..p.len() {
                p[i] = params[i] + a * d1[i] + b * d2[i];
            }
            mlp.loss(&p, x, y, loss, &mut ws)
        })
        .collect()
}

/// `res` evenly spaced values over [−radius, radius].
pub fn axis(res: usize, radius: f32) -> Vec<f32> {
    (0..res).map(|i| -radius + 2.0 * radius * i as f32 / (res.max(2) - 1) as f32).collect()
}

/// The top-2 principal directions of a trajectory and its coordinates on them.
pub struct PcaPlane {
    /// Unit directions in parameter space.
    pub directions: [Vec<f32>; 2],
    /// Each snapshot's (x, y) relative to the final weights.
    pub path: Vec<[f32; 2]>,
    /// Fraction of the variance along each direction.
    pub explained: [f64; 2],
}

/// PCA of the snapshots' offsets from the last snapshot, through the small n × n Gram
/// matrix (n snapshots ≪ parameters) and power iteration with deflation.
pub fn pca_plane(snapshots: &[Vec<f32>]) -> Option<PcaPlane> {
    let n = snapshots.len();
    if n < 3 {
        return None;
    }
    let last = &snapshots[n - 1];
    let p = last.len();
    let mut rows: Vec<Vec<f64>> = snapshots.iter().map(|s| s.iter().zip(last).map(|(a, b)| (*a - *b) as f64).collect()).collect();
    let mean: Vec<f64> = (0..p).map(|j| rows.iter().map(|r| r[j]).sum::<f64>() / n as f64).collect();
    for r in &mut rows {
        r.iter_mut().zip(&mean).for_each(|(v, m)| *v -= m);
    }
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    let mut gram: Vec<Vec<f64>> = (0..n).map(|i| (0..n).map(|j| dot(&rows[i], &rows[j])).collect()).collect();
    let total: f64 = (0..n).map(|i| gram[i][i]).sum();
    if total <= 0.0 {
        return None;
    }
    let mut dirs: Vec<Vec<f32>> = Vec::new();
    let mut explained = [0.0; 2];
    for (k, share) in explained.iter_mut().enumerate() {
        // Power iteration for the leading eigenvector u of the Gram matrix.
        let mut u: Vec<f64> = (0..n).map(|i| 1.0 + ((i * 7 + k * 3) % 5) as f64).collect();
        let mut lambda = 0.0;
        for _ in 0..500 {
            let next: Vec<f64> = gram.iter().map(|row| dot(row, &u)).collect();
            let norm = dot(&next, &next).sqrt();
            if norm == 0.0 {
                break;
            }
            lambda = norm;
            u = next.into_iter().map(|v| v / norm).collect();
        }
        *share = lambda / total;
        // Direction in parameter space v = Mᵀ u / ‖Mᵀ u‖.
        let mut v = vec![0.0f64; p];
        for (r, &ui) in rows.iter().zip(&u) {
            v.iter_mut().zip(r).for_each(|(a, b)| *a += ui * b);
        }
        let vn = dot(&v, &v).sqrt().max(1e-30);
        dirs.push(v.iter().map(|x| (x / vn) as f32).collect());
        // Deflate: G ← G − λ u uᵀ.
        for i in 0..n {
            for j in 0..n {
                gram[i][j] -= lambda * u[i] * u[j];
            }
        }
    }
    let path = snapshots
        .iter()
        .map(|s| {
            let off: Vec<f64> = s.iter().zip(last).map(|(a, b)| (*a - *b) as f64).collect();
            [0, 1].map(|k| off.iter().zip(&dirs[k]).map(|(a, b)| a * *b as f64).sum::<f64>() as f32)
        })
        .collect();
    let [d1, d2]: [Vec<f32>; 2] = dirs.try_into().ok()?;
    Some(PcaPlane { directions: [d1, d2], path, explained })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Activation;

    #[test]
    fn filters_get_their_weights_norm_and_biases_stay_put() {
        let mlp = Mlp::new(&[3, 4, 2], &[Activation::Tanh, Activation::Linear]);
        let params: Vec<f32> = (0..mlp.layout.len).map(|i| (i as f32 * 0.37).sin()).collect();
        let d = filter_normalized_direction(&mlp, &params, &mut Rng::new(4));
        for s in &mlp.layout.layers {
            assert!(d[s.bias.clone()].iter().all(|&v| v == 0.0));
            for o in 0..s.outputs {
                let r = s.weight.start + o * s.inputs..s.weight.start + (o + 1) * s.inputs;
                let n = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
                assert!((n(&d[r.clone()]) - n(&params[r.clone()])).abs() < 1e-5);
            }
        }
    }

    #[test]
    fn slice_at_the_origin_is_the_loss_at_the_weights() {
        let mlp = Mlp::new(&[2, 3, 1], &[Activation::Tanh, Activation::Linear]);
        let params: Vec<f32> = (0..mlp.layout.len).map(|i| (i as f32 * 0.7).cos()).collect();
        let x = ndarray::array![[0.5f32, -1.0], [1.5, 0.2]];
        let y = [1.0, 0.0];
        let d = filter_normalized_direction(&mlp, &params, &mut Rng::new(1));
        let v = slice(&mlp, &params, &d, &d, &[(0.0, 0.0), (0.5, 0.0)], x.view(), &y, Loss::Bce);
        assert_eq!(v[0], mlp.loss(&params, x.view(), &y, Loss::Bce, &mut Workspace::default()));
        assert_ne!(v[0], v[1]);
    }

    #[test]
    fn pca_axes_pad_the_path_by_a_quarter_of_its_span() {
        let [xs, ys] = pca_axes(&[[-1.0, 0.0], [3.0, 0.0], [0.0, 0.0]], 5);
        assert_eq!(xs, vec![-2.0, -0.5, 1.0, 2.5, 4.0]);
        // A direction the path never moves along still gets a plane: ±0.25 · 1e-3.
        assert!((ys[4] - ys[0] - 5e-4).abs() < 1e-7 && ys[0] < 0.0);
    }

    #[test]
    fn snapshots_past_the_cap_keep_every_other_one() {
        let mut snaps = Vec::new();
        for i in 0..5 {
            keep_snapshot(&mut snaps, &[i as f32], 4);
        }
        assert_eq!(snaps, vec![vec![0.0], vec![2.0], vec![4.0]]);
        assert_eq!(plane_points(&[1.0, 2.0], &[0.0, 5.0]), vec![(1.0, 5.0), (2.0, 5.0), (1.0, 0.0), (2.0, 0.0)]);
    }

    #[test]
    fn pca_recovers_a_planar_trajectory() {
        // Snapshots θ_i = t_i·e₁ + t_i²·e₂ in 5-D: the path lies in a plane, so two
        // components explain everything and the coordinates reproduce the offsets' lengths.
        let snaps: Vec<Vec<f32>> = (0..20)
            .map(|i| {
                let t = i as f32 / 19.0;
                vec![t, t * t, 0.0, 0.0, 0.0]
            })
            .collect();
        let pca = pca_plane(&snaps).unwrap();
        assert!((pca.explained[0] + pca.explained[1] - 1.0).abs() < 1e-9, "{:?}", pca.explained);
        assert!(pca.explained[0] > pca.explained[1]);
        assert_eq!(pca.path.last().unwrap(), &[0.0, 0.0]);
        for (s, p) in snaps.iter().zip(&pca.path) {
            let off = ((s[0] - 1.0).powi(2) + (s[1] - 1.0).powi(2)).sqrt();
            assert!((off - (p[0] * p[0] + p[1] * p[1]).sqrt()).abs() < 1e-4);
        }
    }
}
