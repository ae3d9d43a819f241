//! Forward mode: the exact directional derivative ∇L·v (a JVP) for a tangent v over all
//! parameters, in one forward pass that carries tangents beside values (Baydin et al.
//! 2022, arXiv:2202.08587, sec. 2). With weight tangents (V, u) per layer:
//! ż = ḣ Wᵀ + h Vᵀ + u (ḣ = 0 at the input), ḣ' = σ'(z) ⊙ ż, and at the output
//! L̇ = Σ (∂L/∂logits) ⊙ ż. Only the current layer's values and tangents are kept, so
//! memory does not grow with depth.

use crate::nn::{Loss, Mlp};
use crate::tensor::Mat;
use crate::tensor::{add_to_rows, gemm};
use ndarray::{s, ArrayView2};

/// (L, ∇L·v) for the mean loss over the rows of (x, y); `tangent` has the parameter layout.
pub fn jvp(mlp: &Mlp, params: &[f32], tangent: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss) -> (f64, f64) {
    jvp_with(mlp, params, tangent, x, y, loss, &mut JvpBuffers::default())
}

/// Buffers for `jvp_with`: the current and next layer's values and tangents, each
/// (batch, widest layer), reused from call to call. Their size depends on the widest layer,
/// never on the depth.
#[derive(Clone, Debug, Default)]
pub struct JvpBuffers {
    h: Mat,
    hd: Mat,
    z: Mat,
    zd: Mat,
    g: Mat,
}

impl JvpBuffers {
    fn fit(&mut self, batch: usize, width: usize) {
        if self.h.dim() != (batch, width) {
            for m in [&mut self.h, &mut self.hd, &mut self.z, &mut self.zd] {
                *m = Mat::zeros((batch, width));
            }
        }
    }
}

/// As `jvp`, allocating nothing once `buf` has seen this batch size and network.
pub fn jvp_with(mlp: &Mlp, params: &[f32], tangent: &[f32], x: ArrayView2<f32>, y: &[f32], loss: Loss, buf: &mut JvpBuffers) -> (f64, f64) {
    assert_eq!(tangent.len(), params.len(), "tangent must have the parameter layout");
    let batch = x.nrows();
    buf.fit(batch, mlp.sizes.iter().copied().max().unwrap_or(1));
    let mut width = mlp.inputs();
    for l in 0..mlp.depth() {
        let slot = &mlp.layout.layers[l];
        let w = mlp.weight(l, params);
        let v = ArrayView2::from_shape((slot.outputs, slot.inputs), &tangent[slot.weight.clone()]).unwrap();
        let (h, hd) = if l == 0 {
            (x, None)
        } else {
            (buf.h.slice(s![.., ..width]), Some(buf.hd.slice(s![.., ..width])))
        };
        let mut z = buf.z.slice_mut(s![.., ..slot.outputs]);
        let mut zd = buf.zd.slice_mut(s![.., ..slot.outputs]);
        gemm(1.0, &h, &w.t(), 0.0, &mut z);
        add_to_rows(z.view_mut(), mlp.bias(l, params));
        gemm(1.0, &h, &v.t(), 0.0, &mut zd);
        if let Some(hd) = hd {
            gemm(1.0, &hd, &w.t(), 1.0, &mut zd);
        }
        add_to_rows(zd.view_mut(), &tangent[slot.bias.clone()]);
        // In place: z becomes the activation a, ż becomes ḣ = σ'(z) ⊙ ż (row by row: the
        // buffers are wider than the layer, so only their rows are contiguous).
        let act = mlp.activations[l];
        for (mut zr, mut dr) in z.rows_mut().into_iter().zip(zd.rows_mut()) {
            act.apply_with_tangent(zr.as_slice_mut().expect("row-major buffer"), dr.as_slice_mut().expect("row-major buffer"));
        }
        std::mem::swap(&mut buf.h, &mut buf.z);
        std::mem::swap(&mut buf.hd, &mut buf.zd);
        width = slot.outputs;
    }
    let (out, out_d) = (buf.h.slice(s![.., ..width]), buf.hd.slice(s![.., ..width]));
    if buf.g.dim() != (batch, width) {
        buf.g = Mat::zeros((batch, width));
    }
    let value = loss.evaluate(out, y, Some(buf.g.view_mut()));
    let dot: f64 = buf.g.iter().zip(out_d.iter()).map(|(&a, &b)| a as f64 * b as f64).sum();
    (value, dot)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::autodiff::loss_and_gradient;
    use crate::nn::{Activation, Init, Workspace};
    use crate::tensor::Rng;

    #[test]
    fn jvp_equals_the_backprop_gradient_dotted_with_the_tangent() {
        let shapes: &[(&[usize], Loss)] = &[(&[2, 5, 3, 1], Loss::Bce), (&[3, 4, 1], Loss::Mse), (&[4, 6, 6, 3], Loss::SoftmaxCe)];
        for act in Activation::ALL {
            for (k, &(sizes, loss)) in shapes.iter().enumerate() {
                let mut acts = vec![act; sizes.len() - 2];
                acts.push(Activation::Linear);
                let mlp = Mlp::new(sizes, &acts);
                let mut rng = Rng::new(100 + k as u64);
                let mut params = vec![0.0; mlp.layout.len];
                Init::Glorot.fill(&mlp.layout, &mut rng, &mut params);
                params.iter_mut().for_each(|p| *p += 0.05 * rng.normal() as f32);
                let tangent: Vec<f32> = (0..params.len()).map(|_| rng.normal() as f32).collect();
                let x = Mat::from_shape_fn((6, sizes[0]), |_| rng.uniform(-2.0, 2.0) as f32);
                let n_out = *sizes.last().unwrap();
                let y: Vec<f32> = (0..6).map(|i| match loss { Loss::SoftmaxCe => (i % n_out) as f32, Loss::Bce => (i % 2) as f32, Loss::Mse => rng.normal() as f32 }).collect();
                let mut grad = vec![0.0; params.len()];
                let l_back = loss_and_gradient(&mlp, &params, x.view(), &y, loss, &mut Workspace::default(), &mut grad);
                let exact: f64 = grad.iter().zip(&tangent).map(|(&g, &v)| g as f64 * v as f64).sum();
                let (l_fwd, dot) = jvp(&mlp, &params, &tangent, x.view(), &y, loss);
                assert!((l_back - l_fwd).abs() < 1e-6, "{} loss", act.name());
                let scale = grad.iter().zip(&tangent).map(|(&g, &v)| (g as f64 * v as f64).abs()).sum::<f64>().max(1e-6);
                assert!((dot - exact).abs() / scale < 1e-5, "{} {:?}: jvp {dot} vs backprop {exact}", act.name(), sizes);
            }
        }
    }
}
