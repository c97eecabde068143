//! Warning markers (`markers`, `marker_reviews`) and NRM referrals (`nrm_referrals`) on SQLite.

use super::{SqliteStore, backend, commit, db_err, id_set, insert_audit, person_exists};
use crate::rows::stored;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use haven_domain::audit::AuditEvent;
use haven_domain::ids::{AgencyId, LocationId, MarkerId, NrmId, PersonId, UserId};
use haven_domain::marker::{Approval, Marker, MarkerReview, MarkerSubject, MarkerType, ReviewOutcome};
use haven_domain::nrm::{DecisionOutcome, ExploitationType, FirstResponder, NrmDecision, NrmReferral};
use haven_store::{MarkerListed, MarkerStore, NrmStore, StoreError, StoreResult};
use sqlx::sqlite::SqliteConnection;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug)]
struct MarkerRow {
    id: Uuid,
    person_id: Option<Uuid>,
    location_id: Option<Uuid>,
    marker_type: String,
    reason: String,
    source_agency: Uuid,
    source_note: String,
    starts_on: NaiveDate,
    review_on: NaiveDate,
    owner_agency: Uuid,
    raised_by: Option<Uuid>,
    raised_at: DateTime<Utc>,
    needs_approval: bool,
    approved_by: Option<Uuid>,
    approved_agency: Option<Uuid>,
    approved_at: Option<DateTime<Utc>>,
    ended_on: Option<NaiveDate>,
    version: i64,
}

#[derive(Debug)]
struct ReviewRow {
    marker_id: Uuid,
    reviewed_on: NaiveDate,
    outcome: String,
    next_review_on: Option<NaiveDate>,
    note: String,
    reviewed_by: Option<Uuid>,
    reviewed_at: DateTime<Utc>,
}

fn marker_from(r: MarkerRow, reviews: Vec<MarkerReview>) -> StoreResult<Marker> {
    let subject = match (r.person_id, r.location_id) {
        (Some(p), None) => MarkerSubject::Person(PersonId(p)),
        (None, Some(l)) => MarkerSubject::Location(LocationId(l)),
        _ => return Err(StoreError::Backend("a marker is on neither a person nor a place".into())),
    };
    let approval = match (r.approved_by, r.approved_at) {
        (Some(by), Some(at)) => {
            Some(Approval { by: UserId(by), agency: AgencyId(r.approved_agency.unwrap_or(r.owner_agency)), at })
        }
        _ => None,
    };
    Ok(Marker {
        id: MarkerId(r.id),
        subject,
        marker_type: stored(MarkerType::parse(&r.marker_type), "markers.marker_type")?,
        reason: r.reason,
        source_agency: AgencyId(r.source_agency),
        source_note: r.source_note,
        starts_on: r.starts_on,
        review_on: r.review_on,
        owner: AgencyId(r.owner_agency),
        raised_by: r.raised_by.map(UserId),
        raised_at: r.raised_at,
        needs_approval: r.needs_approval,
        approval,
        reviews,
        ended_on: r.ended_on,
        version: r.version,
    })
}

/// The markers with these ids, each with its reviews, newest start first.
async fn load_markers(conn: &mut SqliteConnection, ids: &[Uuid]) -> StoreResult<Vec<Marker>> {
    let set = id_set(ids.iter().copied());
    let rows = sqlx::query_as!(
        MarkerRow,
        r#"SELECT id AS "id: Uuid", person_id AS "person_id: Uuid", location_id AS "location_id: Uuid",
               marker_type, reason, source_agency AS "source_agency: Uuid", source_note,
               starts_on AS "starts_on: NaiveDate", review_on AS "review_on: NaiveDate",
               owner_agency AS "owner_agency: Uuid", raised_by AS "raised_by: Uuid",
               raised_at AS "raised_at: DateTime<Utc>", needs_approval AS "needs_approval: bool",
               approved_by AS "approved_by: Uuid", approved_agency AS "approved_agency: Uuid",
               approved_at AS "approved_at: DateTime<Utc>", ended_on AS "ended_on: NaiveDate", version
           FROM markers WHERE id IN (SELECT unhex(value) FROM json_each(?))
           ORDER BY starts_on DESC, id DESC"#,
        set
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(backend)?;
    let reviews = sqlx::query_as!(
        ReviewRow,
        r#"SELECT marker_id AS "marker_id: Uuid", reviewed_on AS "reviewed_on: NaiveDate", outcome,
               next_review_on AS "next_review_on: NaiveDate", note, reviewed_by AS "reviewed_by: Uuid",
               reviewed_at AS "reviewed_at: DateTime<Utc>"
           FROM marker_reviews WHERE marker_id IN (SELECT unhex(value) FROM json_each(?))
           ORDER BY marker_id, position"#,
        set
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(backend)?;
    let mut by_marker: HashMap<Uuid, Vec<MarkerReview>> = HashMap::new();
    for r in reviews {
        by_marker.entry(r.marker_id).or_default().push(MarkerReview {
            reviewed_on: r.reviewed_on,
            outcome: stored(ReviewOutcome::parse(&r.outcome), "marker_reviews.outcome")?,
            next_review_on: r.next_review_on,
            note: r.note,
            by: r.reviewed_by.map(UserId),
            at: r.reviewed_at,
        });
    }
    rows.into_iter()
        .map(|r| {
            let reviews = by_marker.remove(&r.id).unwrap_or_default();
            marker_from(r, reviews)
        })
        .collect()
}

async fn insert_review(conn: &mut SqliteConnection, id: MarkerId, position: i64, r: &MarkerReview) -> StoreResult<()> {
    let (outcome, by, at) = (r.outcome.code(), r.by.map(|u| u.0), r.at.trunc_subsecs(6));
    sqlx::query!(
        "INSERT INTO marker_reviews (marker_id, position, reviewed_on, outcome, next_review_on, note, reviewed_by,
             reviewed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        id.0,
        position,
        r.reviewed_on,
        outcome,
        r.next_review_on,
        r.note,
        by,
        at
    )
    .execute(conn)
    .await
    .map_err(db_err("reviewed_by"))?;
    Ok(())
}

/// Writes a marker with its reviews, its subject already known to exist.
pub(crate) async fn insert_marker(
    conn: &mut SqliteConnection,
    m: &Marker,
    person: Option<Uuid>,
    location: Option<Uuid>,
) -> StoreResult<()> {
    let (kind, raised_by, raised_at) = (m.marker_type.code(), m.raised_by.map(|u| u.0), m.raised_at.trunc_subsecs(6));
    let approved_by = m.approval.as_ref().map(|a| a.by.0);
    let approved_agency = m.approval.as_ref().map(|a| a.agency.0);
    let approved_at = m.approval.as_ref().map(|a| a.at.trunc_subsecs(6));
    sqlx::query!(
        "INSERT INTO markers (id, person_id, location_id, marker_type, reason, source_agency, source_note,
             starts_on, review_on, owner_agency, raised_by, raised_at, needs_approval, approved_by,
             approved_agency, approved_at, ended_on, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        m.id.0,
        person,
        location,
        kind,
        m.reason,
        m.source_agency.0,
        m.source_note,
        m.starts_on,
        m.review_on,
        m.owner.0,
        raised_by,
        raised_at,
        m.needs_approval,
        approved_by,
        approved_agency,
        approved_at,
        m.ended_on,
        m.version
    )
    .execute(&mut *conn)
    .await
    .map_err(db_err("source_agency"))?;
    for (position, review) in (1_i64..).zip(&m.reviews) {
        insert_review(&mut *conn, m.id, position, review).await?;
    }
    Ok(())
}

/// Writes an NRM referral, its person already known to exist.
pub(crate) async fn insert_nrm(conn: &mut SqliteConnection, r: &NrmReferral) -> StoreResult<()> {
    let (responder, exploitation) = (r.first_responder.code(), r.exploitation.code());
    let (rg_outcome, rg_on) =
        (r.reasonable_grounds.map(|d| d.outcome.code()), r.reasonable_grounds.map(|d| d.decided_on));
    let (cg_outcome, cg_on) =
        (r.conclusive_grounds.map(|d| d.outcome.code()), r.conclusive_grounds.map(|d| d.decided_on));
    let (by, at) = (r.recorded_by.map(|u| u.0), r.recorded_at.trunc_subsecs(6));
    sqlx::query!(
        "INSERT INTO nrm_referrals (id, person_id, first_responder, first_responder_note, referred_on,
             exploitation, rg_outcome, rg_on, cg_outcome, cg_on, owner_agency, recorded_by, recorded_at, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        r.id.0,
        r.person_id.0,
        responder,
        r.first_responder_note,
        r.referred_on,
        exploitation,
        rg_outcome,
        rg_on,
        cg_outcome,
        cg_on,
        r.owner.0,
        by,
        at,
        r.version
    )
    .execute(&mut *conn)
    .await
    .map_err(db_err("owner"))?;
    Ok(())
}

#[async_trait]
impl MarkerStore for SqliteStore {
    async fn raise_marker(&self, m: &Marker, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let (person, location) = match m.subject {
            MarkerSubject::Person(p) => {
                if !person_exists(&mut tx, p).await? {
                    return Err(StoreError::Missing { field: "person_id" });
                }
                (Some(p.0), None)
            }
            MarkerSubject::Location(l) => {
                let n = sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM locations WHERE id = ?"#, l.0)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(backend)?;
                if n == 0 {
                    return Err(StoreError::Missing { field: "location_id" });
                }
                (None, Some(l.0))
            }
        };
        insert_marker(&mut tx, m, person, location).await?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn marker(&self, id: MarkerId) -> StoreResult<Option<Marker>> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        Ok(load_markers(&mut conn, &[id.0]).await?.pop())
    }

    async fn person_markers(&self, person: PersonId, audit: &AuditEvent) -> StoreResult<Vec<Marker>> {
        let mut tx = self.read().await?;
        let ids = sqlx::query_scalar!(r#"SELECT id AS "id: Uuid" FROM markers WHERE person_id = ?"#, person.0)
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
        let markers = load_markers(&mut tx, &ids).await?;
        self.audited(tx, audit).await?;
        Ok(markers)
    }

    async fn location_markers(&self, location: LocationId, audit: &AuditEvent) -> StoreResult<Vec<Marker>> {
        let mut tx = self.read().await?;
        let ids = sqlx::query_scalar!(r#"SELECT id AS "id: Uuid" FROM markers WHERE location_id = ?"#, location.0)
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
        let markers = load_markers(&mut tx, &ids).await?;
        self.audited(tx, audit).await?;
        Ok(markers)
    }

    async fn open_markers_of(&self, people: &[PersonId]) -> StoreResult<Vec<Marker>> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        let set = id_set(people.iter().map(|p| p.0));
        let ids = sqlx::query_scalar!(
            r#"SELECT id AS "id: Uuid" FROM markers
               WHERE ended_on IS NULL AND person_id IN (SELECT unhex(value) FROM json_each(?))"#,
            set
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
        let mut markers = load_markers(&mut conn, &ids).await?;
        markers.sort_by_key(|m| match m.subject {
            MarkerSubject::Person(p) => (p.0, std::cmp::Reverse(m.starts_on)),
            MarkerSubject::Location(l) => (l.0, std::cmp::Reverse(m.starts_on)),
        });
        Ok(markers)
    }

    async fn open_markers_owned(&self, owners: &[AgencyId], types: &[MarkerType]) -> StoreResult<Vec<Marker>> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        let owners = id_set(owners.iter().map(|a| a.0));
        let types = serde_json::to_string(&types.iter().map(|t| t.code()).collect::<Vec<_>>())
            .map_err(|e| StoreError::Backend(e.to_string()))?;
        let ids = sqlx::query_scalar!(
            r#"SELECT id AS "id: Uuid" FROM markers
               WHERE ended_on IS NULL
                 AND owner_agency IN (SELECT unhex(value) FROM json_each(?))
                 AND marker_type IN (SELECT value FROM json_each(?))"#,
            owners,
            types
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
        let mut markers = load_markers(&mut conn, &ids).await?;
        markers.sort_by_key(|m| (std::cmp::Reverse(m.starts_on), m.id.0));
        Ok(markers)
    }

    async fn overdue_markers(
        &self,
        today: NaiveDate,
        owners: &[AgencyId],
        audit: &AuditEvent,
    ) -> StoreResult<Vec<MarkerListed>> {
        let mut tx = self.read().await?;
        let set = id_set(owners.iter().map(|a| a.0));
        let listed = sqlx::query!(
            r#"SELECT m.id AS "id: Uuid", m.person_id AS "person_id: Uuid",
                   COALESCE(p.given_name || ' ' || p.family_name, l.name || ', ' || l.address, l.address, '')
                       AS "label!: String"
               FROM markers m
               LEFT JOIN people p ON p.id = m.person_id
               LEFT JOIN locations l ON l.id = m.location_id
               WHERE m.ended_on IS NULL AND m.review_on < ?
                 AND m.owner_agency IN (SELECT unhex(value) FROM json_each(?))
               ORDER BY m.review_on, m.id"#,
            today,
            set
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let ids: Vec<Uuid> = listed.iter().map(|r| r.id).collect();
        let people: Vec<Uuid> = listed.iter().filter_map(|r| r.person_id).collect();
        let mut markers: HashMap<Uuid, Marker> =
            load_markers(&mut tx, &ids).await?.into_iter().map(|m| (m.id.0, m)).collect();
        let holders = sqlx::query!(
            r#"SELECT person_id AS "person_id: Uuid", agency_id AS "agency_id: Uuid" FROM agency_records
               WHERE person_id IN (SELECT unhex(value) FROM json_each(?))
               ORDER BY person_id, agency_id"#,
            id_set(people)
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        self.audited(tx, audit).await?;
        let mut holders_of: HashMap<Uuid, Vec<AgencyId>> = HashMap::new();
        for h in holders {
            holders_of.entry(h.person_id).or_default().push(AgencyId(h.agency_id));
        }
        let mut out = Vec::with_capacity(listed.len());
        for r in listed {
            let Some(marker) = markers.remove(&r.id) else { continue };
            let holders = r.person_id.and_then(|p| holders_of.get(&p).cloned()).unwrap_or_default();
            out.push(MarkerListed { marker, holders, label: r.label });
        }
        Ok(out)
    }

    async fn approve_marker(
        &self,
        id: MarkerId,
        expected_version: i64,
        approval: &Approval,
        audit: &AuditEvent,
    ) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let at = approval.at.trunc_subsecs(6);
        let done = sqlx::query!(
            "UPDATE markers SET approved_by = ?, approved_agency = ?, approved_at = ?, version = version + 1
             WHERE id = ? AND version = ? AND approved_by IS NULL AND ended_on IS NULL",
            approval.by.0,
            approval.agency.0,
            at,
            id.0,
            expected_version
        )
        .execute(&mut *tx)
        .await
        .map_err(db_err("approved_by"))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict);
        }
        insert_audit(&mut tx, audit).await?;
        commit(tx).await?;
        Ok(expected_version + 1)
    }

    async fn review_marker(&self, m: &Marker, expected_version: i64, audit: &AuditEvent) -> StoreResult<i64> {
        let Some(review) = m.reviews.last() else { return Err(StoreError::Missing { field: "review" }) };
        let mut tx = self.write().await?;
        let done = sqlx::query!(
            "UPDATE markers SET review_on = ?, ended_on = ?, version = version + 1
             WHERE id = ? AND version = ? AND ended_on IS NULL",
            m.review_on,
            m.ended_on,
            m.id.0,
            expected_version
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict);
        }
        let position = i64::try_from(m.reviews.len()).unwrap_or(i64::MAX);
        insert_review(&mut tx, m.id, position, review).await.map_err(|e| match e {
            StoreError::Duplicate { .. } => StoreError::Conflict,
            other => other,
        })?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await?;
        Ok(expected_version + 1)
    }
}

#[derive(Debug)]
struct NrmRow {
    id: Uuid,
    person_id: Uuid,
    first_responder: String,
    first_responder_note: Option<String>,
    referred_on: NaiveDate,
    exploitation: String,
    rg_outcome: Option<String>,
    rg_on: Option<NaiveDate>,
    cg_outcome: Option<String>,
    cg_on: Option<NaiveDate>,
    owner_agency: Uuid,
    recorded_by: Option<Uuid>,
    recorded_at: DateTime<Utc>,
    version: i64,
}

fn decision(outcome: Option<String>, on: Option<NaiveDate>, column: &'static str) -> StoreResult<Option<NrmDecision>> {
    match (outcome, on) {
        (Some(o), Some(decided_on)) => {
            Ok(Some(NrmDecision { outcome: stored(DecisionOutcome::parse(&o), column)?, decided_on }))
        }
        _ => Ok(None),
    }
}

impl TryFrom<NrmRow> for NrmReferral {
    type Error = StoreError;
    fn try_from(r: NrmRow) -> StoreResult<NrmReferral> {
        Ok(NrmReferral {
            id: NrmId(r.id),
            person_id: PersonId(r.person_id),
            first_responder: stored(FirstResponder::parse(&r.first_responder), "nrm_referrals.first_responder")?,
            first_responder_note: r.first_responder_note,
            referred_on: r.referred_on,
            exploitation: stored(ExploitationType::parse(&r.exploitation), "nrm_referrals.exploitation")?,
            reasonable_grounds: decision(r.rg_outcome, r.rg_on, "nrm_referrals.rg_outcome")?,
            conclusive_grounds: decision(r.cg_outcome, r.cg_on, "nrm_referrals.cg_outcome")?,
            owner: AgencyId(r.owner_agency),
            recorded_by: r.recorded_by.map(UserId),
            recorded_at: r.recorded_at,
            version: r.version,
        })
    }
}

#[async_trait]
impl NrmStore for SqliteStore {
    async fn refer_nrm(&self, r: &NrmReferral, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        if !person_exists(&mut tx, r.person_id).await? {
            return Err(StoreError::Missing { field: "person_id" });
        }
        insert_nrm(&mut tx, r).await?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn nrm(&self, id: NrmId) -> StoreResult<Option<NrmReferral>> {
        sqlx::query_as!(
            NrmRow,
            r#"SELECT id AS "id: Uuid", person_id AS "person_id: Uuid", first_responder, first_responder_note,
                   referred_on AS "referred_on: NaiveDate", exploitation, rg_outcome, rg_on AS "rg_on: NaiveDate",
                   cg_outcome, cg_on AS "cg_on: NaiveDate", owner_agency AS "owner_agency: Uuid",
                   recorded_by AS "recorded_by: Uuid", recorded_at AS "recorded_at: DateTime<Utc>", version
               FROM nrm_referrals WHERE id = ?"#,
            id.0
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        .map(NrmReferral::try_from)
        .transpose()
    }

    async fn person_nrm(&self, person: PersonId, audit: &AuditEvent) -> StoreResult<Vec<NrmReferral>> {
        let mut tx = self.read().await?;
        let rows = sqlx::query_as!(
            NrmRow,
            r#"SELECT id AS "id: Uuid", person_id AS "person_id: Uuid", first_responder, first_responder_note,
                   referred_on AS "referred_on: NaiveDate", exploitation, rg_outcome, rg_on AS "rg_on: NaiveDate",
                   cg_outcome, cg_on AS "cg_on: NaiveDate", owner_agency AS "owner_agency: Uuid",
                   recorded_by AS "recorded_by: Uuid", recorded_at AS "recorded_at: DateTime<Utc>", version
               FROM nrm_referrals WHERE person_id = ? ORDER BY referred_on DESC, id DESC"#,
            person.0
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        self.audited(tx, audit).await?;
        rows.into_iter().map(NrmReferral::try_from).collect()
    }

    async fn nrm_of(&self, people: &[PersonId]) -> StoreResult<Vec<NrmReferral>> {
        let rows = sqlx::query_as!(
            NrmRow,
            r#"SELECT id AS "id: Uuid", person_id AS "person_id: Uuid", first_responder, first_responder_note,
                   referred_on AS "referred_on: NaiveDate", exploitation, rg_outcome, rg_on AS "rg_on: NaiveDate",
                   cg_outcome, cg_on AS "cg_on: NaiveDate", owner_agency AS "owner_agency: Uuid",
                   recorded_by AS "recorded_by: Uuid", recorded_at AS "recorded_at: DateTime<Utc>", version
               FROM nrm_referrals WHERE person_id IN (SELECT unhex(value) FROM json_each(?))
               ORDER BY person_id, referred_on DESC, id DESC"#,
            id_set(people.iter().map(|p| p.0))
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter().map(NrmReferral::try_from).collect()
    }

    async fn decide_nrm(&self, r: &NrmReferral, expected_version: i64, audit: &AuditEvent) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let (rg_outcome, rg_on) =
            (r.reasonable_grounds.map(|d| d.outcome.code()), r.reasonable_grounds.map(|d| d.decided_on));
        let (cg_outcome, cg_on) =
            (r.conclusive_grounds.map(|d| d.outcome.code()), r.conclusive_grounds.map(|d| d.decided_on));
        // A decision once recorded stays as it was: only a blank one is filled.
        let done = sqlx::query!(
            "UPDATE nrm_referrals SET rg_outcome = ?, rg_on = ?, cg_outcome = ?, cg_on = ?, version = version + 1
             WHERE id = ? AND version = ?
               AND (rg_on IS NULL OR (rg_on = ? AND rg_outcome = ?))
               AND (cg_on IS NULL OR (cg_on = ? AND cg_outcome = ?))",
            rg_outcome,
            rg_on,
            cg_outcome,
            cg_on,
            r.id.0,
            expected_version,
            rg_on,
            rg_outcome,
            cg_on,
            cg_outcome
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict);
        }
        insert_audit(&mut tx, audit).await?;
        commit(tx).await?;
        Ok(expected_version + 1)
    }
}
