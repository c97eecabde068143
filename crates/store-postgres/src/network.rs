//! Associations and the network's edges (`episode_associations`, `network_links`, and the
//! links MACE meetings made: `mace_item_links`, `mace_links`) on PostgreSQL.

use super::{PostgresStore, backend, commit, db_err, insert_audit};
use async_trait::async_trait;
use chrono::{DateTime, SubsecRound, Utc};
use haven_domain::audit::AuditEvent;
use haven_domain::ids::{AgencyId, AgendaItemId, AreaId, LocationId, MeetingId, PersonId};
use haven_domain::network::{Association, Link, MaceLink, Node, Source};
use haven_store::{ItemLinkRow, LinkRow, NetworkStore, StoreError, StoreResult, links};
use uuid::Uuid;

#[async_trait]
impl NetworkStore for PostgresStore {
    async fn add_association(&self, a: &Association, audit: &AuditEvent) -> StoreResult<DateTime<Utc>> {
        let mut tx = self.write().await?;
        let found = sqlx::query!(
            r#"SELECT e.returned_at AS "returned_at?: DateTime<Utc>", r.held_at AS "held_at?: DateTime<Utc>"
               FROM missing_episodes e LEFT JOIN episode_rhis r ON r.episode_id = e.id WHERE e.id = $1
               FOR UPDATE OF e"#,
            a.episode.0
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or(StoreError::NotFound)?;
        let Some(at) = (match a.source {
            Source::Rhi => found.held_at,
            _ => found.returned_at,
        }) else {
            return Err(StoreError::Conflict);
        };
        let (person, location) = match a.other {
            Node::Person(p) => (Some(p.0), None),
            Node::Location(l) => (None, Some(l.0)),
        };
        let (relation, source) = (a.relation.code(), a.source.code());
        let (at, recorded_at) = (at.trunc_subsecs(6), a.recorded_at.trunc_subsecs(6));
        let recorded_by = a.recorded_by.map(|u| u.0);
        sqlx::query!(
            "INSERT INTO episode_associations
                 (id, episode_id, relation, source, person_id, location_id, at, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            a.id.0,
            a.episode.0,
            relation,
            source,
            person,
            location,
            at,
            recorded_by,
            recorded_at
        )
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await?;
        Ok(at)
    }

    async fn links_touching(
        &self,
        people: &[PersonId],
        places: &[LocationId],
        owners: &[AgencyId],
    ) -> StoreResult<Vec<Link>> {
        if (people.is_empty() && places.is_empty()) || owners.is_empty() {
            return Ok(Vec::new());
        }
        let people: Vec<Uuid> = people.iter().map(|p| p.0).collect();
        let places: Vec<Uuid> = places.iter().map(|l| l.0).collect();
        let owners: Vec<Uuid> = owners.iter().map(|a| a.0).collect();
        let rows = sqlx::query_as!(
            LinkRow,
            r#"SELECT child AS "child!: Uuid", other_person AS "other_person?: Uuid",
                   other_location AS "other_location?: Uuid", relation AS "relation!: String",
                   source AS "source!: String", source_id AS "source_id!: Uuid", episode_id AS "episode_id?: Uuid",
                   NULL::uuid AS "meeting_id?: Uuid", owner AS "owner!: Uuid", at AS "at!: DateTime<Utc>"
               FROM network_links
               WHERE owner = ANY($3::uuid[])
                 AND (child = ANY($1::uuid[]) OR other_person = ANY($1::uuid[]) OR other_location = ANY($2::uuid[]))
               ORDER BY at, source_id, relation"#,
            &people,
            &places,
            &owners
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        links(rows)
    }

    async fn area_place_links(
        &self,
        area: AreaId,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        owners: &[AgencyId],
    ) -> StoreResult<Vec<Link>> {
        let owners: Vec<Uuid> = owners.iter().map(|a| a.0).collect();
        let rows = sqlx::query_as!(
            LinkRow,
            r#"SELECT n.child AS "child!: Uuid", n.other_person AS "other_person?: Uuid",
                   n.other_location AS "other_location?: Uuid", n.relation AS "relation!: String",
                   n.source AS "source!: String", n.source_id AS "source_id!: Uuid",
                   n.episode_id AS "episode_id?: Uuid", NULL::uuid AS "meeting_id?: Uuid", n.owner AS "owner!: Uuid",
                   n.at AS "at!: DateTime<Utc>"
               FROM network_links n LEFT JOIN locations l ON l.id = n.other_location
               WHERE (n.area_id = $1 OR l.area_id = $1) AND n.relation IN ('missing_from', 'found_at')
                 AND n.at >= $2 AND n.at < $3 AND n.owner = ANY($4::uuid[])
               ORDER BY n.at, n.source_id, n.relation"#,
            area.0,
            since,
            until,
            &owners
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        links(rows)
    }

    async fn add_mace_link(&self, link: &MaceLink, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let (item, meeting) = (link.item.0, link.meeting.0);
        // The item's row is locked so that two links of the same person wait for each other.
        let found = sqlx::query_scalar!(
            r#"SELECT id AS "id!: Uuid" FROM mace_items WHERE id = $1 AND meeting_id = $2 FOR UPDATE"#,
            item,
            meeting
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?;
        if found.is_none() {
            return Err(StoreError::NotFound);
        }
        let (person, location, field) = match link.other {
            Node::Person(p) => (Some(p.0), None, "person_id"),
            Node::Location(l) => (None, Some(l.0), "location_id"),
        };
        let already = sqlx::query_scalar!(
            r#"SELECT COUNT(*) AS "n!: i64" FROM mace_item_links
               WHERE item_id = $1 AND (person_id = $2 OR location_id = $3)"#,
            item,
            person,
            location
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        if already > 0 {
            return Err(StoreError::Duplicate { field });
        }
        sqlx::query!(
            "INSERT INTO mace_item_links (id, item_id, person_id, location_id, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
            link.id.0,
            item,
            person,
            location,
            link.recorded_by.map(|u| u.0),
            link.recorded_at.trunc_subsecs(6)
        )
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn mace_links_touching(
        &self,
        people: &[PersonId],
        places: &[LocationId],
        agency: AgencyId,
    ) -> StoreResult<Vec<Link>> {
        if people.is_empty() && places.is_empty() {
            return Ok(Vec::new());
        }
        let people: Vec<Uuid> = people.iter().map(|p| p.0).collect();
        let places: Vec<Uuid> = places.iter().map(|l| l.0).collect();
        let rows = sqlx::query_as!(
            LinkRow,
            r#"SELECT k.child AS "child!: Uuid", k.other_person AS "other_person?: Uuid",
                   k.other_location AS "other_location?: Uuid", 'linked_at_mace' AS "relation!: String",
                   'mace' AS "source!: String", k.source_id AS "source_id!: Uuid", NULL::uuid AS "episode_id?: Uuid",
                   k.meeting_id AS "meeting_id?: Uuid", k.owner AS "owner!: Uuid", k.at AS "at!: DateTime<Utc>"
               FROM mace_links k JOIN mace_meetings m ON m.id = k.meeting_id
               WHERE ($3 IN (m.owner_agency, m.chair_agency)
                      OR EXISTS (SELECT 1 FROM mace_attendees a WHERE a.meeting_id = m.id AND a.agency_id = $3))
                 AND (k.child = ANY($1::uuid[]) OR k.other_person = ANY($1::uuid[])
                      OR k.other_location = ANY($2::uuid[]))
               ORDER BY k.at, k.source_id"#,
            &people,
            &places,
            agency.0
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        links(rows)
    }

    async fn area_mace_links(
        &self,
        area: AreaId,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        agency: AgencyId,
    ) -> StoreResult<Vec<Link>> {
        let rows = sqlx::query_as!(
            LinkRow,
            r#"SELECT k.child AS "child!: Uuid", k.other_person AS "other_person?: Uuid",
                   k.other_location AS "other_location?: Uuid", 'linked_at_mace' AS "relation!: String",
                   'mace' AS "source!: String", k.source_id AS "source_id!: Uuid", NULL::uuid AS "episode_id?: Uuid",
                   k.meeting_id AS "meeting_id?: Uuid", k.owner AS "owner!: Uuid", k.at AS "at!: DateTime<Utc>"
               FROM mace_links k JOIN mace_meetings m ON m.id = k.meeting_id
               WHERE k.area_id = $1 AND k.at >= $2 AND k.at < $3
                 AND ($4 IN (m.owner_agency, m.chair_agency)
                      OR EXISTS (SELECT 1 FROM mace_attendees a WHERE a.meeting_id = m.id AND a.agency_id = $4))
               ORDER BY k.at, k.source_id"#,
            area.0,
            since,
            until,
            agency.0
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        links(rows)
    }

    async fn meeting_mace_links(&self, meeting: MeetingId) -> StoreResult<Vec<(AgendaItemId, Link)>> {
        let rows = sqlx::query_as!(
            ItemLinkRow,
            r#"SELECT k.item_id AS "item_id!: Uuid", k.child AS "child!: Uuid", k.other_person AS "other_person?: Uuid",
                   k.other_location AS "other_location?: Uuid", k.source_id AS "source_id!: Uuid",
                   k.meeting_id AS "meeting_id!: Uuid", k.owner AS "owner!: Uuid", k.at AS "at!: DateTime<Utc>"
               FROM mace_links k JOIN mace_item_links l ON l.id = k.source_id
               WHERE k.meeting_id = $1
               ORDER BY l.recorded_at, k.source_id"#,
            meeting.0
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter().map(ItemLinkRow::into_item_link).collect()
    }
}
