//! What is wrong with data brought from outside: a user's rows (points drawn on the map, a
//! run file's copy, a CSV file's rows: `DataError`), a CSV file as a table (`ImportError`),
//! or the digits file a page hands over. Each variant carries the values; its `#[error]`
//! line is the one place the message is worded. (Two enums, so the lite core, which imports
//! no CSV, carries none of the CSV messages.)

use super::csv::CsvError;
use super::user::{EXTENT, MAX_CLASSES, MAX_FEATURES, MAX_ROWS};

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum DataError {
    #[error("data: {0} feature columns; give 1 to {MAX_FEATURES}")]
    Columns(usize),
    #[error("data: {0} rows; at least 2 are needed (one to train on, one to test)")]
    TooFewRows(usize),
    #[error("data: {0} rows is over the limit of {MAX_ROWS}")]
    TooManyRows(usize),
    #[error("data: {values} values for {rows} rows of {cols} features")]
    Values { values: usize, rows: usize, cols: usize },
    /// `row` and `feature` count from 1.
    #[error("data: row {row}, feature {feature} is not a finite number")]
    NotFinite { row: usize, feature: usize },
    #[error("data: point {0} lies outside the map [−{EXTENT}, {EXTENT}]²")]
    OffMap(usize),
    #[error("data: row {row}: class {class} is not a whole number from 0 to {}", MAX_CLASSES - 1)]
    Class { row: usize, class: f32 },
    #[error("data: {labels} label names for {classes} classes")]
    LabelNames { labels: usize, classes: usize },
    #[error("data: a column or label name is longer than 64 characters")]
    LongName,
    /// Rows not in `UserData`'s form ({ names, x, y, labels, note }): the reader's words.
    #[error("data: {0}")]
    Form(String),
    #[error("digits file: {got} bytes, expected {expected} (1,797 rows of 65 values)")]
    DigitsLength { got: usize, expected: usize },
    /// `row` counts from 1, `pixel` from 0.
    #[error("digits file: row {row}, pixel {pixel} is {value}, outside 0..=16")]
    DigitsPixel { row: usize, pixel: usize, value: u8 },
    #[error("digits file: row {row} has label {label}, outside 0..=9")]
    DigitsLabel { row: usize, label: u8 },
    /// Why a digits run cannot start in a core built without the digits.
    #[error("the 8×8 digits are not loaded yet (a page fetches data/digits.u8 before its first digits run)")]
    DigitsMissing,
}

/// Why a CSV file was not imported: the table (`CsvError`), its label column, or the rows
/// it makes (`DataError`).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Csv(#[from] CsvError),
    #[error(transparent)]
    Rows(#[from] DataError),
    #[error("CSV: need at least one feature column and a label column")]
    NoFeatureColumn,
    #[error("CSV: no column named {wanted:?} for the labels (the columns are {})", columns.join(", "))]
    NoLabelColumn { wanted: String, columns: Vec<String> },
    /// `column` as the message shows it (its quoted name, or "column 3").
    #[error("CSV: the label column {column} holds one value ({value}): a classifier needs at least two classes")]
    OneClass { column: String, value: String },
    #[error("CSV: the label column {column} holds {count} distinct values; at most {MAX_CLASSES} classes (each distinct label is a class: regression on your own data is not supported)")]
    TooManyClasses { column: String, count: usize },
}
