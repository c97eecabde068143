//! Imports on PostgreSQL: jobs, source records, error rows and the review queue (`0004_imports.sql`).
//! A batch is one transaction with the job's progress, so a killed import leaves whole rows only; a
//! row already written for its job is skipped, so a resumed job never duplicates.

use super::{PostgresStore, backend, commit, db_err, insert_audit, insert_person, person_exists};
use crate::rows::{SummaryRow, stored};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use haven_domain::audit::{AuditAction, AuditEvent, Detail};
use haven_domain::ids::{AgencyId, ImportJobId, LinkReviewId, PersonId, SourceRecordId, UserId};
use haven_domain::import::{ImportStatus, ReviewStatus, SourceFields, Thresholds};
use haven_domain::person::Person;
use haven_domain::text::Reference;
use haven_store::{
    BatchApplied, ImportError, ImportJob, ImportStore, JobCounts, LinkReview, LinkageRecord, PersonSummary,
    ReviewDecision, RollbackSummary, RowOutcome, SourceRecord, StoreError, StoreResult, person_event,
};
use sqlx::postgres::PgConnection;
use uuid::Uuid;

#[derive(Debug)]
struct JobRow {
    id: Uuid,
    agency_id: Uuid,
    file_name: String,
    file_sha256: String,
    link_at: f64,
    review_at: f64,
    total_rows: i64,
    rows_done: i64,
    status: String,
    linked: i64,
    created: i64,
    queued: i64,
    errors: i64,
    last_batch_at: Option<DateTime<Utc>>,
    created_by: String,
    created_at: DateTime<Utc>,
}

impl TryFrom<JobRow> for ImportJob {
    type Error = StoreError;
    fn try_from(r: JobRow) -> StoreResult<ImportJob> {
        Ok(ImportJob {
            id: ImportJobId(r.id),
            agency_id: AgencyId(r.agency_id),
            file_name: r.file_name,
            file_sha256: r.file_sha256,
            thresholds: stored(
                Thresholds::new(r.link_at, r.review_at).map_err(|_| "threshold"),
                "import_jobs.link_at",
            )?,
            total_rows: r.total_rows,
            rows_done: r.rows_done,
            status: stored(ImportStatus::parse(&r.status), "import_jobs.status")?,
            written: JobCounts { linked: r.linked, created: r.created, queued: r.queued, errors: r.errors },
            last_batch_at: r.last_batch_at,
            created_by: r.created_by,
            created_at: r.created_at,
        })
    }
}

#[derive(Debug)]
struct SourceRow {
    id: Uuid,
    job_id: Uuid,
    agency_id: Uuid,
    row_no: i64,
    record_id: String,
    first_name: String,
    surname: String,
    dob: String,
    sex: String,
    postcode: String,
    ethnicity: String,
    care_status: String,
    placing_authority: String,
    person_id: Option<Uuid>,
}

impl From<SourceRow> for SourceRecord {
    fn from(r: SourceRow) -> SourceRecord {
        SourceRecord {
            id: SourceRecordId(r.id),
            job_id: ImportJobId(r.job_id),
            agency_id: AgencyId(r.agency_id),
            row_number: r.row_no,
            fields: SourceFields {
                record_id: r.record_id,
                first_name: r.first_name,
                surname: r.surname,
                dob: r.dob,
                sex: r.sex,
                postcode: r.postcode,
                ethnicity: r.ethnicity,
                care_status: r.care_status,
                placing_authority: r.placing_authority,
            },
            person_id: r.person_id.map(PersonId),
        }
    }
}

/// What moving a source record needs to know about it.
#[derive(Debug)]
struct Placed {
    job_id: Uuid,
    agency_id: Uuid,
    record_id: String,
    person_id: Option<Uuid>,
    made_person_id: Option<Uuid>,
}

async fn placed(conn: &mut PgConnection, id: SourceRecordId) -> StoreResult<Placed> {
    sqlx::query_as!(
        Placed,
        r#"SELECT job_id AS "job_id: Uuid", agency_id AS "agency_id: Uuid", record_id,
               person_id AS "person_id: Uuid", made_person_id AS "made_person_id: Uuid"
           FROM source_records WHERE id = $1"#,
        id.0
    )
    .fetch_optional(conn)
    .await
    .map_err(backend)?
    .ok_or(StoreError::NotFound)
}

/// Makes sure `agency` holds a record of `person` (under the agency's own reference when that is free),
/// marked as added by the import `job`.
async fn hold(
    conn: &mut PgConnection,
    person: Uuid,
    agency: Uuid,
    record_id: &str,
    job: Uuid,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let reference = Reference::parse(record_id).ok().map(String::from);
    let done = sqlx::query!(
        "INSERT INTO agency_records (person_id, agency_id, reference, recorded_at, import_job_id)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        person,
        agency,
        reference,
        at,
        job
    )
    .execute(&mut *conn)
    .await
    .map_err(db_err)?;
    if done.rows_affected() == 0 {
        // Either the agency holds the person already, or its reference is in use for someone else.
        sqlx::query!(
            "INSERT INTO agency_records (person_id, agency_id, reference, recorded_at, import_job_id)
             VALUES ($1, $2, NULL, $3, $4) ON CONFLICT DO NOTHING",
            person,
            agency,
            at,
            job
        )
        .execute(&mut *conn)
        .await
        .map_err(db_err)?;
    }
    Ok(())
}

/// Removes the agency record an import added for `agency` on `person` once no source record of that
/// agency is linked to the person any more.
async fn release(conn: &mut PgConnection, person: Uuid, agency: Uuid) -> StoreResult<()> {
    sqlx::query!(
        "DELETE FROM agency_records
         WHERE person_id = $1 AND agency_id = $2 AND import_job_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM source_records WHERE person_id = $1 AND agency_id = $2)",
        person,
        agency
    )
    .execute(conn)
    .await
    .map_err(backend)?;
    Ok(())
}

/// Removes a person made by an import when they hold nothing else: never changed, no source record,
/// episode, note, placement, alias, grab pack or review, and only agency records that imports added.
async fn remove_if_bare(conn: &mut PgConnection, person: Uuid) -> StoreResult<bool> {
    let held = sqlx::query_scalar!(
        r#"SELECT (
              (SELECT COUNT(*) FROM people WHERE id = $1 AND version <> 1)
            + (SELECT COUNT(*) FROM source_records WHERE person_id = $1)
            + (SELECT COUNT(*) FROM missing_episodes WHERE person_id = $1)
            + (SELECT COUNT(*) FROM episode_notes WHERE person_id = $1)
            + (SELECT COUNT(*) FROM placements WHERE person_id = $1)
            + (SELECT COUNT(*) FROM person_aliases WHERE person_id = $1)
            + (SELECT COUNT(*) FROM grab_packs WHERE person_id = $1)
            + (SELECT COUNT(*) FROM link_reviews WHERE candidate_id = $1)
            + (SELECT COUNT(*) FROM agency_records WHERE person_id = $1 AND import_job_id IS NULL)
           ) AS "n!: i64""#,
        person
    )
    .fetch_one(&mut *conn)
    .await
    .map_err(backend)?;
    if held > 0 {
        return Ok(false);
    }
    sqlx::query!("DELETE FROM agency_records WHERE person_id = $1", person)
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
    let gone = sqlx::query!("DELETE FROM people WHERE id = $1", person).execute(&mut *conn).await.map_err(backend)?;
    Ok(gone.rows_affected() > 0)
}

/// Moves a source record to `to`; the person it leaves loses the agency's import-added record, and is
/// removed if it was made from this record and holds nothing else.
async fn move_record(
    conn: &mut PgConnection,
    id: SourceRecordId,
    to: PersonId,
    at: DateTime<Utc>,
) -> StoreResult<Option<Uuid>> {
    let p = placed(&mut *conn, id).await?;
    if !person_exists(&mut *conn, to).await? {
        return Err(StoreError::Missing { field: "person_id" });
    }
    sqlx::query!("UPDATE source_records SET person_id = $1 WHERE id = $2", to.0, id.0)
        .execute(&mut *conn)
        .await
        .map_err(db_err)?;
    hold(&mut *conn, to.0, p.agency_id, &p.record_id, p.job_id, at).await?;
    if let Some(old) = p.person_id.filter(|old| *old != to.0) {
        release(&mut *conn, old, p.agency_id).await?;
        if p.made_person_id == Some(old) && remove_if_bare(&mut *conn, old).await? {
            sqlx::query!("UPDATE source_records SET made_person_id = NULL WHERE id = $1", id.0)
                .execute(&mut *conn)
                .await
                .map_err(backend)?;
        }
    }
    Ok(p.person_id)
}

async fn row_written(conn: &mut PgConnection, job: Uuid, row: i64) -> StoreResult<bool> {
    let n = sqlx::query_scalar!(
        r#"SELECT (SELECT COUNT(*) FROM source_records WHERE job_id = $1 AND row_no = $2)
                + (SELECT COUNT(*) FROM import_errors WHERE job_id = $1 AND row_no = $2) AS "n!: i64""#,
        job,
        row
    )
    .fetch_one(conn)
    .await
    .map_err(backend)?;
    Ok(n > 0)
}

async fn insert_source(
    conn: &mut PgConnection,
    job: Uuid,
    agency: Uuid,
    row: i64,
    f: &SourceFields,
    person: Uuid,
    made: Option<Uuid>,
) -> StoreResult<Uuid> {
    let id = SourceRecordId::new().0;
    sqlx::query!(
        "INSERT INTO source_records (id, job_id, agency_id, row_no, record_id, first_name, surname, dob, sex,
             postcode, ethnicity, care_status, placing_authority, person_id, made_person_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        id,
        job,
        agency,
        row,
        f.record_id,
        f.first_name,
        f.surname,
        f.dob,
        f.sex,
        f.postcode,
        f.ethnicity,
        f.care_status,
        f.placing_authority,
        person,
        made
    )
    .execute(conn)
    .await
    .map_err(db_err)?;
    Ok(id)
}

/// A person made from an import row: written without the caller's agency records (the agency's hold is
/// added by [`hold`], marked as the import's).
async fn insert_made_person(conn: &mut PgConnection, person: &Person) -> StoreResult<()> {
    let bare = Person { records: Vec::new(), ..person.clone() };
    insert_person(conn, &bare).await
}

async fn load_review(conn: &mut PgConnection, id: Uuid) -> StoreResult<Option<LinkReview>> {
    let Some(r) = sqlx::query!(
        r#"SELECT r.id AS "id!: Uuid", r.probability AS "probability!: f64", r.explanation AS "explanation!",
               r.status AS "status!", r.decided_by AS "decided_by: Uuid", r.decided_at AS "decided_at: DateTime<Utc>",
               r.created_at AS "created_at!: DateTime<Utc>",
               s.id AS "s_id!: Uuid", s.job_id AS "job_id!: Uuid", s.agency_id AS "agency_id!: Uuid",
               s.row_no AS "row_no!: i64", s.record_id AS "record_id!", s.first_name AS "first_name!",
               s.surname AS "surname!", s.dob AS "dob!", s.sex AS "sex!", s.postcode AS "postcode!",
               s.ethnicity AS "ethnicity!", s.care_status AS "care_status!",
               s.placing_authority AS "placing_authority!", s.person_id AS "person_id: Uuid",
               p.id AS "p_id!: Uuid", p.kind AS "kind!", p.given_name AS "given_name!",
               p.family_name AS "family_name!", p.date_of_birth AS "date_of_birth: NaiveDate", p.sex AS "p_sex!"
           FROM link_reviews r
           JOIN source_records s ON s.id = r.source_record_id
           JOIN people p ON p.id = r.candidate_id
           WHERE r.id = $1"#,
        id
    )
    .fetch_optional(conn)
    .await
    .map_err(backend)?
    else {
        return Ok(None);
    };
    Ok(Some(LinkReview {
        id: LinkReviewId(r.id),
        source: SourceRecord::from(SourceRow {
            id: r.s_id,
            job_id: r.job_id,
            agency_id: r.agency_id,
            row_no: r.row_no,
            record_id: r.record_id,
            first_name: r.first_name,
            surname: r.surname,
            dob: r.dob,
            sex: r.sex,
            postcode: r.postcode,
            ethnicity: r.ethnicity,
            care_status: r.care_status,
            placing_authority: r.placing_authority,
            person_id: r.person_id,
        }),
        candidate: PersonSummary::try_from(SummaryRow {
            id: r.p_id,
            kind: r.kind,
            given_name: r.given_name,
            family_name: r.family_name,
            date_of_birth: r.date_of_birth,
            sex: r.p_sex,
        })?,
        probability: r.probability,
        explanation: serde_json::from_str(&r.explanation).unwrap_or(serde_json::Value::Null),
        status: stored(ReviewStatus::parse(&r.status), "link_reviews.status")?,
        decided_by: r.decided_by.map(UserId),
        decided_at: r.decided_at,
        created_at: r.created_at,
    }))
}

#[async_trait]
impl ImportStore for PostgresStore {
    async fn create_import_job(&self, job: &ImportJob, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let status = job.status.code();
        sqlx::query!(
            "INSERT INTO import_jobs (id, agency_id, file_name, file_sha256, link_at, review_at, total_rows, rows_done,
                                      status, linked, created, queued, errors, last_batch_at, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
            job.id.0,
            job.agency_id.0,
            job.file_name,
            job.file_sha256,
            job.thresholds.upper,
            job.thresholds.lower,
            job.total_rows,
            job.rows_done,
            status,
            job.written.linked,
            job.written.created,
            job.written.queued,
            job.written.errors,
            job.last_batch_at,
            job.created_by,
            job.created_at
        )
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn import_job(&self, id: ImportJobId) -> StoreResult<Option<ImportJob>> {
        sqlx::query_as!(
            JobRow,
            r#"SELECT id AS "id: Uuid", agency_id AS "agency_id: Uuid", file_name, file_sha256, link_at, review_at,
                   total_rows, rows_done, status, linked, created, queued, errors,
                   last_batch_at AS "last_batch_at: DateTime<Utc>", created_by, created_at AS "created_at: DateTime<Utc>"
               FROM import_jobs WHERE id = $1"#,
            id.0
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        .map(ImportJob::try_from)
        .transpose()
    }

    async fn agency_import_jobs(&self, agency: AgencyId, limit: u32) -> StoreResult<Vec<ImportJob>> {
        sqlx::query_as!(
            JobRow,
            r#"SELECT id AS "id: Uuid", agency_id AS "agency_id: Uuid", file_name, file_sha256, link_at, review_at,
                   total_rows, rows_done, status, linked, created, queued, errors,
                   last_batch_at AS "last_batch_at: DateTime<Utc>", created_by, created_at AS "created_at: DateTime<Utc>"
               FROM import_jobs WHERE agency_id = $1 ORDER BY created_at DESC, id LIMIT $2"#,
            agency.0,
            i64::from(limit)
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(ImportJob::try_from)
        .collect()
    }

    async fn apply_import_batch(
        &self,
        job: ImportJobId,
        outcomes: &[RowOutcome],
        rows_done: i64,
        finished: bool,
        audit: &AuditEvent,
    ) -> StoreResult<BatchApplied> {
        let mut tx = self.write().await?;
        let j = sqlx::query!(
            r#"SELECT agency_id AS "agency_id: Uuid", status FROM import_jobs WHERE id = $1 FOR UPDATE"#,
            job.0
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or(StoreError::NotFound)?;
        if j.status != ImportStatus::Running.code() {
            return Err(StoreError::Conflict);
        }
        let (agency, at) = (j.agency_id, audit.at);
        let mut applied = BatchApplied::default();
        for outcome in outcomes {
            let row = outcome.row();
            if row_written(&mut tx, job.0, row).await? {
                applied.skipped += 1;
                continue;
            }
            let (person, what) = match outcome {
                RowOutcome::Link { fields, person, .. } => {
                    if !person_exists(&mut tx, *person).await? {
                        return Err(StoreError::Missing { field: "person_id" });
                    }
                    insert_source(&mut tx, job.0, agency, row, fields, person.0, None).await?;
                    hold(&mut tx, person.0, agency, &fields.record_id, job.0, at).await?;
                    applied.linked += 1;
                    (*person, "linked")
                }
                RowOutcome::Create { fields, person, .. } => {
                    insert_made_person(&mut tx, person).await?;
                    insert_source(&mut tx, job.0, agency, row, fields, person.id.0, Some(person.id.0)).await?;
                    hold(&mut tx, person.id.0, agency, &fields.record_id, job.0, at).await?;
                    applied.created += 1;
                    (person.id, "created")
                }
                RowOutcome::Review { fields, person, candidate, probability, explanation, .. } => {
                    if !person_exists(&mut tx, *candidate).await? {
                        return Err(StoreError::Missing { field: "candidate" });
                    }
                    insert_made_person(&mut tx, person).await?;
                    let source =
                        insert_source(&mut tx, job.0, agency, row, fields, person.id.0, Some(person.id.0)).await?;
                    hold(&mut tx, person.id.0, agency, &fields.record_id, job.0, at).await?;
                    let (review, explanation) = (LinkReviewId::new().0, explanation.to_string());
                    let status = ReviewStatus::Pending.code();
                    sqlx::query!(
                        "INSERT INTO link_reviews (id, source_record_id, candidate_id, probability, explanation, status,
                             created_at)
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                        review,
                        source,
                        candidate.0,
                        probability,
                        explanation,
                        status,
                        at
                    )
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    applied.queued += 1;
                    (person.id, "review")
                }
                RowOutcome::Error { reason, .. } => {
                    sqlx::query!(
                        "INSERT INTO import_errors (job_id, row_no, reason) VALUES ($1, $2, $3)",
                        job.0,
                        row,
                        reason
                    )
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
                    applied.errors += 1;
                    continue;
                }
            };
            let detail = Detail::ImportRow { job: job.0, row, what };
            insert_audit(&mut tx, &person_event(audit, AuditAction::SourceImport, person, detail)).await?;
        }
        let finished_code = if finished { ImportStatus::Finished.code() } else { ImportStatus::Running.code() };
        sqlx::query!(
            "UPDATE import_jobs SET rows_done = GREATEST(rows_done, $1), status = $2, linked = linked + $3,
                 created = created + $4, queued = queued + $5, errors = errors + $6, last_batch_at = $7
             WHERE id = $8",
            rows_done,
            finished_code,
            i64::from(applied.linked),
            i64::from(applied.created),
            i64::from(applied.queued),
            i64::from(applied.errors),
            audit.at,
            job.0
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await?;
        Ok(applied)
    }

    async fn import_errors(&self, job: ImportJobId) -> StoreResult<Vec<ImportError>> {
        Ok(sqlx::query!("SELECT row_no, reason FROM import_errors WHERE job_id = $1 ORDER BY row_no", job.0)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?
            .into_iter()
            .map(|r| ImportError { row: r.row_no, reason: r.reason })
            .collect())
    }

    async fn job_source_records(&self, job: ImportJobId) -> StoreResult<Vec<SourceRecord>> {
        Ok(sqlx::query_as!(
            SourceRow,
            r#"SELECT id AS "id: Uuid", job_id AS "job_id: Uuid", agency_id AS "agency_id: Uuid", row_no, record_id,
                   first_name, surname, dob, sex, postcode, ethnicity, care_status, placing_authority,
                   person_id AS "person_id: Uuid"
               FROM source_records WHERE job_id = $1 ORDER BY row_no"#,
            job.0
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(SourceRecord::from)
        .collect())
    }

    async fn linkage_records(&self, exclude_job: Option<ImportJobId>) -> StoreResult<Vec<LinkageRecord>> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        let exclude = exclude_job.map(|j| j.0);
        let people = sqlx::query!(
            r#"SELECT id AS "id: Uuid", given_name, family_name, date_of_birth AS "date_of_birth: NaiveDate", sex
               FROM people
               WHERE $1::uuid IS NULL OR id NOT IN
                   (SELECT made_person_id FROM source_records WHERE job_id = $1 AND made_person_id IS NOT NULL)
               ORDER BY id"#,
            exclude
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
        let sources = sqlx::query!(
            r#"SELECT person_id AS "person_id!: Uuid", record_id, first_name, surname, dob, sex, postcode
               FROM source_records
               WHERE person_id IS NOT NULL AND ($1::uuid IS NULL OR job_id <> $1)
               ORDER BY id"#,
            exclude
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
        let mut out: Vec<LinkageRecord> = people
            .into_iter()
            .map(|p| LinkageRecord {
                person_id: PersonId(p.id),
                fields: SourceFields {
                    record_id: String::new(),
                    first_name: p.given_name,
                    surname: p.family_name,
                    dob: p.date_of_birth.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
                    sex: p.sex,
                    postcode: String::new(),
                    ..SourceFields::default()
                },
            })
            .collect();
        out.extend(sources.into_iter().map(|s| LinkageRecord {
            person_id: PersonId(s.person_id),
            fields: SourceFields {
                record_id: s.record_id,
                first_name: s.first_name,
                surname: s.surname,
                dob: s.dob,
                sex: s.sex,
                postcode: s.postcode,
                ..SourceFields::default()
            },
        }));
        Ok(out)
    }

    async fn rollback_import_job(&self, job: ImportJobId, audit: &AuditEvent) -> StoreResult<RollbackSummary> {
        let mut tx = self.write().await?;
        let status = sqlx::query_scalar!("SELECT status FROM import_jobs WHERE id = $1 FOR UPDATE", job.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?
            .ok_or(StoreError::NotFound)?;
        if status == ImportStatus::RolledBack.code() {
            return Err(StoreError::Conflict);
        }
        let records = sqlx::query!(
            r#"SELECT id AS "id: Uuid", agency_id AS "agency_id: Uuid", person_id AS "person_id: Uuid",
                   made_person_id AS "made_person_id: Uuid"
               FROM source_records WHERE job_id = $1 ORDER BY row_no"#,
            job.0
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let mut summary = RollbackSummary::default();
        sqlx::query!("UPDATE source_records SET person_id = NULL WHERE job_id = $1", job.0)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        let (rejected, at) = (ReviewStatus::Rejected.code(), audit.at);
        let pending = ReviewStatus::Pending.code();
        sqlx::query!(
            "UPDATE link_reviews SET status = $1, decided_at = $2
             WHERE status = $3 AND source_record_id IN (SELECT id FROM source_records WHERE job_id = $4)",
            rejected,
            at,
            pending,
            job.0
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        for r in &records {
            if let Some(person) = r.person_id {
                release(&mut tx, person, r.agency_id).await?;
                summary.detached += 1;
                let detail = Detail::Detached { job: job.0 };
                insert_audit(&mut tx, &person_event(audit, AuditAction::ImportRollback, PersonId(person), detail))
                    .await?;
            }
        }
        let made: Vec<Uuid> = records.iter().filter_map(|r| r.made_person_id).collect();
        let mut removed: Vec<Uuid> = Vec::new();
        for person in made {
            if remove_if_bare(&mut tx, person).await? {
                summary.people_removed += 1;
                removed.push(person);
            }
        }
        for person in removed {
            sqlx::query!("UPDATE source_records SET made_person_id = NULL WHERE made_person_id = $1", person)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        let rolled_back = ImportStatus::RolledBack.code();
        sqlx::query!("UPDATE import_jobs SET status = $1 WHERE id = $2", rolled_back, job.0)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await?;
        Ok(summary)
    }

    async fn pending_reviews(&self, visible_to: &[AgencyId], limit: u32) -> StoreResult<Vec<LinkReview>> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        let agencies: Vec<Uuid> = visible_to.iter().map(|a| a.0).collect();
        let (pending, limit) = (ReviewStatus::Pending.code(), i64::from(limit));
        let ids = sqlx::query_scalar!(
            r#"SELECT r.id AS "id!: Uuid" FROM link_reviews r JOIN source_records s ON s.id = r.source_record_id
               WHERE r.status = $1 AND s.agency_id = ANY($2)
               ORDER BY r.created_at, r.id LIMIT $3"#,
            pending,
            &agencies,
            limit
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(r) = load_review(&mut conn, id).await? {
                out.push(r);
            }
        }
        Ok(out)
    }

    async fn link_review(&self, id: LinkReviewId) -> StoreResult<Option<LinkReview>> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        load_review(&mut conn, id.0).await
    }

    async fn decide_review(
        &self,
        id: LinkReviewId,
        decision: ReviewDecision,
        decided_by: Option<UserId>,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let r = sqlx::query!(
            r#"SELECT status, source_record_id AS "source: Uuid", candidate_id AS "candidate: Uuid"
               FROM link_reviews WHERE id = $1 FOR UPDATE"#,
            id.0
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or(StoreError::NotFound)?;
        if r.status != ReviewStatus::Pending.code() {
            return Err(StoreError::Conflict);
        }
        let status = match decision {
            ReviewDecision::Link => {
                move_record(&mut tx, SourceRecordId(r.source), PersonId(r.candidate), audit.at).await?;
                ReviewStatus::Linked.code()
            }
            ReviewDecision::Reject => ReviewStatus::Rejected.code(),
        };
        let by = decided_by.map(|u| u.0);
        sqlx::query!(
            "UPDATE link_reviews SET status = $1, decided_by = $2, decided_at = $3 WHERE id = $4",
            status,
            by,
            audit.at,
            id.0
        )
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn link_source_record(&self, id: SourceRecordId, person: PersonId, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        move_record(&mut tx, id, person, audit.at).await?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn unlink_source_record(&self, id: SourceRecordId, person: &Person, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        placed(&mut tx, id).await?;
        insert_made_person(&mut tx, person).await?;
        move_record(&mut tx, id, person.id, audit.at).await?;
        sqlx::query!("UPDATE source_records SET made_person_id = $1 WHERE id = $2", person.id.0, id.0)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn person_source_records(&self, person: PersonId) -> StoreResult<Vec<SourceRecord>> {
        Ok(sqlx::query_as!(
            SourceRow,
            r#"SELECT id AS "id: Uuid", job_id AS "job_id: Uuid", agency_id AS "agency_id: Uuid", row_no, record_id,
                   first_name, surname, dob, sex, postcode, ethnicity, care_status, placing_authority,
                   person_id AS "person_id: Uuid"
               FROM source_records WHERE person_id = $1 ORDER BY agency_id, record_id, id"#,
            person.0
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(SourceRecord::from)
        .collect())
    }

    async fn source_record(&self, id: SourceRecordId) -> StoreResult<Option<SourceRecord>> {
        Ok(sqlx::query_as!(
            SourceRow,
            r#"SELECT id AS "id: Uuid", job_id AS "job_id: Uuid", agency_id AS "agency_id: Uuid", row_no, record_id,
                   first_name, surname, dob, sex, postcode, ethnicity, care_status, placing_authority,
                   person_id AS "person_id: Uuid"
               FROM source_records WHERE id = $1"#,
            id.0
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        .map(SourceRecord::from))
    }
}
