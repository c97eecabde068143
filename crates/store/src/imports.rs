//! The port for imports: jobs, the source records they bring (an agency's own record of a person,
//! kept for good and linked to one person), the error rows, and the review queue of possible links.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use haven_domain::audit::AuditEvent;
use haven_domain::ids::{AgencyId, ImportJobId, LinkReviewId, PersonId, SourceRecordId, UserId};
use haven_domain::import::{ImportStatus, ReviewStatus, SourceFields, Thresholds};
use haven_domain::person::Person;
use serde::Serialize;

use crate::{PersonSummary, StoreResult};

/// An import of one agency's file of people.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportJob {
    pub id: ImportJobId,
    pub agency_id: AgencyId,
    /// The file's name as given (no directory).
    pub file_name: String,
    /// SHA-256 of the file as read, in hex (empty for jobs from before it was kept): a job resumes only
    /// from the same file.
    pub file_sha256: String,
    /// What the job decides its rows by, for the whole job (a resumed one too).
    pub thresholds: Thresholds,
    pub total_rows: i64,
    /// Rows written so far: every row numbered up to this is in the store (resume from the next).
    pub rows_done: i64,
    pub status: ImportStatus,
    /// What the rows written so far became.
    pub written: JobCounts,
    /// When a batch was last written (`None` before the first): the job's heartbeat, set from the batch's
    /// audit event.
    pub last_batch_at: Option<DateTime<Utc>>,
    /// Who started it (a username or `cli`).
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

/// What a job's rows became, counted as each batch is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct JobCounts {
    pub linked: i64,
    pub created: i64,
    pub queued: i64,
    pub errors: i64,
}

/// An agency's record of a person as imported. Never deleted: a rollback or an unlink detaches or moves
/// it, so nothing an agency sent is lost by a merge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRecord {
    pub id: SourceRecordId,
    pub job_id: ImportJobId,
    pub agency_id: AgencyId,
    /// Data row number in the file (1 is the first row after the header).
    pub row_number: i64,
    pub fields: SourceFields,
    /// The person it is linked to; `None` once its job is rolled back.
    pub person_id: Option<PersonId>,
}

/// What happens to one row of an import.
#[derive(Debug, Clone, PartialEq)]
pub enum RowOutcome {
    /// The row is a record of an existing person.
    Link { row: i64, fields: SourceFields, person: PersonId },
    /// The row is a new person (made from it; held by the importing agency).
    Create { row: i64, fields: SourceFields, person: Person },
    /// The row may be `candidate`: it becomes a new person of its own (`person`) until a practitioner
    /// links it to the candidate or rejects the link.
    Review {
        row: i64,
        fields: SourceFields,
        person: Person,
        candidate: PersonId,
        probability: f64,
        explanation: serde_json::Value,
    },
    /// The row could not be read.
    Error { row: i64, reason: String },
}

impl RowOutcome {
    pub fn row(&self) -> i64 {
        match self {
            RowOutcome::Link { row, .. }
            | RowOutcome::Create { row, .. }
            | RowOutcome::Review { row, .. }
            | RowOutcome::Error { row, .. } => *row,
        }
    }
}

/// What one batch wrote: rows already in the store from an earlier attempt are skipped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BatchApplied {
    pub linked: u32,
    pub created: u32,
    pub queued: u32,
    pub errors: u32,
    /// Rows written before (a resumed job): left as they were.
    pub skipped: u32,
}

/// A row that could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportError {
    pub row: i64,
    pub reason: String,
}

/// What a rollback undid.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RollbackSummary {
    /// Source records detached from their people.
    pub detached: u32,
    /// People the job created that held nothing else, removed.
    pub people_removed: u32,
}

/// A record to match incoming rows against: a person as haven holds them, or one of the source records
/// linked to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkageRecord {
    pub person_id: PersonId,
    pub fields: SourceFields,
}

/// A possible link waiting for (or given) a practitioner's decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkReview {
    pub id: LinkReviewId,
    pub source: SourceRecord,
    pub candidate: PersonSummary,
    pub probability: f64,
    /// Each field's comparison level and weight (the waterfall), as the import wrote it.
    pub explanation: serde_json::Value,
    pub status: ReviewStatus,
    pub decided_by: Option<UserId>,
    pub decided_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// A practitioner's decision on a possible link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewDecision {
    /// The source record is the candidate: it moves to the candidate person.
    Link,
    /// It is not: the source record stays where it is.
    Reject,
}

#[async_trait]
pub trait ImportStore {
    /// Records a new job (status running, no rows done). An unknown agency is `Missing { field: "agency" }`.
    async fn create_import_job(&self, job: &ImportJob, audit: &AuditEvent) -> StoreResult<()>;
    async fn import_job(&self, id: ImportJobId) -> StoreResult<Option<ImportJob>>;
    /// An agency's jobs, newest first, at most `limit`.
    async fn agency_import_jobs(&self, agency: AgencyId, limit: u32) -> StoreResult<Vec<ImportJob>>;
    /// Writes a batch of row outcomes and advances the job's `rows_done` to `rows_done` (never back), all
    /// in one transaction with `audit` (and an event per person touched, derived from it). A row already
    /// written for this job (same row number) is skipped, so a resumed job never duplicates. A job that
    /// is not running is `Conflict`; `NotFound` when there is no such job. `finished` marks the job
    /// finished in the same transaction.
    async fn apply_import_batch(
        &self,
        job: ImportJobId,
        outcomes: &[RowOutcome],
        rows_done: i64,
        finished: bool,
        audit: &AuditEvent,
    ) -> StoreResult<BatchApplied>;
    /// The rows of a job that could not be imported, by row number.
    async fn import_errors(&self, job: ImportJobId) -> StoreResult<Vec<ImportError>>;
    /// The source records of a job, by row number.
    async fn job_source_records(&self, job: ImportJobId) -> StoreResult<Vec<SourceRecord>>;
    /// What to match incoming rows against: every person (names, date of birth, sex) and every linked
    /// source record, except what `exclude_job` brought (its source records and the people made from
    /// them), so that a resumed job matches as the first attempt did.
    async fn linkage_records(&self, exclude_job: Option<ImportJobId>) -> StoreResult<Vec<LinkageRecord>>;
    /// Undoes a job: its source records are detached (kept, with no person), its pending reviews closed
    /// as rejected, the agency records it added removed, and the people it created removed when they
    /// hold nothing else (no other source record, episode, placement, alias, other agency's record or
    /// later change). The job is marked rolled back. `Conflict` when already rolled back.
    async fn rollback_import_job(&self, job: ImportJobId, audit: &AuditEvent) -> StoreResult<RollbackSummary>;
    /// Pending reviews whose source record belongs to one of `visible_to`, oldest first, at most `limit`.
    async fn pending_reviews(&self, visible_to: &[AgencyId], limit: u32) -> StoreResult<Vec<LinkReview>>;
    async fn link_review(&self, id: LinkReviewId) -> StoreResult<Option<LinkReview>>;
    /// Decides a pending review (`Conflict` if already decided). Linking moves the source record to the
    /// candidate (see [`ImportStore::link_source_record`]).
    async fn decide_review(
        &self,
        id: LinkReviewId,
        decision: ReviewDecision,
        decided_by: Option<UserId>,
        audit: &AuditEvent,
    ) -> StoreResult<()>;
    /// Moves a source record to `person`: the agency then holds a record of that person. The person the
    /// record leaves is removed if it was made from this record and holds nothing else (so linking undoes
    /// an unlink). `Missing { field: "person_id" }` for an unknown person.
    async fn link_source_record(&self, id: SourceRecordId, person: PersonId, audit: &AuditEvent) -> StoreResult<()>;
    /// Moves a source record to a new person of its own (`person`, made from the record by the caller).
    /// Reversible by linking it again.
    async fn unlink_source_record(&self, id: SourceRecordId, person: &Person, audit: &AuditEvent) -> StoreResult<()>;
    /// The source records linked to a person.
    async fn person_source_records(&self, person: PersonId) -> StoreResult<Vec<SourceRecord>>;
    async fn source_record(&self, id: SourceRecordId) -> StoreResult<Option<SourceRecord>>;
}

/// The event for one person touched by a batch or a rollback: the caller's event for the whole write,
/// with its own id, naming the person so that the person's trail shows it.
pub fn person_event(
    whole: &AuditEvent,
    action: haven_domain::audit::AuditAction,
    person: PersonId,
    detail: haven_domain::audit::Detail,
) -> AuditEvent {
    let mut e = whole.clone().person(person).detail(detail);
    e.id = haven_domain::ids::AuditId::new();
    e.action = action;
    e
}
