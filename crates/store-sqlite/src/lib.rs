//! haven's SQLite adapter: the embedded default store, one file (`haven.db`) in the data
//! directory. WAL mode, foreign keys on, `synchronous=FULL` (case data must survive a power
//! cut), and every write in a transaction that also inserts its audit event. A read is made in
//! a snapshot of its own and its audit event then committed with those of the reads made at the
//! same moment (`audit_log`: one sync for many), before the read answers. Queries are checked
//! at compile time against the offline cache in `.sqlx/`.

mod aggregates;
mod audit_log;
mod cohort;
mod directory;
mod disruption;
mod figures;
mod imports;
mod mace;
mod markers;
mod missing;
mod network;
mod population;
mod rows;
mod rules;
mod screenings;

use async_trait::async_trait;
use audit_log::AuditLog;
use chrono::{DateTime, NaiveDate, Utc};
use haven_domain::agency::{Agency, AgencyCode, Area};
use haven_domain::audit::AuditEvent;
use haven_domain::ids::{AgencyId, AgreementId, LocationId, PersonId, PlacementId, TokenId, UserId};
use haven_domain::location::{Location, Placement};
use haven_domain::person::{AgencyRecord, Alias, Person, PersonDetails};
use haven_domain::sharing::Agreement;
use haven_domain::signin::SignInMethod;
use haven_domain::user::{Identity, User, Username};
use haven_store::{
    AgencyStore, ApiToken, AuditStore, BulkLoad, BulkStore, Credentials, LocationStore, PersonQuery, PersonStore,
    PersonSummary, PlacementAt, SessionRecord, SessionStore, Store, StoreError, StoreResult, UserStore, name_key,
};
use rows::{
    AgencyRow, AreaRow, AuditRow, LocationRow, PersonRow, PlacementRow, SummaryRow, UserRow, grant, person_row, stored,
};
use sqlx::error::ErrorKind;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Sqlite, Transaction};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "haven.db";

#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// Where the audit events of reads are written, many to a commit.
    audit: Arc<AuditLog>,
}

/// How much of the database file reads may map (1 GiB): address space, not memory.
const MMAP_BYTES: u64 = 1 << 30;

impl SqliteStore {
    /// Opens (creating if need be) `haven.db` in `data_dir` and brings its schema up to date.
    pub async fn open(data_dir: &Path) -> Result<SqliteStore, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|e| {
            tracing::error!(error = %e, "cannot create the data directory");
            StoreError::Backend(format!("cannot create the data directory: {e}"))
        })?;
        let options = SqliteConnectOptions::new()
            .filename(data_dir.join(DATABASE_FILE))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            // Reads map the database file rather than copying each page through a system
            // call: a board pack reads two years of an area's episodes. Writes still go
            // through the write-ahead log with a full sync, so durability is unchanged.
            .pragma("mmap_size", MMAP_BYTES.to_string());
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await.map_err(backend)?;
        sqlx::migrate!().run(&pool).await.map_err(|e| {
            tracing::error!(error = %e, "sqlite migrations failed");
            StoreError::Backend(format!("migrations failed: {e}"))
        })?;
        let audit = Arc::new(AuditLog::new(pool.clone()));
        Ok(SqliteStore { pool, audit })
    }

    /// The connection pool, for tests and maintenance (backups) only: the rest of haven goes
    /// through the store's traits.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// A write transaction. `BEGIN IMMEDIATE` takes the write lock up front, so a transaction
    /// that reads before it writes cannot fail half-way on a lock upgrade.
    async fn write(&self) -> StoreResult<Transaction<'static, Sqlite>> {
        self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)
    }

    /// A read's transaction: a snapshot (write-ahead log: readers do not wait for the writer,
    /// nor it for them) without the write lock. Its audit event is written by [`Self::audited`].
    async fn read(&self) -> StoreResult<Transaction<'static, Sqlite>> {
        self.pool.begin().await.map_err(backend)
    }

    /// Ends a read and writes its audit event, returning once the event is committed with a
    /// full sync: no read's answer leaves the store without its trail. The events of reads
    /// made at the same moment share one commit (see `audit_log`).
    async fn audited(&self, read: Transaction<'static, Sqlite>, audit: &AuditEvent) -> StoreResult<()> {
        read.commit().await.map_err(backend)?;
        self.audit.write(audit).await
    }
}

/// Logs a database failure (never personal data: SQLite's messages carry no values) and hides
/// it behind `Backend`.
fn backend(e: sqlx::Error) -> StoreError {
    tracing::error!(error = %e, "sqlite store failure");
    StoreError::Backend(e.to_string())
}

/// Maps constraint violations to the errors a user can act on. SQLite names the columns of a
/// unique violation but not the foreign key that failed, so the caller says which reference
/// a foreign-key failure means (`missing`).
fn db_err(missing: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| {
        if let sqlx::Error::Database(db) = &e {
            match db.kind() {
                ErrorKind::UniqueViolation => return StoreError::Duplicate { field: unique_field(db.message()) },
                ErrorKind::ForeignKeyViolation => return StoreError::Missing { field: missing },
                _ => {}
            }
        }
        backend(e)
    }
}

/// The field a user knows, from SQLite's "UNIQUE constraint failed: table.column, …".
fn unique_field(message: &str) -> &'static str {
    let columns = message.rsplit("failed: ").next().unwrap_or_default();
    match columns {
        "users.username" => "username",
        "users.identity" => "identity",
        "areas.code" | "agencies.code" => "code",
        "agency_records.agency_id, agency_records.reference" => "reference",
        "agency_records.person_id, agency_records.agency_id" => "agency",
        "api_tokens.token_hash" => "token",
        "sessions.id_hash" => "session",
        "audit_events.id" => "audit",
        "agreement_members.agreement_id, agreement_members.agency_id" => "members",
        "agreement_grants.agreement_id, agreement_grants.record_class, agreement_grants.to_kind" => "grants",
        "missing_episodes.person_id" => "person_id",
        "mace_actions.area_id, mace_actions.number" => "number",
        "mace_items.meeting_id, mace_items.position" => "position",
        "directory_teams.area_id, directory_teams.name" => "name",
        "directory_pathways.from_team, directory_pathways.to_team, directory_pathways.used_when" => "when",
        _ => "id",
    }
}

/// A set of ids as one parameter: a JSON array of hex strings, read with `json_each`.
pub(crate) fn id_set(ids: impl IntoIterator<Item = Uuid>) -> String {
    let parts: Vec<String> = ids.into_iter().map(|id| format!("\"{}\"", id.simple())).collect();
    format!("[{}]", parts.join(","))
}

async fn insert_audit(conn: &mut SqliteConnection, e: &AuditEvent) -> StoreResult<()> {
    let actor_user = e.actor.map(|a| a.user_id.0);
    let actor_agency = e.actor.map(|a| a.agency_id.0);
    let actor_role = e.actor.map(|a| a.role.code());
    let person = e.person_id.map(|p| p.0);
    let (action, subject_kind) = (e.action.code(), e.subject_kind.code());
    sqlx::query!(
        "INSERT INTO audit_events (id, at, actor_user_id, actor_agency_id, actor_role, actor_label, action,
             subject_kind, subject_id, person_id, purpose, detail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        e.id.0,
        e.at,
        actor_user,
        actor_agency,
        actor_role,
        e.actor_label,
        action,
        subject_kind,
        e.subject_id,
        person,
        e.purpose,
        e.detail,
    )
    .execute(conn)
    .await
    .map_err(db_err("audit"))?;
    Ok(())
}

async fn commit(tx: Transaction<'static, Sqlite>) -> StoreResult<()> {
    tx.commit().await.map_err(backend)
}

async fn insert_area(conn: &mut SqliteConnection, a: &Area) -> StoreResult<()> {
    let (code, kind) = (a.code.as_str(), a.kind.code());
    sqlx::query!("INSERT INTO areas (id, code, name, kind) VALUES (?, ?, ?, ?)", a.id.0, code, a.name, kind)
        .execute(conn)
        .await
        .map_err(db_err("area"))?;
    Ok(())
}

async fn insert_agency(conn: &mut SqliteConnection, a: &Agency) -> StoreResult<()> {
    let (code, kind, area) = (a.code.as_str(), a.kind.code(), a.area_id.map(|x| x.0));
    sqlx::query!(
        "INSERT INTO agencies (id, code, name, kind, area_id) VALUES (?, ?, ?, ?, ?)",
        a.id.0,
        code,
        a.name,
        kind,
        area
    )
    .execute(conn)
    .await
    .map_err(db_err("area"))?;
    Ok(())
}

async fn insert_agreement(conn: &mut SqliteConnection, a: &Agreement) -> StoreResult<()> {
    sqlx::query!(
        "INSERT INTO agreements (id, name, purpose, starts_on, ends_on, review_on) VALUES (?, ?, ?, ?, ?, ?)",
        a.id.0,
        a.name,
        a.purpose,
        a.starts_on,
        a.ends_on,
        a.review_on
    )
    .execute(&mut *conn)
    .await
    .map_err(db_err("agreement"))?;
    for (position, member) in (0_i64..).zip(&a.members) {
        sqlx::query!(
            "INSERT INTO agreement_members (agreement_id, agency_id, position) VALUES (?, ?, ?)",
            a.id.0,
            member.0,
            position
        )
        .execute(&mut *conn)
        .await
        .map_err(db_err("agency"))?;
    }
    for g in &a.grants {
        let (class, to, scope, roles) = (g.class.code(), g.to.code(), g.scope.code(), g.roles.code());
        sqlx::query!(
            "INSERT INTO agreement_grants (agreement_id, record_class, to_kind, scope, roles) VALUES (?, ?, ?, ?, ?)",
            a.id.0,
            class,
            to,
            scope,
            roles
        )
        .execute(&mut *conn)
        .await
        .map_err(db_err("grants"))?;
    }
    Ok(())
}

async fn insert_user(
    conn: &mut SqliteConnection,
    u: &User,
    password_hash: &str,
    must_change_password: bool,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let (username, role) = (u.username.as_str(), u.role.code());
    let identity = u.identity.as_ref().map(Identity::as_str);
    sqlx::query!(
        "INSERT INTO users (id, username, display_name, agency_id, role, password_hash, must_change_password,
             disabled, identity, version, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
        u.id.0,
        username,
        u.display_name,
        u.agency_id.0,
        role,
        password_hash,
        must_change_password,
        u.disabled,
        identity,
        now,
        now
    )
    .execute(conn)
    .await
    .map_err(db_err("agency"))?;
    Ok(())
}

async fn insert_location(conn: &mut SqliteConnection, l: &Location) -> StoreResult<()> {
    let kind = l.kind.code();
    let postcode = l.postcode.as_ref().map(|p| p.as_str());
    let area = l.area_id.map(|a| a.0);
    let (lat, lon) = (l.coordinates.map(|c| c.lat), l.coordinates.map(|c| c.lon));
    sqlx::query!(
        "INSERT INTO locations (id, kind, name, address, postcode, area_id, lat, lon) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        l.id.0,
        kind,
        l.name,
        l.address,
        postcode,
        area,
        lat,
        lon
    )
    .execute(conn)
    .await
    .map_err(db_err("area"))?;
    Ok(())
}

async fn insert_placement(conn: &mut SqliteConnection, p: &Placement) -> StoreResult<()> {
    let kind = p.kind.code();
    let placing = p.placing_authority.map(|a| a.0);
    sqlx::query!(
        "INSERT INTO placements (id, person_id, location_id, kind, started_on, ended_on, placing_authority)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        p.id.0,
        p.person_id.0,
        p.location_id.0,
        kind,
        p.started_on,
        p.ended_on,
        placing
    )
    .execute(&mut *conn)
    .await
    .map_err(db_err("placement"))
    .map(|_| ())
}

async fn insert_alias(conn: &mut SqliteConnection, person: PersonId, a: &Alias) -> StoreResult<()> {
    let given = a.given_name.as_ref().map(|n| n.as_str());
    let family = a.family_name.as_ref().map(|n| n.as_str());
    let (given_key, family_key) = (given.map(name_key), family.map(name_key));
    sqlx::query!(
        "INSERT INTO person_aliases (id, person_id, given_name, family_name, note, given_name_key, family_name_key)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        a.id.0,
        person.0,
        given,
        family,
        a.note,
        given_key,
        family_key
    )
    .execute(conn)
    .await
    .map_err(db_err("person"))?;
    Ok(())
}

async fn insert_record(conn: &mut SqliteConnection, person: PersonId, r: &AgencyRecord) -> StoreResult<()> {
    let reference = r.reference.as_ref().map(|x| x.as_str());
    sqlx::query!(
        "INSERT INTO agency_records (person_id, agency_id, reference, recorded_at) VALUES (?, ?, ?, ?)",
        person.0,
        r.agency_id.0,
        reference,
        r.recorded_at
    )
    .execute(conn)
    .await
    .map_err(db_err("agency"))?;
    Ok(())
}

async fn insert_person(conn: &mut SqliteConnection, p: &Person) -> StoreResult<()> {
    let d = &p.details;
    let (kind, given, family) = (d.kind.code(), d.given_name.as_str(), d.family_name.as_str());
    let (sex, ethnicity, care) = (d.sex.code(), d.ethnicity.code(), d.care_status.code());
    let (placing, host) = (d.placing_authority.map(|a| a.0), d.host_authority.map(|a| a.0));
    let (given_key, family_key) = (name_key(given), name_key(family));
    sqlx::query!(
        "INSERT INTO people (id, kind, given_name, middle_names, family_name, date_of_birth, sex, gender,
             ethnicity, care_status, placing_authority, host_authority, version, created_at, updated_at,
             given_name_key, family_name_key)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        p.id.0,
        kind,
        given,
        d.middle_names,
        family,
        d.date_of_birth,
        sex,
        d.gender,
        ethnicity,
        care,
        placing,
        host,
        p.version,
        p.created_at,
        p.updated_at,
        given_key,
        family_key
    )
    .execute(&mut *conn)
    .await
    .map_err(db_err("agency"))?;
    for alias in &p.aliases {
        insert_alias(&mut *conn, p.id, alias).await?;
    }
    for record in &p.records {
        insert_record(&mut *conn, p.id, record).await?;
    }
    Ok(())
}

async fn person_exists(conn: &mut SqliteConnection, id: PersonId) -> StoreResult<bool> {
    let n = sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM people WHERE id = ?"#, id.0)
        .fetch_one(conn)
        .await
        .map_err(backend)?;
    Ok(n > 0)
}

#[async_trait]
impl AgencyStore for SqliteStore {
    async fn create_area(&self, area: &Area, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        insert_area(&mut tx, area).await?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn areas(&self) -> StoreResult<Vec<Area>> {
        sqlx::query_as!(AreaRow, r#"SELECT id AS "id: Uuid", code, name, kind FROM areas ORDER BY name, code"#)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?
            .into_iter()
            .map(Area::try_from)
            .collect()
    }

    async fn create_agency(&self, agency: &Agency, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        insert_agency(&mut tx, agency).await?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn agency(&self, id: AgencyId) -> StoreResult<Option<Agency>> {
        sqlx::query_as!(
            AgencyRow,
            r#"SELECT id AS "id: Uuid", code, name, kind, area_id AS "area_id: Uuid" FROM agencies WHERE id = ?"#,
            id.0
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        .map(Agency::try_from)
        .transpose()
    }

    async fn agency_by_code(&self, code: &AgencyCode) -> StoreResult<Option<Agency>> {
        let code = code.as_str();
        sqlx::query_as!(
            AgencyRow,
            r#"SELECT id AS "id: Uuid", code, name, kind, area_id AS "area_id: Uuid" FROM agencies WHERE code = ?"#,
            code
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        .map(Agency::try_from)
        .transpose()
    }

    async fn agencies(&self) -> StoreResult<Vec<Agency>> {
        sqlx::query_as!(
            AgencyRow,
            r#"SELECT id AS "id: Uuid", code, name, kind, area_id AS "area_id: Uuid" FROM agencies ORDER BY name, code"#
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(Agency::try_from)
        .collect()
    }

    async fn create_agreement(&self, agreement: &Agreement, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        insert_agreement(&mut tx, agreement).await?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    /// Every request's caller reads the agreements, so they come in one query: each agreement
    /// with its members and grants as JSON arrays, rather than three queries (each a round trip
    /// to the connection's thread) joined here.
    async fn agreements(&self) -> StoreResult<Vec<Agreement>> {
        let rows = sqlx::query!(
            r#"SELECT a.id AS "id: Uuid", a.name, a.purpose, a.starts_on AS "starts_on: NaiveDate",
                      a.ends_on AS "ends_on: NaiveDate", a.review_on AS "review_on: NaiveDate",
                      (SELECT json_group_array(hex(m.agency_id) ORDER BY m.position)
                         FROM agreement_members m WHERE m.agreement_id = a.id) AS "members!: String",
                      (SELECT json_group_array(json_array(g.record_class, g.to_kind, g.scope, g.roles)
                                               ORDER BY g.record_class, g.to_kind)
                         FROM agreement_grants g WHERE g.agreement_id = a.id) AS "grants!: String"
                 FROM agreements a ORDER BY a.starts_on, a.name"#
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|r| {
                let members: Vec<String> = aggregates::parse(&r.members, "agreement members")?;
                let grants: Vec<(String, String, String, String)> = aggregates::parse(&r.grants, "agreement grants")?;
                Ok(Agreement {
                    id: AgreementId(r.id),
                    name: r.name,
                    purpose: r.purpose,
                    members: members
                        .iter()
                        .map(|hex| aggregates::uuid(hex).map(AgencyId))
                        .collect::<StoreResult<_>>()?,
                    grants: grants
                        .iter()
                        .map(|(class, to, scope, roles)| grant(class, to, scope, roles))
                        .collect::<StoreResult<_>>()?,
                    starts_on: r.starts_on,
                    ends_on: r.ends_on,
                    review_on: r.review_on,
                })
            })
            .collect()
    }
}

#[async_trait]
impl UserStore for SqliteStore {
    /// A new account must change its password at first sign-in: whoever created it chose it.
    async fn create_user(&self, user: &User, password_hash: &str, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        insert_user(&mut tx, user, password_hash, true, audit.at).await?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn user(&self, id: UserId) -> StoreResult<Option<User>> {
        sqlx::query_as!(
            UserRow,
            r#"SELECT id AS "id: Uuid", username, display_name, agency_id AS "agency_id: Uuid", role, disabled,
                   identity
               FROM users WHERE id = ?"#,
            id.0
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        .map(User::try_from)
        .transpose()
    }

    async fn user_with_credentials(&self, username: &Username) -> StoreResult<Option<(User, Credentials)>> {
        let username = username.as_str();
        let Some(r) = sqlx::query!(
            r#"SELECT id AS "id: Uuid", username, display_name, agency_id AS "agency_id: Uuid", role, disabled,
                   identity, password_hash, must_change_password
               FROM users WHERE username = ?"#,
            username
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        else {
            return Ok(None);
        };
        let credentials = Credentials { password_hash: r.password_hash, must_change_password: r.must_change_password };
        let user = User::try_from(UserRow {
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            agency_id: r.agency_id,
            role: r.role,
            disabled: r.disabled,
            identity: r.identity,
        })?;
        Ok(Some((user, credentials)))
    }

    async fn user_by_identity(&self, identity: &Identity) -> StoreResult<Option<User>> {
        let identity = identity.as_str();
        sqlx::query_as!(
            UserRow,
            r#"SELECT id AS "id: Uuid", username, display_name, agency_id AS "agency_id: Uuid", role, disabled,
                   identity
               FROM users WHERE identity = ?"#,
            identity
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        .map(User::try_from)
        .transpose()
    }

    async fn set_password(&self, id: UserId, password_hash: &str, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let done = sqlx::query!(
            "UPDATE users SET password_hash = ?, must_change_password = FALSE, version = version + 1, updated_at = ?
             WHERE id = ?",
            password_hash,
            audit.at,
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

    async fn record_sign_in(
        &self,
        username: &str,
        address: &str,
        succeeded: bool,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query!(
            "INSERT INTO sign_in_attempts (username, address, succeeded, at) VALUES (?, ?, ?, ?)",
            username,
            address,
            succeeded,
            audit.at
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn recent_sign_in_failures(
        &self,
        username: &str,
        address: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<(u32, u32)> {
        let r = sqlx::query!(
            r#"SELECT
                 (SELECT COUNT(*) FROM sign_in_attempts
                   WHERE username = ?1 AND address = ?2 AND NOT succeeded AND at >= ?3
                     AND at > COALESCE((SELECT MAX(at) FROM sign_in_attempts WHERE username = ?1 AND succeeded), '')
                 ) AS "account!: i64",
                 (SELECT COUNT(*) FROM sign_in_attempts WHERE address = ?2 AND NOT succeeded AND at >= ?3
                 ) AS "address!: i64""#,
            username,
            address,
            since
        )
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        Ok((u32::try_from(r.account).unwrap_or(u32::MAX), u32::try_from(r.address).unwrap_or(u32::MAX)))
    }

    async fn account_failures(
        &self,
        username: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<(u32, Option<DateTime<Utc>>)> {
        let r = sqlx::query!(
            r#"SELECT COUNT(*) AS "n!: i64", MAX(at) AS "last: DateTime<Utc>" FROM sign_in_attempts
               WHERE username = ?1 AND NOT succeeded AND at >= ?2
                 AND at > COALESCE((SELECT MAX(at) FROM sign_in_attempts WHERE username = ?1 AND succeeded), '')"#,
            username,
            since
        )
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        Ok((u32::try_from(r.n).unwrap_or(u32::MAX), r.last))
    }

    async fn update_user(&self, user: &User, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let Some(before) = sqlx::query_scalar!("SELECT identity FROM users WHERE id = ?", user.id.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?
        else {
            return Err(StoreError::NotFound);
        };
        let role = user.role.code();
        let identity = user.identity.as_ref().map(Identity::as_str);
        sqlx::query!(
            "UPDATE users SET display_name = ?, role = ?, disabled = ?, identity = ?, version = version + 1,
                 updated_at = ?
             WHERE id = ?",
            user.display_name,
            role,
            user.disabled,
            identity,
            audit.at,
            user.id.0
        )
        .execute(&mut *tx)
        .await
        .map_err(db_err("user"))?;
        if user.disabled {
            sqlx::query!("DELETE FROM sessions WHERE user_id = ?", user.id.0)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        } else if before.as_deref() != identity {
            // A session begun at the provider as the identity that was linked ends with the link.
            sqlx::query!("DELETE FROM sessions WHERE user_id = ? AND method = 'oidc'", user.id.0)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn reset_password(&self, id: UserId, password_hash: &str, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let done = sqlx::query!(
            "UPDATE users SET password_hash = ?, must_change_password = TRUE, version = version + 1, updated_at = ?
             WHERE id = ?",
            password_hash,
            audit.at,
            id.0
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query!("DELETE FROM sessions WHERE user_id = ?", id.0).execute(&mut *tx).await.map_err(backend)?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn users(&self, agency: Option<AgencyId>) -> StoreResult<Vec<User>> {
        let agency = agency.map(|a| a.0);
        sqlx::query_as!(
            UserRow,
            r#"SELECT id AS "id: Uuid", username, display_name, agency_id AS "agency_id: Uuid", role, disabled,
                   identity
               FROM users WHERE ? IS NULL OR agency_id = ? ORDER BY username"#,
            agency,
            agency
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(User::try_from)
        .collect()
    }

    async fn create_token(&self, token: &ApiToken, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query!(
            "INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, expires_at, revoked)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
            token.id.0,
            token.user_id.0,
            token.name,
            token.token_hash,
            token.created_at,
            token.expires_at,
            token.revoked
        )
        .execute(&mut *tx)
        .await
        .map_err(db_err("user"))?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn user_tokens(&self, user: UserId) -> StoreResult<Vec<ApiToken>> {
        let rows = sqlx::query!(
            r#"SELECT id AS "id: Uuid", user_id AS "user_id: Uuid", name, token_hash,
                      created_at AS "created_at: DateTime<Utc>", expires_at AS "expires_at: DateTime<Utc>", revoked
               FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id"#,
            user.0
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|r| ApiToken {
                id: TokenId(r.id),
                user_id: UserId(r.user_id),
                name: r.name,
                token_hash: r.token_hash,
                created_at: r.created_at,
                expires_at: r.expires_at,
                revoked: r.revoked,
            })
            .collect())
    }

    async fn revoke_token(&self, id: TokenId, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let done = sqlx::query!("UPDATE api_tokens SET revoked = TRUE WHERE id = ?", id.0)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn user_by_token(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<User>> {
        sqlx::query_as!(
            UserRow,
            r#"SELECT u.id AS "id: Uuid", u.username, u.display_name, u.agency_id AS "agency_id: Uuid", u.role,
                   u.disabled, u.identity
               FROM api_tokens t JOIN users u ON u.id = t.user_id
               WHERE t.token_hash = ? AND NOT t.revoked AND NOT u.disabled
                 AND (t.expires_at IS NULL OR t.expires_at > ?)"#,
            token_hash,
            now
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        .map(User::try_from)
        .transpose()
    }
}

#[async_trait]
impl SessionStore for SqliteStore {
    async fn create_session(&self, s: &SessionRecord, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let method = s.method.code();
        sqlx::query!(
            "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at, method)
             VALUES (?, ?, ?, ?, ?, ?)",
            s.id_hash,
            s.user_id.0,
            s.csrf_token,
            s.created_at,
            s.expires_at,
            method
        )
        .execute(&mut *tx)
        .await
        .map_err(db_err("user"))?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn session(&self, id_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<(SessionRecord, User)>> {
        let Some(r) = sqlx::query!(
            r#"SELECT s.id_hash, s.csrf_token, s.created_at AS "created_at: DateTime<Utc>",
                   s.expires_at AS "expires_at: DateTime<Utc>", s.method,
                   u.id AS "id: Uuid", u.username, u.display_name, u.agency_id AS "agency_id: Uuid", u.role,
                   u.disabled, u.identity
               FROM sessions s JOIN users u ON u.id = s.user_id
               WHERE s.id_hash = ? AND s.expires_at > ? AND NOT u.disabled"#,
            id_hash,
            now
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        else {
            return Ok(None);
        };
        let session = SessionRecord {
            id_hash: r.id_hash,
            user_id: UserId(r.id),
            csrf_token: r.csrf_token,
            created_at: r.created_at,
            expires_at: r.expires_at,
            method: stored(SignInMethod::parse(&r.method), "sessions.method")?,
        };
        let user = User::try_from(UserRow {
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            agency_id: r.agency_id,
            role: r.role,
            disabled: r.disabled,
            identity: r.identity,
        })?;
        Ok(Some((session, user)))
    }

    async fn extend_session(&self, id_hash: &str, expires_at: DateTime<Utc>) -> StoreResult<()> {
        let done = sqlx::query!("UPDATE sessions SET expires_at = ? WHERE id_hash = ?", expires_at, id_hash)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    async fn end_other_sessions(&self, user: UserId, keep: &str) -> StoreResult<u64> {
        let mut tx = self.write().await?;
        let done = sqlx::query!("DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?", user.0, keep)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        commit(tx).await?;
        Ok(done.rows_affected())
    }

    async fn delete_session(&self, id_hash: &str, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query!("DELETE FROM sessions WHERE id_hash = ?", id_hash).execute(&mut *tx).await.map_err(backend)?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }
}

#[async_trait]
impl PersonStore for SqliteStore {
    async fn create_person(&self, person: &Person, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        insert_person(&mut tx, person).await?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn all_holders(&self) -> StoreResult<Vec<(PersonId, AgencyId)>> {
        let rows = sqlx::query!(
            r#"SELECT person_id AS "person_id: Uuid", agency_id AS "agency_id: Uuid" FROM agency_records
               ORDER BY person_id, agency_id"#
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows.into_iter().map(|r| (PersonId(r.person_id), AgencyId(r.agency_id))).collect())
    }

    async fn person_holders(&self, id: PersonId) -> StoreResult<Vec<AgencyId>> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        let holders = sqlx::query_scalar!(
            r#"SELECT agency_id AS "agency_id: Uuid" FROM agency_records WHERE person_id = ? ORDER BY agency_id"#,
            id.0
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
        if holders.is_empty() && !person_exists(&mut conn, id).await? {
            return Err(StoreError::NotFound);
        }
        Ok(holders.into_iter().map(AgencyId).collect())
    }

    async fn people_holders(&self, people: &[PersonId]) -> StoreResult<Vec<(PersonId, AgencyId)>> {
        let rows = sqlx::query!(
            r#"SELECT person_id AS "person_id: Uuid", agency_id AS "agency_id: Uuid" FROM agency_records
               WHERE person_id IN (SELECT unhex(value) FROM json_each(?))
               ORDER BY person_id, agency_id"#,
            id_set(people.iter().map(|p| p.0))
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows.into_iter().map(|r| (PersonId(r.person_id), AgencyId(r.agency_id))).collect())
    }

    async fn person(&self, id: PersonId, audit: &AuditEvent) -> StoreResult<Person> {
        // One statement, so one snapshot without a transaction's round trips: the person with
        // their aliases and agency records as JSON arrays (each query is a round trip to the
        // connection's thread, and every page and API read of a person comes here). Then its
        // audit event, committed before the answer leaves the store: no read without its trail.
        let Some(r) = sqlx::query!(
            r#"SELECT p.id AS "id: Uuid", p.kind, p.given_name, p.middle_names, p.family_name,
                      p.date_of_birth AS "date_of_birth: NaiveDate", p.sex, p.gender, p.ethnicity, p.care_status,
                      p.placing_authority AS "placing_authority: Uuid",
                      p.host_authority AS "host_authority: Uuid", p.version,
                      p.created_at AS "created_at: DateTime<Utc>", p.updated_at AS "updated_at: DateTime<Utc>",
                      (SELECT json_group_array(json_array(hex(a.id), a.given_name, a.family_name, a.note)
                                               ORDER BY a.id)
                         FROM person_aliases a WHERE a.person_id = p.id) AS "aliases!: String",
                      (SELECT json_group_array(json_array(hex(g.agency_id), g.reference, g.recorded_at)
                                               ORDER BY g.recorded_at, g.agency_id)
                         FROM agency_records g WHERE g.person_id = p.id) AS "records!: String"
                 FROM people p WHERE p.id = ?"#,
            id.0
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        else {
            return Err(StoreError::NotFound);
        };
        let aliases = rows::aliases_from_json(&r.aliases)?;
        let records = rows::records_from_json(&r.records)?;
        let row = person_row!(r);
        self.audit.write(audit).await?;
        Ok(Person {
            id: PersonId(row.id),
            details: row.details()?,
            aliases,
            records,
            version: row.version,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }

    async fn update_person(
        &self,
        id: PersonId,
        expected_version: i64,
        d: &PersonDetails,
        audit: &AuditEvent,
    ) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let (kind, given, family) = (d.kind.code(), d.given_name.as_str(), d.family_name.as_str());
        let (sex, ethnicity, care) = (d.sex.code(), d.ethnicity.code(), d.care_status.code());
        let (placing, host) = (d.placing_authority.map(|a| a.0), d.host_authority.map(|a| a.0));
        let (given_key, family_key) = (name_key(given), name_key(family));
        let done = sqlx::query!(
            "UPDATE people SET kind = ?, given_name = ?, middle_names = ?, family_name = ?, date_of_birth = ?,
                 sex = ?, gender = ?, ethnicity = ?, care_status = ?, placing_authority = ?, host_authority = ?,
                 given_name_key = ?, family_name_key = ?, version = version + 1, updated_at = ?
             WHERE id = ? AND version = ?",
            kind,
            given,
            d.middle_names,
            family,
            d.date_of_birth,
            sex,
            d.gender,
            ethnicity,
            care,
            placing,
            host,
            given_key,
            family_key,
            audit.at,
            id.0,
            expected_version
        )
        .execute(&mut *tx)
        .await
        .map_err(db_err("agency"))?;
        if done.rows_affected() == 0 {
            let exists = person_exists(&mut tx, id).await?;
            return Err(if exists { StoreError::Conflict } else { StoreError::NotFound });
        }
        insert_audit(&mut tx, audit).await?;
        commit(tx).await?;
        Ok(expected_version + 1)
    }

    async fn add_alias(&self, id: PersonId, alias: &Alias, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        if !person_exists(&mut tx, id).await? {
            return Err(StoreError::NotFound);
        }
        insert_alias(&mut tx, id, alias).await?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn add_agency_record(&self, id: PersonId, record: &AgencyRecord, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        if !person_exists(&mut tx, id).await? {
            return Err(StoreError::NotFound);
        }
        insert_record(&mut tx, id, record).await?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn search_people(
        &self,
        query: &PersonQuery,
        visible_to: &[AgencyId],
        limit: u32,
        audit: &AuditEvent,
    ) -> StoreResult<Vec<PersonSummary>> {
        let words: Vec<String> = query
            .name
            .as_deref()
            .unwrap_or_default()
            .split_whitespace()
            .map(name_key)
            .filter(|w| !w.is_empty())
            .collect();
        // The longest word is the most selective: its prefix, as a range on the name-key
        // indexes, gives the candidates; every filter below still applies to each of them.
        let lead = words.iter().max_by_key(|w| w.chars().count()).cloned();
        let lead_end = lead.as_ref().map(|w| format!("{w}\u{10FFFF}"));
        let words =
            format!("[{}]", words.iter().map(|w| format!("\"{}\"", json_escape(w))).collect::<Vec<_>>().join(","));
        let visible: Vec<String> = visible_to.iter().map(|a| format!("\"{}\"", a.0.simple())).collect();
        let visible = format!("[{}]", visible.join(","));
        let reference = query.reference.as_deref().map(str::trim).filter(|r| !r.is_empty());
        let limit = i64::from(limit);
        // One statement, its own snapshot: no transaction's round trips around it.
        // Every word must begin some name of the person (given, family or an alias); the
        // agency filter is the store's own check beside the web's access policy.
        let rows = sqlx::query_as!(
            SummaryRow,
            r#"WITH candidates (id) AS (
                   SELECT id FROM people WHERE given_name_key >= ?1 AND given_name_key < ?2
                   UNION SELECT id FROM people WHERE family_name_key >= ?1 AND family_name_key < ?2
                   UNION SELECT person_id FROM person_aliases WHERE given_name_key >= ?1 AND given_name_key < ?2
                   UNION SELECT person_id FROM person_aliases WHERE family_name_key >= ?1 AND family_name_key < ?2
                   UNION SELECT person_id FROM agency_records WHERE ?1 IS NULL AND reference = ?3
                   UNION SELECT id FROM people WHERE ?1 IS NULL AND ?3 IS NULL AND date_of_birth = ?4
                   UNION SELECT id FROM people WHERE ?1 IS NULL AND ?3 IS NULL AND ?4 IS NULL
               )
               SELECT p.id AS "id: Uuid", p.kind, p.given_name, p.family_name,
                   p.date_of_birth AS "date_of_birth: NaiveDate", p.sex
               FROM candidates c JOIN people p ON p.id = c.id
               WHERE EXISTS (SELECT 1 FROM agency_records r
                              WHERE r.person_id = p.id AND r.agency_id IN (SELECT unhex(value) FROM json_each(?5)))
                 AND (?4 IS NULL OR p.date_of_birth = ?4)
                 AND (?3 IS NULL OR EXISTS (
                       SELECT 1 FROM agency_records r
                        WHERE r.person_id = p.id AND r.reference = ?3
                          AND r.agency_id IN (SELECT unhex(value) FROM json_each(?5))))
                 AND NOT EXISTS (
                       SELECT 1 FROM json_each(?6) w
                        WHERE NOT (substr(p.given_name_key, 1, length(w.value)) = w.value
                                OR substr(p.family_name_key, 1, length(w.value)) = w.value
                                OR EXISTS (SELECT 1 FROM person_aliases a
                                            WHERE a.person_id = p.id
                                              AND (substr(a.given_name_key, 1, length(w.value)) = w.value
                                                OR substr(a.family_name_key, 1, length(w.value)) = w.value))))
               ORDER BY p.family_name_key, p.given_name_key, p.id
               LIMIT ?7"#,
            lead,
            lead_end,
            reference,
            query.date_of_birth,
            visible,
            words,
            limit
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        self.audit.write(audit).await?;
        rows.into_iter().map(PersonSummary::try_from).collect()
    }

    async fn count_people(&self) -> StoreResult<u64> {
        let n = sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM people"#)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        Ok(u64::try_from(n).unwrap_or_default())
    }

    async fn area_children(
        &self,
        area: haven_domain::ids::AreaId,
        since: DateTime<Utc>,
        today: NaiveDate,
        visible_to: &[AgencyId],
        audit: &AuditEvent,
    ) -> StoreResult<Vec<haven_store::CohortChild>> {
        cohort::area_children(self, area, since, today, visible_to, audit).await
    }
}

/// Escapes a string for a JSON string literal (the search words travel as a JSON array).
fn json_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

#[async_trait]
impl LocationStore for SqliteStore {
    async fn create_location(&self, location: &Location, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        insert_location(&mut tx, location).await?;
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn location(&self, id: LocationId) -> StoreResult<Option<Location>> {
        sqlx::query_as!(
            LocationRow,
            r#"SELECT id AS "id: Uuid", kind, name, address, postcode, area_id AS "area_id: Uuid", lat, lon
               FROM locations WHERE id = ?"#,
            id.0
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        .map(Location::try_from)
        .transpose()
    }

    async fn add_placement(&self, placement: &Placement, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        if !person_exists(&mut tx, placement.person_id).await? {
            return Err(StoreError::Missing { field: "person" });
        }
        match insert_placement(&mut tx, placement).await {
            Err(StoreError::Missing { .. }) => {
                // The person is there, so the location or the placing authority is not.
                let location = placement.location_id.0;
                let found =
                    sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM locations WHERE id = ?"#, location)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(backend)?;
                return Err(StoreError::Missing { field: if found == 0 { "location" } else { "placing_authority" } });
            }
            other => other?,
        }
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }

    async fn placements(&self, person: PersonId) -> StoreResult<Vec<PlacementAt>> {
        let rows = sqlx::query!(
            r#"SELECT p.id AS "id: Uuid", p.person_id AS "person_id: Uuid", p.location_id AS "location_id: Uuid",
                   p.kind, p.started_on AS "started_on: NaiveDate", p.ended_on AS "ended_on: NaiveDate",
                   p.placing_authority AS "placing_authority: Uuid",
                   l.kind AS location_kind, l.name, l.address, l.postcode, l.area_id AS "area_id: Uuid", l.lat, l.lon
               FROM placements p JOIN locations l ON l.id = p.location_id
               WHERE p.person_id = ?
               ORDER BY p.started_on DESC, p.id DESC"#,
            person.0
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|r| {
                Ok(PlacementAt {
                    location: Location::try_from(LocationRow {
                        id: r.location_id,
                        kind: r.location_kind,
                        name: r.name,
                        address: r.address,
                        postcode: r.postcode,
                        area_id: r.area_id,
                        lat: r.lat,
                        lon: r.lon,
                    })?,
                    placement: Placement::try_from(PlacementRow {
                        id: r.id,
                        person_id: r.person_id,
                        location_id: r.location_id,
                        kind: r.kind,
                        started_on: r.started_on,
                        ended_on: r.ended_on,
                        placing_authority: r.placing_authority,
                    })?,
                })
            })
            .collect()
    }

    async fn locations(&self, text: &str, limit: u32) -> StoreResult<Vec<Location>> {
        let pattern = haven_store::contains_pattern(text);
        let limit = i64::from(limit);
        sqlx::query_as!(
            LocationRow,
            r#"SELECT id AS "id: Uuid", kind, name, address, postcode, area_id AS "area_id: Uuid", lat, lon
               FROM locations
               WHERE COALESCE(name, '') LIKE ? ESCAPE '\' OR address LIKE ? ESCAPE '\'
                  OR COALESCE(postcode, '') LIKE ? ESCAPE '\'
               ORDER BY COALESCE(name, address), address, id
               LIMIT ?"#,
            pattern,
            pattern,
            pattern,
            limit
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(Location::try_from)
        .collect()
    }

    async fn placement(&self, id: PlacementId) -> StoreResult<Option<Placement>> {
        sqlx::query_as!(
            PlacementRow,
            r#"SELECT id AS "id: Uuid", person_id AS "person_id: Uuid", location_id AS "location_id: Uuid", kind,
                      started_on AS "started_on: NaiveDate", ended_on AS "ended_on: NaiveDate",
                      placing_authority AS "placing_authority: Uuid"
               FROM placements WHERE id = ?"#,
            id.0
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        .map(Placement::try_from)
        .transpose()
    }

    async fn end_placement(&self, id: PlacementId, ended_on: NaiveDate, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let done = sqlx::query!("UPDATE placements SET ended_on = ? WHERE id = ?", ended_on, id.0)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Missing { field: "placement" });
        }
        insert_audit(&mut tx, audit).await?;
        commit(tx).await
    }
}

#[async_trait]
impl AuditStore for SqliteStore {
    async fn append_audit(&self, event: &AuditEvent) -> StoreResult<()> {
        self.audit.write(event).await
    }

    async fn agency_audit(&self, agency: AgencyId, limit: u32) -> StoreResult<Vec<AuditEvent>> {
        let limit = i64::from(limit);
        sqlx::query_as!(
            AuditRow,
            r#"SELECT id AS "id: Uuid", at AS "at: DateTime<Utc>", actor_user_id AS "actor_user_id: Uuid",
                   actor_agency_id AS "actor_agency_id: Uuid", actor_role, actor_label, action, subject_kind,
                   subject_id AS "subject_id: Uuid", person_id AS "person_id: Uuid", purpose, detail
               FROM audit_events WHERE actor_agency_id = ?
               ORDER BY at DESC, id DESC LIMIT ?"#,
            agency.0,
            limit
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(AuditEvent::try_from)
        .collect()
    }

    async fn person_audit(&self, id: PersonId, limit: u32) -> StoreResult<Vec<AuditEvent>> {
        let limit = i64::from(limit);
        sqlx::query_as!(
            AuditRow,
            r#"SELECT id AS "id: Uuid", at AS "at: DateTime<Utc>", actor_user_id AS "actor_user_id: Uuid",
                   actor_agency_id AS "actor_agency_id: Uuid", actor_role, actor_label, action, subject_kind,
                   subject_id AS "subject_id: Uuid", person_id AS "person_id: Uuid", purpose, detail
               FROM audit_events WHERE person_id = ?
               ORDER BY at DESC, id DESC LIMIT ?"#,
            id.0,
            limit
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(AuditEvent::try_from)
        .collect()
    }
}

#[async_trait]
impl BulkStore for SqliteStore {
    async fn bulk_load(&self, load: &BulkLoad, audit: &AuditEvent) -> StoreResult<()> {
        // One transaction: the statements are prepared once and reused for every row.
        let mut tx = self.write().await?;
        for area in &load.areas {
            insert_area(&mut tx, area).await?;
        }
        for agency in &load.agencies {
            insert_agency(&mut tx, agency).await?;
        }
        for agreement in &load.agreements {
            insert_agreement(&mut tx, agreement).await?;
        }
        for (user, hash) in &load.users {
            insert_user(&mut tx, user, hash, false, audit.at).await?;
        }
        for location in &load.locations {
            insert_location(&mut tx, location).await?;
        }
        for person in &load.people {
            insert_person(&mut tx, person).await?;
        }
        for placement in &load.placements {
            insert_placement(&mut tx, placement).await?;
        }
        for episode in &load.episodes {
            missing::insert_episode(&mut tx, episode).await?;
        }
        for pack in &load.grab_packs {
            missing::insert_grab_pack(&mut tx, pack).await?;
        }
        for screening in &load.screenings {
            screenings::insert_screening(&mut tx, screening).await?;
        }
        for m in &load.markers {
            let (person, location) = match m.subject {
                haven_domain::marker::MarkerSubject::Person(p) => (Some(p.0), None),
                haven_domain::marker::MarkerSubject::Location(l) => (None, Some(l.0)),
            };
            markers::insert_marker(&mut tx, m, person, location).await?;
        }
        for r in &load.nrm {
            markers::insert_nrm(&mut tx, r).await?;
        }
        // Meetings and their agendas first: an action names the meeting that agreed it, which may
        // be an earlier one than the register it is on now.
        for record in &load.meetings {
            mace::insert_meeting(&mut tx, &record.meeting).await?;
            for item in &record.items {
                mace::insert_item(&mut tx, item).await?;
            }
        }
        for record in &load.meetings {
            for a in &record.actions {
                mace::insert_action(&mut tx, record.meeting.area_id, a).await?;
            }
        }
        for d in &load.disruptions {
            disruption::insert_disruption(&mut tx, d).await?;
        }
        insert_audit(&mut tx, audit).await?;
        for event in &load.trail {
            insert_audit(&mut tx, event).await?;
        }
        commit(tx).await
    }
}

impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }
}
