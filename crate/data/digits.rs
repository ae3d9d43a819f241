//! The UCI "Optical Recognition of Handwritten Digits" 8×8 set as shipped in
//! scikit-learn (E. Alpaydin, C. Kaynak; UCI ML repository, CC BY 4.0): 1,797 rows of
//! 64 pixels in 0..=16, then the label 0..=9. Embedded so the page and the tests need no
//! file, as one byte per value (data/digits.u8, 117 KB, 46 KB gzipped on the wire): no
//! decompressor in the wasm core. data/digits.csv.gz is the source it was made from (a
//! test checks they agree). Inputs are pixels / 16.

use super::Dataset;
use crate::tensor::Mat;

static DIGITS: &[u8; ROWS * (PIXELS + 1)] = include_bytes!("../../data/digits.u8");

pub const ROWS: usize = 1797;
pub const PIXELS: usize = 64;

pub fn load() -> Dataset {
    let x = Mat::from_shape_fn((ROWS, PIXELS), |(i, j)| DIGITS[i * (PIXELS + 1) + j] as f32 / 16.0);
    let y = (0..ROWS).map(|i| DIGITS[i * (PIXELS + 1) + PIXELS] as f32).collect();
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

    /// The embedded bytes are the scikit-learn CSV they were made from, value for value.
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn embedded_bytes_match_the_source_csv() {
        use std::io::Read;
        let mut text = String::new();
        let gz = std::fs::File::open(concat!(env!("CARGO_MANIFEST_DIR"), "/data/digits.csv.gz")).unwrap();
        flate2::read::GzDecoder::new(gz).read_to_string(&mut text).unwrap();
        let table = crate::data::csv::parse(&text, &crate::data::csv::Limits::default()).unwrap();
        assert_eq!((table.rows(), table.columns()), (super::ROWS, super::PIXELS + 1));
        let bytes: Vec<f32> = super::DIGITS.iter().map(|&b| b as f32).collect();
        assert_eq!(bytes, table.values);
    }
}
