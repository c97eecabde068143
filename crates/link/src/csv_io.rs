//! The only module that touches files: reading the input CSV, writing clusters and the explain file.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::rc::Rc;

use rayon::prelude::*;

use crate::compare::{FIELD_NAMES, FIELDS, LEVEL_NAMES, RecordRef};
use crate::engine::{RULES, Scored};
use crate::error::LinkError;

/// Longest accepted input line by default (1 MiB: a record is a few dozen bytes).
pub const MAX_LINE: usize = 1 << 20;

/// Required input columns, in the documented order.
pub const COLUMNS: [&str; 7] = ["record_id", "source", "first_name", "surname", "dob", "sex", "postcode"];

/// Wraps a reader and fails once any line exceeds `limit` bytes, remembering the line's number (1 is the
/// first line) in the handle [`LineLimit::new`] returns: an enormous line is never read whole. Imports of
/// agencies' files use it too.
#[derive(Debug)]
pub struct LineLimit<R> {
    inner: R,
    limit: usize,
    current: usize,
    line: u64,
    tripped: Rc<Cell<Option<u64>>>,
}

impl<R> LineLimit<R> {
    /// The wrapped reader and the handle that holds the number of the line that was too long.
    pub fn new(inner: R, limit: usize) -> (Self, Rc<Cell<Option<u64>>>) {
        let tripped = Rc::new(Cell::new(None));
        (LineLimit { inner, limit, current: 0, line: 0, tripped: tripped.clone() }, tripped)
    }
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut rest = &buf[..n];
        loop {
            let end = memchr::memchr(b'\n', rest);
            self.current += end.unwrap_or(rest.len());
            if self.current > self.limit {
                self.tripped.set(Some(self.line + 1));
                return Err(io::Error::new(io::ErrorKind::InvalidData, "line too long"));
            }
            let Some(end) = end else { break };
            self.line += 1;
            self.current = 0;
            rest = &rest[end + 1..];
        }
        Ok(n)
    }
}

fn io_err(path: &Path, e: impl std::fmt::Display) -> LinkError {
    LinkError::Io { path: path.to_path_buf(), message: e.to_string() }
}

/// A batch of records as read: the compared fields of each record packed into one buffer (few allocations).
#[derive(Debug, Default)]
pub struct Batch {
    buf: String,
    spans: Vec<(u32, u32)>,
}

impl Batch {
    const PER: usize = 5;

    fn with_capacity(records: usize) -> Batch {
        Batch { buf: String::with_capacity(records * 32), spans: Vec::with_capacity(records * Self::PER) }
    }

    fn push(&mut self, fields: [&str; 5]) {
        for f in fields {
            let start = self.buf.len() as u32;
            self.buf.push_str(f);
            self.spans.push((start, self.buf.len() as u32));
        }
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.spans.len() / Self::PER
    }

    /// True when there are no records.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The fields of record `i` (empty strings when out of range).
    pub fn get(&self, i: usize) -> RecordRef<'_> {
        let f = |k: usize| {
            self.spans.get(i * Self::PER + k).and_then(|&(a, b)| self.buf.get(a as usize..b as usize)).unwrap_or("")
        };
        RecordRef { first_name: f(0), surname: f(1), dob: f(2), sex: f(3), postcode: f(4) }
    }
}

/// The records of an input file as read: ids and the line each starts on, in input order.
#[derive(Debug, Default)]
pub struct Records {
    pub ids: Vec<Box<str>>,
    pub lines: Vec<u64>,
}

/// Reads the input file, handing records to `on_batch` in batches of `batch` records (so the raw strings
/// of the whole file are never held at once). Lines longer than [`MAX_LINE`] are refused.
pub fn read_records(path: &Path, batch: usize, on_batch: impl FnMut(Batch)) -> Result<Records, LinkError> {
    let file = File::open(path).map_err(|e| io_err(path, e))?;
    read_records_from(BufReader::with_capacity(1 << 18, file), path, MAX_LINE, batch, on_batch)
}

/// [`read_records`] from any reader (`path` only names it in errors), refusing lines longer than
/// `max_line` bytes as soon as the limit is passed: an enormous line is never read whole.
pub fn read_records_from<R: Read + Send>(
    input: R,
    path: &Path,
    max_line: usize,
    batch: usize,
    mut on_batch: impl FnMut(Batch),
) -> Result<Records, LinkError> {
    // Parse on one thread while the caller prepares the previous batch on the others.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(2);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || parse_records(input, path, max_line, batch, |b| tx.send(b).is_ok()));
        for b in rx {
            on_batch(b);
        }
        reader.join().unwrap_or_else(|_| Err(LinkError::Internal("CSV reader thread failed".into())))
    })
}

fn parse_records<R: Read>(
    input: R,
    path: &Path,
    max_line: usize,
    batch: usize,
    mut on_batch: impl FnMut(Batch) -> bool,
) -> Result<Records, LinkError> {
    let (limited, tripped) = LineLimit::new(input, max_line);
    let mut rdr =
        csv::ReaderBuilder::new().has_headers(true).flexible(false).buffer_capacity(1 << 18).from_reader(limited);
    let map_csv = |e: csv::Error, fallback_line: u64| -> LinkError {
        if let Some(line) = tripped.get() {
            return LinkError::LineTooLong { path: path.to_path_buf(), line, limit: max_line };
        }
        let line = e.position().map_or(fallback_line, csv::Position::line);
        let message = match e.kind() {
            csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                format!("{len} fields where the header has {expected_len}")
            }
            csv::ErrorKind::Utf8 { .. } => "not UTF-8 text".to_string(),
            _ => e.to_string(),
        };
        LinkError::Csv { path: path.to_path_buf(), line, message }
    };
    let header = rdr.headers().map_err(|e| map_csv(e, 1))?.clone();
    if header.is_empty() || (header.len() == 1 && header.get(0).is_some_and(str::is_empty)) {
        return Err(LinkError::Empty { path: path.to_path_buf() });
    }
    let names: Vec<String> =
        header.iter().map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase()).collect();
    let mut idx = [0usize; 7];
    for (k, col) in COLUMNS.iter().enumerate() {
        idx[k] = names.iter().position(|h| h == col).ok_or_else(|| LinkError::MissingColumn {
            path: path.to_path_buf(),
            column: col,
            header: header.iter().collect::<Vec<_>>().join(",").chars().take(200).collect(),
        })?;
    }
    let mut ids: Vec<Box<str>> = Vec::new();
    let mut lines: Vec<u64> = Vec::new();
    // Repeated ids are looked for once the records are read (or at the first other error, which a repeat
    // before it takes precedence over), by sorting the ids' hashes: a map probed a million times costs more.
    let mut hashes: Vec<u64> = Vec::new();
    let fail = |e: LinkError, ids: &[Box<str>], lines: &[u64], hashes: &[u64]| -> Result<Records, LinkError> {
        Err(first_repeat(path, ids, lines, hashes).unwrap_or(e))
    };
    let batch = batch.max(1);
    let mut pending = Batch::with_capacity(batch);
    let mut rec = csv::StringRecord::new();
    let mut last_line = 1u64;
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return fail(map_csv(e, last_line + 1), &ids, &lines, &hashes),
        }
        let line = rec.position().map_or(last_line + 1, csv::Position::line);
        last_line = line;
        let get = |k: usize| rec.get(idx[k]).unwrap_or("");
        let id = get(0).trim();
        if id.is_empty() {
            return fail(LinkError::EmptyId { path: path.to_path_buf(), line }, &ids, &lines, &hashes);
        }
        hashes.push(crate::names::hash(id.as_bytes()));
        ids.push(id.into());
        lines.push(line);
        pending.push([get(2), get(3), get(4), get(5), get(6)]);
        if pending.len() >= batch && !on_batch(std::mem::replace(&mut pending, Batch::with_capacity(batch))) {
            return fail(LinkError::Internal("record consumer stopped".into()), &ids, &lines, &hashes);
        }
    }
    if !pending.is_empty() && !on_batch(pending) {
        return fail(LinkError::Internal("record consumer stopped".into()), &ids, &lines, &hashes);
    }
    match first_repeat(path, &ids, &lines, &hashes) {
        Some(e) => Err(e),
        None => Ok(Records { ids, lines }),
    }
}

/// The first record (in file order) whose id an earlier record already has, as the error naming both lines.
fn first_repeat(path: &Path, ids: &[Box<str>], lines: &[u64], hashes: &[u64]) -> Option<LinkError> {
    let mut by_hash: Vec<(u64, u32)> = hashes.iter().enumerate().map(|(i, &h)| (h, i as u32)).collect();
    by_hash.par_sort_unstable();
    // (later record, the first record with its id), earliest later record first.
    let mut found: Option<(usize, usize)> = None;
    for run in by_hash.chunk_by(|x, y| x.0 == y.0).filter(|r| r.len() > 1) {
        // Within a run, records are in file order; equal hashes almost always mean equal ids.
        for (k, &(_, j)) in run.iter().enumerate().skip(1) {
            let j = j as usize;
            if let Some(&(_, i)) = run[..k].iter().find(|(_, i)| ids[*i as usize] == ids[j]) {
                if found.is_none_or(|(later, _)| j < later) {
                    found = Some((j, i as usize));
                }
                break;
            }
        }
    }
    found.map(|(j, i)| LinkError::DuplicateId {
        path: path.to_path_buf(),
        line: lines[j],
        id: ids[j].to_string(),
        first_line: lines[i],
    })
}

/// Writes `record_id,cluster_id`, one line per record in input order.
pub fn write_clusters(path: &Path, ids: &[Box<str>], cluster: &[u32]) -> Result<(), LinkError> {
    let file = File::create(path).map_err(|e| io_err(path, e))?;
    let mut w = csv::Writer::from_writer(BufWriter::new(file));
    w.write_record(["record_id", "cluster_id"]).map_err(|e| io_err(path, e))?;
    let mut digits = [0u8; 10];
    for (id, &c) in ids.iter().zip(cluster) {
        w.write_record([id.as_bytes(), decimal(c, &mut digits)]).map_err(|e| io_err(path, e))?;
    }
    w.flush().map_err(|e| io_err(path, e))
}

/// `n` in decimal, written into the end of `buf` (no allocation per row).
fn decimal(mut n: u32, buf: &mut [u8; 10]) -> &[u8] {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[at..];
        }
    }
}

/// Writer of the explain file: every scored pair with each field's level and weight.
pub struct ExplainWriter {
    w: csv::Writer<BufWriter<File>>,
}

impl std::fmt::Debug for ExplainWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ExplainWriter")
    }
}

impl ExplainWriter {
    /// Creates the file and writes the header.
    pub fn create(path: &Path) -> Result<ExplainWriter, LinkError> {
        let file = File::create(path).map_err(|e| io_err(path, e))?;
        let mut w = csv::Writer::from_writer(BufWriter::new(file));
        let mut header = vec!["record_id_l".to_string(), "record_id_r".to_string(), "blocking_rule".to_string()];
        for f in FIELD_NAMES {
            header.push(format!("{f}_level"));
            header.push(format!("{f}_weight"));
        }
        header.extend(["prior_weight", "household_adjustment", "match_weight", "match_probability"].map(String::from));
        w.write_record(&header).map_err(|e| io_err(path, e))?;
        Ok(ExplainWriter { w })
    }

    /// Appends scored pairs.
    pub fn write(&mut self, ids: &[Box<str>], rows: &[Scored]) -> Result<(), String> {
        let mut rec: Vec<String> = Vec::with_capacity(3 + 2 * FIELDS + 3);
        for s in rows {
            rec.clear();
            rec.push(ids[s.a as usize].to_string());
            rec.push(ids[s.b as usize].to_string());
            rec.push(RULES[s.rule].name.to_string());
            for f in 0..FIELDS {
                rec.push(LEVEL_NAMES[f][s.gamma[f] as usize].to_string());
                rec.push(format!("{:.3}", s.weights[f]));
            }
            rec.push(format!("{:.3}", s.prior));
            rec.push(format!("{:.3}", s.total - s.prior - s.weights.iter().sum::<f64>()));
            rec.push(format!("{:.3}", s.total));
            rec.push(format!("{:.6}", s.probability));
            self.w.write_record(&rec).map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// Flushes to disk.
    pub fn finish(mut self) -> Result<(), String> {
        self.w.flush().map_err(|e| e.to_string())
    }
}

/// Writes any CSV rows (used by the generator binary).
pub fn write_rows<I, R>(path: &Path, header: &[&str], rows: I) -> Result<(), LinkError>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator,
    R::Item: AsRef<[u8]>,
{
    let file = File::create(path).map_err(|e| io_err(path, e))?;
    let mut w = csv::Writer::from_writer(BufWriter::new(file));
    w.write_record(header).map_err(|e| io_err(path, e))?;
    for r in rows {
        w.write_record(r).map_err(|e| io_err(path, e))?;
    }
    w.flush().map_err(|e| io_err(path, e))?;
    let mut inner = w.into_inner().map_err(|e| io_err(path, e))?;
    inner.flush().map_err(|e| io_err(path, e))
}

/// Reads two columns of a CSV with a header (used by the evaluator binary).
pub fn read_pairs(path: &Path, key: &'static str, value: &'static str) -> Result<Vec<(String, String)>, LinkError> {
    let file = File::open(path).map_err(|e| io_err(path, e))?;
    let mut rdr = csv::Reader::from_reader(BufReader::new(file));
    let header = rdr.headers().map_err(|e| io_err(path, e))?.clone();
    let find = |c: &'static str| {
        header.iter().position(|h| h.trim() == c).ok_or_else(|| LinkError::MissingColumn {
            path: path.to_path_buf(),
            column: c,
            header: header.iter().collect::<Vec<_>>().join(","),
        })
    };
    let (ki, vi) = (find(key)?, find(value)?);
    let mut out = Vec::new();
    for r in rdr.records() {
        let r = r.map_err(|e| io_err(path, e))?;
        out.push((r.get(ki).unwrap_or("").to_string(), r.get(vi).unwrap_or("").to_string()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals() {
        let mut b = [0u8; 10];
        for n in [0, 7, 10, 99, 12_345, u32::MAX] {
            assert_eq!(decimal(n, &mut b), n.to_string().as_bytes());
        }
    }
}
