//! The UCI "Optical Recognition of Handwritten Digits" 8×8 set as shipped in
//! scikit-learn (E. Alpaydin, C. Kaynak; UCI ML repository, CC BY 4.0): 1,797 rows of
//! 64 pixels in 0..=16, then the label 0..=9, as one byte per value (data/digits.u8,
//! 117 KB, 46 KB gzipped; data/digits.csv.gz is the source it was made from, and a test
//! checks they agree). Inputs are pixels / 16.
//!
//! With the `digits` feature (on by default: the CLI, the tests) the bytes are embedded.
//! The page's wasm core is built without it, so the 46 KB are not part of every page's
//! first download: a page fetches the file and hands it over (`provide`) before its first
//! digits run (www/shared/digits.js); the wasm boundary refuses a digits run before that.

use super::{DataError, Dataset};
use crate::tensor::Mat;
use std::sync::OnceLock;

pub const ROWS: usize = 1797;
pub const PIXELS: usize = 64;
const LEN: usize = ROWS * (PIXELS + 1);

#[cfg(feature = "digits")]
const EMBEDDED: Option<&[u8; LEN]> = Some(include_bytes!("../../data/digits.u8"));
#[cfg(not(feature = "digits"))]
const EMBEDDED: Option<&[u8; LEN]> = None;

static PROVIDED: OnceLock<Vec<u8>> = OnceLock::new();

fn bytes() -> Option<&'static [u8]> {
    EMBEDDED.map(|b| &b[..]).or_else(|| PROVIDED.get().map(Vec::as_slice))
}

/// Whether `load` has the digits to read.
pub fn available() -> bool {
    bytes().is_some()
}

/// Hands the file's bytes to a core built without them, after checking they are the
/// digits: 1,797 rows of 64 pixels in 0..=16 and a label in 0..=9.
pub fn provide(data: &[u8]) -> Result<(), DataError> {
    if data.len() != LEN {
        return Err(DataError::DigitsLength { got: data.len(), expected: LEN });
    }
    for (i, row) in data.chunks(PIXELS + 1).enumerate() {
        if let Some(pixel) = row[..PIXELS].iter().position(|&p| p > 16) {
            return Err(DataError::DigitsPixel { row: i + 1, pixel, value: row[pixel] });
        }
        if row[PIXELS] > 9 {
            return Err(DataError::DigitsLabel { row: i + 1, label: row[PIXELS] });
        }
    }
    let _ = PROVIDED.set(data.to_vec()); // a second copy of the same file changes nothing
    Ok(())
}

pub fn load() -> Result<Dataset, DataError> {
    let d = bytes().ok_or(DataError::DigitsMissing)?;
    let x = Mat::from_shape_fn((ROWS, PIXELS), |(i, j)| d[i * (PIXELS + 1) + j] as f32 / 16.0);
    let y = (0..ROWS).map(|i| d[i * (PIXELS + 1) + PIXELS] as f32).collect();
    Ok(Dataset { x, y, points: Mat::zeros((ROWS, 0)) })
}

pub fn feature_names() -> Vec<String> {
    (0..PIXELS).map(|i| format!("pixel-{i}")).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn digits_load_with_ten_classes_and_unit_range() {
        let d = super::load().unwrap();
        assert_eq!(d.len(), 1797);
        for k in 0..10 {
            let n = d.y.iter().filter(|&&y| y == k as f32).count();
            assert!((170..=190).contains(&n), "class {k}: {n} rows");
        }
        assert!(d.x.iter().all(|&v| (0.0..=1.0).contains(&v)));
    }

    /// The file is the scikit-learn CSV it was made from, value for value.
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn the_file_matches_the_source_csv() {
        use std::io::Read;
        let mut text = String::new();
        let gz = std::fs::File::open(concat!(env!("CARGO_MANIFEST_DIR"), "/data/digits.csv.gz")).unwrap();
        flate2::read::GzDecoder::new(gz).read_to_string(&mut text).unwrap();
        let table = crate::data::csv::parse(&text, &crate::data::csv::Limits::default()).unwrap();
        assert_eq!((table.rows(), table.columns()), (super::ROWS, super::PIXELS + 1));
        let file = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/digits.u8")).unwrap();
        let bytes: Vec<f32> = file.iter().map(|&b| b as f32).collect();
        assert_eq!(bytes, table.values);
    }

    /// What `provide` refuses, by name; the real file passes.
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn provide_checks_the_file() {
        let file = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/digits.u8")).unwrap();
        assert!(super::provide(&file[..100]).unwrap_err().to_string().contains("100 bytes, expected 116805"));
        let mut bad = file.clone();
        bad[65 + 3] = 17;
        assert!(super::provide(&bad).unwrap_err().to_string().contains("row 2, pixel 3 is 17"));
        let mut bad = file.clone();
        bad[64] = 10;
        assert!(super::provide(&bad).unwrap_err().to_string().contains("row 1 has label 10"));
        super::provide(&file).unwrap();
        assert!(super::available());
    }
}
