//! Imports of an agency's file of people into the store, shared by `haven import` and the web
//! pages. Each row becomes that agency's source record, linked to an existing person when the match
//! probability is at least the upper threshold, queued for a practitioner's review (as a person of
//! its own meanwhile) between the lower and the upper, or a new person below. Rows that cannot be
//! read are reported by row number with the reason; the rest import.
//!
//! An import is a job written in batches, each batch one transaction with the job's progress, so a
//! killed import leaves whole rows only: [`resume`] continues where it stopped (matching against
//! the store as the first attempt saw it, so the result is the same as an uninterrupted run), and
//! [`rollback`] undoes it.

use anyhow::{Context, bail};
use chrono::Utc;
use haven_domain::audit::{AuditAction, AuditEvent, SubjectKind};
use haven_domain::ids::{AgencyId, ImportJobId, PersonId};
use haven_domain::import::{ImportStatus, SourceFields, person_details_from_source};
use haven_domain::person::Person;
use haven_domain::text::Reference;
use haven_domain::user::Actor;
use haven_link::RawRecord;
use haven_link::matching::{Candidate, best_matches};
use haven_store::{ImportError, ImportJob, RollbackSummary, RowOutcome, Store};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// Rows written per transaction.
pub const BATCH_ROWS: usize = 500;

/// When a row links, waits for review, or becomes a new person.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Link to the existing person at or above this match probability.
    pub upper: f64,
    /// Queue for review at or above this (and below `upper`); a new person below.
    pub lower: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { upper: 0.95, lower: 0.60 }
    }
}

/// Who runs an import, for its audit events: a signed-in user, or the command line.
#[derive(Debug, Clone)]
pub struct Who {
    pub actor: Option<Actor>,
    /// A username or `cli`.
    pub label: String,
    /// The page or command (`POST /imports`, `haven import people`).
    pub purpose: String,
}

impl Who {
    pub fn cli(purpose: &str) -> Self {
        Who { actor: None, label: "cli".into(), purpose: purpose.into() }
    }

    fn event(&self, action: AuditAction) -> AuditEvent {
        match self.actor {
            Some(actor) => AuditEvent::by(actor, &self.label, action, &self.purpose, Utc::now()),
            None => AuditEvent::system(&self.label, action, &self.purpose, Utc::now()),
        }
    }
}

/// How an import runs.
#[derive(Debug, Clone, Copy)]
pub struct ImportOptions {
    pub thresholds: Thresholds,
    pub batch_rows: usize,
    /// Stop after this many batches (a test hook: an import killed part-way).
    pub max_batches: Option<usize>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions { thresholds: Thresholds::default(), batch_rows: BATCH_ROWS, max_batches: None }
    }
}

/// What an import (or a resumed one) did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub job: Option<ImportJobId>,
    pub rows: usize,
    pub linked: u32,
    pub created: u32,
    pub queued: u32,
    /// Rows already written by an earlier attempt.
    pub skipped: u32,
    /// Every row that could not be imported, from this attempt and earlier ones.
    pub errors: Vec<ImportError>,
    /// Whether the job is finished (false when stopped by `max_batches`).
    pub finished: bool,
}

/// One data row of the file: its fields, or why it cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRow {
    /// 1 is the first row after the header.
    pub row: i64,
    pub read: Result<SourceFields, String>,
}

const COLUMNS: [&str; 6] = ["record_id", "first_name", "surname", "dob", "sex", "postcode"];

/// Reads an agency's CSV file (see [`read_csv`]).
pub fn read_file(path: &Path) -> anyhow::Result<Vec<FileRow>> {
    let file = std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    read_csv(std::io::BufReader::new(file), &path.display().to_string())
}

/// Reads an agency's CSV (`name` says which, in errors). A file that is not CSV or lacks a column
/// is an error; a row that cannot be read (not UTF-8, too few fields, a record_id repeated) is a
/// row with its reason.
pub fn read_csv(input: impl Read, name: &str) -> anyhow::Result<Vec<FileRow>> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let headers = reader.byte_headers().with_context(|| format!("{name}: cannot read the header"))?;
    let names: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let mut at = [0usize; 6];
    for (k, col) in COLUMNS.iter().enumerate() {
        at[k] = names
            .iter()
            .position(|n| n == col)
            .with_context(|| format!("{name}: the header has no `{col}` column (it needs {})", COLUMNS.join(",")))?;
    }
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
                return Err(anyhow::anyhow!("{name}: cannot read row {row}: {e}"));
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
    Ok(rows)
}

fn raw(f: &SourceFields) -> RawRecord {
    RawRecord {
        record_id: f.record_id.clone(),
        source: String::new(),
        first_name: f.first_name.clone(),
        surname: f.surname.clone(),
        dob: f.dob.clone(),
        sex: f.sex.clone(),
        postcode: f.postcode.clone(),
    }
}

fn explanation(c: &Candidate<PersonId>, matched: &SourceFields) -> serde_json::Value {
    serde_json::json!({
        "probability": c.probability,
        "prior": c.prior,
        "total": c.total,
        "fields": c.fields.iter().map(|f| serde_json::json!({
            "field": f.field,
            "level": f.level,
            "gamma": f.gamma,
            "weight": f.weight,
        })).collect::<Vec<_>>(),
        "matched": matched,
    })
}

/// Records a new job for `agency` over `rows` read from `file_name` (kept to resume from).
pub async fn start_job(
    store: &Arc<dyn Store>,
    agency: AgencyId,
    file_name: &str,
    rows: &[FileRow],
    who: &Who,
) -> anyhow::Result<ImportJob> {
    let job = ImportJob {
        id: ImportJobId::new(),
        agency_id: agency,
        file_name: file_name.to_owned(),
        total_rows: i64::try_from(rows.len())?,
        rows_done: 0,
        status: ImportStatus::Running,
        created_by: who.label.clone(),
        created_at: Utc::now(),
    };
    let audit = who
        .event(AuditAction::ImportStart)
        .subject(SubjectKind::ImportJob, job.id.0)
        .detail(format!("{} rows", rows.len()));
    store.create_import_job(&job, &audit).await.context("starting the import job")?;
    Ok(job)
}

/// Starts a job for `agency` and imports `rows` into it.
pub async fn import_rows(
    store: &Arc<dyn Store>,
    agency: AgencyId,
    file_name: &str,
    rows: Vec<FileRow>,
    opts: &ImportOptions,
    who: &Who,
) -> anyhow::Result<ImportReport> {
    check(opts)?;
    let job = start_job(store, agency, file_name, &rows, who).await?;
    run_job(store, &job, rows, opts, who).await
}

/// Continues a job from the row after the last one written, given the same rows again.
pub async fn resume_rows(
    store: &Arc<dyn Store>,
    job: ImportJobId,
    rows: Vec<FileRow>,
    opts: &ImportOptions,
    who: &Who,
) -> anyhow::Result<ImportReport> {
    check(opts)?;
    let Some(j) = store.import_job(job).await? else { bail!("--job: there is no import job {job}") };
    if j.status != ImportStatus::Running {
        bail!("--job: import job {job} is {}, not running: there is nothing to resume", j.status);
    }
    if i64::try_from(rows.len())? != j.total_rows {
        bail!("the file has {} rows but the job started with {}: it is not the same file", rows.len(), j.total_rows);
    }
    run_job(store, &j, rows, opts, who).await
}

/// Undoes a job: its source records are detached (kept), the people it made that hold nothing else
/// are removed.
pub async fn rollback(store: &Arc<dyn Store>, job: ImportJobId, who: &Who) -> anyhow::Result<RollbackSummary> {
    let audit = who.event(AuditAction::ImportRollback).subject(SubjectKind::ImportJob, job.0);
    match store.rollback_import_job(job, &audit).await {
        Ok(s) => Ok(s),
        Err(haven_store::StoreError::NotFound) => bail!("--job: there is no import job {job}"),
        Err(haven_store::StoreError::Conflict) => bail!("--job: import job {job} is already rolled back"),
        Err(e) => Err(e.into()),
    }
}

fn check(opts: &ImportOptions) -> anyhow::Result<()> {
    let t = opts.thresholds;
    if t.lower > t.upper {
        bail!("--lower ({}) must not be above --upper ({})", t.lower, t.upper);
    }
    if opts.batch_rows == 0 {
        bail!("batches must hold at least one row");
    }
    Ok(())
}

/// Decides every row (matching against the store as it was before the job), then writes the rows after
/// the job's progress in batches. The web pages call it in the background after [`start_job`].
pub async fn run_job(
    store: &Arc<dyn Store>,
    job: &ImportJob,
    rows: Vec<FileRow>,
    opts: &ImportOptions,
    who: &Who,
) -> anyhow::Result<ImportReport> {
    let existing: Vec<(PersonId, RawRecord)> =
        store.linkage_records(Some(job.id)).await?.into_iter().map(|r| (r.person_id, raw(&r.fields))).collect();
    // Today in the UK: what "a child" is measured against.
    let today = haven_domain::uktime::uk_date(Utc::now());
    // Each readable row with the details of the person it would make.
    let mut details = Vec::with_capacity(rows.len());
    let mut incoming: Vec<RawRecord> = Vec::new();
    let mut which: Vec<Option<usize>> = Vec::with_capacity(rows.len());
    for r in &rows {
        let d = match &r.read {
            Ok(f) => person_details_from_source(f, today),
            Err(e) => Err(e.clone()),
        };
        which.push(match (&r.read, &d) {
            (Ok(f), Ok(_)) => {
                incoming.push(raw(f));
                Some(incoming.len() - 1)
            }
            _ => None,
        });
        details.push(d);
    }
    let matches = tokio::task::spawn_blocking(move || {
        let cfg = haven_link::Config::default();
        best_matches(&existing, &incoming, &cfg).map(|m| (m, existing))
    })
    .await
    .context("matching stopped")??;
    let (matches, existing) = matches;
    let t = opts.thresholds;
    let mut report = ImportReport { job: Some(job.id), rows: rows.len(), ..ImportReport::default() };
    let start = usize::try_from(job.rows_done.max(0))?.min(rows.len());
    let mut batches = 0usize;
    let mut at = start;
    loop {
        if opts.max_batches.is_some_and(|m| batches >= m) {
            break;
        }
        let end = (at + opts.batch_rows).min(rows.len());
        let mut outcomes = Vec::with_capacity(end - at);
        for k in at..end {
            let r = &rows[k];
            let outcome = match (&r.read, &details[k]) {
                (Err(reason), _) | (Ok(_), Err(reason)) => RowOutcome::Error { row: r.row, reason: reason.clone() },
                (Ok(fields), Ok(d)) => {
                    let reference = Reference::parse(&fields.record_id).ok();
                    let person = || Person::new(d.clone(), job.agency_id, reference.clone(), Utc::now());
                    match which[k].and_then(|i| matches.get(i)).and_then(Option::as_ref) {
                        Some(c) if c.probability >= t.upper => {
                            RowOutcome::Link { row: r.row, fields: fields.clone(), person: c.key }
                        }
                        Some(c) if c.probability >= t.lower => RowOutcome::Review {
                            row: r.row,
                            fields: fields.clone(),
                            person: person(),
                            candidate: c.key,
                            probability: c.probability,
                            explanation: explanation(c, &existing_fields(&existing, c.existing)),
                        },
                        _ => RowOutcome::Create { row: r.row, fields: fields.clone(), person: person() },
                    }
                }
            };
            outcomes.push(outcome);
        }
        let finished = end == rows.len();
        let audit = who.event(AuditAction::ImportBatch).subject(SubjectKind::ImportJob, job.id.0).detail(format!(
            "rows {}-{}",
            at + 1,
            end
        ));
        let done = store
            .apply_import_batch(job.id, &outcomes, i64::try_from(end)?, finished, &audit)
            .await
            .with_context(|| format!("writing rows {}-{}", at + 1, end))?;
        report.linked += done.linked;
        report.created += done.created;
        report.queued += done.queued;
        report.skipped += done.skipped;
        batches += 1;
        at = end;
        if finished {
            report.finished = true;
            break;
        }
    }
    report.errors = store.import_errors(job.id).await?;
    Ok(report)
}

fn existing_fields(existing: &[(PersonId, RawRecord)], i: usize) -> SourceFields {
    existing
        .get(i)
        .map(|(_, r)| SourceFields {
            record_id: r.record_id.clone(),
            first_name: r.first_name.clone(),
            surname: r.surname.clone(),
            dob: r.dob.clone(),
            sex: r.sex.clone(),
            postcode: r.postcode.clone(),
        })
        .unwrap_or_default()
}
