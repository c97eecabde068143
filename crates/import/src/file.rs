//! Reading an agency's CSV file: its rows (each readable, or with the reason it is not) and the
//! SHA-256 of its bytes. A file that cannot be imported at all is a [`FileError`], which the command
//! line prints and the web pages say in the reader's language.

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use haven_domain::import::SourceFields;
use haven_link::csv_io::LineLimit;

/// Why a file cannot be imported at all. `name` is the file's name as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("{name}: cannot open it: {detail}")]
    Open { name: String, detail: String },
    #[error("{name}: cannot read the header: {detail}")]
    Header { name: String, detail: String },
    #[error("{name}: the header has no `{column}` column (it needs record_id,first_name,surname,dob,sex,postcode)")]
    MissingColumn { name: String, column: &'static str },
    /// `row` 0 is the header.
    #[error("{name}: {} is longer than {MAX_ROW_BYTES} bytes: this is not a file of people", row_label(*row))]
    LineTooLong { name: String, row: i64 },
    #[error("{name}: cannot read row {row}: {detail}")]
    Unreadable { name: String, row: i64, detail: String },
}

fn row_label(row: i64) -> String {
    if row == 0 { "the header".to_owned() } else { format!("row {row}") }
}

/// One data row of the file: its fields, or why it cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRow {
    /// 1 is the first row after the header.
    pub row: i64,
    pub read: Result<SourceFields, String>,
}

/// An agency's file as read: its rows and the SHA-256 of its bytes (hex), which a job keeps so that it
/// resumes only from the same file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportFile {
    pub rows: Vec<FileRow>,
    pub sha256: String,
}

const COLUMNS: [&str; 6] = ["record_id", "first_name", "surname", "dob", "sex", "postcode"];

/// Columns a file may have beyond identity, read where the header names them.
const OPTIONAL: [&str; 3] = ["ethnicity", "care_status", "placing_authority"];

/// Longest row accepted (1 MiB, as `haven link` accepts; a row is a few dozen bytes): an enormous line is
/// refused as soon as it passes this, never read whole.
pub const MAX_ROW_BYTES: usize = haven_link::csv_io::MAX_LINE;

/// Hashes what passes through it.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(buf.get(..n).unwrap_or_default());
        Ok(n)
    }
}

/// Reads an agency's CSV file (see [`read_csv`]).
pub fn read_file(path: &Path) -> Result<ImportFile, FileError> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| FileError::Open { name: name.clone(), detail: e.to_string() })?;
    read_csv(std::io::BufReader::new(file), &name)
}

/// Reads an agency's CSV (`name` says which, in errors). A file that is not CSV, lacks a column or
/// has a line longer than [`MAX_ROW_BYTES`] is an error; a row that cannot be read (not UTF-8, too
/// few fields, a record_id repeated) is a row with its reason.
pub fn read_csv(input: impl Read, name: &str) -> Result<ImportFile, FileError> {
    let (limited, tripped) = LineLimit::new(input, MAX_ROW_BYTES);
    let mut reader =
        csv::ReaderBuilder::new().flexible(true).from_reader(Hashing { inner: limited, hasher: Sha256::new() });
    // The guard numbers lines from 1, the header's; rows are numbered from the line after it.
    let too_long = || {
        tripped.get().map(|line| FileError::LineTooLong {
            name: name.to_owned(),
            row: i64::try_from(line).unwrap_or(i64::MAX) - 1,
        })
    };
    let headers = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(
                too_long().unwrap_or_else(|| FileError::Header { name: name.to_owned(), detail: e.to_string() })
            );
        }
    };
    let names: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let mut at = [0usize; 6];
    for (k, col) in COLUMNS.iter().enumerate() {
        at[k] = names
            .iter()
            .position(|n| n == col)
            .ok_or_else(|| FileError::MissingColumn { name: name.to_owned(), column: col })?;
    }
    let optional: Vec<Option<usize>> = OPTIONAL.iter().map(|col| names.iter().position(|n| n == col)).collect();
    let mut rows = Vec::new();
    let mut seen: HashMap<String, i64> = HashMap::new();
    let mut record = csv::ByteRecord::new();
    let mut row = 0i64;
    loop {
        row += 1;
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) if e.is_io_error() => {
                return Err(too_long().unwrap_or_else(|| FileError::Unreadable {
                    name: name.to_owned(),
                    row,
                    detail: e.to_string(),
                }));
            }
            Err(e) => {
                rows.push(FileRow { row, read: Err(format!("not CSV: {e}")) });
                continue;
            }
        }
        let mut values: Vec<String> = Vec::with_capacity(6);
        let mut problem = None;
        for (k, &i) in at.iter().enumerate() {
            match record.get(i).map(std::str::from_utf8) {
                Some(Ok(v)) => values.push(v.trim().to_owned()),
                Some(Err(_)) => problem = Some(format!("{}: not UTF-8 text", COLUMNS[k])),
                None => {
                    problem = Some(format!("has {} fields, the header {}", record.len(), names.len()));
                }
            }
            if problem.is_some() {
                break;
            }
        }
        // An optional column the row is too short for is empty, as a blank cell would be.
        let mut extras: Vec<String> = Vec::with_capacity(OPTIONAL.len());
        for (k, at) in optional.iter().enumerate() {
            match at.and_then(|i| record.get(i)).map(std::str::from_utf8) {
                Some(Ok(v)) => extras.push(v.trim().to_owned()),
                Some(Err(_)) => {
                    problem = problem.or_else(|| Some(format!("{}: not UTF-8 text", OPTIONAL[k])));
                    extras.push(String::new());
                }
                None => extras.push(String::new()),
            }
        }
        let read = match problem {
            Some(p) => Err(p),
            None => {
                let f = SourceFields {
                    record_id: values[0].clone(),
                    first_name: values[1].clone(),
                    surname: values[2].clone(),
                    dob: values[3].clone(),
                    sex: values[4].clone(),
                    postcode: values[5].clone(),
                    ethnicity: extras[0].clone(),
                    care_status: extras[1].clone(),
                    placing_authority: extras[2].clone(),
                };
                match seen.get(&f.record_id) {
                    Some(first) if !f.record_id.is_empty() => {
                        Err(format!("record_id: repeated (first on row {first})"))
                    }
                    _ => {
                        seen.insert(f.record_id.clone(), row);
                        Ok(f)
                    }
                }
            }
        };
        rows.push(FileRow { row, read });
    }
    let sha256 = hex::encode(reader.into_inner().hasher.finalize());
    Ok(ImportFile { rows, sha256 })
}
