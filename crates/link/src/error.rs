//! Errors of the linkage entry points. Every message names the file, the line and the problem.

use std::fmt;
use std::path::PathBuf;

/// Why a linkage run failed.
#[derive(Debug)]
pub enum LinkError {
    /// A file could not be opened, read or written.
    Io { path: PathBuf, message: String },
    /// The input is not CSV we can read (bad quoting, wrong number of fields, not UTF-8 ...).
    Csv { path: PathBuf, line: u64, message: String },
    /// The header lacks a required column.
    MissingColumn { path: PathBuf, column: &'static str, header: String },
    /// The input has no header line.
    Empty { path: PathBuf },
    /// A line is longer than the limit (so one enormous line cannot exhaust memory).
    LineTooLong { path: PathBuf, line: u64, limit: usize },
    /// The same record_id appears twice.
    DuplicateId { path: PathBuf, line: u64, id: String, first_line: u64 },
    /// A record has an empty record_id.
    EmptyId { path: PathBuf, line: u64 },
    /// The threshold is not a probability strictly between 0 and 1.
    BadThreshold(f64),
    /// Something went wrong inside the engine.
    Internal(String),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::Io { path, message } => write!(f, "{}: {message}", path.display()),
            LinkError::Csv { path, line, message } => {
                write!(f, "{} line {line}: not valid CSV: {message}", path.display())
            }
            LinkError::MissingColumn { path, column, header } => write!(
                f,
                "{} line 1: required column `{column}` is missing (header is `{header}`; required: \
                 record_id,source,first_name,surname,dob,sex,postcode)",
                path.display()
            ),
            LinkError::Empty { path } => write!(f, "{}: empty file, expected a CSV header line", path.display()),
            LinkError::LineTooLong { path, line, limit } => {
                write!(
                    f,
                    "{} line {line}: line longer than {limit} bytes; is this really a CSV of records?",
                    path.display()
                )
            }
            LinkError::DuplicateId { path, line, id, first_line } => {
                write!(f, "{} line {line}: record_id `{id}` repeats the one on line {first_line}", path.display())
            }
            LinkError::EmptyId { path, line } => write!(f, "{} line {line}: record_id is empty", path.display()),
            LinkError::BadThreshold(t) => write!(f, "threshold {t} must be a probability between 0 and 1 (exclusive)"),
            LinkError::Internal(m) => write!(f, "linkage failed: {m}"),
        }
    }
}

impl std::error::Error for LinkError {}
