//! The storage port: what haven needs from a database, as traits per aggregate. The SQLite and
//! PostgreSQL adapters implement them; the web and the command line hold an `Arc<dyn Store>` and
//! never see SQL.
//!
//! Two rules hold for every write: it takes the [`AuditEvent`] that describes it, and the
//! adapter inserts the event in the same transaction as the change, so there is never a change
//! without its trail or a trail without its change. Mutable records carry a version; an update
//! names the version it was made from and is refused with [`StoreError::Conflict`] when someone
//! else changed the record first.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use haven_domain::agency::{Agency, AgencyCode, Area};
use haven_domain::audit::AuditEvent;
use haven_domain::ids::{AgencyId, AreaId, EpisodeId, LocationId, PersonId, PlacementId, TokenId, UserId};
use haven_domain::location::{Location, Placement};
use haven_domain::missing::episode::Grading;
use haven_domain::missing::record::{EpisodeNote, GrabPack, MissingEpisode, ReturnRecord, RhiAttempt, RhiRecord};
use haven_domain::person::{AgencyRecord, Alias, Person, PersonDetails, PersonKind, Sex};
use haven_domain::sharing::Agreement;
use haven_domain::signin::SignInMethod;
use haven_domain::user::{Identity, User, Username};
use serde::Serialize;
use std::fmt::Debug;

mod directory;
mod disruption;
mod figures;
mod imports;
mod mace;
pub mod mace_rows;
mod markers;
mod network;
mod population;
mod rules;
mod screenings;
pub use directory::{AreaDirectory, DirectoryStore, PathwayRow, TeamRow};
pub use disruption::{DisruptionListed, DisruptionQuery, DisruptionRow, DisruptionStore, disruptions_listed};
pub use figures::FiguresStore;
pub use figures::rows as figures_rows;
pub use imports::{
    BatchApplied, ImportError, ImportJob, ImportStore, JobCounts, LinkReview, LinkageRecord, ReviewDecision,
    RollbackSummary, RowOutcome, SourceRecord, person_event,
};
pub use mace::{ActionQuery, MaceStore, MeetingRecord};
pub use markers::{MarkerListed, MarkerStore, NrmStore};
pub use network::{ItemLinkRow, LinkRow, NetworkStore, links};
pub use population::PopulationStore;
pub use rules::RulesStore;
pub use screenings::ScreeningStore;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// The record changed since the caller read it: someone else saved first.
    #[error("changed by someone else since it was read")]
    Conflict,
    /// A value that must be unique is taken; `field` names it as the user knows it.
    #[error("{field} is already in use")]
    Duplicate { field: &'static str },
    /// A reference to another record that does not exist (an unknown agency, say).
    #[error("{field} refers to a record that does not exist")]
    Missing { field: &'static str },
    /// The database failed: logged with its cause, never shown to a user.
    #[error("storage failure: {0}")]
    Backend(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// A password hash and the account's sign-in state, only ever read for signing in.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub password_hash: String,
    pub must_change_password: bool,
}

/// A session as stored: the id is kept only as a hash, so a copy of the database cannot be
/// used to ride a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub id_hash: String,
    pub user_id: UserId,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// How the user proved who they are when it began.
    pub method: SignInMethod,
}

/// An API token as stored: the secret is kept only as a hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: TokenId,
    pub user_id: UserId,
    pub name: String,
    pub token_hash: String,
    pub created_at: DateTime<Utc>,
    /// After this the token opens nothing; `None` never expires.
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked: bool,
}

/// What a people search asks for. Every part is optional; the store combines the given parts
/// with AND. `name` matches given, family or alias names, by prefix and case-insensitively.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonQuery {
    pub name: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub reference: Option<String>,
}

/// The form of a name that a people search compares: accents stripped and lower case, so that
/// `SIAN`, `sian` and `Siân` (or `Llyr` and `Llŷr`) find one another. Adapters store it beside
/// every name they index and fold each word of [`PersonQuery::name`] the same way, so both
/// backends match and order names identically, whatever their own `lower()` does.
pub fn name_key(raw: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    raw.trim().nfkd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

/// One line of a search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonSummary {
    pub id: PersonId,
    pub kind: PersonKind,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub sex: Sex,
}

/// A placement with its location, for the person page.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacementAt {
    pub placement: Placement,
    pub location: Location,
}

/// Many records written in one transaction with one audit event: the demo force, a bulk
/// import. Either all of it is written or none.
#[derive(Debug, Clone, Default)]
pub struct BulkLoad {
    pub areas: Vec<Area>,
    pub agencies: Vec<Agency>,
    pub agreements: Vec<Agreement>,
    /// Users with their password hashes.
    pub users: Vec<(User, String)>,
    pub locations: Vec<Location>,
    pub people: Vec<Person>,
    pub placements: Vec<Placement>,
    /// Missing episodes with their gradings, notes, returns and RHIs (the demo's history).
    pub episodes: Vec<MissingEpisode>,
    pub grab_packs: Vec<GrabPack>,
    /// Exploitation screenings (the demo's, so that a child's latest screening is real).
    pub screenings: Vec<haven_domain::screening::Screening>,
    /// Warning markers (with their approvals and reviews) and NRM referrals (with their
    /// decisions), so that the demo's markers and protective work are real.
    pub markers: Vec<haven_domain::marker::Marker>,
    pub nrm: Vec<haven_domain::nrm::NrmReferral>,
    /// MACE meetings with their agendas and the actions on each one's register (the demo's
    /// year of meetings).
    pub meetings: Vec<MeetingRecord>,
    /// Disruption activity against the demo's persons of concern and places.
    pub disruptions: Vec<haven_domain::disruption::Disruption>,
    /// Further audit events written in the same transaction after the load's own: each child's
    /// placement on their trail, say, so that a load is never on record without them.
    pub trail: Vec<AuditEvent>,
}

#[async_trait]
pub trait AgencyStore {
    async fn create_area(&self, area: &Area, audit: &AuditEvent) -> StoreResult<()>;
    async fn areas(&self) -> StoreResult<Vec<Area>>;
    async fn create_agency(&self, agency: &Agency, audit: &AuditEvent) -> StoreResult<()>;
    async fn agency(&self, id: AgencyId) -> StoreResult<Option<Agency>>;
    async fn agency_by_code(&self, code: &AgencyCode) -> StoreResult<Option<Agency>>;
    async fn agencies(&self) -> StoreResult<Vec<Agency>>;
    async fn create_agreement(&self, agreement: &Agreement, audit: &AuditEvent) -> StoreResult<()>;
    /// Every agreement, in force or not: the domain decides which apply on a given day.
    async fn agreements(&self) -> StoreResult<Vec<Agreement>>;
}

#[async_trait]
pub trait UserStore {
    async fn create_user(&self, user: &User, password_hash: &str, audit: &AuditEvent) -> StoreResult<()>;
    async fn user(&self, id: UserId) -> StoreResult<Option<User>>;
    async fn user_with_credentials(&self, username: &Username) -> StoreResult<Option<(User, Credentials)>>;
    /// The user linked to an identity at the organisation's identity provider, disabled or not
    /// (the caller refuses a disabled one with its reason).
    async fn user_by_identity(&self, identity: &Identity) -> StoreResult<Option<User>>;
    async fn set_password(&self, id: UserId, password_hash: &str, audit: &AuditEvent) -> StoreResult<()>;
    /// Records one sign-in attempt (for throttling) together with its audit event.
    async fn record_sign_in(
        &self,
        username: &str,
        address: &str,
        succeeded: bool,
        audit: &AuditEvent,
    ) -> StoreResult<()>;
    /// Failed attempts since `since`: for this username *from this address* (since the
    /// username's last success), and from this address for any username. Counting an account's
    /// failures per address means that an attacker elsewhere cannot lock the real user out.
    async fn recent_sign_in_failures(
        &self,
        username: &str,
        address: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<(u32, u32)>;
    /// Failed attempts on this username from any address since `since` and since its last
    /// success, and when the latest was: for the backoff on guesses spread over many addresses.
    async fn account_failures(&self, username: &str, since: DateTime<Utc>)
    -> StoreResult<(u32, Option<DateTime<Utc>>)>;
    /// Changes a user's display name, role, whether they are disabled, and the identity they are
    /// linked to at the organisation's identity provider. Disabling ends their sessions in the
    /// same transaction; so does a change of identity (a session begun as the old one ends).
    /// `NotFound` for an unknown user; `Duplicate { field: "identity" }` for an identity linked to
    /// another user.
    async fn update_user(&self, user: &User, audit: &AuditEvent) -> StoreResult<()>;
    /// Sets a password an administrator chose: the user must change it at their next sign-in,
    /// and their sessions end. `NotFound` for an unknown user.
    async fn reset_password(&self, id: UserId, password_hash: &str, audit: &AuditEvent) -> StoreResult<()>;
    /// The users of an agency (every user when `None`), by username.
    async fn users(&self, agency: Option<AgencyId>) -> StoreResult<Vec<User>>;
    async fn create_token(&self, token: &ApiToken, audit: &AuditEvent) -> StoreResult<()>;
    /// A user's tokens, newest first, revoked and expired ones too (their hashes are useless).
    async fn user_tokens(&self, user: UserId) -> StoreResult<Vec<ApiToken>>;
    /// Revokes a token: it opens nothing from then on. `NotFound` for an unknown token.
    async fn revoke_token(&self, id: TokenId, audit: &AuditEvent) -> StoreResult<()>;
    /// The user whose live token has this hash, if any: not revoked, not expired at `now`, and
    /// its user not disabled.
    async fn user_by_token(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<User>>;
}

#[async_trait]
pub trait SessionStore {
    async fn create_session(&self, session: &SessionRecord, audit: &AuditEvent) -> StoreResult<()>;
    /// A live session (not expired at `now`) and its user (not disabled).
    async fn session(&self, id_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<(SessionRecord, User)>>;
    async fn extend_session(&self, id_hash: &str, expires_at: DateTime<Utc>) -> StoreResult<()>;
    async fn delete_session(&self, id_hash: &str, audit: &AuditEvent) -> StoreResult<()>;
    /// Ends every session of `user` but the one `keep` (after a password change). Returns how
    /// many ended.
    async fn end_other_sessions(&self, user: UserId, keep: &str) -> StoreResult<u64>;
}

#[async_trait]
pub trait PersonStore {
    /// Creates a person with their aliases and agency records.
    async fn create_person(&self, person: &Person, audit: &AuditEvent) -> StoreResult<()>;
    /// The agencies that hold a record of a person: what the access policy needs, before
    /// anything about the person is read. `NotFound` when there is no such person.
    async fn person_holders(&self, id: PersonId) -> StoreResult<Vec<AgencyId>>;
    /// Every person's holders, as (person, agency) pairs ordered by person: what an import needs
    /// to keep its matching to the people the importing agency may see.
    async fn all_holders(&self) -> StoreResult<Vec<(PersonId, AgencyId)>>;
    /// The holders of each of `people`, as (person, agency) pairs ordered by person: what a
    /// listing needs to decide its rows in one read rather than one a row. A person not found
    /// has no pairs.
    async fn people_holders(&self, people: &[PersonId]) -> StoreResult<Vec<(PersonId, AgencyId)>>;
    /// Reads a person and records the read (`audit`) in the same transaction.
    async fn person(&self, id: PersonId, audit: &AuditEvent) -> StoreResult<Person>;
    /// Replaces a person's details if the record is still at `expected_version`; returns the
    /// new version.
    async fn update_person(
        &self,
        id: PersonId,
        expected_version: i64,
        details: &PersonDetails,
        audit: &AuditEvent,
    ) -> StoreResult<i64>;
    async fn add_alias(&self, id: PersonId, alias: &Alias, audit: &AuditEvent) -> StoreResult<()>;
    /// Adds an agency's record of a person; a reference already used by that agency for
    /// another person is a `Duplicate`.
    async fn add_agency_record(&self, id: PersonId, record: &AgencyRecord, audit: &AuditEvent) -> StoreResult<()>;
    /// People held by any of `visible_to` that match `query`, at most `limit`, ordered by
    /// family name, given name. The search itself is audited.
    async fn search_people(
        &self,
        query: &PersonQuery,
        visible_to: &[AgencyId],
        limit: u32,
        audit: &AuditEvent,
    ) -> StoreResult<Vec<PersonSummary>>;
    async fn count_people(&self) -> StoreResult<u64>;
    /// The children of area `area`'s cohort held by any of `visible_to`, each with the agencies
    /// that hold them, ordered by family name, given name: those with an episode in the area
    /// open now or reported at or after `since`, those living at a place in the area (a
    /// placement current on `today`), and those whose placing or host authority serves the
    /// area. The listing itself is audited (`audit`).
    async fn area_children(
        &self,
        area: AreaId,
        since: DateTime<Utc>,
        today: NaiveDate,
        visible_to: &[AgencyId],
        audit: &AuditEvent,
    ) -> StoreResult<Vec<CohortChild>>;
}

/// A child of an area's cohort: their details (for the priority, and for the make-up report
/// against the cohort) and the agencies that hold them (for the access policy).
#[derive(Debug, Clone, PartialEq)]
pub struct CohortChild {
    pub id: PersonId,
    pub details: PersonDetails,
    pub holders: Vec<AgencyId>,
    /// In the area only by an episode there (not by where they live or who placed them): a
    /// caller who may not see that episode may not see that the child is in the area.
    pub by_episode_only: bool,
}

#[async_trait]
pub trait LocationStore {
    async fn create_location(&self, location: &Location, audit: &AuditEvent) -> StoreResult<()>;
    async fn location(&self, id: LocationId) -> StoreResult<Option<Location>>;
    async fn add_placement(&self, placement: &Placement, audit: &AuditEvent) -> StoreResult<()>;
    /// A person's placements, newest first.
    async fn placements(&self, person: PersonId) -> StoreResult<Vec<PlacementAt>>;
    /// Locations whose name, address or postcode contains `text` (any case; every location when
    /// blank), by name then address, at most `limit`.
    async fn locations(&self, text: &str, limit: u32) -> StoreResult<Vec<Location>>;
    async fn placement(&self, id: PlacementId) -> StoreResult<Option<Placement>>;
    /// Ends a placement on a day (or corrects the day it ended); `Missing` if there is no such
    /// placement.
    async fn end_placement(&self, id: PlacementId, ended_on: NaiveDate, audit: &AuditEvent) -> StoreResult<()>;
}

/// `text` as a `LIKE` pattern that matches it anywhere, its own `%`, `_` and `\` taken literally
/// (with `ESCAPE '\'`).
pub fn contains_pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.trim().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

#[async_trait]
pub trait AuditStore {
    /// Appends an event that has no change of its own (a denied request, a report viewed).
    async fn append_audit(&self, event: &AuditEvent) -> StoreResult<()>;
    /// The events of one agency's users, newest first: what an admin reads to look into misuse.
    async fn agency_audit(&self, agency: AgencyId, limit: u32) -> StoreResult<Vec<AuditEvent>>;
    /// A person's trail, newest first.
    async fn person_audit(&self, id: PersonId, limit: u32) -> StoreResult<Vec<AuditEvent>>;
}

/// An episode with who it is about, for boards, worklists and the morning brief.
#[derive(Debug, Clone, PartialEq)]
pub struct EpisodeRow {
    pub episode: MissingEpisode,
    pub person: PersonSummary,
    /// The agencies that hold a record of the person, for the access policy.
    pub holders: Vec<AgencyId>,
}

/// Which episodes a list asks for: those open now, plus those reported or returned at or after
/// `since` (the RHI worklist asks for returns of the last weeks, the brief for the last day, the
/// repeat-missing check for the last 90 days).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EpisodeWindow {
    pub since: DateTime<Utc>,
}

#[async_trait]
pub trait MissingStore {
    /// Records a new episode with its first grading (and any notes, return or RHI it carries,
    /// for imported history). A second open episode for the same person is refused with
    /// `Duplicate { field: "person_id" }`, by the database itself (one open episode per person);
    /// an unknown person is `Missing { field: "person_id" }`, and any other unknown reference
    /// is `Missing` naming its field (`from_location`, `area_id`, `recorded_by`, `graded_by`,
    /// `location_id`, `held_by`). Times are kept to the microsecond on every store.
    async fn report_episode(&self, episode: &MissingEpisode, audit: &AuditEvent) -> StoreResult<()>;
    /// The person an episode is about and the agency that owns it, for the access check before
    /// anything else is read.
    async fn episode_parties(&self, id: EpisodeId) -> StoreResult<Option<(PersonId, AgencyId)>>;
    /// Reads an episode whole and records the read (`audit`) in the same transaction;
    /// `NotFound` (and no trail) when there is no such episode.
    async fn episode(&self, id: EpisodeId, audit: &AuditEvent) -> StoreResult<MissingEpisode>;
    /// A person's episodes, newest reported first, read and audited in one transaction.
    async fn person_episodes(&self, person: PersonId, audit: &AuditEvent) -> StoreResult<Vec<MissingEpisode>>;
    /// Adds a grading if the episode is still at `expected_version`; returns the new version.
    async fn regrade(
        &self,
        id: EpisodeId,
        expected_version: i64,
        grading: &Grading,
        audit: &AuditEvent,
    ) -> StoreResult<i64>;
    /// Adds a note (action, enquiry, sighting, linked person or place, notification); notes
    /// only ever accumulate, so no version is needed. Returns the episode's new version.
    async fn add_episode_note(&self, id: EpisodeId, note: &EpisodeNote, audit: &AuditEvent) -> StoreResult<i64>;
    /// Records the return if the episode is still at `expected_version` and still open
    /// (`Conflict` otherwise); returns the new version.
    async fn record_return(
        &self,
        id: EpisodeId,
        expected_version: i64,
        found: &ReturnRecord,
        audit: &AuditEvent,
    ) -> StoreResult<i64>;
    /// Records the return home interview if the episode is still at `expected_version`, has
    /// returned and has no RHI yet (`Conflict` otherwise); returns the new version.
    async fn record_rhi(
        &self,
        id: EpisodeId,
        expected_version: i64,
        rhi: &RhiRecord,
        audit: &AuditEvent,
    ) -> StoreResult<i64>;
    /// Episodes open now or reported or returned within the window, of people held by any of
    /// `visible_to`, oldest reported first. The listing itself is audited (`audit`).
    async fn episodes_in_window(
        &self,
        window: EpisodeWindow,
        visible_to: &[AgencyId],
        audit: &AuditEvent,
    ) -> StoreResult<Vec<EpisodeRow>>;
    /// Adds a step towards the return home interview (an allocation, a try) to a returned
    /// episode whose interview is not yet recorded; the episode's version moves on. `Conflict`
    /// when the episode is open or its interview recorded, `NotFound` when there is none.
    async fn add_rhi_attempt(&self, id: EpisodeId, attempt: &RhiAttempt, audit: &AuditEvent) -> StoreResult<i64>;
    /// The steps towards the interviews of `ids`, oldest first by episode. No audit event: the
    /// caller shows them beside an audited read or listing of the same episodes.
    async fn rhi_attempts(&self, ids: &[EpisodeId]) -> StoreResult<Vec<(EpisodeId, RhiAttempt)>>;
    /// A person's grab pack, if one has been written. This read takes no audit event: a caller
    /// that shows the pack other than beside an audited episode read records its own
    /// (`append_audit`).
    async fn grab_pack(&self, person: PersonId) -> StoreResult<Option<GrabPack>>;
    /// The person's grab pack as it was at `at`: the latest version saved at or before it (a
    /// version with no time, imported, counts as saved before any); `None` if there was none
    /// yet. Every version is kept. Like [`MissingStore::grab_pack`], this read takes no audit
    /// event.
    async fn grab_pack_as_of(&self, person: PersonId, at: DateTime<Utc>) -> StoreResult<Option<GrabPack>>;
    /// Writes a grab pack: `expected_version` 0 creates it (`Conflict` if someone created it
    /// first; `Missing { field: "person_id" }` for an unknown person); otherwise it must match
    /// (`Conflict`; `NotFound` when the person has no pack). Returns the new version.
    async fn save_grab_pack(
        &self,
        person: PersonId,
        expected_version: i64,
        pack: &GrabPack,
        audit: &AuditEvent,
    ) -> StoreResult<i64>;
}

#[async_trait]
pub trait BulkStore {
    /// Writes everything in `load` in one transaction with one audit event.
    async fn bulk_load(&self, load: &BulkLoad, audit: &AuditEvent) -> StoreResult<()>;
}

/// Everything haven needs from a database.
pub trait Store:
    AgencyStore
    + UserStore
    + SessionStore
    + PersonStore
    + LocationStore
    + AuditStore
    + MissingStore
    + BulkStore
    + ImportStore
    + RulesStore
    + PopulationStore
    + MarkerStore
    + NrmStore
    + ScreeningStore
    + MaceStore
    + DirectoryStore
    + DisruptionStore
    + FiguresStore
    + NetworkStore
    + Debug
    + Send
    + Sync
{
    /// Which backend this is, for `/healthz` and the logs.
    fn backend(&self) -> &'static str;
}

#[cfg(test)]
mod tests {
    use super::name_key;

    #[test]
    fn name_keys_ignore_case_and_accents_but_keep_the_letters() {
        assert_eq!(name_key(" SIÂN "), "sian");
        assert_eq!(name_key("Llŷr"), "llyr");
        assert_eq!(name_key("Gwenllïan"), "gwenllian");
        assert_eq!(name_key("O'Neill-Jones"), "o'neill-jones");
        assert_eq!(name_key("Ærøskøbing"), "ærøskøbing");
    }
}
