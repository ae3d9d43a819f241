//! The TensorFlow Playground's seven input features of a 2-D point (x1, x2).
//! Shape: points (rows, 2) → inputs (rows, features).

use crate::tensor::Mat;

names! {
    pub enum Feature {
        X1,
        X2,
        /// x1²
        X1Sq,
        /// x2²
        X2Sq,
        /// x1·x2
        #[strum(serialize = "x1-x2")]
        X1X2,
        SinX1,
        SinX2,
    }
}

impl Feature {
    #[inline]
    pub fn of(self, x1: f32, x2: f32) -> f32 {
        match self {
            Feature::X1 => x1,
            Feature::X2 => x2,
            Feature::X1Sq => x1 * x1,
            Feature::X2Sq => x2 * x2,
            Feature::X1X2 => x1 * x2,
            Feature::SinX1 => libm::sinf(x1),
            Feature::SinX2 => libm::sinf(x2),
        }
    }
}

/// Feature columns of every point.
pub fn expand(points: &Mat, features: &[Feature]) -> Mat {
    let mut out = Mat::zeros((points.nrows(), features.len()));
    expand_into(points, features, &mut out);
    out
}

/// As `expand`, into a buffer of shape (rows, features.len()).
pub fn expand_into(points: &Mat, features: &[Feature], out: &mut Mat) {
    for (p, mut o) in points.rows().into_iter().zip(out.rows_mut()) {
        for (j, f) in features.iter().enumerate() {
            o[j] = f.of(p[0], p[1]);
        }
    }
}
