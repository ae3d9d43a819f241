//! Exact Hessian-vector products Hv = d/dε ∇L(θ + εv) at ε = 0: forward mode over
//! reverse mode, the JVP of backprop (Pearlmutter 1994, "Fast exact multiplication by the
//! Hessian"; the R{·} operator), at about the cost of two gradients. A central difference
//! of the gradient is the test, not the method.
//!
//! Forward, with tangents (V, u) per layer as in `forward`: ż = ḣWᵀ + hVᵀ + u, ȧ = f'(z) ż.
//! At the logits: g = ∂L/∂z and ġ = (∂²L/∂z²) ż (`Loss::second_order_row`).
//! Backward, each quantity with its tangent: δz = δa ⊙ f'(z),
//! δ̇z = δ̇a ⊙ f'(z) + δa ⊙ f''(z) ⊙ ż; ∂L/∂W = δzᵀh and Hv|W = δ̇zᵀh + δzᵀḣ; ∂L/∂b = Σ δz
//! and Hv|b = Σ δ̇z; the layer below gets δa = δz W and δ̇a = δ̇z W + δz V.
//!
//! In f64 throughout (the weights are the model's f32): eigenvalue estimates by power
//! iteration and Lanczos (labs::dynamics::curvature) multiply by H tens of times, and f64
//! keeps their rounding far below the effects they measure. Shapes: x (batch, inputs),
//! y one target per row; v, grad and hv have the parameter layout. Auxiliary tensors (local
//! heads, a label embedding) play no part in the loss: their entries are 0.

use crate::nn::{Loss, Mlp};
use ndarray::{Array2, ArrayView2, Axis};

/// The mean loss of (x, y), its gradient in `grad` and H·v in `hv` (both overwritten).
pub fn hvp(mlp: &Mlp, params: &[f32], v: &[f64], x: ArrayView2<f32>, y: &[f32], loss: Loss, grad: &mut [f64], hv: &mut [f64]) -> f64 {
    let params64: Vec<f64> = params.iter().map(|&p| p as f64).collect();
    hvp64(mlp, &params64, v, x, y, loss, grad, hv)
}

/// As `hvp`, at f64 weights (the finite-difference test steps θ ± hv without rounding).
pub fn hvp64(mlp: &Mlp, params64: &[f64], v: &[f64], x: ArrayView2<f32>, y: &[f32], loss: Loss, grad: &mut [f64], hv: &mut [f64]) -> f64 {
    let n = mlp.layout.len;
    let params = params64;
    assert!(params.len() == n && v.len() == n && grad.len() == n && hv.len() == n, "params, v, grad and hv need the parameter layout");
    assert!(mlp.layout.label.is_none(), "a Forward-Forward model's loss is not the output layer's");
    assert_eq!(y.len(), x.nrows(), "one target per row");
    grad.fill(0.0);
    hv.fill(0.0);
    let depth = mlp.depth();
    let weight = |l: usize, buf: &[f64]| {
        let s = &mlp.layout.layers[l];
        Array2::from_shape_vec((s.outputs, s.inputs), buf[s.weight.clone()].to_vec()).unwrap()
    };
    // Per layer: its input h and ḣ, pre-activation z and ż (kept for the backward pass).
    let mut hs = vec![x.mapv(|v| v as f64)];
    let mut hds = vec![Array2::<f64>::zeros(x.dim())];
    let mut zs = Vec::with_capacity(depth);
    let mut zds = Vec::with_capacity(depth);
    for l in 0..depth {
        let s = &mlp.layout.layers[l];
        let (w, vw) = (weight(l, &params64), weight(l, v));
        let mut z = hs[l].dot(&w.t());
        let mut zd = hds[l].dot(&w.t()) + hs[l].dot(&vw.t());
        for (mut zr, mut dr) in z.rows_mut().into_iter().zip(zd.rows_mut()) {
            zr.iter_mut().zip(&params64[s.bias.clone()]).for_each(|(a, b)| *a += b);
            dr.iter_mut().zip(&v[s.bias.clone()]).for_each(|(a, b)| *a += b);
        }
        let act = mlp.activations[l];
        let mut a = z.clone();
        let mut ad = zd.clone();
        a.iter_mut().zip(ad.iter_mut()).for_each(|(a, ad)| {
            let [f, d, _] = act.second_order(*a);
            *a = f;
            *ad *= d;
        });
        zs.push(z);
        zds.push(zd);
        hs.push(a);
        hds.push(ad);
    }
    let (out, out_d) = (&hs[depth], &hds[depth]);
    let (rows, k) = out.dim();
    let inv_n = 1.0 / rows as f64;
    let mut da = Array2::<f64>::zeros((rows, k));
    let mut dad = Array2::<f64>::zeros((rows, k));
    let mut total = 0.0;
    for i in 0..rows {
        let (z, zd) = (out.row(i).to_vec(), out_d.row(i).to_vec());
        let (mut g, mut gd) = (vec![0.0; k], vec![0.0; k]);
        total += loss.second_order_row(&z, y[i], &zd, inv_n, &mut g, &mut gd);
        da.row_mut(i).iter_mut().zip(&g).for_each(|(a, &b)| *a = b);
        dad.row_mut(i).iter_mut().zip(&gd).for_each(|(a, &b)| *a = b);
    }
    for l in (0..depth).rev() {
        let s = &mlp.layout.layers[l];
        let act = mlp.activations[l];
        // δz = δa ⊙ f'(z); δ̇z = δ̇a ⊙ f'(z) + δa ⊙ f''(z) ⊙ ż, in place over δa and δ̇a.
        ndarray::Zip::from(&mut da).and(&mut dad).and(&zs[l]).and(&zds[l]).for_each(|d, dd, &z, &zd| {
            let [_, f1, f2] = act.second_order(z);
            *dd = *dd * f1 + *d * f2 * zd;
            *d *= f1;
        });
        let gw = da.t().dot(&hs[l]);
        let hw = dad.t().dot(&hs[l]) + da.t().dot(&hds[l]);
        grad[s.weight.clone()].iter_mut().zip(gw.iter()).for_each(|(o, &g)| *o = g);
        hv[s.weight.clone()].iter_mut().zip(hw.iter()).for_each(|(o, &g)| *o = g);
        grad[s.bias.clone()].iter_mut().zip(da.sum_axis(Axis(0)).iter()).for_each(|(o, &g)| *o = g);
        hv[s.bias.clone()].iter_mut().zip(dad.sum_axis(Axis(0)).iter()).for_each(|(o, &g)| *o = g);
        if l > 0 {
            let (w, vw) = (weight(l, &params64), weight(l, v));
            let below = da.dot(&w);
            dad = dad.dot(&w) + da.dot(&vw);
            da = below;
        }
    }
    total * inv_n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Activation, Init};
    use crate::tensor::{Mat, Rng};

    fn case(act: Activation, sizes: &[usize], loss: Loss, seed: u64) -> (Mlp, Vec<f32>, Mat, Vec<f32>, Rng) {
        let mut acts = vec![act; sizes.len() - 2];
        acts.push(Activation::Linear);
        let mlp = Mlp::new(sizes, &acts);
        let mut rng = Rng::new(seed);
        let mut params = vec![0.0; mlp.layout.len];
        Init::Glorot.fill(&mlp.layout, &mut rng, &mut params);
        params.iter_mut().for_each(|p| *p += 0.3 * rng.normal() as f32);
        let x = Mat::from_shape_fn((7, sizes[0]), |_| rng.uniform(-2.0, 2.0) as f32);
        let k = *sizes.last().unwrap();
        let y: Vec<f32> = (0..7).map(|i| match loss { Loss::SoftmaxCe => (i % k) as f32, Loss::Bce => (i % 2) as f32, Loss::Mse => rng.normal() as f32 }).collect();
        (mlp, params, x, y, rng)
    }

    const SHAPES: &[(&[usize], Loss)] = &[(&[2, 5, 3, 1], Loss::Bce), (&[3, 4, 1], Loss::Mse), (&[4, 6, 5, 3], Loss::SoftmaxCe)];

    /// Every activation on each of SHAPES: (activation, sizes, loss, case), the k-th shape's
    /// case drawn from seed `seed + k`.
    fn every_case(seed: u64) -> impl Iterator<Item = (Activation, &'static [usize], Loss, (Mlp, Vec<f32>, Mat, Vec<f32>, Rng))> {
        Activation::ALL.into_iter().flat_map(move |act| SHAPES.iter().enumerate().map(move |(k, &(sizes, loss))| (act, sizes, loss, case(act, sizes, loss, seed + k as u64))))
    }

    /// Hv against (∇L(θ + hv) − ∇L(θ − hv)) / 2h of this module's own f64 gradient, for
    /// every activation and loss; its gradient against backprop's (f32).
    #[test]
    fn hvp_matches_a_central_difference_of_the_gradient_for_every_activation_and_loss() {
        for (act, sizes, loss, (mlp, params, x, y, mut rng)) in every_case(10) {
            let n = params.len();
            let v: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
            let (mut g, mut hv) = (vec![0.0; n], vec![0.0; n]);
            let l = hvp(&mlp, &params, &v, x.view(), &y, loss, &mut g, &mut hv);
            let mut g32 = vec![0.0f32; n];
            let l32 = crate::autodiff::loss_and_gradient(&mlp, &params, x.view(), &y, loss, &mut Default::default(), &mut g32);
            assert!((l - l32).abs() < 1e-5 * (1.0 + l.abs()), "{} loss {l} vs {l32}", act.name());
            for i in 0..n {
                assert!((g[i] - g32[i] as f64).abs() < 1e-4, "{} {:?} grad[{i}]", act.name(), sizes);
            }
            // The gradient at θ ± hv in f64 (θ + hv is not an f32 number).
            let h = 1e-5f64;
            let shifted = |s: f64| {
                let p: Vec<f64> = params.iter().zip(&v).map(|(&p, &d)| p as f64 + s * d).collect();
                let (mut g, mut unused) = (vec![0.0; n], vec![0.0; n]);
                hvp64(&mlp, &p, &v, x.view(), &y, loss, &mut g, &mut unused);
                g
            };
            let (gp, gm) = (shifted(h), shifted(-h));
            let scale = hv.iter().map(|a| a.abs()).fold(1e-3, f64::max);
            for i in 0..n {
                // ReLU's kinks: a difference across one would differ; with these random
                // points none lies within h·|ż| of a kink (the test would say where).
                let numeric = (gp[i] - gm[i]) / (2.0 * h);
                assert!((numeric - hv[i]).abs() < 1e-5 * scale, "{} {:?} loss {}: Hv[{i}] {} vs difference {numeric}", act.name(), sizes, loss.name(), hv[i]);
            }
        }
    }

    /// u·Hv = v·Hu: the Hessian is symmetric.
    #[test]
    fn hvp_is_symmetric() {
        for (act, sizes, loss, (mlp, params, x, y, mut rng)) in every_case(40) {
            let n = params.len();
            let u: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
            let v: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
            let (mut g, mut hu, mut hv) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
            hvp(&mlp, &params, &u, x.view(), &y, loss, &mut g, &mut hu);
            hvp(&mlp, &params, &v, x.view(), &y, loss, &mut g, &mut hv);
            let uhv: f64 = u.iter().zip(&hv).map(|(a, b)| a * b).sum();
            let vhu: f64 = v.iter().zip(&hu).map(|(a, b)| a * b).sum();
            assert!((uhv - vhu).abs() < 1e-10 * (1.0 + uhv.abs()), "{} {:?}: u·Hv {uhv} vs v·Hu {vhu}", act.name(), sizes);
        }
    }
}
