//! Imports of an agency's file of people into the store, shared by `haven import` and the web
//! pages. Each row becomes that agency's source record, linked to an existing person when the match
//! probability is at least the upper threshold, queued for a practitioner's review (as a person of
//! its own meanwhile) between the lower and the upper, or a new person below. Rows that cannot be
//! read are reported by row number with the reason; the rest import.
//!
//! A file may hold one child twice (an agency's own duplicates): a row is matched against the rows
//! before it too, and links to (or waits for review against) the person an earlier row became.
//!
//! An import is a job written in batches, each batch one transaction with the job's progress, so a
//! killed import leaves whole rows only: [`resume_rows`] continues where it stopped, from the same
//! file (checked by its SHA-256) and with the thresholds the job started with, matching against the
//! store as the first attempt saw it, so the result is the same as an uninterrupted run; [`rollback`]
//! undoes it.

use anyhow::{Context, bail};
use chrono::Utc;
use haven_domain::audit::{AuditAction, AuditEvent, Detail, SubjectKind};
use haven_domain::ids::{AgencyId, ImportJobId, PersonId};
pub use haven_domain::import::Thresholds;
use haven_domain::import::{Decision, ImportStatus, SourceFields, person_details_from_source};
use haven_domain::person::{Person, PersonDetails};
use haven_domain::sharing::Sharing;
use haven_domain::text::Reference;
use haven_domain::user::Actor;
use haven_link::RawRecord;
use haven_link::matching::{Candidate, FieldScore, InFile, best_matches_in_file};
use haven_store::{ImportError, ImportJob, JobCounts, RollbackSummary, RowOutcome, Store};
use std::collections::HashMap;
use std::sync::Arc;

/// Rows written per transaction.
pub const BATCH_ROWS: usize = 500;

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
    /// For a new job; a resumed job keeps its own.
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

mod file;

pub use file::{FileError, FileRow, ImportFile, MAX_ROW_BYTES, read_csv, read_file};

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

fn explanation(c: &Found<'_>) -> serde_json::Value {
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
        "matched": source_fields(c.matched),
    })
}

/// Records a new job for `agency` over `file` named `file_name` (kept to resume from), deciding rows by
/// `thresholds`.
pub async fn start_job(
    store: &Arc<dyn Store>,
    agency: AgencyId,
    file_name: &str,
    file: &ImportFile,
    thresholds: Thresholds,
    who: &Who,
) -> anyhow::Result<ImportJob> {
    Thresholds::new(thresholds.upper, thresholds.lower).map_err(|e| anyhow::anyhow!("--{e}"))?;
    let rows = &file.rows;
    let job = ImportJob {
        id: ImportJobId::new(),
        agency_id: agency,
        file_name: file_name.to_owned(),
        file_sha256: file.sha256.clone(),
        thresholds,
        total_rows: i64::try_from(rows.len())?,
        rows_done: 0,
        status: ImportStatus::Running,
        written: JobCounts::default(),
        last_batch_at: None,
        created_by: who.label.clone(),
        created_at: Utc::now(),
    };
    let audit =
        who.event(AuditAction::ImportStart).subject(SubjectKind::ImportJob, job.id.0).detail(Detail::ImportStart {
            rows: rows.len(),
            sha256: file.sha256.clone(),
            upper: thresholds.upper,
            lower: thresholds.lower,
        });
    store.create_import_job(&job, &audit).await.context("starting the import job")?;
    Ok(job)
}

/// Starts a job for `agency` and imports `file` into it.
pub async fn import_rows(
    store: &Arc<dyn Store>,
    agency: AgencyId,
    file_name: &str,
    file: ImportFile,
    opts: &ImportOptions,
    who: &Who,
) -> anyhow::Result<ImportReport> {
    check(opts)?;
    let job = start_job(store, agency, file_name, &file, opts.thresholds, who).await?;
    run_job(store, &job, file.rows, opts, who).await
}

/// Why a job cannot be resumed (the root of the error [`resumable`] returns).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResumeRefused {
    #[error("--job: there is no import job {0}")]
    NoJob(ImportJobId),
    #[error("--job: import job {job} is {status}, not running: there is nothing to resume")]
    NotRunning { job: ImportJobId, status: ImportStatus },
    #[error("file: it is not the file import job {0} started from (its SHA-256 differs)")]
    OtherFile(ImportJobId),
    #[error("file: it has {rows} rows but import job {job} started with {started}: it is not the same file")]
    OtherRows { job: ImportJobId, rows: usize, started: i64 },
}

/// Checks that `file` is the one `job` started from and that the job has rows left to write.
pub async fn resumable(store: &Arc<dyn Store>, job: ImportJobId, file: &ImportFile) -> anyhow::Result<ImportJob> {
    let Some(j) = store.import_job(job).await? else { return Err(ResumeRefused::NoJob(job).into()) };
    if j.status != ImportStatus::Running {
        return Err(ResumeRefused::NotRunning { job, status: j.status }.into());
    }
    if !j.file_sha256.is_empty() && j.file_sha256 != file.sha256 {
        return Err(ResumeRefused::OtherFile(job).into());
    }
    if i64::try_from(file.rows.len())? != j.total_rows {
        return Err(ResumeRefused::OtherRows { job, rows: file.rows.len(), started: j.total_rows }.into());
    }
    Ok(j)
}

/// Continues a job from the row after the last one written, given the same file again; rows are decided
/// by the thresholds the job started with.
pub async fn resume_rows(
    store: &Arc<dyn Store>,
    job: ImportJobId,
    file: ImportFile,
    opts: &ImportOptions,
    who: &Who,
) -> anyhow::Result<ImportReport> {
    check(opts)?;
    let j = resumable(store, job, &file).await?;
    run_job(store, &j, file.rows, opts, who).await
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

/// The options a run needs (a new job's thresholds are checked by [`start_job`]; a resumed job keeps its own).
/// What the importing agency may see today.
async fn importer_sharing(store: &dyn Store, agency: AgencyId, today: chrono::NaiveDate) -> anyhow::Result<Sharing> {
    let Some(agency) = store.agency(agency).await? else { bail!("the importing agency does not exist") };
    Ok(Sharing::for_agency(agency.id, agency.kind, &store.agreements().await?, today))
}

fn check(opts: &ImportOptions) -> anyhow::Result<()> {
    if opts.batch_rows == 0 {
        bail!("batches must hold at least one row");
    }
    Ok(())
}

/// Decides every row (matching against the store as it was before the job, and against the rows before
/// it in the file), then writes the rows after the job's progress in batches, by the job's thresholds.
/// The web pages call it in the background after [`start_job`].
/// The local authorities' agencies by code, for a file's `placing_authority` column.
async fn local_authorities(store: &dyn Store) -> anyhow::Result<HashMap<String, AgencyId>> {
    Ok(store
        .agencies()
        .await?
        .into_iter()
        .filter(|a| a.kind == haven_domain::agency::AgencyKind::LocalAuthority)
        .map(|a| (a.code.to_string(), a.id))
        .collect())
}

pub async fn run_job(
    store: &Arc<dyn Store>,
    job: &ImportJob,
    rows: Vec<FileRow>,
    opts: &ImportOptions,
    who: &Who,
) -> anyhow::Result<ImportReport> {
    // Today in the UK: what "a child" is measured against, and which agreements are in force.
    let today = haven_domain::uktime::uk_date(Utc::now());
    // Rows match only people the importing agency may see: a link to a person it may not see
    // would make it a holder of someone else's record without an agreement (and show it their
    // facts), so such a row makes a person of its own instead.
    let sharing = importer_sharing(store.as_ref(), job.agency_id, today).await?;
    let mut holders: HashMap<PersonId, Vec<AgencyId>> = HashMap::new();
    for (person, agency) in store.all_holders().await? {
        holders.entry(person).or_default().push(agency);
    }
    let existing: Vec<(PersonId, RawRecord)> = store
        .linkage_records(Some(job.id))
        .await?
        .into_iter()
        .filter(|r| holders.get(&r.person_id).is_some_and(|h| sharing.sees_person(h)))
        .map(|r| (r.person_id, raw(&r.fields)))
        .collect();
    // Each readable row with the details of the person it would make; `which` maps a row to its place
    // among the rows matched, `row_of` back.
    let mut details = Vec::with_capacity(rows.len());
    let mut incoming: Vec<RawRecord> = Vec::new();
    let mut which: Vec<Option<usize>> = Vec::with_capacity(rows.len());
    let mut row_of: Vec<usize> = Vec::new();
    let authorities = local_authorities(store.as_ref()).await?;
    let authority = |code: &str| authorities.get(&code.to_ascii_uppercase()).copied();
    for (k, r) in rows.iter().enumerate() {
        let d = match &r.read {
            Ok(f) => person_details_from_source(f, today, &authority),
            Err(e) => Err(e.clone()),
        };
        which.push(match (&r.read, &d) {
            (Ok(f), Ok(_)) => {
                incoming.push(raw(f));
                row_of.push(k);
                Some(incoming.len() - 1)
            }
            _ => None,
        });
        details.push(d);
    }
    let matches = tokio::task::spawn_blocking(move || {
        let cfg = haven_link::Config::default();
        best_matches_in_file(&existing, &incoming, &cfg).map(|m| (m, existing, incoming))
    })
    .await
    .context("matching stopped")??;
    let (matches, existing, incoming) = matches;
    let mut report = ImportReport { job: Some(job.id), rows: rows.len(), ..ImportReport::default() };
    let start = usize::try_from(job.rows_done.max(0))?.min(rows.len());
    let mut decide = Decider {
        thresholds: job.thresholds,
        agency: job.agency_id,
        rows: &rows,
        details: &details,
        which: &which,
        row_of: &row_of,
        matches: &matches,
        existing: &existing,
        incoming: &incoming,
        settled: HashMap::new(),
    };
    // Rows an earlier attempt wrote are decided again (the decisions are the same) without writing, so
    // that later rows see what they settled as; a new person's id is the one written.
    if start > 0 {
        let written: HashMap<i64, PersonId> = store
            .job_source_records(job.id)
            .await?
            .into_iter()
            .filter_map(|r| Some((r.row_number, r.person_id?)))
            .collect();
        for k in 0..start {
            let outcome = decide.row(k);
            if let RowOutcome::Create { row, .. } = outcome
                && let Some(p) = written.get(&row)
            {
                decide.settled.insert(row, *p);
            }
        }
    }
    let mut batches = 0usize;
    let mut at = start;
    loop {
        if opts.max_batches.is_some_and(|m| batches >= m) {
            break;
        }
        let end = (at + opts.batch_rows).min(rows.len());
        let mut outcomes = Vec::with_capacity(end - at);
        for k in at..end {
            outcomes.push(decide.row(k));
        }
        let finished = end == rows.len();
        let audit = who
            .event(AuditAction::ImportBatch)
            .subject(SubjectKind::ImportJob, job.id.0)
            .detail(Detail::Rows { from: at + 1, to: end });
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

/// Decides rows in file order, remembering the person each settled row became (made or linked; a row
/// waiting for review is not settled), so that a later row of the same child joins it.
struct Decider<'a> {
    thresholds: Thresholds,
    agency: AgencyId,
    rows: &'a [FileRow],
    /// Each row's person details, or why it cannot be one.
    details: &'a [Result<PersonDetails, String>],
    /// Each row's place among the records matched (`None` for a row that cannot be read), and back.
    which: &'a [Option<usize>],
    row_of: &'a [usize],
    matches: &'a [InFile<PersonId>],
    existing: &'a [(PersonId, RawRecord)],
    incoming: &'a [RawRecord],
    settled: HashMap<i64, PersonId>,
}

/// A candidate person for a row, whichever way it was found.
struct Found<'a> {
    person: PersonId,
    matched: &'a RawRecord,
    probability: f64,
    prior: f64,
    total: f64,
    fields: &'a [FieldScore],
}

impl<'a> Found<'a> {
    fn new<K>(person: PersonId, matched: &'a RawRecord, c: &'a Candidate<K>) -> Self {
        Found { person, matched, probability: c.probability, prior: c.prior, total: c.total, fields: &c.fields }
    }
}

impl Decider<'_> {
    /// The outcome of the file's `k`th row (0 is the first).
    fn row(&mut self, k: usize) -> RowOutcome {
        let (r, rows, row_of) = (&self.rows[k], self.rows, self.row_of);
        let found = self.which[k].and_then(|i| self.matches.get(i));
        let (fields, d) = match (&r.read, &self.details[k]) {
            (Err(reason), _) | (Ok(_), Err(reason)) => return RowOutcome::Error { row: r.row, reason: reason.clone() },
            (Ok(fields), Ok(d)) => (fields, d),
        };
        let held = found
            .and_then(|f| f.held.as_ref())
            .and_then(|c| Some(Found::new(c.key, &self.existing.get(c.existing)?.1, c)));
        let earlier = found.and_then(|f| f.earlier.as_ref()).and_then(|c| {
            let row = rows.get(*row_of.get(c.key)?)?.row;
            Some(Found::new(*self.settled.get(&row)?, self.incoming.get(c.key)?, c))
        });
        // The likelier of the two; a tie goes to the record held.
        let best = match (held, earlier) {
            (Some(h), Some(e)) => Some(if e.probability > h.probability { e } else { h }),
            (h, e) => h.or(e),
        };
        let reference = Reference::parse(&fields.record_id).ok();
        let new_person = || Person::new(d.clone(), self.agency, reference.clone(), Utc::now());
        let outcome = match best.map(|b| (self.thresholds.decide(b.probability), b)) {
            Some((Decision::Link, b)) => RowOutcome::Link { row: r.row, fields: fields.clone(), person: b.person },
            Some((Decision::Review, b)) => RowOutcome::Review {
                row: r.row,
                fields: fields.clone(),
                person: new_person(),
                candidate: b.person,
                probability: b.probability,
                explanation: explanation(&b),
            },
            _ => RowOutcome::Create { row: r.row, fields: fields.clone(), person: new_person() },
        };
        match &outcome {
            RowOutcome::Link { row, person, .. } => {
                self.settled.insert(*row, *person);
            }
            RowOutcome::Create { row, person, .. } => {
                self.settled.insert(*row, person.id);
            }
            RowOutcome::Review { .. } | RowOutcome::Error { .. } => {}
        }
        outcome
    }
}

fn source_fields(r: &RawRecord) -> SourceFields {
    SourceFields {
        record_id: r.record_id.clone(),
        first_name: r.first_name.clone(),
        surname: r.surname.clone(),
        dob: r.dob.clone(),
        sex: r.sex.clone(),
        postcode: r.postcode.clone(),
        ..SourceFields::default()
    }
}
