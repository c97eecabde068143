//! The partner directory (`directory_teams`, `directory_pathways`) on PostgreSQL.

use super::{PostgresStore, backend, commit, db_err, insert_audit};
use async_trait::async_trait;
use chrono::{DateTime, SubsecRound, Utc};
use haven_domain::audit::AuditEvent;
use haven_domain::directory::{Pathway, Team};
use haven_domain::ids::{AreaId, PathwayId, TeamId};
use haven_store::{AreaDirectory, DirectoryStore, PathwayRow, StoreError, StoreResult, TeamRow};
use uuid::Uuid;

#[async_trait]
impl DirectoryStore for PostgresStore {
    async fn create_team(&self, t: &Team, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let d = &t.details;
        let (kind, by, at) = (d.kind.code(), audit.actor.map(|a| a.user_id.0), audit.at.trunc_subsecs(6));
        sqlx::query!(
            "INSERT INTO directory_teams (id, area_id, agency_id, name, kind, what, how_to_refer, email, phone, active,
                 created_by, created_at, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            t.id.0,
            t.area_id.0,
            t.agency_id.0,
            d.name,
            kind,
            d.what,
            d.how_to_refer,
            d.email,
            d.phone,
            d.active,
            by,
            at,
            t.version
        )
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn team(&self, id: TeamId) -> StoreResult<Option<Team>> {
        let row = sqlx::query_as!(
            TeamRow,
            r#"SELECT id, area_id, agency_id, name, kind, what,
                   how_to_refer, email, phone, active, version
               FROM directory_teams WHERE id = $1"#,
            id.0
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(Team::try_from).transpose()
    }

    async fn update_team(&self, t: &Team, expected_version: i64, audit: &AuditEvent) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let d = &t.details;
        let kind = d.kind.code();
        let done = sqlx::query!(
            "UPDATE directory_teams SET name = $1, kind = $2, what = $3, how_to_refer = $4, email = $5, phone = $6,
                 active = $7, version = version + 1
             WHERE id = $8 AND version = $9",
            d.name,
            kind,
            d.what,
            d.how_to_refer,
            d.email,
            d.phone,
            d.active,
            t.id.0,
            expected_version
        )
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        if done.rows_affected() == 0 {
            let exists = sqlx::query_scalar!(r#"SELECT 1::bigint AS "x!" FROM directory_teams WHERE id = $1"#, t.id.0)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?;
            return Err(if exists.is_some() { StoreError::Conflict } else { StoreError::NotFound });
        }
        insert_audit(&mut tx, audit).await?;
        commit(tx).await?;
        Ok(expected_version + 1)
    }

    async fn area_directory(&self, area: AreaId) -> StoreResult<AreaDirectory> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        let rows = sqlx::query_as!(
            TeamRow,
            r#"SELECT id, area_id, agency_id, name, kind, what,
                   how_to_refer, email, phone, active, version
               FROM directory_teams WHERE area_id = $1 ORDER BY name, id"#,
            area.0
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
        let pathways = sqlx::query_as!(
            PathwayRow,
            r#"SELECT p.id, p.from_team, p.to_team, p.used_when,
                   p.how
               FROM directory_pathways p
               JOIN directory_teams f ON f.id = p.from_team
               JOIN directory_teams t ON t.id = p.to_team
               WHERE f.area_id = $1 AND p.removed_at IS NULL
               ORDER BY f.name, t.name, p.used_when, p.id"#,
            area.0
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
        let mut teams = rows.into_iter().map(Team::try_from).collect::<StoreResult<Vec<_>>>()?;
        teams.sort_by_key(|t| t.details.kind);
        Ok(AreaDirectory { teams, pathways: pathways.into_iter().map(Pathway::from).collect() })
    }

    async fn create_pathway(&self, p: &Pathway, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let (by, at) = (audit.actor.map(|a| a.user_id.0), audit.at.trunc_subsecs(6));
        sqlx::query!(
            "INSERT INTO directory_pathways (id, from_team, to_team, used_when, how, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            p.id.0,
            p.from_team.0,
            p.to_team.0,
            p.when,
            p.how,
            by,
            at
        )
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn pathway(&self, id: PathwayId) -> StoreResult<Option<Pathway>> {
        let row = sqlx::query_as!(
            PathwayRow,
            r#"SELECT id, from_team, to_team, used_when, how
               FROM directory_pathways WHERE id = $1 AND removed_at IS NULL"#,
            id.0
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        Ok(row.map(Pathway::from))
    }

    async fn remove_pathway(&self, id: PathwayId, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let (by, at): (Option<Uuid>, DateTime<Utc>) = (audit.actor.map(|a| a.user_id.0), audit.at.trunc_subsecs(6));
        let done = sqlx::query!(
            "UPDATE directory_pathways SET removed_by = $1, removed_at = $2 WHERE id = $3 AND removed_at IS NULL",
            by,
            at,
            id.0
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }
}
