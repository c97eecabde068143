//! Exploitation screenings on SQLite: `screenings`, one row per screening, which triggers keep as
//! made. The answers are the domain's `Answers` as JSON.

use super::rows::stored;
use super::{SqliteStore, backend, commit, db_err, insert_audit};
use async_trait::async_trait;
use chrono::{DateTime, SubsecRound, Utc};
use haven_domain::audit::AuditEvent;
use haven_domain::ids::{AgencyId, PersonId, ScreeningId, UserId};
use haven_domain::screening::{Answers, Assessment, Screening, Tier};
use haven_store::{ScreeningStore, StoreError, StoreResult};
use sqlx::sqlite::SqliteConnection;
use sqlx::types::Json;
use uuid::Uuid;

#[derive(Debug)]
struct ScreeningRow {
    id: Uuid,
    person_id: Uuid,
    owner_agency: Uuid,
    tool_version: i64,
    answers: Json<Answers>,
    score: i64,
    band: String,
    floor_applied: bool,
    computed_tier: String,
    tier: String,
    reason: Option<String>,
    screened_by: Option<Uuid>,
    screened_by_label: String,
    screened_at: DateTime<Utc>,
}

impl TryFrom<ScreeningRow> for Screening {
    type Error = StoreError;
    fn try_from(r: ScreeningRow) -> StoreResult<Self> {
        let number = |v: i64, column| stored(u32::try_from(v).map_err(|_| "out-of-range"), column);
        Ok(Screening {
            id: ScreeningId(r.id),
            person_id: PersonId(r.person_id),
            owner: AgencyId(r.owner_agency),
            tool_version: number(r.tool_version, "screenings.tool_version")?,
            answers: r.answers.0,
            assessment: Assessment {
                score: number(r.score, "screenings.score")?,
                band: stored(Tier::parse(&r.band), "screenings.band")?,
                floor_applied: r.floor_applied,
                tier: stored(Tier::parse(&r.computed_tier), "screenings.computed_tier")?,
            },
            tier: stored(Tier::parse(&r.tier), "screenings.tier")?,
            reason: r.reason,
            by: r.screened_by.map(UserId),
            by_label: r.screened_by_label,
            at: r.screened_at,
        })
    }
}

/// Writes one screening on `conn` (a screening's own transaction, or a bulk load's).
pub(crate) async fn insert_screening(conn: &mut SqliteConnection, s: &Screening) -> StoreResult<()> {
    let (tool_version, score) = (i64::from(s.tool_version), i64::from(s.assessment.score));
    let (band, computed, tier) = (s.assessment.band.code(), s.assessment.tier.code(), s.tier.code());
    let by = s.by.map(|u| u.0);
    let at = s.at.trunc_subsecs(6);
    sqlx::query!(
        "INSERT INTO screenings (id, person_id, owner_agency, tool_version, answers, score, band, floor_applied,
                 computed_tier, tier, reason, screened_by, screened_by_label, screened_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s.id.0,
        s.person_id.0,
        s.owner.0,
        tool_version,
        Json(&s.answers) as _,
        score,
        band,
        s.assessment.floor_applied,
        computed,
        tier,
        s.reason,
        by,
        s.by_label,
        at,
    )
    .execute(&mut *conn)
    .await
    .map_err(db_err("person_id"))?;
    Ok(())
}

#[async_trait]
impl ScreeningStore for SqliteStore {
    async fn add_screening(&self, s: &Screening, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        insert_screening(&mut tx, s).await?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn person_screenings(&self, person: PersonId, audit: &AuditEvent) -> StoreResult<Vec<Screening>> {
        let mut tx = self.read().await?;
        let rows = sqlx::query_as!(
            ScreeningRow,
            r#"SELECT id AS "id: Uuid", person_id AS "person_id: Uuid", owner_agency AS "owner_agency: Uuid",
                   tool_version, answers AS "answers: Json<Answers>", score, band, floor_applied AS "floor_applied: bool",
                   computed_tier, tier, reason, screened_by AS "screened_by: Uuid", screened_by_label,
                   screened_at AS "screened_at: DateTime<Utc>"
               FROM screenings WHERE person_id = ? ORDER BY screened_at DESC, id DESC"#,
            person.0
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        self.audited(tx, audit).await?;
        rows.into_iter().map(Screening::try_from).collect()
    }

    async fn latest_screenings(&self, people: &[PersonId]) -> StoreResult<Vec<Screening>> {
        let ids = crate::id_set(people.iter().map(|p| p.0));
        // The newest screening of each child by each agency: no later one by the same agency.
        let rows = sqlx::query_as!(
            ScreeningRow,
            r#"SELECT s.id AS "id: Uuid", s.person_id AS "person_id: Uuid", s.owner_agency AS "owner_agency: Uuid",
                   s.tool_version, s.answers AS "answers: Json<Answers>", s.score, s.band,
                   s.floor_applied AS "floor_applied: bool", s.computed_tier, s.tier, s.reason,
                   s.screened_by AS "screened_by: Uuid", s.screened_by_label,
                   s.screened_at AS "screened_at: DateTime<Utc>"
               FROM screenings s
               WHERE s.person_id IN (SELECT unhex(value) FROM json_each(?))
                 AND NOT EXISTS (
                     SELECT 1 FROM screenings later
                     WHERE later.person_id = s.person_id AND later.owner_agency = s.owner_agency
                       AND (later.screened_at > s.screened_at OR (later.screened_at = s.screened_at AND later.id > s.id)))
               ORDER BY s.person_id, s.screened_at DESC, s.id DESC"#,
            ids
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter().map(Screening::try_from).collect()
    }
}
