//! Disruption activity (`disruptions`) on SQLite.

use super::{SqliteStore, backend, commit, db_err, id_set, insert_audit, person_exists};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use haven_domain::audit::AuditEvent;
use haven_domain::disruption::Disruption;
use haven_domain::ids::DisruptionId;
use haven_store::{
    DisruptionListed, DisruptionQuery, DisruptionRow, DisruptionStore, StoreError, StoreResult, disruptions_listed,
};
use sqlx::sqlite::SqliteConnection;
use uuid::Uuid;

/// The rows `q` asks for (of any owner when `any_owner`), with their parties' holders.
async fn select(
    conn: &mut SqliteConnection,
    q: &DisruptionQuery,
    any_owner: bool,
) -> StoreResult<Vec<DisruptionListed>> {
    let owners = id_set(q.owners.iter().map(|a| a.0));
    let (id, area, person, location) =
        (q.id.map(|i| i.0), q.area.map(|a| a.0), q.person.map(|p| p.0), q.location.map(|l| l.0));
    let (four_p, tactic) = (q.four_p.map(|p| p.code()), q.tactic.map(|t| t.code()));
    let rows = sqlx::query_as!(
        DisruptionRow,
        r#"SELECT d.id AS "id!: Uuid", d.area_id AS "area_id!: Uuid", d.person_id AS "person_id?: Uuid",
               d.location_id AS "location_id?: Uuid", d.child_id AS "child_id?: Uuid",
               d.meeting_id AS "meeting_id?: Uuid", d.action_id AS "action_id?: Uuid", d.four_p AS "four_p!",
               d.tactic AS "tactic!", d.done_on AS "done_on!: NaiveDate", d.issued_on AS "issued_on?: NaiveDate",
               d.expires_on AS "expires_on?: NaiveDate", d.outcome AS "outcome!", d.outcome_note AS "outcome_note!",
               d.officer_name AS "officer_name!", d.officer_agency AS "officer_agency!: Uuid",
               d.owner_agency AS "owner_agency!: Uuid", d.created_by AS "created_by?: Uuid",
               d.created_at AS "created_at!: DateTime<Utc>", d.version AS "version!: i64",
               COALESCE(p.given_name || ' ' || p.family_name, l.name || ', ' || l.address, l.address, '')
                   AS "label!: String",
               c.given_name || ' ' || c.family_name AS "child_label?: String"
           FROM disruptions d
           LEFT JOIN people p ON p.id = d.person_id
           LEFT JOIN locations l ON l.id = d.location_id
           LEFT JOIN people c ON c.id = d.child_id
           WHERE (? OR d.owner_agency IN (SELECT unhex(value) FROM json_each(?)))
             AND (? IS NULL OR d.id = ?)
             AND (? IS NULL OR d.area_id = ?)
             AND (? IS NULL OR d.person_id = ? OR d.child_id = ?)
             AND (? IS NULL OR d.location_id = ?)
             AND (? IS NULL OR d.four_p = ?)
             AND (? IS NULL OR d.tactic = ?)
             AND (? IS NULL OR d.done_on >= ?)
             AND (? IS NULL OR d.done_on <= ?)
           ORDER BY d.done_on DESC, d.id DESC"#,
        any_owner,
        owners,
        id,
        id,
        area,
        area,
        person,
        person,
        person,
        location,
        location,
        four_p,
        four_p,
        tactic,
        tactic,
        q.from,
        q.from,
        q.to,
        q.to
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(backend)?;
    let holders = sqlx::query!(
        r#"SELECT person_id AS "person_id: Uuid", agency_id AS "agency_id: Uuid" FROM agency_records
           WHERE person_id IN (SELECT unhex(value) FROM json_each(?))"#,
        id_set(DisruptionRow::people(&rows))
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(backend)?;
    let holders: Vec<(Uuid, Uuid)> = holders.into_iter().map(|h| (h.person_id, h.agency_id)).collect();
    disruptions_listed(rows, &holders)
}

/// `Missing` naming the first reference of `d` that is not in the store.
async fn check_references(conn: &mut SqliteConnection, d: &Disruption) -> StoreResult<()> {
    if let Some(p) = d.subject.person()
        && !person_exists(conn, p).await?
    {
        return Err(StoreError::Missing { field: "person_id" });
    }
    if let Some(l) = d.subject.location() {
        let n = sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM locations WHERE id = ?"#, l.0)
            .fetch_one(&mut *conn)
            .await
            .map_err(backend)?;
        if n == 0 {
            return Err(StoreError::Missing { field: "location_id" });
        }
    }
    if let Some(c) = d.child_id
        && !person_exists(conn, c).await?
    {
        return Err(StoreError::Missing { field: "child_id" });
    }
    let area = sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM areas WHERE id = ?"#, d.area_id.0)
        .fetch_one(&mut *conn)
        .await
        .map_err(backend)?;
    if area == 0 {
        return Err(StoreError::Missing { field: "area" });
    }
    if let Some(m) = d.meeting_id {
        let n = sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM mace_meetings WHERE id = ?"#, m.0)
            .fetch_one(&mut *conn)
            .await
            .map_err(backend)?;
        if n == 0 {
            return Err(StoreError::Missing { field: "meeting_id" });
        }
    }
    if let Some(a) = d.action_id {
        let n = sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM mace_actions WHERE id = ?"#, a.0)
            .fetch_one(&mut *conn)
            .await
            .map_err(backend)?;
        if n == 0 {
            return Err(StoreError::Missing { field: "action_id" });
        }
    }
    Ok(())
}

/// Writes a disruption, its references already known to exist (an unknown agency is
/// `Missing { field: "officer_agency" }`).
pub(crate) async fn insert_disruption(conn: &mut SqliteConnection, d: &Disruption) -> StoreResult<()> {
    let (person, location) = (d.subject.person().map(|p| p.0), d.subject.location().map(|l| l.0));
    let (child, meeting, action) = (d.child_id.map(|c| c.0), d.meeting_id.map(|m| m.0), d.action_id.map(|a| a.0));
    let (four_p, tactic, outcome) = (d.four_p.code(), d.tactic.code(), d.outcome.code());
    let (by, at) = (d.created_by.map(|u| u.0), d.created_at.trunc_subsecs(6));
    sqlx::query!(
        "INSERT INTO disruptions (id, area_id, person_id, location_id, child_id, meeting_id, action_id, four_p,
             tactic, done_on, issued_on, expires_on, outcome, outcome_note, officer_name, officer_agency,
             owner_agency, created_by, created_at, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        d.id.0,
        d.area_id.0,
        person,
        location,
        child,
        meeting,
        action,
        four_p,
        tactic,
        d.done_on,
        d.issued_on,
        d.expires_on,
        outcome,
        d.outcome_note,
        d.officer_name,
        d.officer_agency.0,
        d.owner.0,
        by,
        at,
        d.version
    )
    .execute(&mut *conn)
    .await
    .map_err(db_err("officer_agency"))?;
    Ok(())
}

#[async_trait]
impl DisruptionStore for SqliteStore {
    async fn record_disruption(&self, d: &Disruption, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        check_references(&mut tx, d).await?;
        insert_disruption(&mut tx, d).await?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn disruption(&self, id: DisruptionId) -> StoreResult<Option<DisruptionListed>> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        let q = DisruptionQuery { id: Some(id), ..DisruptionQuery::default() };
        Ok(select(&mut conn, &q, true).await?.pop())
    }

    async fn disruptions(&self, q: &DisruptionQuery, audit: &AuditEvent) -> StoreResult<Vec<DisruptionListed>> {
        let mut tx = self.read().await?;
        let listed = select(&mut tx, q, false).await?;
        self.audited(tx, audit).await?;
        Ok(listed)
    }

    async fn update_disruption_outcome(
        &self,
        d: &Disruption,
        expected_version: i64,
        audit: &AuditEvent,
    ) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let outcome = d.outcome.code();
        let done = sqlx::query!(
            "UPDATE disruptions SET outcome = ?, outcome_note = ?, version = version + 1 WHERE id = ? AND version = ?",
            outcome,
            d.outcome_note,
            d.id.0,
            expected_version
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
