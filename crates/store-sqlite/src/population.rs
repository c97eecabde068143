//! Each area's child population on the sqlite store: `area_populations`, one row per saved
//! version, which triggers keep as saved. The population is the domain's `Population` as JSON.

use super::{SqliteStore, backend, commit, db_err, insert_audit};
use async_trait::async_trait;
use chrono::{DateTime, SubsecRound, Utc};
use haven_domain::audit::AuditEvent;
use haven_domain::figures::{Population, PopulationVersion};
use haven_domain::ids::{AreaId, UserId};
use haven_store::{PopulationStore, StoreError, StoreResult};
use sqlx::types::Json;
use uuid::Uuid;

#[derive(Debug)]
struct PopulationRow {
    area_id: Uuid,
    number: i64,
    population: Json<Population>,
    saved_at: DateTime<Utc>,
    saved_by: Option<Uuid>,
    saved_by_label: String,
}

impl From<PopulationRow> for PopulationVersion {
    fn from(r: PopulationRow) -> Self {
        PopulationVersion {
            area_id: AreaId(r.area_id),
            number: r.number,
            population: r.population.0,
            saved_at: r.saved_at,
            saved_by: r.saved_by.map(UserId),
            saved_by_label: r.saved_by_label,
        }
    }
}

#[async_trait]
impl PopulationStore for SqliteStore {
    async fn add_population_version(&self, v: &PopulationVersion, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let latest = sqlx::query_scalar!(
            r#"SELECT COALESCE(MAX(number), 0) AS "n!: i64" FROM area_populations WHERE area_id = ?"#,
            v.area_id.0
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        if v.number != latest + 1 {
            return Err(StoreError::Conflict);
        }
        let saved_at = v.saved_at.trunc_subsecs(6);
        let saved_by = v.saved_by.map(|u| u.0);
        sqlx::query!(
            "INSERT INTO area_populations (area_id, number, population, saved_at, saved_by, saved_by_label)
             VALUES (?, ?, ?, ?, ?, ?)",
            v.area_id.0,
            v.number,
            Json(&v.population) as _,
            saved_at,
            saved_by,
            v.saved_by_label,
        )
        .execute(&mut *tx)
        .await
        .map_err(|e| match db_err("area")(e) {
            // Someone saved the same number meanwhile.
            StoreError::Duplicate { .. } => StoreError::Conflict,
            StoreError::Missing { .. } => StoreError::Missing { field: "area" },
            other => other,
        })?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn population(&self, area: AreaId) -> StoreResult<Option<PopulationVersion>> {
        let row = sqlx::query_as!(
            PopulationRow,
            r#"SELECT area_id AS "area_id: Uuid", number, population AS "population: Json<Population>",
                   saved_at AS "saved_at: DateTime<Utc>", saved_by AS "saved_by: Uuid", saved_by_label
               FROM area_populations WHERE area_id = ? ORDER BY number DESC LIMIT 1"#,
            area.0
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        Ok(row.map(PopulationVersion::from))
    }

    async fn population_versions(&self, area: AreaId) -> StoreResult<Vec<PopulationVersion>> {
        let rows = sqlx::query_as!(
            PopulationRow,
            r#"SELECT area_id AS "area_id: Uuid", number, population AS "population: Json<Population>",
                   saved_at AS "saved_at: DateTime<Utc>", saved_by AS "saved_by: Uuid", saved_by_label
               FROM area_populations WHERE area_id = ? ORDER BY number DESC"#,
            area.0
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows.into_iter().map(PopulationVersion::from).collect())
    }
}
