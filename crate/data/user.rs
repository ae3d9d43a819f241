//! The user's own data (dataset `custom`): a CSV they uploaded or points they drew on the
//! decision map. It is untrusted: sizes are bounded, every value must be finite, and every
//! class must be a small whole number; an error names the problem.
//!
//! Import rules for a CSV (`UserData::from_csv`):
//! - the label column is the one named label, class or target (any case, in that order of
//!   preference), else y, else the last (so x,y,label trains on label); a caller may name it;
//! - each distinct label value becomes a class (numbers sorted by value, text such as cat
//!   and dog sorted as text: the first is class 0); at most `MAX_CLASSES`, at least two.
//!   Regression on one's own data is not supported;
//! - two feature columns become points on the 2-D map: each column is scaled linearly so
//!   its range fills [−FIT, FIT] (the map shows [−6, 6]²), and the input features (x1², sin
//!   x1, …) then apply as for the built-in sets; such points can be edited by hand;
//! - any other number of feature columns is standardized per column (mean 0, standard
//!   deviation 1; a constant column becomes 0) and fed to the network as it is.

use super::{csv, DataError, Dataset, Feature, ImportError, Points, Task};
use crate::tensor::Mat;
use serde::{Deserialize, Serialize};

pub const MAX_ROWS: usize = 20_000;
pub const MAX_FEATURES: usize = 256;
pub const MAX_CLASSES: usize = 8;
pub const MAX_BYTES: usize = 8 << 20;
/// Two-column data is scaled into [−FIT, FIT]², inside the map's [−6, 6]².
pub const FIT: f32 = 5.0;
/// Drawn points must lie on the map.
pub const EXTENT: f32 = 6.0;

/// Label column names, most preferred first: `y` is often a coordinate beside x.
const LABEL_NAMES: &[&str] = &["label", "class", "target", "y"];

/// The label column: the one named `wanted`, else by LABEL_NAMES, else the last.
fn label_column(names: Option<&[String]>, width: usize, wanted: Option<&str>) -> usize {
    let find = |name: &str| names.and_then(|n| n.iter().position(|s| s.trim().eq_ignore_ascii_case(name)));
    wanted.and_then(find).or_else(|| LABEL_NAMES.iter().find_map(|l| find(l))).unwrap_or(width - 1)
}

#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct UserData {
    /// One name per feature column.
    pub names: Vec<String>,
    /// Feature values, row-major (rows × names.len()), already scaled or standardized.
    pub x: Vec<f32>,
    /// The class index of each row.
    pub y: Vec<f32>,
    /// What each class index stands for, as written in the file ("0", "1", "setosa" is not
    /// possible: labels are numbers).
    pub labels: Vec<String>,
    /// How the columns were transformed on import, in a sentence for the page.
    pub note: String,
}

impl std::fmt::Debug for UserData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "UserData({} rows × {} features, {} classes)", self.rows(), self.names.len(), self.classes())
    }
}

impl UserData {
    pub fn rows(&self) -> usize {
        self.y.len()
    }

    pub fn columns(&self) -> usize {
        self.names.len()
    }

    /// Points on the 2-D map (features apply, a decision map can be drawn).
    pub fn is_2d(&self) -> bool {
        self.columns() == 2
    }

    /// Number of classes: one more than the largest class index, and at least two.
    pub fn classes(&self) -> usize {
        (self.y.iter().fold(0.0f32, |m, &c| m.max(c)) as usize + 1).max(2)
    }

    pub fn task(&self) -> Task {
        match self.classes() {
            2 => Task::Binary,
            k => Task::Multiclass(k),
        }
    }

    /// Checks sizes, finiteness and class indices (the rule for data from a run file or a
    /// drawing, whose values are used as they are).
    pub fn checked(self) -> Result<UserData, DataError> {
        let (rows, cols) = (self.y.len(), self.names.len());
        if cols == 0 || cols > MAX_FEATURES {
            return Err(DataError::Columns(cols));
        }
        if rows < 2 {
            return Err(DataError::TooFewRows(rows));
        }
        if rows > MAX_ROWS {
            return Err(DataError::TooManyRows(rows));
        }
        if self.x.len() != rows * cols {
            return Err(DataError::Values { values: self.x.len(), rows, cols });
        }
        if let Some(i) = self.x.iter().position(|v| !v.is_finite()) {
            return Err(DataError::NotFinite { row: i / cols + 1, feature: i % cols + 1 });
        }
        if cols == 2 {
            if let Some(i) = self.x.iter().position(|v| v.abs() > EXTENT) {
                return Err(DataError::OffMap(i / 2 + 1));
            }
        }
        if let Some(i) = self.y.iter().position(|&c| !(c >= 0.0 && c < MAX_CLASSES as f32 && c.fract() == 0.0)) {
            return Err(DataError::Class { row: i + 1, class: self.y[i] });
        }
        if self.labels.len() < self.classes() {
            return Err(DataError::LabelNames { labels: self.labels.len(), classes: self.classes() });
        }
        if self.names.iter().chain(&self.labels).any(|s| s.len() > 64) {
            return Err(DataError::LongName);
        }
        Ok(self)
    }

    /// Points drawn on the map: (x1, x2) pairs and their classes.
    pub fn from_points(xy: &[f32], classes: &[f32]) -> Result<UserData, DataError> {
        let labels = (0..MAX_CLASSES).map(|k| k.to_string()).collect();
        UserData {
            names: vec!["x1".into(), "x2".into()],
            x: xy.to_vec(),
            y: classes.to_vec(),
            labels,
            note: "points placed on the map".into(),
        }
        .checked()
    }

    /// A CSV file's text, imported by the rules in the module documentation.
    pub fn from_csv(text: &str) -> Result<UserData, ImportError> {
        Self::from_csv_with(text, None)
    }

    /// As `from_csv`, with the label column named by the caller (a column of that name must
    /// exist: else an error lists the names).
    pub fn from_csv_with(text: &str, label: Option<&str>) -> Result<UserData, ImportError> {
        let limits = csv::Limits { max_bytes: MAX_BYTES, max_rows: MAX_ROWS, max_columns: MAX_FEATURES + 1 };
        let (table, raw) = csv::parse_labelled(text, &limits, |names, width| Some(label_column(names, width, label)))?;
        let width = table.columns();
        if width < 2 {
            return Err(ImportError::NoFeatureColumn);
        }
        if let Some(wanted) = label {
            let names = table.names.as_deref().unwrap_or(&[]);
            if !names.iter().any(|n| n.trim().eq_ignore_ascii_case(wanted)) {
                return Err(ImportError::NoLabelColumn { wanted: wanted.to_string(), columns: names.to_vec() });
            }
        }
        let label_col = label_column(table.names.as_deref(), width, label);
        let feature_cols: Vec<usize> = (0..width).filter(|&j| j != label_col).collect();
        let names: Vec<String> = match &table.names {
            Some(n) => feature_cols.iter().map(|&j| n[j].chars().take(64).collect()).collect(),
            None => (1..=feature_cols.len()).map(|j| format!("x{j}")).collect(),
        };
        let label_name = table.names.as_ref().map_or_else(|| format!("column {}", label_col + 1), |n| format!("{:?}", n[label_col]));

        // Numbers when every label is one, else text (cat, dog). + 0.0 turns −0 into 0: one
        // class, as the user means (the fuzzer found the split).
        let numbers: Option<Vec<f32>> = raw.iter().map(|c| c.parse::<f32>().ok().filter(|v| v.is_finite()).map(|v| v + 0.0)).collect();
        let (y, labels): (Vec<f32>, Vec<String>) = match numbers {
            Some(numbers) => {
                let mut values = numbers.clone();
                values.sort_by(f32::total_cmp);
                values.dedup();
                check_classes(values.len(), &label_name, || values[0].to_string())?;
                let y = numbers.iter().map(|l| values.binary_search_by(|v| v.total_cmp(l)).expect("every label is in the list") as f32).collect();
                (y, values.iter().map(|v| v.to_string()).collect())
            }
            None => {
                let mut values: Vec<&str> = raw.iter().map(String::as_str).collect();
                values.sort_unstable();
                values.dedup();
                check_classes(values.len(), &label_name, || values[0].to_string())?;
                let y = raw.iter().map(|l| values.binary_search(&l.as_str()).expect("every label is in the list") as f32).collect();
                (y, values.iter().map(|v| v.chars().take(64).collect()).collect())
            }
        };

        let rows = table.rows();
        let cols = feature_cols.len();
        let mut x: Vec<f32> = (0..rows).flat_map(|i| feature_cols.iter().map(move |&j| (i, j))).map(|(i, j)| table.row(i)[j]).collect();
        let note = if cols == 2 {
            for j in 0..cols {
                let (lo, hi) = column(&x, cols, j).fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
                let (mid, half) = ((lo as f64 + hi as f64) / 2.0, (hi as f64 - lo as f64) / 2.0);
                for v in x.iter_mut().skip(j).step_by(cols) {
                    *v = if half > 0.0 { ((*v as f64 - mid) / half * FIT as f64) as f32 } else { 0.0 };
                }
            }
            format!("two feature columns: points on the map, each column scaled so its range fills −{FIT} to {FIT}")
        } else {
            for j in 0..cols {
                let n = rows as f64;
                let mean = column(&x, cols, j).map(|v| v as f64).sum::<f64>() / n;
                let sd = (column(&x, cols, j).map(|v| (v as f64 - mean).powi(2)).sum::<f64>() / n).sqrt();
                for v in x.iter_mut().skip(j).step_by(cols) {
                    *v = if sd > 0.0 { ((*v as f64 - mean) / sd) as f32 } else { 0.0 };
                }
            }
            format!("{cols} feature columns, each standardized to mean 0 and standard deviation 1")
        };
        Ok(UserData { names, x, y, labels, note: format!("label column {label_name}; {note}") }.checked()?)
    }

    /// The rows as a dataset: 2-D points expanded by `features`, or the table as it is.
    pub fn dataset(&self, features: &[Feature]) -> Dataset {
        if self.is_2d() {
            let mut p = Points::default();
            for (xy, &c) in self.x.chunks(2).zip(&self.y) {
                p.push(xy[0] as f64, xy[1] as f64, c as f64);
            }
            p.into_dataset(features)
        } else {
            let x = Mat::from_shape_vec((self.rows(), self.columns()), self.x.clone()).expect("checked sizes");
            Dataset { x, y: self.y.clone(), points: Mat::zeros((self.rows(), 0)) }
        }
    }

    /// The model's input names: the features for points, the column names for a table.
    pub fn feature_names(&self, features: &[Feature]) -> Vec<String> {
        if self.is_2d() {
            features.iter().map(|f| f.name().to_string()).collect()
        } else {
            self.names.clone()
        }
    }
}

/// At least two classes, at most MAX_CLASSES, in the label column `name` (`first`: its one value).
fn check_classes(count: usize, name: &str, first: impl Fn() -> String) -> Result<(), ImportError> {
    if count < 2 {
        return Err(ImportError::OneClass { column: name.to_string(), value: first() });
    }
    if count > MAX_CLASSES {
        return Err(ImportError::TooManyClasses { column: name.to_string(), count });
    }
    Ok(())
}

fn column(x: &[f32], cols: usize, j: usize) -> impl Iterator<Item = f32> + '_ {
    x.iter().skip(j).step_by(cols).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_two_column_csv_becomes_points_filling_the_map() {
        let d = UserData::from_csv("a,b,label\n0,10,1\n2,30,3\n1,20,1\n").unwrap();
        assert!(d.is_2d());
        assert_eq!(d.names, ["a", "b"]);
        assert_eq!(d.x, [-5.0, -5.0, 5.0, 5.0, 0.0, 0.0]);
        assert_eq!(d.y, [0.0, 1.0, 0.0]);
        assert_eq!(d.labels, ["1", "3"]);
        assert_eq!(d.task(), Task::Binary);
    }

    #[test]
    fn a_named_label_column_anywhere_and_wider_tables_are_standardized() {
        let d = UserData::from_csv("Class,p,q,r\n2,1,5,7\n0,3,5,8\n1,5,5,9\n2,7,5,10\n").unwrap();
        assert!(!d.is_2d());
        assert_eq!(d.names, ["p", "q", "r"]);
        assert_eq!(d.y, [2.0, 0.0, 1.0, 2.0]);
        assert_eq!(d.task(), Task::Multiclass(3));
        // p = 1,3,5,7: mean 4, sd √5; q constant → 0.
        let s = 5f32.sqrt();
        let p: Vec<f32> = column(&d.x, 3, 0).collect();
        for (got, want) in p.iter().zip([-3.0 / s, -1.0 / s, 1.0 / s, 3.0 / s]) {
            assert!((got - want).abs() < 1e-6);
        }
        assert!(column(&d.x, 3, 1).all(|v| v == 0.0));
        assert!(d.note.contains("\"Class\""), "{}", d.note);
    }

    #[test]
    fn bad_files_name_the_problem() {
        let e = |t: &str| UserData::from_csv(t).unwrap_err().to_string();
        assert!(e("1\n2\n").contains("feature column"));
        assert!(e("1,0\n2,0\n").contains("one value"));
        assert!(e(&(0..9).map(|i| format!("{i},{i}\n")).collect::<String>()).contains("9 distinct"));
        // (A text label is a class name now; a text feature is still an error.)
        assert!(e("1,0\nx,0\n").contains("line 2, column 1"));
        assert!(e("1,0\n").contains("one value"));
        // −0 and 0 are one label (found by the fuzzer: it panicked).
        assert_eq!(UserData::from_csv("1,2,-0\n3,4,0\n5,6,1\n").unwrap().y, [0.0, 0.0, 1.0]);
        assert!(UserData::from_points(&[0.0, 1.0], &[0.0]).unwrap_err().to_string().contains("at least 2"));
    }

    #[test]
    fn a_label_column_wins_over_y_and_text_labels_are_classes() {
        let d = UserData::from_csv("x,y,label\n0,5,1\n1,6,0\n2,7,1\n").unwrap();
        assert_eq!(d.names, ["x", "y"]);
        assert_eq!(d.y, [1.0, 0.0, 1.0]);
        let d = UserData::from_csv("a,b,animal\n0,5,dog\n1,6,cat\n2,7,dog\n").unwrap();
        assert_eq!((d.labels.clone(), d.y.clone()), (vec!["cat".to_string(), "dog".into()], vec![1.0, 0.0, 1.0]));
        let d = UserData::from_csv_with("x,y,label\n0,5,1\n1,6,0\n2,7,1\n", Some("y")).unwrap();
        assert_eq!((d.names.clone(), d.labels.len()), (vec!["x".to_string(), "label".into()], 3));
        assert!(UserData::from_csv_with("x,y\n0,5\n1,6\n", Some("z")).unwrap_err().to_string().contains("no column named \"z\""));
        let err = UserData::from_csv("x,y,label\n0,5,cat\n1,oops,dog\n").unwrap_err().to_string();
        // No header, text labels in the last column.
        assert_eq!(UserData::from_csv("0,5,dog\n1,6,cat\n").unwrap().labels, ["cat", "dog"]);
        assert!(err.contains("line 3, column 2 (\"y\")"), "{err}");
    }

    #[test]
    fn drawn_points_are_checked() {
        assert!(UserData::from_points(&[0.0, 1.0, 2.0, 3.0], &[0.0, 1.0]).is_ok());
        assert!(UserData::from_points(&[0.0, 7.0, 2.0, 3.0], &[0.0, 1.0]).unwrap_err().to_string().contains("outside the map"));
        assert!(UserData::from_points(&[0.0, 1.0, 2.0, 3.0], &[0.0, 1.5]).unwrap_err().to_string().contains("whole number"));
        assert!(UserData::from_points(&[0.0, 1.0, 2.0], &[0.0, 1.0]).unwrap_err().to_string().contains("3 values"));
        assert!(UserData::from_points(&[0.0, f32::NAN, 2.0, 3.0], &[0.0, 1.0]).unwrap_err().to_string().contains("not a finite"));
    }
}
