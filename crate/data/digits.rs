//! The UCI "Optical Recognition of Handwritten Digits" 8×8 set as shipped in
//! scikit-learn (E. Alpaydin, C. Kaynak; UCI ML repository, CC BY 4.0): 1,797 rows of
//! 64 pixels in 0..=16, then the label 0..=9. Embedded gzipped (57 KB) so the page and
//! the tests need no file. Inputs are pixels / 16.

use super::{csv, Dataset};
use crate::tensor::Mat;
use std::io::Read;

static DIGITS_GZ: &[u8] = include_bytes!("../../data/digits.csv.gz");

pub const ROWS: usize = 1797;
pub const PIXELS: usize = 64;

pub fn load() -> Dataset {
    let mut text = String::new();
    flate2::read::GzDecoder::new(DIGITS_GZ).read_to_string(&mut text).expect("embedded digits.csv.gz is valid");
    let table = csv::parse(&text, &csv::Limits::default()).expect("embedded digits.csv parses");
    assert_eq!((table.rows(), table.columns()), (ROWS, PIXELS + 1));
    let x = Mat::from_shape_fn((ROWS, PIXELS), |(i, j)| table.values[i * (PIXELS + 1) + j] / 16.0);
    let y = (0..ROWS).map(|i| table.values[i * (PIXELS + 1) + PIXELS]).collect();
    Dataset { x, y, points: Mat::zeros((ROWS, 0)) }
}

pub fn feature_names() -> Vec<String> {
    (0..PIXELS).map(|i| format!("pixel-{i}")).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn digits_load_with_ten_classes_and_unit_range() {
        let d = super::load();
        assert_eq!(d.len(), 1797);
        for k in 0..10 {
            let n = d.y.iter().filter(|&&y| y == k as f32).count();
            assert!((170..=190).contains(&n), "class {k}: {n} rows");
        }
        assert!(d.x.iter().all(|&v| (0.0..=1.0).contains(&v)));
    }
}
