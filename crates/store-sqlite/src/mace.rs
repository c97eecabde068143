//! MACE meetings (`mace_meetings`, `mace_attendees`), agendas (`mace_items`) and the action
//! register (`mace_actions`, `mace_action_updates`) on SQLite.

use super::{SqliteStore, backend, commit, db_err, id_set, insert_audit};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use haven_domain::audit::AuditEvent;
use haven_domain::ids::{AgencyId, AgendaItemId, AreaId, MaceActionId, MeetingId};
use haven_domain::mace::FourP;
use haven_domain::mace::action::MaceAction;
use haven_domain::mace::meeting::{AgendaItem, Meeting};
use haven_domain::screening::Tier;
use haven_store::mace_rows::{self, ActionRow, AttendeeRow, ItemRow, MeetingRow, UpdateRow};
use haven_store::{ActionQuery, MaceStore, MeetingRecord, StoreError, StoreResult};
use sqlx::sqlite::SqliteConnection;
use uuid::Uuid;

async fn load_meetings(conn: &mut SqliteConnection, ids: &[Uuid]) -> StoreResult<Vec<Meeting>> {
    let set = id_set(ids.iter().copied());
    let rows = sqlx::query_as!(
        MeetingRow,
        r#"SELECT id AS "id: Uuid", area_id AS "area_id: Uuid", starts_at AS "starts_at: DateTime<Utc>",
               chair_name, chair_agency AS "chair_agency: Uuid", owner_agency AS "owner_agency: Uuid",
               created_by AS "created_by: Uuid", created_at AS "created_at: DateTime<Utc>", version
           FROM mace_meetings WHERE id IN (SELECT unhex(value) FROM json_each(?))
           ORDER BY starts_at DESC, id DESC"#,
        set
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(backend)?;
    let people = sqlx::query_as!(
        AttendeeRow,
        r#"SELECT meeting_id AS "meeting_id: Uuid", apology AS "apology: bool", name, agency_id AS "agency_id: Uuid"
           FROM mace_attendees WHERE meeting_id IN (SELECT unhex(value) FROM json_each(?))
           ORDER BY meeting_id, apology, position"#,
        set
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(backend)?;
    Ok(mace_rows::meetings(rows, people))
}

async fn load_actions(conn: &mut SqliteConnection, ids: &[Uuid]) -> StoreResult<Vec<MaceAction>> {
    let set = id_set(ids.iter().copied());
    let rows = sqlx::query_as!(
        ActionRow,
        r#"SELECT id AS "id: Uuid", number, meeting_id AS "meeting_id: Uuid",
               current_meeting AS "current_meeting: Uuid", item_id AS "item_id: Uuid", text, owner_name,
               owner_agency AS "owner_agency: Uuid", due_on AS "due_on: NaiveDate", four_p, status,
               closed_reason, version
           FROM mace_actions WHERE id IN (SELECT unhex(value) FROM json_each(?))
           ORDER BY number"#,
        set
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(backend)?;
    let updates = sqlx::query_as!(
        UpdateRow,
        r#"SELECT action_id AS "action_id: Uuid", status, note, updated_by AS "updated_by: Uuid",
               updated_at AS "updated_at: DateTime<Utc>"
           FROM mace_action_updates WHERE action_id IN (SELECT unhex(value) FROM json_each(?))
           ORDER BY action_id, position"#,
        set
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(backend)?;
    mace_rows::actions(rows, updates)
}

/// Appends the updates of `a` from position `from` (1-based) on.
async fn insert_updates(conn: &mut SqliteConnection, a: &MaceAction, from: usize) -> StoreResult<()> {
    for (position, u) in (1_i64..).zip(&a.updates).skip(from.saturating_sub(1)) {
        let (status, by, at) = (u.status.code(), u.by.map(|b| b.0), u.at.trunc_subsecs(6));
        sqlx::query!(
            "INSERT INTO mace_action_updates (action_id, position, status, note, updated_by, updated_at)
             VALUES (?, ?, ?, ?, ?, ?)",
            a.id.0,
            position,
            status,
            u.note,
            by,
            at
        )
        .execute(&mut *conn)
        .await
        .map_err(db_err("updated_by"))?;
    }
    Ok(())
}

async fn item_ids(conn: &mut SqliteConnection, meeting: Uuid) -> StoreResult<Vec<ItemRow>> {
    sqlx::query_as!(
        ItemRow,
        r#"SELECT id AS "id: Uuid", meeting_id AS "meeting_id: Uuid", position, kind,
               person_id AS "person_id: Uuid", location_id AS "location_id: Uuid", theme, reason, summary,
               decisions, risk_after, version
           FROM mace_items WHERE meeting_id = ? ORDER BY position"#,
        meeting
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(backend)
}

/// Writes a meeting with its attendees and apologies.
pub(crate) async fn insert_meeting(conn: &mut SqliteConnection, m: &Meeting) -> StoreResult<()> {
    let (starts_at, created_at, by) =
        (m.starts_at.trunc_subsecs(6), m.created_at.trunc_subsecs(6), m.created_by.map(|u| u.0));
    sqlx::query!(
        "INSERT INTO mace_meetings (id, area_id, starts_at, chair_name, chair_agency, owner_agency, created_by,
             created_at, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        m.id.0,
        m.area_id.0,
        starts_at,
        m.chair.name,
        m.chair.agency.0,
        m.owner.0,
        by,
        created_at,
        m.version
    )
    .execute(&mut *conn)
    .await
    .map_err(db_err("area_id"))?;
    for (apology, list) in [(false, &m.attendees), (true, &m.apologies)] {
        for (position, a) in (1_i64..).zip(list) {
            sqlx::query!(
                "INSERT INTO mace_attendees (meeting_id, apology, position, name, agency_id) VALUES (?, ?, ?, ?, ?)",
                m.id.0,
                apology,
                position,
                a.name,
                a.agency.0
            )
            .execute(&mut *conn)
            .await
            .map_err(db_err("agency"))?;
        }
    }
    Ok(())
}

/// Writes an agenda item (a taken position is a `Conflict`: someone added one meanwhile).
pub(crate) async fn insert_item(conn: &mut SqliteConnection, item: &AgendaItem) -> StoreResult<()> {
    let (kind, person, location, theme) = mace_rows::subject_columns(&item.subject);
    let risk = item.risk_after.map(Tier::code);
    sqlx::query!(
        "INSERT INTO mace_items (id, meeting_id, position, kind, person_id, location_id, theme, reason, summary,
             decisions, risk_after, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        item.id.0,
        item.meeting_id.0,
        item.position,
        kind,
        person,
        location,
        theme,
        item.reason,
        item.summary,
        item.decisions,
        risk,
        item.version
    )
    .execute(&mut *conn)
    .await
    .map_err(|e| match db_err("subject")(e) {
        StoreError::Duplicate { field: "position" } => StoreError::Conflict,
        other => other,
    })?;
    Ok(())
}

/// Writes an action of `area`'s register with its updates.
pub(crate) async fn insert_action(conn: &mut SqliteConnection, area: AreaId, a: &MaceAction) -> StoreResult<()> {
    let (item, four_p, status) = (a.item_id.map(|i| i.0), a.four_p.map(FourP::code), a.status.code());
    sqlx::query!(
        "INSERT INTO mace_actions (id, area_id, number, meeting_id, current_meeting, item_id, text, owner_name,
             owner_agency, due_on, four_p, status, closed_reason, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        a.id.0,
        area.0,
        a.number,
        a.meeting_id.0,
        a.current_meeting.0,
        item,
        a.text,
        a.owner_name,
        a.owner_agency.0,
        a.due_on,
        four_p,
        status,
        a.closed_reason,
        a.version
    )
    .execute(&mut *conn)
    .await
    .map_err(db_err("meeting_id"))?;
    insert_updates(conn, a, 1).await?;
    Ok(())
}

#[async_trait]
impl MaceStore for SqliteStore {
    async fn create_meeting(&self, m: &Meeting, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        insert_meeting(&mut tx, m).await?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn meeting(&self, id: MeetingId) -> StoreResult<Option<Meeting>> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        Ok(load_meetings(&mut conn, &[id.0]).await?.pop())
    }

    async fn meeting_record(&self, id: MeetingId, audit: &AuditEvent) -> StoreResult<MeetingRecord> {
        let mut tx = self.read().await?;
        let meeting = load_meetings(&mut tx, &[id.0]).await?.pop().ok_or(StoreError::NotFound)?;
        let items = item_ids(&mut tx, id.0).await?.into_iter().map(AgendaItem::try_from).collect::<StoreResult<_>>()?;
        let ids = sqlx::query_scalar!(r#"SELECT id AS "id: Uuid" FROM mace_actions WHERE current_meeting = ?"#, id.0)
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
        let actions = load_actions(&mut tx, &ids).await?;
        self.audited(tx, audit).await?;
        Ok(MeetingRecord { meeting, items, actions })
    }

    async fn meetings_of(
        &self,
        agency: AgencyId,
        area: Option<AreaId>,
        audit: &AuditEvent,
    ) -> StoreResult<Vec<Meeting>> {
        let mut tx = self.read().await?;
        let area = area.map(|a| a.0);
        let ids = sqlx::query_scalar!(
            r#"SELECT m.id AS "id: Uuid" FROM mace_meetings m
               WHERE (?1 IS NULL OR m.area_id = ?1)
                 AND (m.owner_agency = ?2 OR m.chair_agency = ?2
                      OR EXISTS (SELECT 1 FROM mace_attendees a WHERE a.meeting_id = m.id AND a.agency_id = ?2))"#,
            area,
            agency.0
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let meetings = load_meetings(&mut tx, &ids).await?;
        self.audited(tx, audit).await?;
        Ok(meetings)
    }

    async fn add_item(&self, item: &AgendaItem, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let last = sqlx::query_scalar!(
            r#"SELECT COALESCE(MAX(position), 0) AS "n!: i64" FROM mace_items WHERE meeting_id = ?"#,
            item.meeting_id.0
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        if item.position != last + 1 {
            return Err(StoreError::Conflict);
        }
        insert_item(&mut tx, item).await?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn update_item(&self, item: &AgendaItem, expected_version: i64, audit: &AuditEvent) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let risk = item.risk_after.map(Tier::code);
        let done = sqlx::query!(
            "UPDATE mace_items SET summary = ?, decisions = ?, risk_after = ?, version = version + 1
             WHERE id = ? AND version = ?",
            item.summary,
            item.decisions,
            risk,
            item.id.0,
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

    async fn remove_item(
        &self,
        meeting: MeetingId,
        item: AgendaItemId,
        expected_version: i64,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let found = sqlx::query_scalar!(
            r#"SELECT version AS "v!: i64" FROM mace_items WHERE id = ? AND meeting_id = ?"#,
            item.0,
            meeting.0
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?;
        match found {
            None => return Err(StoreError::NotFound),
            Some(v) if v != expected_version => return Err(StoreError::Conflict),
            Some(_) => {}
        }
        // An item with actions agreed or links recorded against it stays on the agenda.
        let agreed = sqlx::query_scalar!(
            r#"SELECT (SELECT COUNT(*) FROM mace_actions WHERE item_id = ?1)
                    + (SELECT COUNT(*) FROM mace_item_links WHERE item_id = ?1) AS "n!: i64""#,
            item.0
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        if agreed > 0 {
            return Err(StoreError::Conflict);
        }
        sqlx::query!("DELETE FROM mace_items WHERE id = ?", item.0).execute(&mut *tx).await.map_err(backend)?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn next_action_number(&self, area: AreaId) -> StoreResult<i64> {
        sqlx::query_scalar!(
            r#"SELECT COALESCE(MAX(number), 0) + 1 AS "n!: i64" FROM mace_actions WHERE area_id = ?"#,
            area.0
        )
        .fetch_one(&self.pool)
        .await
        .map_err(backend)
    }

    async fn add_action(&self, area: AreaId, a: &MaceAction, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        insert_action(&mut tx, area, a).await?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn mace_action(&self, id: MaceActionId) -> StoreResult<Option<MaceAction>> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        Ok(load_actions(&mut conn, &[id.0]).await?.pop())
    }

    async fn update_action(&self, a: &MaceAction, expected_version: i64, audit: &AuditEvent) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let stored_updates =
            sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM mace_action_updates WHERE action_id = ?"#, a.id.0)
                .fetch_one(&mut *tx)
                .await
                .map_err(backend)?;
        let status = a.status.code();
        let done = sqlx::query!(
            "UPDATE mace_actions SET status = ?, closed_reason = ?, current_meeting = ?, version = version + 1
             WHERE id = ? AND version = ?",
            status,
            a.closed_reason,
            a.current_meeting.0,
            a.id.0,
            expected_version
        )
        .execute(&mut *tx)
        .await
        .map_err(db_err("current_meeting"))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict);
        }
        insert_updates(&mut tx, a, usize::try_from(stored_updates).unwrap_or(0) + 1).await?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await?;
        Ok(expected_version + 1)
    }

    async fn carry_actions(&self, actions: &[MaceAction], audit: &AuditEvent) -> StoreResult<usize> {
        let mut tx = self.write().await?;
        for a in actions {
            let done = sqlx::query!(
                "UPDATE mace_actions SET current_meeting = ?, version = version + 1 WHERE id = ? AND version = ?",
                a.current_meeting.0,
                a.id.0,
                a.version
            )
            .execute(&mut *tx)
            .await
            .map_err(db_err("current_meeting"))?;
            if done.rows_affected() == 0 {
                return Err(StoreError::Conflict);
            }
        }
        insert_audit(&mut tx, audit).await?;
        commit(tx).await?;
        Ok(actions.len())
    }

    async fn mace_actions(&self, q: &ActionQuery, audit: &AuditEvent) -> StoreResult<Vec<MaceAction>> {
        let mut tx = self.read().await?;
        let (owner, meeting, area) = (q.owner_agency.map(|a| a.0), q.meeting.map(|m| m.0), q.area.map(|a| a.0));
        let ids = sqlx::query_scalar!(
            r#"SELECT id AS "id: Uuid" FROM mace_actions
               WHERE (?1 IS NULL OR owner_agency = ?1) AND (?2 IS NULL OR current_meeting = ?2)
                 AND (?3 IS NULL OR area_id = ?3) AND (?4 = 0 OR status IN ('open', 'in_progress'))"#,
            owner,
            meeting,
            area,
            q.live_only
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let actions = load_actions(&mut tx, &ids).await?;
        self.audited(tx, audit).await?;
        Ok(actions)
    }
}
