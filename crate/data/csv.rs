//! A strict numeric CSV reader and writer. Input is untrusted: sizes are bounded, every
//! cell must be a finite number, and every row must have the same number of cells; an
//! error names the line and column. An optional first line of names is recognised by
//! holding any non-numeric cell.

use std::fmt::Write;

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_rows: usize,
    pub max_columns: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_bytes: 64 << 20, max_rows: 200_000, max_columns: 4097 }
    }
}

/// A parsed table: optional header names and the values row-major.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub names: Option<Vec<String>>,
    pub values: Vec<f32>,
    width: usize,
}

impl Table {
    pub fn rows(&self) -> usize {
        if self.width == 0 {
            0
        } else {
            self.values.len() / self.width
        }
    }

    pub fn columns(&self) -> usize {
        self.width
    }

    pub fn row(&self, i: usize) -> &[f32] {
        &self.values[i * self.width..(i + 1) * self.width]
    }
}

/// Why a CSV text was refused; its Display is the message the page and the CLI show
/// (the one place it is worded); `DataError::Csv` carries it up.
#[derive(Clone, Debug, PartialEq)]
pub enum CsvError {
    /// The text is longer than the byte limit.
    TooLong { bytes: usize, limit: usize },
    /// The first line has more columns than allowed.
    TooWide { line: usize, columns: usize, limit: usize },
    /// A line's cell count differs from the first line's.
    Ragged { line: usize, cells: usize, expected: usize },
    TooManyRows { limit: usize },
    /// A cell that should be a number; `name` is its column's header, if there is one.
    NotANumber { line: usize, column: usize, name: Option<String>, cell: String },
    NoRows,
}

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            CsvError::TooLong { bytes, limit } => write!(f, "CSV: {bytes} bytes is over the limit of {limit}"),
            CsvError::TooWide { line, columns, limit } => write!(f, "CSV line {line}: {columns} columns is over the limit of {limit}"),
            CsvError::Ragged { line, cells, expected } => write!(f, "CSV line {line}: {cells} cells, expected {expected}"),
            CsvError::TooManyRows { limit } => write!(f, "CSV: more than {limit} rows"),
            CsvError::NotANumber { line, column, name, cell } => {
                let name = name.as_ref().map_or_else(String::new, |n| format!(" ({n:?})"));
                write!(f, "CSV line {line}, column {column}{name}: {cell:?} is not a finite number")
            }
            CsvError::NoRows => write!(f, "CSV: no data rows"),
        }
    }
}

impl std::error::Error for CsvError {}

pub fn parse(text: &str, limits: &Limits) -> Result<Table, CsvError> {
    parse_labelled(text, limits, |_, _| None).map(|(table, _)| table)
}

/// As `parse`, but one column may hold text (class names such as "cat"): `label_of(names,
/// width)`, asked once the first line is read, picks it (None: none). Its cells come back
/// as written, one per row, and stand as 0 in the table's values. A first line is a header
/// when it holds a non-numeric cell outside that column, or only non-numeric cells.
pub fn parse_labelled(
    text: &str,
    limits: &Limits,
    label_of: impl Fn(Option<&[String]>, usize) -> Option<usize>,
) -> Result<(Table, Vec<String>), CsvError> {
    if text.len() > limits.max_bytes {
        return Err(CsvError::TooLong { bytes: text.len(), limit: limits.max_bytes });
    }
    let mut names: Option<Vec<String>> = None;
    let mut values = Vec::new();
    let mut labels = Vec::new();
    let mut width = 0;
    let mut rows = 0;
    let mut text_col = None;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        if width == 0 {
            width = cells.len();
            if width > limits.max_columns {
                return Err(CsvError::TooWide { line: n + 1, columns: width, limit: limits.max_columns });
            }
            let text_cell = |c: &&str| c.parse::<f32>().is_err();
            let headerless = label_of(None, width);
            let header = cells.iter().all(text_cell) || cells.iter().enumerate().any(|(j, c)| Some(j) != headerless && text_cell(&c));
            if header {
                let found: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
                text_col = label_of(Some(&found), width);
                names = Some(found);
                continue;
            }
            text_col = headerless;
        } else if cells.len() != width {
            return Err(CsvError::Ragged { line: n + 1, cells: cells.len(), expected: width });
        }
        rows += 1;
        if rows > limits.max_rows {
            return Err(CsvError::TooManyRows { limit: limits.max_rows });
        }
        for (j, c) in cells.iter().enumerate() {
            if Some(j) == text_col {
                labels.push(c.to_string());
                values.push(0.0);
                continue;
            }
            match c.parse::<f32>() {
                Ok(v) if v.is_finite() => values.push(v),
                _ => {
                    let name = names.as_ref().map(|names| names[j].clone());
                    return Err(CsvError::NotANumber { line: n + 1, column: j + 1, name, cell: c.to_string() });
                }
            }
        }
    }
    if rows == 0 {
        return Err(CsvError::NoRows);
    }
    Ok((Table { names, values, width }, labels))
}

/// Writes a header line and one line per row (features, then the target).
pub fn write(names: &[String], x: &ndarray::Array2<f32>, y: &[f32]) -> String {
    let mut out = names.join(",");
    out.push_str(",label\n");
    for (row, t) in x.rows().into_iter().zip(y) {
        for v in row {
            let _ = write!(out, "{v},");
        }
        let _ = writeln!(out, "{t}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_header_and_values() {
        let t = parse("a,b,label\n1,2,0\n3.5,-4,1\n", &Limits::default()).unwrap();
        assert_eq!(t.names.as_deref(), Some(&["a".to_string(), "b".into(), "label".into()][..]));
        assert_eq!((t.rows(), t.columns()), (2, 3));
        assert_eq!(t.row(1), &[3.5, -4.0, 1.0]);
    }

    #[test]
    fn broken_files_give_errors_naming_the_line() {
        let l = Limits::default();
        let err = |text: &str, l: &Limits| parse(text, l).unwrap_err().to_string();
        assert!(err("1,2\n3\n", &l).contains("line 2"));
        assert!(err("1,2\n3,NaN\n", &l).contains("column 2"));
        assert!(err("1,2\n3,x\n", &l).contains("not a finite number"));
        assert!(err("", &l).contains("no data"));
        let small = Limits { max_rows: 1, ..l };
        assert!(err("1\n2\n", &small).contains("more than 1 rows"));
    }

    #[test]
    fn a_text_label_column_comes_back_as_written() {
        let last = |_: Option<&[String]>, w: usize| Some(w - 1);
        let (t, labels) = parse_labelled("a,b,kind\n1,2,cat\n3,4,dog\n", &Limits::default(), last).unwrap();
        assert_eq!((t.rows(), labels), (2, vec!["cat".to_string(), "dog".into()]));
        // Without a header too: text only in the label column is data, not names.
        let (t, labels) = parse_labelled("1,2,cat\n3,4,dog\n", &Limits::default(), last).unwrap();
        assert_eq!((t.names, t.values, labels.len()), (None, vec![1.0, 2.0, 0.0, 3.0, 4.0, 0.0], 2));
        let err = parse_labelled("a,b,kind\n1,x,cat\n", &Limits::default(), last).unwrap_err().to_string();
        assert!(err.contains("line 2, column 2 (\"b\")"), "{err}");
    }

    #[test]
    fn write_then_parse_round_trips() {
        let x = ndarray::array![[0.5f32, -1.25], [3.0, 4.0]];
        let text = write(&["x1".into(), "x2".into()], &x, &[1.0, 0.0]);
        let t = parse(&text, &Limits::default()).unwrap();
        assert_eq!(t.values, vec![0.5, -1.25, 1.0, 3.0, 4.0, 0.0]);
    }
}
