//! Numeric foundations: ndarray aliases and the seeded random number generator.

pub mod expf;
pub mod lane;
pub mod matmul;
pub mod rng;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd_gemm;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd_pack;

pub use lane::{F32x4, Float};
pub use matmul::gemm;
pub use rng::Rng;

/// A (rows, cols) f32 matrix; rows are examples.
pub type Mat = ndarray::Array2<f32>;

/// m += b on every row (a bias). Row by row over slices where the rows are contiguous, a
/// loop the compiler vectorizes, where ndarray's broadcasting `+=` walks elements one by
/// one; the same sums either way.
pub fn add_to_rows(mut m: ndarray::ArrayViewMut2<f32>, b: &[f32]) {
    assert_eq!(m.ncols(), b.len(), "one bias per column");
    for mut row in m.rows_mut() {
        match row.as_slice_mut() {
            Some(row) => {
                for (v, &b) in row.iter_mut().zip(b) {
                    *v += b;
                }
            }
            None => row += &ndarray::ArrayView1::from(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Row-contiguous or not (a transposed view), the bias lands as ndarray's broadcasting
    /// `+=` puts it.
    #[test]
    fn add_to_rows_matches_broadcasting() {
        let m = Mat::from_shape_fn((5, 3), |(i, j)| i as f32 * 0.3 - j as f32 * 1.7);
        let b = [0.1f32, -2.5, 7.25];
        let mut want = m.clone();
        want += &ndarray::ArrayView1::from(&b[..]);
        let mut got = m.clone();
        add_to_rows(got.view_mut(), &b);
        assert_eq!(got, want);
        use ndarray::ShapeBuilder;
        let mut t = Mat::zeros((5, 3).f()); // column-major
        t.assign(&m);
        assert!(t.row_mut(0).as_slice_mut().is_none());
        add_to_rows(t.view_mut(), &b);
        assert_eq!(t, want);
    }
}
