//! The missing-episode rules of each area on SQLite: `area_rules`, one row per saved version,
//! which triggers keep as saved. The rules are the domain's `MissingRules` as JSON.

use super::{SqliteStore, backend, commit, db_err, insert_audit};
use async_trait::async_trait;
use chrono::{DateTime, SubsecRound, Utc};
use haven_domain::audit::AuditEvent;
use haven_domain::ids::{AreaId, UserId};
use haven_domain::missing::rules::{MissingRules, RulesVersion};
use haven_store::{RulesStore, StoreError, StoreResult};
use sqlx::types::Json;
use uuid::Uuid;

#[derive(Debug)]
struct RulesRow {
    area_id: Uuid,
    number: i64,
    rules: Json<MissingRules>,
    applies_from: DateTime<Utc>,
    saved_at: DateTime<Utc>,
    saved_by: Option<Uuid>,
    saved_by_label: String,
}

impl From<RulesRow> for RulesVersion {
    fn from(r: RulesRow) -> Self {
        RulesVersion {
            area_id: AreaId(r.area_id),
            number: r.number,
            rules: r.rules.0,
            applies_from: r.applies_from,
            saved_at: r.saved_at,
            saved_by: r.saved_by.map(UserId),
            saved_by_label: r.saved_by_label,
        }
    }
}

#[async_trait]
impl RulesStore for SqliteStore {
    async fn add_rules_version(&self, v: &RulesVersion, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let latest = sqlx::query_scalar!(
            r#"SELECT COALESCE(MAX(number), 0) AS "n!: i64" FROM area_rules WHERE area_id = ?"#,
            v.area_id.0
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        if v.number != latest + 1 {
            return Err(StoreError::Conflict);
        }
        let (applies_from, saved_at) = (v.applies_from.trunc_subsecs(6), v.saved_at.trunc_subsecs(6));
        let saved_by = v.saved_by.map(|u| u.0);
        sqlx::query!(
            "INSERT INTO area_rules (area_id, number, rules, applies_from, saved_at, saved_by, saved_by_label)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
            v.area_id.0,
            v.number,
            Json(&v.rules) as _,
            applies_from,
            saved_at,
            saved_by,
            v.saved_by_label,
        )
        .execute(&mut *tx)
        .await
        .map_err(|e| match db_err("area")(e) {
            // Someone saved the same number meanwhile.
            StoreError::Duplicate { .. } => StoreError::Conflict,
            other => other,
        })?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn rules_at(&self, area: AreaId, at: DateTime<Utc>) -> StoreResult<Option<RulesVersion>> {
        let at = at.trunc_subsecs(6);
        let row = sqlx::query_as!(
            RulesRow,
            r#"SELECT area_id AS "area_id: Uuid", number, rules AS "rules: Json<MissingRules>",
                   applies_from AS "applies_from: DateTime<Utc>", saved_at AS "saved_at: DateTime<Utc>",
                   saved_by AS "saved_by: Uuid", saved_by_label
               FROM area_rules WHERE area_id = ? AND applies_from <= ?
               ORDER BY applies_from DESC, number DESC LIMIT 1"#,
            area.0,
            at
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        Ok(row.map(RulesVersion::from))
    }

    async fn rules_versions(&self, area: AreaId) -> StoreResult<Vec<RulesVersion>> {
        let rows = sqlx::query_as!(
            RulesRow,
            r#"SELECT area_id AS "area_id: Uuid", number, rules AS "rules: Json<MissingRules>",
                   applies_from AS "applies_from: DateTime<Utc>", saved_at AS "saved_at: DateTime<Utc>",
                   saved_by AS "saved_by: Uuid", saved_by_label
               FROM area_rules WHERE area_id = ? ORDER BY number DESC"#,
            area.0
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows.into_iter().map(RulesVersion::from).collect())
    }

    async fn rules_in_force(&self, at: DateTime<Utc>) -> StoreResult<Vec<RulesVersion>> {
        let at = at.trunc_subsecs(6);
        // Every version applying by then, the one in force first for each area.
        let rows = sqlx::query_as!(
            RulesRow,
            r#"SELECT area_id AS "area_id: Uuid", number, rules AS "rules: Json<MissingRules>",
                   applies_from AS "applies_from: DateTime<Utc>", saved_at AS "saved_at: DateTime<Utc>",
                   saved_by AS "saved_by: Uuid", saved_by_label
               FROM area_rules WHERE applies_from <= ?
               ORDER BY area_id, applies_from DESC, number DESC"#,
            at
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        let mut out: Vec<RulesVersion> = Vec::new();
        for row in rows {
            if out.last().is_none_or(|v| v.area_id.0 != row.area_id) {
                out.push(row.into());
            }
        }
        Ok(out)
    }
}
