//! One conformance story, told against every store: each `async fn` below takes a [`Db`] (a
//! fresh, empty store) and is run once on SQLite (a temporary directory) and once on PostgreSQL
//! (a fresh database on the server named by `HAVEN_TEST_DATABASE_URL`). The PostgreSQL half
//! fails, never skips, when that variable is not set.
//!
//! Run: `HAVEN_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo test -p haven-store-tests`

#![expect(clippy::unwrap_used, reason = "a conformance test fails loudly at the first surprise, helpers included")]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use haven_domain::agency::{Agency, AgencyCode, AgencyKind, Area, AreaKind};
use haven_domain::audit::{AuditAction, AuditEvent, SubjectKind};
use haven_domain::disruption::{Disruption, DisruptionSubject, Outcome as DisruptionOutcome, Tactic};
use haven_domain::ids::{
    AgencyId, AgreementId, AliasId, AreaId, EpisodeId, EpisodeNoteId, LocationId, PersonId, PlacementId, ScreeningId,
    TokenId, UserId,
};
use haven_domain::ids::{DisruptionId, MarkerId, NrmId};
use haven_domain::ids::{ImportJobId, LinkReviewId, SourceRecordId};
use haven_domain::import::{ImportStatus, ReviewStatus, SourceFields, Thresholds};
use haven_domain::location::{Coordinates, Location, LocationKind, Placement, PlacementKind, Postcode};
use haven_domain::mace::FourP;
use haven_domain::marker::{Approval, Marker, MarkerReview, MarkerSubject, MarkerType, ReviewOutcome};
use haven_domain::missing::RiskGrade;
use haven_domain::missing::episode::{Answer, Consent, Grading, ReporterKind, RhiOutcome, RiskAnswer};
use haven_domain::missing::record::{
    EpisodeNote, GrabPack, MissingEpisode, NoteKind, Recipient, ReturnRecord, RhiAttempt, RhiRecord, RhiStep,
};
use haven_domain::missing::rules::{MissingRules, Preset, RulesVersion};
use haven_domain::nrm::{DecisionOutcome, ExploitationType, FirstResponder, NrmDecision, NrmReferral};
use haven_domain::person::{AgencyRecord, Alias, CareStatus, Ethnicity, Person, PersonDetails, PersonKind, Sex};
use haven_domain::screening::{Screening, Tier};
use haven_domain::sharing::{Agreement, Grant, RecordClass, Roles, Scope};
use haven_domain::signin::SignInMethod;
use haven_domain::text::{Name, Reference};
use haven_domain::user::{Identity, Role, User, Username};
use haven_store::{
    ApiToken, BatchApplied, BulkLoad, DisruptionQuery, EpisodeWindow, ImportError, ImportJob, JobCounts, PersonQuery,
    ReviewDecision, RollbackSummary, RowOutcome, SessionRecord, Store, StoreError, name_key,
};
use haven_store_postgres::PostgresStore;
use haven_store_sqlite::SqliteStore;
use std::sync::Arc;

// ---------------------------------------------------------------------------------------------
// The two backends

/// A fresh store and a way to run raw SQL against it (for what the port must not allow).
struct Db {
    store: Arc<dyn Store>,
    backend: Backend,
}

enum Backend {
    Sqlite { dir: tempfile::TempDir, pool: sqlx::SqlitePool },
    Postgres { admin_url: String, url: String, name: String, pool: sqlx::PgPool },
}

impl Db {
    async fn sqlite() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).await.unwrap();
        let pool = store.pool().clone();
        Db { store: Arc::new(store), backend: Backend::Sqlite { dir, pool } }
    }

    async fn postgres() -> Db {
        let admin_url = std::env::var("HAVEN_TEST_DATABASE_URL").unwrap_or_else(|_| {
            panic!(
                "HAVEN_TEST_DATABASE_URL is not set: the PostgreSQL store tests need a server, e.g. \
                 HAVEN_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (scripts/test sets it)"
            )
        });
        let name = format!("haven_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to HAVEN_TEST_DATABASE_URL: {e}"));
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await.unwrap();
        let url = with_database(&admin_url, &name);
        let store = PostgresStore::connect(&url).await.unwrap();
        let pool = store.pool().clone();
        Db { store: Arc::new(store), backend: Backend::Postgres { admin_url, url, name, pool } }
    }

    /// Opens the same database again, as a restarted server would.
    async fn reopen(&self) -> Arc<dyn Store> {
        match &self.backend {
            Backend::Sqlite { dir, .. } => Arc::new(SqliteStore::open(dir.path()).await.unwrap()),
            Backend::Postgres { url, .. } => Arc::new(PostgresStore::connect(url).await.unwrap()),
        }
    }

    /// Runs a statement outside the port; the error text if the database refuses it.
    async fn raw(&self, sql: &'static str) -> Result<u64, String> {
        match &self.backend {
            Backend::Sqlite { pool, .. } => sqlx::query(sql).execute(pool).await.map(|r| r.rows_affected()),
            Backend::Postgres { pool, .. } => sqlx::query(sql).execute(pool).await.map(|r| r.rows_affected()),
        }
        .map_err(|e| e.to_string())
    }

    /// A number from a `SELECT COUNT(*) …` run outside the port.
    async fn count(&self, sql: &'static str) -> i64 {
        match &self.backend {
            Backend::Sqlite { pool, .. } => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await.unwrap(),
            Backend::Postgres { pool, .. } => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await.unwrap(),
        }
    }

    async fn audit_count(&self) -> i64 {
        self.count("SELECT COUNT(*) FROM audit_events").await
    }

    /// Drops the PostgreSQL database (a failed test leaves its database behind to look at).
    async fn finish(self) {
        let Db { store, backend } = self;
        drop(store);
        if let Backend::Postgres { admin_url, name, pool, .. } = backend {
            pool.close().await;
            let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(&admin_url).await.unwrap();
            sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
                .execute(&mut admin)
                .await
                .unwrap();
        }
    }
}

/// `postgres://u@h:5432/postgres?x=y` with its database replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let server = match base[after_scheme..].find('/') {
        Some(slash) => &base[..after_scheme + slash],
        None => base,
    };
    format!("{server}/{name}{query}")
}

macro_rules! conformance {
    ($($story:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $story() {
                    let db = super::Db::sqlite().await;
                    assert_eq!(db.store.backend(), "sqlite");
                    super::$story(&db).await;
                    db.finish().await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $story() {
                    let db = super::Db::postgres().await;
                    assert_eq!(db.store.backend(), "postgres");
                    super::$story(&db).await;
                    db.finish().await;
                }
            )+
        }
    };
}

conformance!(
    agencies_areas_agreements_and_users_round_trip,
    taken_usernames_and_codes_are_duplicates_and_unknown_agencies_missing,
    a_person_is_created_and_every_read_is_audited,
    an_update_needs_the_version_it_was_made_from,
    aliases_and_agency_records_are_added_and_references_stay_unique,
    search_finds_by_name_alias_date_of_birth_and_reference_within_visible_agencies,
    sessions_live_until_they_expire_or_are_deleted,
    api_tokens_find_their_live_user,
    an_admin_changes_disables_and_resets_a_user,
    a_user_is_linked_to_one_identity_at_the_provider_and_found_by_it,
    sign_in_failures_are_counted_per_username_and_per_address,
    the_audit_table_refuses_update_and_delete,
    a_write_whose_audit_event_fails_leaves_no_change,
    simultaneous_reads_each_answer_only_once_their_audit_event_is_committed,
    a_read_whose_audit_event_fails_answers_nothing_and_the_reads_beside_it_go_on,
    a_conflicting_bulk_load_writes_nothing,
    placements_come_newest_first_with_their_location,
    locations_are_found_by_any_part_and_placements_end,
    a_demo_sized_bulk_load_is_quick_and_search_stays_fast,
    reopening_keeps_everything,
    simultaneous_edits_of_one_version_let_exactly_one_win,
    a_missing_episode_is_reported_and_read_back_whole,
    one_open_episode_per_person_and_unknown_people_are_refused,
    regrades_notes_returns_and_rhis_follow_the_episode_version,
    the_window_lists_open_and_recent_episodes_of_visible_people,
    grab_packs_are_created_updated_and_stale_saves_refused,
    steps_towards_the_interview_are_kept_in_order_while_it_is_owed,
    a_bulk_load_carries_episodes_and_grab_packs_whole,
    ten_thousand_episodes_list_quickly,
    simultaneous_reports_of_one_child_open_one_episode,
    an_import_batch_writes_each_row_once_with_its_trail,
    a_job_keeps_its_thresholds_and_file_digest_and_is_listed_for_its_agency,
    a_row_may_link_to_the_person_an_earlier_row_of_its_batch_made,
    reviews_are_listed_for_visible_agencies_and_decided_once,
    an_unlinked_record_gets_a_person_of_its_own_and_linking_again_restores,
    a_rolled_back_import_leaves_people_as_before_and_keeps_its_records,
    a_rollback_keeps_a_person_that_another_import_linked_to,
    area_rules_versions_are_added_in_turn_and_read_in_force_by_date,
    area_rules_versions_are_kept_as_saved,
    area_populations_are_added_in_turn_kept_as_saved_and_the_newest_used,
    markers_on_people_and_places_are_raised_approved_reviewed_and_listed,
    a_stale_or_second_approval_or_review_is_a_conflict_and_reviews_are_kept,
    nrm_referrals_take_decisions_once_in_order,
    screenings_are_kept_whole_and_the_latest_per_child_and_agency_is_listed,
    screenings_are_kept_as_made_and_a_lowered_tier_needs_a_reason,
    a_bulk_load_carries_screenings,
    a_bulk_load_carries_markers_and_nrm_referrals,
    an_areas_children_are_those_with_an_episode_a_home_or_an_authority_there,
    a_mace_meeting_its_agenda_and_its_action_register_are_kept_whole,
    an_areas_directory_keeps_its_teams_and_live_pathways_with_their_trail,
    disruption_is_recorded_listed_by_person_place_and_area_and_its_outcome_changed,
    a_bulk_load_carries_disruptions,
    the_figures_read_an_areas_rows_of_the_span_and_no_other,
    the_network_reads_every_structured_edge_of_an_episode_with_its_source,
    a_mace_meetings_links_are_edges_for_its_agencies_only,
);

async fn a_mace_meetings_links_are_edges_for_its_agencies_only(db: &Db) {
    use haven_domain::ids::{AgendaItemId, MaceLinkId, MeetingId};
    use haven_domain::mace::meeting::{AgendaItem, Attendee, ItemSubject, Meeting};
    use haven_domain::network::{Link, MaceLink, Node, Relation, Source};
    let s = &db.store;
    let w = world(db).await;
    let north = area("NORTH");
    s.create_area(&north, &event(AuditAction::AreaCreate)).await.unwrap();
    let outsider = agency("OUTSIDE", AgencyKind::Health, None);
    s.create_agency(&outsider, &event(AuditAction::AgencyCreate)).await.unwrap();
    let child = person("Cerys", "Hughes", Some(date(2012, 3, 4)), w.police.id, None);
    let adult = person("Rhys", "Evans", Some(date(1990, 1, 1)), w.police.id, None);
    for p in [&child, &adult] {
        s.create_person(p, &event(AuditAction::PersonCreate)).await.unwrap();
    }
    let flat = location("Flat 3");
    s.create_location(&flat, &event(AuditAction::LocationCreate)).await.unwrap();
    // Convened by the police; the council attends.
    let m = Meeting {
        id: MeetingId::new(),
        area_id: north.id,
        starts_at: at(2, 10, 0),
        chair: Attendee { name: "DI Morgan".into(), agency: w.police.id },
        attendees: vec![Attendee { name: "Sara Jones".into(), agency: w.council.id }],
        apologies: vec![],
        owner: w.police.id,
        created_by: None,
        created_at: at(1, 9, 0),
        version: 1,
    };
    s.create_meeting(&m, &event(AuditAction::MaceMeetingCreate)).await.unwrap();
    let item = |position, subject| AgendaItem {
        id: AgendaItemId::new(),
        meeting_id: m.id,
        position,
        subject,
        reason: "raised".into(),
        summary: String::new(),
        decisions: String::new(),
        risk_after: None,
        version: 1,
    };
    let (about_adult, about_child) =
        (item(1, ItemSubject::PersonOfConcern(adult.id)), item(2, ItemSubject::Child(child.id)));
    for i in [&about_adult, &about_child] {
        s.add_item(i, &event(AuditAction::MaceItemAdd)).await.unwrap();
    }
    let link = |item: &AgendaItem, other, minute| MaceLink {
        id: MaceLinkId::new(),
        meeting: m.id,
        item: item.id,
        other,
        recorded_by: None,
        recorded_at: at(2, 11, minute),
    };
    let add = |l: MaceLink| async move { s.add_mace_link(&l, &event(AuditAction::MaceItemLink)).await };
    let audit = db.audit_count().await;
    // The child linked to the adult's item; the flat to the child's.
    let child_to_adult = link(&about_adult, Node::Person(child.id), 0);
    let flat_to_child = link(&about_child, Node::Location(flat.id), 1);
    add(child_to_adult.clone()).await.unwrap();
    add(flat_to_child.clone()).await.unwrap();
    // Twice, of another meeting, of an unknown person: refused, nothing written.
    assert!(matches!(
        add(link(&about_adult, Node::Person(child.id), 2)).await,
        Err(StoreError::Duplicate { field: "person_id" })
    ));
    let elsewhere = MaceLink { meeting: MeetingId::new(), ..link(&about_adult, Node::Person(adult.id), 3) };
    assert!(matches!(add(elsewhere).await, Err(StoreError::NotFound)));
    assert!(matches!(
        add(link(&about_child, Node::Person(PersonId::new()), 4)).await,
        Err(StoreError::Missing { field: "person_id" })
    ));
    assert_eq!(db.audit_count().await, audit + 2);
    assert_eq!(db.count("SELECT COUNT(*) FROM mace_item_links").await, 2);

    // As edges: a child at one end, dated by the meeting, the meeting named, no episode.
    let edge = |child, other, source_id: MaceLinkId| Link {
        child,
        other,
        relation: Relation::LinkedAtMace,
        source: Source::Mace,
        source_id: source_id.0,
        episode: None,
        meeting: Some(m.id),
        owner: w.police.id,
        at: at(2, 10, 0),
    };
    let adult_edge = edge(child.id, Node::Person(adult.id), child_to_adult.id);
    let flat_edge = edge(child.id, Node::Location(flat.id), flat_to_child.id);
    // One meeting dates both: ordered by their ids after its time.
    let both = {
        let mut v = vec![adult_edge.clone(), flat_edge.clone()];
        v.sort_by_key(|l| l.source_id);
        v
    };
    // The convening, chairing and attending agencies read them; no other.
    for agency in [w.police.id, w.council.id] {
        assert_eq!(s.mace_links_touching(&[child.id], &[], agency).await.unwrap(), both);
    }
    assert_eq!(s.mace_links_touching(&[adult.id], &[], w.council.id).await.unwrap(), vec![adult_edge.clone()]);
    assert_eq!(s.mace_links_touching(&[], &[flat.id], w.police.id).await.unwrap(), vec![flat_edge.clone()]);
    assert!(s.mace_links_touching(&[child.id], &[flat.id], outsider.id).await.unwrap().is_empty());
    assert!(s.mace_links_touching(&[], &[], w.police.id).await.unwrap().is_empty());
    // The area's meetings in the span.
    let in_area = s.area_mace_links(north.id, at(1, 0, 0), at(3, 0, 0), w.council.id).await.unwrap();
    assert_eq!(in_area, both);
    assert!(s.area_mace_links(north.id, at(3, 0, 0), at(9, 0, 0), w.council.id).await.unwrap().is_empty());
    assert!(s.area_mace_links(north.id, at(1, 0, 0), at(3, 0, 0), outsider.id).await.unwrap().is_empty());
    // The meeting's links by item, in the order recorded.
    assert_eq!(
        s.meeting_mace_links(m.id).await.unwrap(),
        vec![(about_adult.id, adult_edge), (about_child.id, flat_edge)]
    );
    // An item with links stays on the agenda.
    assert!(matches!(
        s.remove_item(m.id, about_child.id, 1, &event(AuditAction::MaceItemRemove)).await,
        Err(StoreError::Conflict)
    ));
    // The database refuses a link to both a person and a place.
    assert!(db.raw("UPDATE mace_item_links SET person_id = location_id WHERE person_id IS NULL").await.is_err());
}

// ---------------------------------------------------------------------------------------------
// Builders

/// Whole seconds: PostgreSQL keeps microseconds, and equality must survive a round trip.
fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, minute, 0).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn event(action: AuditAction) -> AuditEvent {
    AuditEvent::system("conformance", action, "store conformance test", at(23, 10, 0))
}

fn event_at(action: AuditAction, when: DateTime<Utc>) -> AuditEvent {
    AuditEvent::system("conformance", action, "store conformance test", when)
}

fn code(c: &str) -> AgencyCode {
    AgencyCode::parse(c).unwrap()
}

fn area(c: &str) -> Area {
    Area { id: AreaId::new(), code: code(c), name: format!("Area {c}"), kind: AreaKind::LocalAuthority }
}

fn agency(c: &str, kind: AgencyKind, area: Option<AreaId>) -> Agency {
    Agency { id: AgencyId::new(), code: code(c), name: format!("Agency {c}"), kind, area_id: area }
}

fn user(name: &str, agency: AgencyId) -> User {
    User {
        id: UserId::new(),
        username: Username::parse(name).unwrap(),
        display_name: format!("User {name}"),
        agency_id: agency,
        role: Role::Practitioner,
        disabled: false,
        identity: None,
    }
}

fn details(given: &str, family: &str, dob: Option<NaiveDate>) -> PersonDetails {
    PersonDetails {
        kind: PersonKind::Child,
        given_name: Name::parse(given).unwrap(),
        middle_names: None,
        family_name: Name::parse(family).unwrap(),
        date_of_birth: dob,
        sex: Sex::Female,
        gender: None,
        ethnicity: Ethnicity::WhiteBritish,
        care_status: CareStatus::LookedAfter,
        placing_authority: None,
        host_authority: None,
    }
}

fn person(given: &str, family: &str, dob: Option<NaiveDate>, holder: AgencyId, reference: Option<&str>) -> Person {
    Person::new(details(given, family, dob), holder, reference.map(|r| Reference::parse(r).unwrap()), at(1, 9, 0))
}

fn alias(given: Option<&str>, family: Option<&str>) -> Alias {
    Alias {
        id: AliasId::new(),
        given_name: given.map(|g| Name::parse(g).unwrap()),
        family_name: family.map(|f| Name::parse(f).unwrap()),
        note: Some("street name".into()),
    }
}

fn location(name: &str) -> Location {
    Location {
        id: LocationId::new(),
        kind: LocationKind::ChildrensHome,
        name: Some(name.into()),
        address: format!("1 {name} Road, Cardiff"),
        postcode: Some(Postcode::parse("CF10 1AA").unwrap()),
        area_id: None,
        coordinates: Some(Coordinates::parse(51.48, -3.18).unwrap()),
    }
}

fn placement(person: PersonId, location: LocationId, started: NaiveDate, ended: Option<NaiveDate>) -> Placement {
    Placement {
        id: PlacementId::new(),
        person_id: person,
        location_id: location,
        kind: PlacementKind::CarePlacement,
        started_on: started,
        ended_on: ended,
        placing_authority: None,
    }
}

/// Two agencies (police and council) and one person held by the police.
struct World {
    police: Agency,
    council: Agency,
}

/// The police force's id in every test world: each test has a database of its own, and the
/// episodes the tests make are the force's.
const POLICE: AgencyId = AgencyId(uuid::Uuid::from_u128(0x5350_0000_0000_7000_8000_0000_0000_0001));

async fn world(db: &Db) -> World {
    let police = Agency { id: POLICE, ..agency("SWP", AgencyKind::Police, None) };
    let council = agency("CARDIFF-CS", AgencyKind::LocalAuthority, None);
    db.store.create_agency(&police, &event(AuditAction::AgencyCreate)).await.unwrap();
    db.store.create_agency(&council, &event(AuditAction::AgencyCreate)).await.unwrap();
    World { police, council }
}

fn names(found: &[haven_store::PersonSummary]) -> Vec<String> {
    found.iter().map(|p| format!("{} {}", p.given_name, p.family_name)).collect()
}

// ---------------------------------------------------------------------------------------------
// The story

async fn agencies_areas_agreements_and_users_round_trip(db: &Db) {
    let s = &db.store;
    let cardiff = area("CARDIFF");
    s.create_area(&cardiff, &event(AuditAction::AreaCreate)).await.unwrap();
    assert_eq!(s.areas().await.unwrap(), vec![cardiff.clone()]);

    let police = agency("SWP", AgencyKind::Police, Some(cardiff.id));
    let council = agency("CARDIFF-CS", AgencyKind::LocalAuthority, Some(cardiff.id));
    s.create_agency(&police, &event(AuditAction::AgencyCreate)).await.unwrap();
    s.create_agency(&council, &event(AuditAction::AgencyCreate)).await.unwrap();
    assert_eq!(s.agency(police.id).await.unwrap(), Some(police.clone()));
    assert_eq!(s.agency_by_code(&code("swp")).await.unwrap(), Some(police.clone()));
    assert_eq!(s.agency_by_code(&code("NOPE")).await.unwrap(), None);
    assert_eq!(s.agency(AgencyId::new()).await.unwrap(), None);
    // Ordered by name.
    assert_eq!(s.agencies().await.unwrap(), vec![council.clone(), police.clone()]);

    let agreement = Agreement {
        id: AgreementId::new(),
        name: "Missing children ISP".into(),
        purpose: "safeguarding".into(),
        // Members keep their order.
        members: vec![police.id, council.id],
        grants: vec![
            // As the store returns them: by class code, then kind.
            Grant::new(RecordClass::EpisodeSummary, AgencyKind::Police, Scope::OwnCases),
            Grant {
                roles: Roles::only(&[Role::Supervisor, Role::MaceChair]),
                ..Grant::new(RecordClass::Identity, AgencyKind::LocalAuthority, Scope::Cohort)
            },
        ],
        starts_on: date(2026, 1, 1),
        ends_on: Some(date(2027, 12, 31)),
        review_on: Some(date(2027, 6, 30)),
    };
    s.create_agreement(&agreement, &event(AuditAction::AgreementCreate)).await.unwrap();
    assert_eq!(s.agreements().await.unwrap(), vec![agreement.clone()]);
    // A later one with no grants yet, its members listed against their ids' order (so one of
    // the two lists is not in id order): each agreement comes back with its own members, in
    // its order, and its own grants.
    let mut members = vec![police.id, council.id];
    members.sort_by_key(|a| std::cmp::Reverse(a.0));
    let later = Agreement {
        id: AgreementId::new(),
        name: "Exploitation ISP".into(),
        members,
        grants: vec![],
        starts_on: date(2026, 6, 1),
        ..agreement.clone()
    };
    s.create_agreement(&later, &event(AuditAction::AgreementCreate)).await.unwrap();
    assert_eq!(s.agreements().await.unwrap(), vec![agreement, later]);

    let evans = user("j.evans", police.id);
    s.create_user(&evans, "hash-1", &event(AuditAction::UserCreate)).await.unwrap();
    assert_eq!(s.user(evans.id).await.unwrap(), Some(evans.clone()));
    assert_eq!(s.user(UserId::new()).await.unwrap(), None);
    let (found, credentials) = s.user_with_credentials(&evans.username).await.unwrap().unwrap();
    assert_eq!(found, evans);
    assert_eq!(credentials.password_hash, "hash-1");
    assert!(credentials.must_change_password, "whoever created the account chose its password");
    assert!(s.user_with_credentials(&Username::parse("nobody").unwrap()).await.unwrap().is_none());

    s.set_password(evans.id, "hash-2", &event(AuditAction::UserPasswordSet)).await.unwrap();
    let (_, credentials) = s.user_with_credentials(&evans.username).await.unwrap().unwrap();
    assert_eq!(credentials.password_hash, "hash-2");
    assert!(!credentials.must_change_password);
    assert!(matches!(
        s.set_password(UserId::new(), "x", &event(AuditAction::UserPasswordSet)).await,
        Err(StoreError::NotFound)
    ));

    // One audit event per write, each in its own row.
    assert_eq!(db.audit_count().await, 7);
    assert_eq!(db.count("SELECT COUNT(*) FROM audit_events WHERE action = 'user.password_set'").await, 1);
}

async fn taken_usernames_and_codes_are_duplicates_and_unknown_agencies_missing(db: &Db) {
    let s = &db.store;
    let w = world(db).await;
    s.create_user(&user("j.evans", w.police.id), "h", &event(AuditAction::UserCreate)).await.unwrap();
    let before = db.audit_count().await;

    let again = user("j.evans", w.council.id);
    assert!(matches!(
        s.create_user(&again, "h", &event(AuditAction::UserCreate)).await,
        Err(StoreError::Duplicate { field: "username" })
    ));
    assert!(matches!(
        s.create_agency(&agency("SWP", AgencyKind::Health, None), &event(AuditAction::AgencyCreate)).await,
        Err(StoreError::Duplicate { field: "code" })
    ));
    s.create_area(&area("CARDIFF"), &event(AuditAction::AreaCreate)).await.unwrap();
    assert!(matches!(
        s.create_area(&area("CARDIFF"), &event(AuditAction::AreaCreate)).await,
        Err(StoreError::Duplicate { field: "code" })
    ));
    let orphan = user("orphan", AgencyId::new());
    assert!(matches!(
        s.create_user(&orphan, "h", &event(AuditAction::UserCreate)).await,
        Err(StoreError::Missing { field: "agency" })
    ));
    assert!(matches!(
        s.create_agency(&agency("NEW", AgencyKind::Health, Some(AreaId::new())), &event(AuditAction::AgencyCreate))
            .await,
        Err(StoreError::Missing { field: "area" })
    ));
    // Refused writes leave no trail and no row (only the area that was created counts).
    assert_eq!(db.audit_count().await, before + 1);
    assert_eq!(s.user(again.id).await.unwrap(), None);
    assert_eq!(s.agencies().await.unwrap().len(), 2);
}

async fn a_person_is_created_and_every_read_is_audited(db: &Db) {
    let s = &db.store;
    let w = world(db).await;
    let mut siân = person("Siân", "Evans", Some(date(2011, 2, 28)), w.police.id, Some("POL/2026/1"));
    siân.details.middle_names = Some("Mair".into());
    siân.details.gender = Some("girl".into());
    siân.details.placing_authority = Some(w.council.id);
    siân.details.host_authority = Some(w.council.id);
    siân.aliases.push(alias(Some("Sia"), None));
    s.create_person(&siân, &event(AuditAction::PersonCreate).person(siân.id)).await.unwrap();
    assert_eq!(s.count_people().await.unwrap(), 1);

    let view = event_at(AuditAction::PersonView, at(23, 11, 0)).person(siân.id);
    assert_eq!(s.person(siân.id, &view).await.unwrap(), siân);
    assert_eq!(s.person_holders(siân.id).await.unwrap(), vec![w.police.id]);

    // The trail holds the creation and the read, newest first, with every field intact.
    let trail = s.person_audit(siân.id, 10).await.unwrap();
    assert_eq!(
        trail.iter().map(|e| e.action).collect::<Vec<_>>(),
        [AuditAction::PersonView, AuditAction::PersonCreate]
    );
    assert_eq!(trail[0], view);
    assert_eq!(s.person_audit(siân.id, 1).await.unwrap().len(), 1);

    let unknown = PersonId::new();
    assert!(matches!(
        s.person(unknown, &event(AuditAction::PersonView).person(unknown)).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(s.person_holders(unknown).await, Err(StoreError::NotFound)));

    // A person naming an agency that does not exist is refused whole.
    let stray = person("Ann", "Jones", Some(date(2012, 1, 1)), AgencyId::new(), None);
    assert!(matches!(
        s.create_person(&stray, &event(AuditAction::PersonCreate).person(stray.id)).await,
        Err(StoreError::Missing { .. })
    ));
    assert_eq!(s.count_people().await.unwrap(), 1);
}

async fn an_update_needs_the_version_it_was_made_from(db: &Db) {
    let s = &db.store;
    let w = world(db).await;
    let p = person("Siân", "Evans", Some(date(2011, 2, 28)), w.police.id, None);
    s.create_person(&p, &event(AuditAction::PersonCreate).person(p.id)).await.unwrap();

    let mut mine = p.details.clone();
    mine.family_name = Name::parse("Price").unwrap();
    mine.care_status = CareStatus::ChildProtectionPlan;
    let edit_time = at(23, 12, 0);
    let v2 =
        s.update_person(p.id, 1, &mine, &event_at(AuditAction::PersonUpdate, edit_time).person(p.id)).await.unwrap();
    assert_eq!(v2, 2);

    // Someone else's edit, made from the version before mine, is refused and changes nothing.
    let mut theirs = p.details.clone();
    theirs.given_name = Name::parse("Sian").unwrap();
    let trail_before = s.person_audit(p.id, 100).await.unwrap().len();
    assert!(matches!(
        s.update_person(p.id, 1, &theirs, &event(AuditAction::PersonUpdate).person(p.id)).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(s.person_audit(p.id, 100).await.unwrap().len(), trail_before, "a refused edit leaves no event");

    let now = s.person(p.id, &event(AuditAction::PersonView).person(p.id)).await.unwrap();
    assert_eq!((now.details, now.version, now.updated_at, now.created_at), (mine, 2, edit_time, p.created_at));

    // Search sees the new name, not the old one.
    let by_name = |name: &str| PersonQuery { name: Some(name.into()), ..PersonQuery::default() };
    let found =
        s.search_people(&by_name("price"), &[w.police.id], 10, &event(AuditAction::PersonSearch)).await.unwrap();
    assert_eq!(found.iter().map(|f| f.id).collect::<Vec<_>>(), vec![p.id]);
    assert!(
        s.search_people(&by_name("evans"), &[w.police.id], 10, &event(AuditAction::PersonSearch))
            .await
            .unwrap()
            .is_empty()
    );

    let unknown = PersonId::new();
    assert!(matches!(
        s.update_person(unknown, 1, &theirs, &event(AuditAction::PersonUpdate).person(unknown)).await,
        Err(StoreError::NotFound)
    ));
}

async fn aliases_and_agency_records_are_added_and_references_stay_unique(db: &Db) {
    let s = &db.store;
    let w = world(db).await;
    let a = person("Siân", "Evans", None, w.police.id, Some("POL-1"));
    let b = person("Dylan", "Morgan", None, w.police.id, Some("POL-2"));
    for p in [&a, &b] {
        s.create_person(p, &event(AuditAction::PersonCreate).person(p.id)).await.unwrap();
    }

    let street = alias(None, Some("Smith"));
    s.add_alias(a.id, &street, &event(AuditAction::AliasAdd).person(a.id)).await.unwrap();
    let council_record = AgencyRecord {
        agency_id: w.council.id,
        reference: Some(Reference::parse("CS-9").unwrap()),
        recorded_at: at(2, 9, 0),
    };
    s.add_agency_record(a.id, &council_record, &event(AuditAction::RecordAdd).person(a.id)).await.unwrap();

    let read = s.person(a.id, &event(AuditAction::PersonView).person(a.id)).await.unwrap();
    assert_eq!(read.aliases, vec![street]);
    assert_eq!(read.records.len(), 2);
    assert!(read.records.contains(&council_record));
    let mut holders = s.person_holders(a.id).await.unwrap();
    holders.sort();
    let mut expect = vec![w.police.id, w.council.id];
    expect.sort();
    assert_eq!(holders, expect);

    // The council's reference CS-9 is A's: it cannot be given to B as well.
    let clash = AgencyRecord {
        agency_id: w.council.id,
        reference: Some(Reference::parse("CS-9").unwrap()),
        recorded_at: at(2, 9, 0),
    };
    let audit_before = db.audit_count().await;
    assert!(matches!(
        s.add_agency_record(b.id, &clash, &event(AuditAction::RecordAdd).person(b.id)).await,
        Err(StoreError::Duplicate { field: "reference" })
    ));
    // An agency holds one record of a person.
    let second = AgencyRecord { agency_id: w.police.id, reference: None, recorded_at: at(2, 9, 0) };
    assert!(matches!(
        s.add_agency_record(a.id, &second, &event(AuditAction::RecordAdd).person(a.id)).await,
        Err(StoreError::Duplicate { field: "agency" })
    ));
    assert_eq!(db.audit_count().await, audit_before);
    assert_eq!(s.person_holders(b.id).await.unwrap(), vec![w.police.id]);

    // Another agency may use the same reference, and records without a reference never clash.
    let other = agency("SCHOOL", AgencyKind::Education, None);
    s.create_agency(&other, &event(AuditAction::AgencyCreate)).await.unwrap();
    let same_ref = AgencyRecord {
        agency_id: other.id,
        reference: Some(Reference::parse("CS-9").unwrap()),
        recorded_at: at(2, 9, 0),
    };
    s.add_agency_record(b.id, &same_ref, &event(AuditAction::RecordAdd).person(b.id)).await.unwrap();
    let no_ref = AgencyRecord { agency_id: w.council.id, reference: None, recorded_at: at(2, 9, 0) };
    s.add_agency_record(b.id, &no_ref, &event(AuditAction::RecordAdd).person(b.id)).await.unwrap();
    // A read gives back a record without a reference as such, and no aliases as none.
    let read = s.person(b.id, &event(AuditAction::PersonView).person(b.id)).await.unwrap();
    assert!(read.aliases.is_empty());
    assert_eq!(read.records.len(), 3);
    assert!(read.records.contains(&same_ref) && read.records.contains(&no_ref));

    let nobody = PersonId::new();
    assert!(matches!(
        s.add_alias(nobody, &alias(Some("X"), None), &event(AuditAction::AliasAdd).person(nobody)).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.add_agency_record(nobody, &no_ref, &event(AuditAction::RecordAdd).person(nobody)).await,
        Err(StoreError::NotFound)
    ));
    let ghost_agency = AgencyRecord { agency_id: AgencyId::new(), reference: None, recorded_at: at(2, 9, 0) };
    assert!(matches!(
        s.add_agency_record(a.id, &ghost_agency, &event(AuditAction::RecordAdd).person(a.id)).await,
        Err(StoreError::Missing { field: "agency" })
    ));
}

async fn search_finds_by_name_alias_date_of_birth_and_reference_within_visible_agencies(db: &Db) {
    let s = &db.store;
    let w = world(db).await;
    let school = agency("SCHOOL", AgencyKind::Education, None);
    s.create_agency(&school, &event(AuditAction::AgencyCreate)).await.unwrap();

    let siân = person("Siân", "Evans", Some(date(2011, 2, 28)), w.police.id, Some("POL/1"));
    let mut dylan = person("Dylan", "Evanson", Some(date(2010, 5, 1)), w.police.id, None);
    dylan.records.push(AgencyRecord {
        agency_id: w.council.id,
        reference: Some(Reference::parse("CS-9").unwrap()),
        recorded_at: at(1, 9, 0),
    });
    dylan.aliases.push(alias(Some("Tiny"), Some("Morgan")));
    let evan = person("Evan", "Price", Some(date(2012, 7, 7)), w.council.id, None);
    let shouted = person("GWENLLÏAN", "PRYS", Some(date(2013, 3, 3)), w.council.id, None);
    // Held only by the school: never found by the police or the council.
    let hidden = person("Siân", "Evans", Some(date(2011, 2, 28)), school.id, Some("PUPIL-1"));
    for p in [&siân, &dylan, &evan, &shouted, &hidden] {
        s.create_person(p, &event(AuditAction::PersonCreate).person(p.id)).await.unwrap();
    }

    // The holders of many people in one read, ordered by person; an unknown person has none.
    let mut expected =
        vec![(siân.id, w.police.id), (dylan.id, w.police.id), (dylan.id, w.council.id), (evan.id, w.council.id)];
    expected.sort();
    assert_eq!(s.people_holders(&[evan.id, dylan.id, PersonId::new(), siân.id]).await.unwrap(), expected);
    assert!(s.people_holders(&[]).await.unwrap().is_empty());

    let visible = [w.police.id, w.council.id];
    let search = |name: Option<&str>, dob: Option<NaiveDate>, reference: Option<&str>| PersonQuery {
        name: name.map(str::to_owned),
        date_of_birth: dob,
        reference: reference.map(str::to_owned),
    };
    let find = |q: PersonQuery, visible: Vec<AgencyId>, limit: u32| {
        let s = Arc::clone(s);
        async move { names(&s.search_people(&q, &visible, limit, &event(AuditAction::PersonSearch)).await.unwrap()) }
    };

    // Name prefixes, case-insensitive, on given or family names; ordered by family, given name.
    assert_eq!(find(search(Some("evans"), None, None), visible.to_vec(), 50).await, ["Siân Evans", "Dylan Evanson"]);
    assert_eq!(
        find(search(Some("EV"), None, None), visible.to_vec(), 50).await,
        ["Siân Evans", "Dylan Evanson", "Evan Price"]
    );
    assert_eq!(find(search(Some("SIÂN"), None, None), visible.to_vec(), 50).await, ["Siân Evans"]);
    // Accents are ignored both ways, and names stored in capitals are found like any other.
    assert_eq!(find(search(Some("sian"), None, None), visible.to_vec(), 50).await, ["Siân Evans"]);
    assert_eq!(find(search(Some("gwenllïan"), None, None), visible.to_vec(), 50).await, ["GWENLLÏAN PRYS"]);
    assert_eq!(find(search(Some("Gwenllian pr"), None, None), visible.to_vec(), 50).await, ["GWENLLÏAN PRYS"]);
    // Every word must match some name.
    assert_eq!(find(search(Some("siân ev"), None, None), visible.to_vec(), 50).await, ["Siân Evans"]);
    assert_eq!(find(search(Some("siân price"), None, None), visible.to_vec(), 50).await, Vec::<String>::new());
    // Aliases count as names.
    assert_eq!(find(search(Some("morgan"), None, None), visible.to_vec(), 50).await, ["Dylan Evanson"]);
    assert_eq!(find(search(Some("tiny ev"), None, None), visible.to_vec(), 50).await, ["Dylan Evanson"]);
    // A wildcard is a character, not a pattern.
    assert_eq!(find(search(Some("%"), None, None), visible.to_vec(), 50).await, Vec::<String>::new());
    assert_eq!(find(search(Some("_"), None, None), visible.to_vec(), 50).await, Vec::<String>::new());
    // Date of birth exactly; combined with a name by AND.
    assert_eq!(find(search(None, Some(date(2011, 2, 28)), None), visible.to_vec(), 50).await, ["Siân Evans"]);
    assert_eq!(find(search(Some("ev"), Some(date(2012, 7, 7)), None), visible.to_vec(), 50).await, ["Evan Price"]);
    assert_eq!(find(search(None, Some(date(2000, 1, 1)), None), visible.to_vec(), 50).await, Vec::<String>::new());
    // A reference exactly, on any visible agency's record.
    assert_eq!(find(search(None, None, Some("CS-9")), visible.to_vec(), 50).await, ["Dylan Evanson"]);
    assert_eq!(find(search(None, None, Some("POL/1")), visible.to_vec(), 50).await, ["Siân Evans"]);
    assert_eq!(find(search(None, None, Some("POL")), visible.to_vec(), 50).await, Vec::<String>::new());
    assert_eq!(find(search(None, None, Some("PUPIL-1")), visible.to_vec(), 50).await, Vec::<String>::new());
    // What an agency sees depends on what it holds.
    assert_eq!(find(search(Some("siân"), None, None), vec![w.council.id], 50).await, Vec::<String>::new());
    assert_eq!(find(search(Some("ev"), None, None), vec![w.council.id], 50).await, ["Dylan Evanson", "Evan Price"]);
    assert_eq!(find(search(Some("prys"), None, None), vec![w.police.id], 50).await, Vec::<String>::new());
    assert_eq!(find(search(Some("siân"), None, None), vec![school.id], 50).await, ["Siân Evans"]);
    assert_eq!(find(search(None, None, Some("PUPIL-1")), vec![school.id], 50).await, ["Siân Evans"]);
    assert_eq!(find(search(Some("ev"), None, None), vec![], 50).await, Vec::<String>::new());
    // Everything visible when nothing is asked; the limit holds.
    assert_eq!(find(search(None, None, None), visible.to_vec(), 50).await.len(), 4);
    assert_eq!(find(search(Some("ev"), None, None), visible.to_vec(), 2).await, ["Siân Evans", "Dylan Evanson"]);

    // Each search is in the trail (27 above).
    assert_eq!(db.count("SELECT COUNT(*) FROM audit_events WHERE action = 'person.search'").await, 27);
    let found = s
        .search_people(&search(Some("siân"), None, None), &visible, 10, &event(AuditAction::PersonSearch))
        .await
        .unwrap();
    assert_eq!(found[0].id, siân.id);
    assert_eq!(
        (found[0].kind, found[0].sex, found[0].date_of_birth),
        (PersonKind::Child, Sex::Female, Some(date(2011, 2, 28)))
    );
}

async fn sessions_live_until_they_expire_or_are_deleted(db: &Db) {
    let s = &db.store;
    let w = world(db).await;
    let evans = user("j.evans", w.police.id);
    s.create_user(&evans, "h", &event(AuditAction::UserCreate)).await.unwrap();
    let session = SessionRecord {
        id_hash: "hash-of-session".into(),
        user_id: evans.id,
        csrf_token: "csrf".into(),
        created_at: at(23, 9, 0),
        expires_at: at(23, 17, 0),
        method: SignInMethod::Password,
    };
    s.create_session(&session, &event(AuditAction::SignIn)).await.unwrap();

    assert_eq!(s.session("hash-of-session", at(23, 10, 0)).await.unwrap(), Some((session.clone(), evans.clone())));
    assert_eq!(s.session("other", at(23, 10, 0)).await.unwrap(), None);
    // Expired at its expiry time and after.
    assert_eq!(s.session("hash-of-session", at(23, 17, 0)).await.unwrap(), None);
    assert_eq!(s.session("hash-of-session", at(24, 9, 0)).await.unwrap(), None);

    s.extend_session("hash-of-session", at(23, 19, 0)).await.unwrap();
    let (extended, _) = s.session("hash-of-session", at(23, 18, 0)).await.unwrap().unwrap();
    assert_eq!(extended.expires_at, at(23, 19, 0));
    assert!(matches!(s.extend_session("other", at(23, 19, 0)).await, Err(StoreError::NotFound)));

    s.delete_session("hash-of-session", &event(AuditAction::SignOut)).await.unwrap();
    assert_eq!(s.session("hash-of-session", at(23, 10, 0)).await.unwrap(), None);

    // A disabled account's session is not live.
    let mut gone = user("left.force", w.police.id);
    gone.disabled = true;
    s.create_user(&gone, "h", &event(AuditAction::UserCreate)).await.unwrap();
    let theirs = SessionRecord { id_hash: "theirs".into(), user_id: gone.id, ..session.clone() };
    s.create_session(&theirs, &event(AuditAction::SignIn)).await.unwrap();
    assert_eq!(s.session("theirs", at(23, 10, 0)).await.unwrap(), None);

    let stray = SessionRecord { id_hash: "stray".into(), user_id: UserId::new(), ..session };
    assert!(matches!(
        s.create_session(&stray, &event(AuditAction::SignIn)).await,
        Err(StoreError::Missing { field: "user" })
    ));
    assert_eq!(db.count("SELECT COUNT(*) FROM audit_events WHERE action = 'session.sign_out'").await, 1);
}

async fn api_tokens_find_their_live_user(db: &Db) {
    let s = &db.store;
    let w = world(db).await;
    let bot = user("import.bot", w.council.id);
    s.create_user(&bot, "h", &event(AuditAction::UserCreate)).await.unwrap();
    let token = ApiToken {
        id: TokenId::new(),
        user_id: bot.id,
        name: "nightly import".into(),
        token_hash: "th-1".into(),
        created_at: at(23, 9, 0),
        expires_at: None,
        revoked: false,
    };
    let now = at(24, 9, 0);
    s.create_token(&token, &event(AuditAction::TokenIssue)).await.unwrap();
    assert_eq!(s.user_by_token("th-1", now).await.unwrap(), Some(bot.clone()));
    assert_eq!(s.user_by_token("th-2", now).await.unwrap(), None);

    // A token that expires opens nothing from its expiry on; a revoked one nothing at once.
    let dated = ApiToken {
        id: TokenId::new(),
        token_hash: "th-4".into(),
        created_at: at(23, 10, 0),
        expires_at: Some(at(24, 10, 0)),
        ..token.clone()
    };
    s.create_token(&dated, &event(AuditAction::TokenIssue)).await.unwrap();
    assert_eq!(s.user_by_token("th-4", now).await.unwrap(), Some(bot.clone()));
    assert_eq!(s.user_by_token("th-4", at(24, 10, 0)).await.unwrap(), None, "expired");
    s.revoke_token(token.id, &event(AuditAction::TokenRevoke)).await.unwrap();
    assert_eq!(s.user_by_token("th-1", now).await.unwrap(), None, "revoked");
    assert!(matches!(
        s.revoke_token(TokenId::new(), &event(AuditAction::TokenRevoke)).await,
        Err(StoreError::NotFound)
    ));
    let listed = s.user_tokens(bot.id).await.unwrap();
    assert_eq!(listed, vec![dated.clone(), ApiToken { revoked: true, ..token.clone() }], "newest first, revoked kept");

    let copy = ApiToken { id: TokenId::new(), ..token.clone() };
    assert!(matches!(
        s.create_token(&copy, &event(AuditAction::TokenIssue)).await,
        Err(StoreError::Duplicate { field: "token" })
    ));

    let mut gone = user("old.bot", w.council.id);
    gone.disabled = true;
    s.create_user(&gone, "h", &event(AuditAction::UserCreate)).await.unwrap();
    let theirs = ApiToken { id: TokenId::new(), user_id: gone.id, token_hash: "th-3".into(), ..token };
    s.create_token(&theirs, &event(AuditAction::TokenIssue)).await.unwrap();
    assert_eq!(s.user_by_token("th-3", now).await.unwrap(), None, "a disabled account's token is not live");
}

async fn an_admin_changes_disables_and_resets_a_user(db: &Db) {
    let s = &db.store;
    let w = world(db).await;
    let sw = user("s.worker", w.council.id);
    s.create_user(&sw, "h-1", &event(AuditAction::UserCreate)).await.unwrap();
    s.set_password(sw.id, "h-2", &event(AuditAction::UserPasswordSet)).await.unwrap();
    let other = user("p.officer", w.police.id);
    s.create_user(&other, "h", &event(AuditAction::UserCreate)).await.unwrap();
    assert_eq!(s.users(Some(w.council.id)).await.unwrap(), vec![sw.clone()]);
    assert_eq!(
        s.users(None).await.unwrap().iter().map(|u| u.username.as_str()).collect::<Vec<_>>(),
        ["p.officer", "s.worker"]
    );

    let promoted = User { role: Role::Supervisor, display_name: "Sam Worker".into(), ..sw.clone() };
    s.update_user(&promoted, &event(AuditAction::UserUpdate)).await.unwrap();
    assert_eq!(s.user(sw.id).await.unwrap(), Some(promoted.clone()));
    let session = SessionRecord {
        id_hash: "sw-session".into(),
        user_id: sw.id,
        csrf_token: "c".into(),
        created_at: at(23, 9, 0),
        expires_at: at(23, 21, 0),
        method: SignInMethod::Password,
    };
    s.create_session(&session, &event(AuditAction::SignIn)).await.unwrap();
    assert!(s.session("sw-session", at(23, 10, 0)).await.unwrap().is_some());

    // A password change ends the user's other sessions, not the one it was made in.
    let other = SessionRecord { id_hash: "sw-other".into(), ..session.clone() };
    s.create_session(&other, &event(AuditAction::SignIn)).await.unwrap();
    assert_eq!(s.end_other_sessions(sw.id, "sw-session").await.unwrap(), 1);
    assert!(s.session("sw-session", at(23, 10, 0)).await.unwrap().is_some());
    assert!(s.session("sw-other", at(23, 10, 0)).await.unwrap().is_none());

    // A reset password must be changed at the next sign-in, and ends the user's sessions.
    s.reset_password(sw.id, "h-3", &event(AuditAction::UserPasswordReset)).await.unwrap();
    let (_, credentials) = s.user_with_credentials(&sw.username).await.unwrap().unwrap();
    assert_eq!((credentials.password_hash.as_str(), credentials.must_change_password), ("h-3", true));
    assert!(s.session("sw-session", at(23, 10, 0)).await.unwrap().is_none());

    // Disabling ends the sessions too.
    s.create_session(&SessionRecord { id_hash: "sw-2".into(), ..session }, &event(AuditAction::SignIn)).await.unwrap();
    let disabled = User { disabled: true, ..promoted };
    s.update_user(&disabled, &event(AuditAction::UserUpdate)).await.unwrap();
    assert!(s.session("sw-2", at(23, 10, 0)).await.unwrap().is_none());
    assert_eq!(s.user(sw.id).await.unwrap().map(|u| u.disabled), Some(true));

    let nobody = User { id: UserId::new(), ..disabled };
    assert!(matches!(s.update_user(&nobody, &event(AuditAction::UserUpdate)).await, Err(StoreError::NotFound)));
    assert!(matches!(
        s.reset_password(nobody.id, "h", &event(AuditAction::UserPasswordReset)).await,
        Err(StoreError::NotFound)
    ));
}

async fn a_user_is_linked_to_one_identity_at_the_provider_and_found_by_it(db: &Db) {
    let s = &db.store;
    let w = world(db).await;
    let id = |raw: &str| Identity::parse(raw).unwrap();
    let evans = user("j.evans", w.police.id);
    s.create_user(&evans, "h", &event(AuditAction::UserCreate)).await.unwrap();
    let jones = user("m.jones", w.council.id);
    s.create_user(&jones, "h", &event(AuditAction::UserCreate)).await.unwrap();
    assert_eq!(s.user_by_identity(&id("248289761001")).await.unwrap(), None, "nobody is linked yet");

    // Linked: found by the identity, exactly (case matters), in every read of the user.
    let linked = User { identity: Some(id("248289761001")), ..evans.clone() };
    s.update_user(&linked, &event(AuditAction::UserUpdate)).await.unwrap();
    assert_eq!(s.user_by_identity(&id("248289761001")).await.unwrap(), Some(linked.clone()));
    assert_eq!(s.user_by_identity(&id("248289761001X")).await.unwrap(), None);
    assert_eq!(s.user(evans.id).await.unwrap(), Some(linked.clone()));
    assert_eq!(s.user_with_credentials(&evans.username).await.unwrap().map(|(u, _)| u), Some(linked.clone()));
    assert!(s.users(None).await.unwrap().contains(&linked));

    // One identity opens one user at most: linking it to another is refused, nothing written.
    let taken = User { identity: Some(id("248289761001")), display_name: "Changed".into(), ..jones.clone() };
    assert!(matches!(
        s.update_user(&taken, &event(AuditAction::UserUpdate)).await,
        Err(StoreError::Duplicate { field: "identity" })
    ));
    assert_eq!(s.user(jones.id).await.unwrap(), Some(jones.clone()));
    // Many users may have none.
    let renamed = User { display_name: "Mair Jones".into(), ..jones.clone() };
    s.update_user(&renamed, &event(AuditAction::UserUpdate)).await.unwrap();

    // A disabled user is still found (the caller refuses them with the reason).
    let disabled = User { disabled: true, ..linked.clone() };
    s.update_user(&disabled, &event(AuditAction::UserUpdate)).await.unwrap();
    assert_eq!(s.user_by_identity(&id("248289761001")).await.unwrap(), Some(disabled));
    s.update_user(&linked, &event(AuditAction::UserUpdate)).await.unwrap();

    // Sessions keep how they began; a change of identity ends those begun at the provider.
    let by = |hash: &str, method| SessionRecord {
        id_hash: hash.into(),
        user_id: evans.id,
        csrf_token: "c".into(),
        created_at: at(23, 9, 0),
        expires_at: at(23, 21, 0),
        method,
    };
    s.create_session(&by("pw", SignInMethod::Password), &event(AuditAction::SignIn)).await.unwrap();
    s.create_session(&by("oidc", SignInMethod::Oidc), &event(AuditAction::SignIn)).await.unwrap();
    let method =
        |hash: &'static str| async move { s.session(hash, at(23, 10, 0)).await.unwrap().map(|(r, _)| r.method) };
    assert_eq!(method("pw").await, Some(SignInMethod::Password));
    assert_eq!(method("oidc").await, Some(SignInMethod::Oidc));
    // The same identity again (a rename, say): nothing ends.
    s.update_user(&User { display_name: "Jane Evans".into(), ..linked.clone() }, &event(AuditAction::UserUpdate))
        .await
        .unwrap();
    assert_eq!(method("oidc").await, Some(SignInMethod::Oidc));
    // Unlinked: the provider's session ends, the password's stays.
    let unlinked = User { identity: None, display_name: "Jane Evans".into(), ..linked };
    s.update_user(&unlinked, &event(AuditAction::UserUpdate)).await.unwrap();
    assert_eq!(method("oidc").await, None);
    assert_eq!(method("pw").await, Some(SignInMethod::Password));
    assert_eq!(s.user_by_identity(&id("248289761001")).await.unwrap(), None);

    // Freed, the identity may be linked to someone else.
    let relinked = User { identity: Some(id("248289761001")), ..renamed };
    s.update_user(&relinked, &event(AuditAction::UserUpdate)).await.unwrap();
    assert_eq!(s.user_by_identity(&id("248289761001")).await.unwrap(), Some(relinked));
}

async fn sign_in_failures_are_counted_per_username_and_per_address(db: &Db) {
    let s = &db.store;
    let attempt = |username: &'static str, address: &'static str, ok: bool, when: DateTime<Utc>| {
        let s = Arc::clone(s);
        async move {
            let action = if ok { AuditAction::SignIn } else { AuditAction::SignInFailed };
            s.record_sign_in(username, address, ok, &event_at(action, when)).await.unwrap();
        }
    };
    // An old failure, before the window.
    attempt("j.evans", "10.0.0.1", false, at(23, 8, 0)).await;
    for minute in [1, 2, 3] {
        attempt("j.evans", "10.0.0.1", false, at(23, 9, minute)).await;
    }
    attempt("a.price", "10.0.0.1", false, at(23, 9, 4)).await;
    attempt("j.evans", "10.0.0.2", false, at(23, 9, 5)).await;
    let since = at(23, 9, 0);
    // An account's failures count per address: the attacker's at 10.0.0.1 do not count against
    // the real user at 10.0.0.2.
    assert_eq!(s.recent_sign_in_failures("j.evans", "10.0.0.1", since).await.unwrap(), (3, 4));
    assert_eq!(s.recent_sign_in_failures("j.evans", "10.0.0.2", since).await.unwrap(), (1, 1));
    assert_eq!(s.recent_sign_in_failures("a.price", "10.0.0.2", since).await.unwrap(), (0, 1));
    assert_eq!(s.recent_sign_in_failures("nobody", "10.9.9.9", since).await.unwrap(), (0, 0));
    // From anywhere: the account's failures in the window, and the latest.
    assert_eq!(s.account_failures("j.evans", since).await.unwrap(), (4, Some(at(23, 9, 5))));
    assert_eq!(s.account_failures("nobody", since).await.unwrap(), (0, None));

    // A success resets the account's count, not the address's.
    attempt("j.evans", "10.0.0.1", true, at(23, 9, 6)).await;
    assert_eq!(s.recent_sign_in_failures("j.evans", "10.0.0.1", since).await.unwrap(), (0, 4));
    attempt("j.evans", "10.0.0.1", false, at(23, 9, 7)).await;
    assert_eq!(s.recent_sign_in_failures("j.evans", "10.0.0.1", since).await.unwrap(), (1, 5));
    assert_eq!(s.recent_sign_in_failures("j.evans", "10.0.0.2", since).await.unwrap(), (0, 1), "reset by the success");
    assert_eq!(s.account_failures("j.evans", since).await.unwrap(), (1, Some(at(23, 9, 7))), "reset by the success");
    // Each attempt is audited.
    assert_eq!(db.audit_count().await, 8);
}

async fn the_audit_table_refuses_update_and_delete(db: &Db) {
    let s = &db.store;
    s.append_audit(&event(AuditAction::AuditView)).await.unwrap();
    s.append_audit(&event(AuditAction::AuditView)).await.unwrap();
    assert_eq!(db.audit_count().await, 2);

    let update = db.raw("UPDATE audit_events SET actor_label = 'someone else'").await;
    assert!(update.as_ref().is_err_and(|e| e.contains("append-only")), "{update:?}");
    let delete = db.raw("DELETE FROM audit_events").await;
    assert!(delete.as_ref().is_err_and(|e| e.contains("append-only")), "{delete:?}");
    assert_eq!(db.audit_count().await, 2);
    assert_eq!(db.count("SELECT COUNT(*) FROM audit_events WHERE actor_label = 'conformance'").await, 2);

    // The same event twice is refused, not duplicated.
    let e = event(AuditAction::AuditView);
    s.append_audit(&e).await.unwrap();
    assert!(matches!(s.append_audit(&e).await, Err(StoreError::Duplicate { .. })));
    assert_eq!(db.audit_count().await, 3);
}

async fn a_write_whose_audit_event_fails_leaves_no_change(db: &Db) {
    let s = &db.store;
    let w = world(db).await;
    let used = event(AuditAction::PersonCreate);
    s.append_audit(&used).await.unwrap();
    let audit_before = db.audit_count().await;

    // Creating a person with an event whose id is taken: no person.
    let p = person("Siân", "Evans", None, w.police.id, Some("POL-1"));
    assert!(s.create_person(&p, &used).await.is_err());
    assert_eq!(s.count_people().await.unwrap(), 0);
    assert!(matches!(s.person_holders(p.id).await, Err(StoreError::NotFound)));

    // Updating: the row was changed before the audit insert failed, and the change is undone.
    s.create_person(&p, &event(AuditAction::PersonCreate).person(p.id)).await.unwrap();
    let changed = details("Sian", "Evans-Price", None);
    assert!(s.update_person(p.id, 1, &changed, &used).await.is_err());
    let read = s.person(p.id, &event(AuditAction::PersonView).person(p.id)).await.unwrap();
    assert_eq!((read.details, read.version), (p.details.clone(), 1));

    // Users, agencies, sessions: the same.
    assert!(s.create_user(&user("j.evans", w.police.id), "h", &used).await.is_err());
    assert!(s.user_with_credentials(&Username::parse("j.evans").unwrap()).await.unwrap().is_none());
    assert!(s.create_agency(&agency("NEW", AgencyKind::Health, None), &used).await.is_err());
    assert_eq!(s.agency_by_code(&code("NEW")).await.unwrap(), None);
    assert!(s.add_alias(p.id, &alias(Some("Sia"), None), &used).await.is_err());
    assert!(s.record_sign_in("j.evans", "10.0.0.1", false, &used).await.is_err());
    assert_eq!(s.recent_sign_in_failures("j.evans", "10.0.0.1", at(1, 0, 0)).await.unwrap(), (0, 0));
    let read = s.person(p.id, &event(AuditAction::PersonView).person(p.id)).await.unwrap();
    assert!(read.aliases.is_empty());

    // A read whose audit event fails is refused: no read without its trail.
    assert!(s.person(p.id, &used).await.is_err());
    assert!(s.search_people(&PersonQuery::default(), &[w.police.id], 10, &used).await.is_err());
    // Two reads and one creation were audited since.
    assert_eq!(db.audit_count().await, audit_before + 3);
}

/// Many reads at once (a person's record, a search, their episodes), as a busy server makes:
/// each answers only once its own audit event is committed, so a reader on another connection
/// already finds the event when the answer arrives, and a store opened afresh (a restart after
/// a crash) has every one of them.
async fn simultaneous_reads_each_answer_only_once_their_audit_event_is_committed(db: &Db) {
    let w = world(db).await;
    let p = person("Siân", "Evans", None, w.police.id, None);
    db.store.create_person(&p, &event(AuditAction::PersonCreate).person(p.id)).await.unwrap();
    let before = db.audit_count().await;

    const READS: usize = 60;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..READS {
        let s = Arc::clone(&db.store);
        let police = w.police.id;
        tasks.spawn(async move {
            let read = match i % 3 {
                0 => {
                    let e = event(AuditAction::PersonView).person(p.id);
                    assert_eq!(s.person(p.id, &e).await.unwrap().id, p.id);
                    e
                }
                1 => {
                    let e = event(AuditAction::PersonSearch).person(p.id);
                    let query = PersonQuery { name: Some("evans".into()), ..PersonQuery::default() };
                    assert_eq!(s.search_people(&query, &[police], 10, &e).await.unwrap().len(), 1);
                    e
                }
                _ => {
                    let e = event(AuditAction::EpisodeList).person(p.id);
                    assert!(s.person_episodes(p.id, &e).await.unwrap().is_empty());
                    e
                }
            };
            // The answer is in: its event must already be there for anyone to read.
            let trail = s.person_audit(p.id, 1000).await.unwrap();
            assert!(trail.contains(&read), "read {i} answered before its audit event was committed");
            read.id
        });
    }
    let mut ids = Vec::new();
    while let Some(done) = tasks.join_next().await {
        ids.push(done.unwrap());
    }
    assert_eq!(db.audit_count().await, before + i64::try_from(READS).unwrap());
    let reopened = db.reopen().await;
    let trail: Vec<_> = reopened.person_audit(p.id, 1000).await.unwrap().into_iter().map(|e| e.id).collect();
    assert!(ids.iter().all(|id| trail.contains(id)), "every read's event survives a restart");
}

/// A read whose audit event cannot be written (its id is taken) fails rather than answering,
/// even when it is written together with the events of reads made at the same moment; those
/// reads answer, each with its event written once.
async fn a_read_whose_audit_event_fails_answers_nothing_and_the_reads_beside_it_go_on(db: &Db) {
    let w = world(db).await;
    let p = person("Siân", "Evans", None, w.police.id, None);
    db.store.create_person(&p, &event(AuditAction::PersonCreate).person(p.id)).await.unwrap();
    let used = event(AuditAction::PersonView).person(p.id);
    db.store.append_audit(&used).await.unwrap();
    let before = db.audit_count().await;

    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..40 {
        let s = Arc::clone(&db.store);
        let bad = i % 4 == 0;
        let e = if bad { used.clone() } else { event(AuditAction::PersonView).person(p.id) };
        tasks.spawn(async move { (bad, s.person(p.id, &e).await) });
    }
    let (mut answered, mut refused) = (0, 0);
    while let Some(done) = tasks.join_next().await {
        match done.unwrap() {
            (false, Ok(read)) => {
                assert_eq!(read.id, p.id);
                answered += 1;
            }
            (true, Err(StoreError::Duplicate { field: "audit" })) => refused += 1,
            (bad, outcome) => panic!("a read (bad event: {bad}) came back {outcome:?}"),
        }
    }
    assert_eq!((answered, refused), (30, 10));
    assert_eq!(db.audit_count().await, before + 30);
    // A lone append with a taken id is refused the same way.
    assert!(matches!(db.store.append_audit(&used).await, Err(StoreError::Duplicate { .. })));
}

async fn a_conflicting_bulk_load_writes_nothing(db: &Db) {
    let s = &db.store;
    let cardiff = area("CARDIFF");
    let police = agency("SWP", AgencyKind::Police, Some(cardiff.id));
    let home = location("Ty Gwyn");
    let child = person("Siân", "Evans", Some(date(2011, 2, 28)), police.id, Some("POL-1"));
    let mut load = BulkLoad {
        areas: vec![cardiff],
        agencies: vec![police.clone()],
        agreements: vec![],
        users: vec![(user("j.evans", police.id), "h".into()), (user("j.evans", police.id), "h".into())],
        locations: vec![home.clone()],
        people: vec![child.clone()],
        placements: vec![placement(child.id, home.id, date(2026, 1, 1), None)],
        trail: vec![event(AuditAction::PlacementAdd).person(child.id)],
        ..BulkLoad::default()
    };
    // Two users with one username.
    assert!(matches!(
        s.bulk_load(&load, &event(AuditAction::DemoLoad)).await,
        Err(StoreError::Duplicate { field: "username" })
    ));
    // A placement at a location that is not in the load.
    load.users.pop();
    load.placements.push(placement(child.id, LocationId::new(), date(2025, 1, 1), None));
    assert!(matches!(s.bulk_load(&load, &event(AuditAction::DemoLoad)).await, Err(StoreError::Missing { .. })));

    assert_eq!(s.count_people().await.unwrap(), 0);
    assert!(s.agencies().await.unwrap().is_empty());
    assert!(s.areas().await.unwrap().is_empty());
    assert_eq!(s.location(home.id).await.unwrap(), None);
    assert_eq!(db.audit_count().await, 0);
    assert_eq!(db.count("SELECT COUNT(*) FROM users").await, 0);

    // Without the conflict it all goes in, with its audit event and its trail's.
    load.placements.pop();
    s.bulk_load(&load, &event(AuditAction::DemoLoad)).await.unwrap();
    assert_eq!(s.count_people().await.unwrap(), 1);
    assert_eq!(s.placements(child.id).await.unwrap().len(), 1);
    assert_eq!(db.audit_count().await, 2);
    assert_eq!(s.person_audit(child.id, 10).await.unwrap()[0].action, AuditAction::PlacementAdd);
    let (_, credentials) = s.user_with_credentials(&Username::parse("j.evans").unwrap()).await.unwrap().unwrap();
    assert!(!credentials.must_change_password, "bulk-loaded accounts are ready to use");
}

async fn placements_come_newest_first_with_their_location(db: &Db) {
    let s = &db.store;
    let w = world(db).await;
    let p = person("Siân", "Evans", None, w.council.id, None);
    s.create_person(&p, &event(AuditAction::PersonCreate).person(p.id)).await.unwrap();
    let (home, hotel) = (location("Ty Gwyn"), location("Bay Hotel"));
    let mut hotel = hotel;
    hotel.kind = LocationKind::AsylumHotel;
    hotel.postcode = None;
    hotel.coordinates = None;
    for l in [&home, &hotel] {
        s.create_location(l, &event(AuditAction::LocationCreate)).await.unwrap();
    }
    assert_eq!(s.location(hotel.id).await.unwrap(), Some(hotel.clone()));
    assert_eq!(s.location(home.id).await.unwrap(), Some(home.clone()));
    assert_eq!(s.location(LocationId::new()).await.unwrap(), None);

    let first = placement(p.id, home.id, date(2024, 3, 1), Some(date(2025, 6, 30)));
    let mut latest = placement(p.id, hotel.id, date(2025, 7, 1), None);
    latest.kind = PlacementKind::HomeAddress;
    latest.placing_authority = Some(w.council.id);
    let middle = placement(p.id, home.id, date(2024, 9, 1), Some(date(2025, 1, 1)));
    for pl in [&first, &latest, &middle] {
        s.add_placement(pl, &event(AuditAction::PlacementAdd).person(p.id)).await.unwrap();
    }
    let found = s.placements(p.id).await.unwrap();
    assert_eq!(found.iter().map(|x| x.placement.clone()).collect::<Vec<_>>(), vec![latest, middle, first]);
    assert_eq!(found[0].location, hotel);
    assert_eq!(found[2].location, home);
    assert!(s.placements(PersonId::new()).await.unwrap().is_empty());

    let nowhere = placement(p.id, LocationId::new(), date(2026, 1, 1), None);
    assert!(matches!(
        s.add_placement(&nowhere, &event(AuditAction::PlacementAdd).person(p.id)).await,
        Err(StoreError::Missing { field: "location" })
    ));
    let nobody = placement(PersonId::new(), home.id, date(2026, 1, 1), None);
    assert!(matches!(
        s.add_placement(&nobody, &event(AuditAction::PlacementAdd)).await,
        Err(StoreError::Missing { field: "person" })
    ));
    assert_eq!(s.person_audit(p.id, 100).await.unwrap().len(), 4);
}

async fn locations_are_found_by_any_part_and_placements_end(db: &Db) {
    let s = &db.store;
    let w = world(db).await;
    let (home, hotel) = (location("Ty Gwyn"), location("Bay 100% Hotel"));
    let mut flat = location("unused");
    flat.name = None;
    flat.address = "Flat 2, 9 Heol_Las, Swansea".into();
    flat.postcode = Some(Postcode::parse("SA1 1AA").unwrap());
    for l in [&home, &hotel, &flat] {
        s.create_location(l, &event(AuditAction::LocationCreate)).await.unwrap();
    }
    let names = |found: Vec<Location>| found.into_iter().map(|l| l.id).collect::<Vec<_>>();
    // By name, then address where there is no name; any case; by postcode; `%` and `_` literal.
    assert_eq!(names(s.locations("", 10).await.unwrap()), vec![hotel.id, flat.id, home.id]);
    assert_eq!(names(s.locations("  gwyn ", 10).await.unwrap()), vec![home.id]);
    assert_eq!(names(s.locations("sa1", 10).await.unwrap()), vec![flat.id]);
    assert_eq!(names(s.locations("100%", 10).await.unwrap()), vec![hotel.id]);
    assert_eq!(names(s.locations("0%", 10).await.unwrap()), vec![hotel.id]);
    assert_eq!(names(s.locations("ho_el", 10).await.unwrap()), Vec::<LocationId>::new());
    assert_eq!(names(s.locations("heol_las", 10).await.unwrap()), vec![flat.id]);
    assert_eq!(s.locations("", 2).await.unwrap().len(), 2);

    let p = person("Siân", "Evans", None, w.council.id, None);
    s.create_person(&p, &event(AuditAction::PersonCreate).person(p.id)).await.unwrap();
    let stay = placement(p.id, home.id, date(2025, 3, 1), None);
    s.add_placement(&stay, &event(AuditAction::PlacementAdd).person(p.id)).await.unwrap();
    assert_eq!(s.placement(stay.id).await.unwrap(), Some(stay.clone()));
    assert_eq!(s.placement(PlacementId::new()).await.unwrap(), None);
    s.end_placement(stay.id, date(2026, 1, 31), &event(AuditAction::PlacementEnd).person(p.id)).await.unwrap();
    let ended = s.placement(stay.id).await.unwrap().unwrap();
    assert_eq!(ended.ended_on, Some(date(2026, 1, 31)));
    assert_eq!(Placement { ended_on: None, ..ended }, stay);
    assert!(matches!(
        s.end_placement(PlacementId::new(), date(2026, 1, 31), &event(AuditAction::PlacementEnd)).await,
        Err(StoreError::Missing { field: "placement" })
    ));
    // The end and its audit event, once each.
    assert_eq!(s.person_audit(p.id, 100).await.unwrap().len(), 3);
}

/// A force the size of the demo's: ~2,000 children, 300 adults, 400 locations, a placement
/// each, 60 users; then 5,000 more people, and searches over all of them.
async fn a_demo_sized_bulk_load_is_quick_and_search_stays_fast(db: &Db) {
    let s = &db.store;
    let family =
        ["Evans", "Jones", "Williams", "Davies", "Thomas", "Roberts", "Hughes", "Lewis", "Morgan", "Griffiths"];
    let given = ["Siân", "Dylan", "Cerys", "Rhys", "Megan", "Osian", "Ffion", "Tomos", "Alys", "Gethin", "Nia", "Iwan"];
    let build = |count: usize, offset: usize, police: AgencyId, council: AgencyId, locations: &[Location]| {
        let mut people = Vec::new();
        let mut placements = Vec::new();
        for i in offset..offset + count {
            let dob = date(2008 + (i % 10) as i32, 1 + (i % 12) as u32, 1 + (i % 28) as u32);
            let reference = format!("POL-{i}");
            let mut p = person(
                given[i % given.len()],
                family[(i / 3) % family.len()],
                Some(dob),
                police,
                Some(reference.as_str()),
            );
            if i % 7 == 0 {
                p.details.kind = PersonKind::Adult;
            }
            if i % 2 == 0 {
                p.records.push(AgencyRecord {
                    agency_id: council,
                    reference: Some(Reference::parse(&format!("CS-{i}")).unwrap()),
                    recorded_at: at(1, 9, 0),
                });
            }
            if i % 5 == 0 {
                p.aliases.push(alias(Some("Tiny"), None));
            }
            placements.push(placement(p.id, locations[i % locations.len()].id, date(2025, 1, 1), None));
            people.push(p);
        }
        (people, placements)
    };

    let cardiff = area("CARDIFF");
    let police = agency("SWP", AgencyKind::Police, Some(cardiff.id));
    let council = agency("CARDIFF-CS", AgencyKind::LocalAuthority, Some(cardiff.id));
    let locations: Vec<Location> = (0..400).map(|i| location(&format!("Home {i}"))).collect();
    let (people, placements) = build(2_300, 0, police.id, council.id, &locations);
    let users = (0..60).map(|i| (user(&format!("user.{i}"), police.id), "hash".to_owned())).collect();
    let load = BulkLoad {
        areas: vec![cardiff],
        agencies: vec![police.clone(), council.clone()],
        agreements: vec![],
        users,
        locations: locations.clone(),
        people,
        placements,
        ..BulkLoad::default()
    };
    let started = std::time::Instant::now();
    s.bulk_load(&load, &event(AuditAction::DemoLoad)).await.unwrap();
    let took = started.elapsed();
    eprintln!("{}: bulk_load of 2,300 people, 400 locations, 2,300 placements, 60 users: {took:?}", s.backend());
    assert!(took < std::time::Duration::from_secs(30), "bulk_load took {took:?}");
    assert_eq!(s.count_people().await.unwrap(), 2_300);

    let more = BulkLoad { people: build(5_000, 2_300, police.id, council.id, &locations).0, ..BulkLoad::default() };
    s.bulk_load(&more, &event(AuditAction::DemoLoad)).await.unwrap();
    assert_eq!(s.count_people().await.unwrap(), 7_300);

    let queries = [
        PersonQuery { name: Some("ev".into()), ..PersonQuery::default() },
        PersonQuery { name: Some("siân ev".into()), ..PersonQuery::default() },
        PersonQuery { name: Some("tiny".into()), ..PersonQuery::default() },
        PersonQuery { date_of_birth: Some(date(2011, 4, 4)), ..PersonQuery::default() },
        PersonQuery { reference: Some("CS-4242".into()), ..PersonQuery::default() },
    ];
    let started = std::time::Instant::now();
    let mut found = Vec::new();
    for q in &queries {
        found.push(s.search_people(q, &[police.id, council.id], 50, &event(AuditAction::PersonSearch)).await.unwrap());
    }
    let took = started.elapsed();
    eprintln!("{}: {} searches over 7,300 people: {took:?}", s.backend(), queries.len());
    assert!(took < std::time::Duration::from_secs(5), "searches took {took:?}");
    assert_eq!(found[0].len(), 50);
    let key = |p: &haven_store::PersonSummary| (name_key(&p.family_name), name_key(&p.given_name));
    assert!(found[0].windows(2).all(|w| key(&w[0]) <= key(&w[1])));
    assert!(found[1].iter().all(|p| p.given_name == "Siân" && p.family_name == "Evans") && !found[1].is_empty());
    assert_eq!(found[2].len(), 50);
    assert!(found[3].iter().all(|p| p.date_of_birth == Some(date(2011, 4, 4))) && !found[3].is_empty());
    assert_eq!(found[4].len(), 1);
    // The council alone sees only the people it holds (the even ones).
    let council_only = s
        .search_people(
            &PersonQuery { reference: Some("POL-4243".into()), ..PersonQuery::default() },
            &[council.id],
            50,
            &event(AuditAction::PersonSearch),
        )
        .await
        .unwrap();
    assert!(council_only.is_empty());
}

async fn reopening_keeps_everything(db: &Db) {
    let w = world(db).await;
    let p = person("Siân", "Evans", None, w.police.id, None);
    db.store.create_person(&p, &event(AuditAction::PersonCreate).person(p.id)).await.unwrap();
    let again = db.reopen().await;
    assert_eq!(again.count_people().await.unwrap(), 1);
    assert_eq!(again.agency(w.police.id).await.unwrap(), Some(w.police));
    assert_eq!(again.person(p.id, &event(AuditAction::PersonView).person(p.id)).await.unwrap(), p);
}

/// Ten users save the same version of a record at once, as a busy control room might: one edit
/// wins, nine are told someone else saved first, and reads and writes going on beside them
/// succeed (SQLite must not fail with "database is locked").
async fn simultaneous_edits_of_one_version_let_exactly_one_win(db: &Db) {
    let w = world(db).await;
    let p = person("Siân", "Evans", None, w.police.id, None);
    db.store.create_person(&p, &event(AuditAction::PersonCreate).person(p.id)).await.unwrap();

    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..10 {
        let s = Arc::clone(&db.store);
        let mut d = p.details.clone();
        d.middle_names = Some(format!("Edit {i}"));
        tasks.spawn(async move { s.update_person(p.id, 1, &d, &event(AuditAction::PersonUpdate).person(p.id)).await });
        let s = Arc::clone(&db.store);
        let other = person("Rhys", &format!("Jones{}", "x".repeat(i)), None, w.police.id, None);
        tasks.spawn(async move {
            s.create_person(&other, &event(AuditAction::PersonCreate).person(other.id)).await?;
            s.person(other.id, &event(AuditAction::PersonView).person(other.id)).await.map(|_| 0)
        });
    }
    let mut won = Vec::new();
    let mut conflicts = 0;
    while let Some(done) = tasks.join_next().await {
        match done.unwrap() {
            Ok(2) => won.push(()),
            Ok(_) => {}
            Err(StoreError::Conflict) => conflicts += 1,
            Err(e) => panic!("a simultaneous write failed: {e}"),
        }
    }
    assert_eq!((won.len(), conflicts), (1, 9));
    assert_eq!(db.store.count_people().await.unwrap(), 11);
    let now = db.store.person(p.id, &event(AuditAction::PersonView).person(p.id)).await.unwrap();
    assert_eq!(now.version, 2);
    // Only the winning edit is in the trail.
    let edits = db.store.person_audit(p.id, 100).await.unwrap();
    assert_eq!(edits.iter().filter(|e| e.action == AuditAction::PersonUpdate).count(), 1);
}

/// The SQLite file is made for case data: write-ahead log, foreign keys enforced, and a full
/// sync at every commit, in a data directory created if need be.
#[tokio::test]
async fn sqlite_opens_a_durable_database_in_a_new_data_directory() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("nested").join("haven-data");
    let store = SqliteStore::open(&data).await.unwrap();
    assert!(data.join("haven.db").is_file());
    let mut conn = store.pool().acquire().await.unwrap();
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&mut *conn).await.unwrap();
    let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(&mut *conn).await.unwrap();
    let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous").fetch_one(&mut *conn).await.unwrap();
    let busy_timeout: i64 = sqlx::query_scalar("PRAGMA busy_timeout").fetch_one(&mut *conn).await.unwrap();
    assert_eq!((journal.as_str(), foreign_keys, synchronous), ("wal", 1, 2));
    assert!(busy_timeout >= 1_000, "busy timeout {busy_timeout} ms");
}

// ---------------------------------------------------------------------------------------------
// Missing episodes

/// A time to the microsecond: both stores keep microseconds, so equality survives the trip.
fn at_us(day: u32, hour: u32, minute: u32, micros: i64) -> DateTime<Utc> {
    at(day, hour, minute) + Duration::microseconds(micros)
}

fn grading(grade: RiskGrade, when: DateTime<Utc>, by: Option<UserId>) -> Grading {
    Grading {
        grade,
        rationale: format!("{} — known to an older male; phone off", grade.code()),
        answers: vec![
            RiskAnswer { question: "with_whom".into(), answer: Answer::Yes },
            RiskAnswer { question: "medical_needs".into(), answer: Answer::NotKnown },
        ],
        graded_at: when,
        graded_by: by,
        rules_version: "default-2026".into(),
        // Kept on the NAIRA grades only, as the domain writes it.
        naira_reason: (grade == RiskGrade::Naira).then(|| "Carer confirmed she is at her aunt's".into()),
    }
}

fn episode(person: PersonId, reported: DateTime<Utc>, by: Option<UserId>) -> MissingEpisode {
    MissingEpisode {
        id: EpisodeId::new(),
        person_id: person,
        reported_at: reported,
        last_seen_at: reported - Duration::minutes(95),
        last_seen_where: "Cardiff Central bus station".into(),
        reporter: ReporterKind::ChildrensHomeStaff,
        from_location: None,
        area_id: None,
        circumstances: "Left after an argument about her phone".into(),
        police_reference: Some("SWP-2026-0001".into()),
        officer_in_charge: "DC 4410 Nia Hughes".into(),
        out_of_area: false,
        gradings: vec![grading(RiskGrade::High, reported, by)],
        notes: vec![],
        found: None,
        rhi: None,
        recorded_by: by,
        owner: POLICE,
        imported: false,
        version: 1,
    }
}

fn note(kind: NoteKind, when: DateTime<Utc>, by: Option<UserId>) -> EpisodeNote {
    EpisodeNote {
        id: EpisodeNoteId::new(),
        kind,
        at: when,
        text: format!("{} at {when}", kind.code()),
        person_id: None,
        location_id: None,
        recipient: (kind == NoteKind::Notification).then_some(Recipient::ChildrensServices),
        next_review_at: (kind == NoteKind::SupervisorReview).then_some(when + Duration::hours(6)),
        recorded_by: by,
        recorded_at: when + Duration::minutes(3),
    }
}

fn found(when: DateTime<Utc>, by: Option<UserId>) -> ReturnRecord {
    ReturnRecord {
        returned_at: when,
        found_where: "A flat on Bute Street".into(),
        found_by: "police".into(),
        with_whom: "two adults".into(),
        harm_seen: String::new(),
        disclosed: true,
        found_in_other_force_area: false,
        prevention_interview_at: Some(when + Duration::minutes(45)),
        prevention_interview_notes: "Spoke of a debt".into(),
        recorded_by: by,
        recorded_at: when + Duration::minutes(50),
    }
}

fn rhi(when: DateTime<Utc>, held_by: Option<AgencyId>, by: Option<UserId>) -> RhiRecord {
    RhiRecord {
        outcome: RhiOutcome::Held,
        reason: String::new(),
        held_at: when,
        held_by,
        in_person: true,
        non_uniformed_officer_present: false,
        where_and_with_whom: "At a friend's, with older boys".into(),
        push_factors: "Rows at home".into(),
        pull_factors: "Older friends, money".into(),
        disclosures: String::new(),
        harm: String::new(),
        exploitation_indicators: "New phone, cash".into(),
        child_wants: "To see my sister more".into(),
        information_shared_at: Some(when + Duration::hours(2)),
        follow_up_actions: "Referral to the exploitation team".into(),
        offered_by: "Pathways duty worker".into(),
        interviewer_independent: Some(true),
        consent_to_share: Some(Consent::Given),
        recorded_by: by,
        recorded_at: when + Duration::hours(1),
    }
}

fn grab_pack(person: PersonId, by: Option<UserId>, when: DateTime<Utc>) -> GrabPack {
    GrabPack {
        person_id: Some(person),
        description: "5ft 2in, slim, long dark hair".into(),
        distinguishing_features: "Scar above the left eye".into(),
        places_frequented: "Bute Park; the bus station".into(),
        associates: "An older male known as 'K'".into(),
        phone_and_social_media: "07700 900123; Snapchat".into(),
        health_and_medication: "Asthma: inhaler".into(),
        risks: "Child sexual exploitation".into(),
        updated_by: by,
        updated_at: Some(when),
        version: 1,
    }
}

/// Two agencies, a user of the police, and a child held by each agency.
struct MissingWorld {
    police: Agency,
    council: Agency,
    officer: UserId,
    /// Held by the police.
    sian: Person,
    /// Held by the council only.
    dylan: Person,
}

async fn missing_world(db: &Db) -> MissingWorld {
    let w = world(db).await;
    let officer = user("pc.jones", w.police.id);
    db.store.create_user(&officer, "h", &event(AuditAction::UserCreate)).await.unwrap();
    let sian = person("Siân", "Evans", Some(date(2011, 2, 28)), w.police.id, Some("POL-1"));
    let dylan = person("Dylan", "Hughes", Some(date(2012, 5, 1)), w.council.id, Some("CS-9"));
    for p in [&sian, &dylan] {
        db.store.create_person(p, &event(AuditAction::PersonCreate).person(p.id)).await.unwrap();
    }
    MissingWorld { police: w.police, council: w.council, officer: officer.id, sian, dylan }
}

async fn episode_count(db: &Db) -> i64 {
    db.count("SELECT COUNT(*) FROM missing_episodes").await
}

async fn a_missing_episode_is_reported_and_read_back_whole(db: &Db) {
    let s = &db.store;
    let w = missing_world(db).await;
    let home = location("Ty Gwyn");
    s.create_location(&home, &event(AuditAction::LocationCreate)).await.unwrap();
    let audit_before = db.audit_count().await;

    // A report with times to the microsecond, a first grading, a note and where from.
    let mut e = episode(w.sian.id, at_us(20, 22, 15, 123_456), Some(w.officer));
    e.from_location = Some(home.id);
    e.out_of_area = true;
    e.notes.push(EpisodeNote { location_id: Some(home.id), ..note(NoteKind::Enquiry, at_us(20, 22, 40, 1), None) });
    // A supervisor's review with the next review time set, kept to the microsecond.
    e.notes.push(note(NoteKind::SupervisorReview, at_us(20, 22, 50, 7), Some(w.officer)));
    let report = event(AuditAction::EpisodeReport).person(w.sian.id);
    s.report_episode(&e, &report).await.unwrap();
    assert_eq!(s.episode_parties(e.id).await.unwrap(), Some((w.sian.id, w.police.id)));
    assert_eq!(s.episode_parties(EpisodeId::new()).await.unwrap(), None);

    let read = s.episode(e.id, &event(AuditAction::EpisodeView).person(w.sian.id)).await.unwrap();
    assert_eq!(read, e);
    assert!(read.is_open());

    // Imported history carries its return, RHI and a legacy grade; it reads back equal too.
    let mut old = episode(w.sian.id, at_us(2, 1, 0, 999_999), None);
    old.imported = true;
    old.gradings = vec![grading(RiskGrade::NoApparentRisk, old.reported_at, None)];
    old.gradings.push(grading(RiskGrade::Medium, old.reported_at + Duration::hours(2), Some(w.officer)));
    old.notes.push(note(NoteKind::Notification, old.reported_at + Duration::minutes(30), Some(w.officer)));
    old.notes.push(note(NoteKind::Sighting, old.reported_at + Duration::minutes(10), None));
    old.found = Some(found(old.reported_at + Duration::hours(20), Some(w.officer)));
    old.rhi = Some(rhi(old.reported_at + Duration::hours(60), Some(w.council.id), None));
    old.version = 4;
    s.report_episode(&old, &event(AuditAction::EpisodeReport).person(w.sian.id)).await.unwrap();
    let read_old = s.episode(old.id, &event(AuditAction::EpisodeView).person(w.sian.id)).await.unwrap();
    assert_eq!(read_old, old);
    // Notes stay in the order they were added, not the order of their times.
    assert_eq!(read_old.notes[0].kind, NoteKind::Notification);

    // A person's episodes, newest reported first.
    let all = s.person_episodes(w.sian.id, &event(AuditAction::EpisodeView).person(w.sian.id)).await.unwrap();
    assert_eq!(all, vec![e.clone(), old.clone()]);
    assert!(s.person_episodes(w.dylan.id, &event(AuditAction::EpisodeView)).await.unwrap().is_empty());

    // A time finer than a microsecond is kept to the microsecond on both stores.
    let mut fine = episode(w.dylan.id, at(21, 8, 0) + Duration::nanoseconds(1_234_567), None);
    s.report_episode(&fine, &event(AuditAction::EpisodeReport)).await.unwrap();
    let read_fine = s.episode(fine.id, &event(AuditAction::EpisodeView)).await.unwrap();
    fine.reported_at = at(21, 8, 0) + Duration::microseconds(1_234);
    fine.last_seen_at = fine.reported_at - Duration::minutes(95);
    fine.gradings[0].graded_at = fine.reported_at;
    assert_eq!(read_fine, fine);

    // Unknown episode: NotFound, and the refused read leaves no trail.
    let before = db.audit_count().await;
    assert!(matches!(s.episode(EpisodeId::new(), &event(AuditAction::EpisodeView)).await, Err(StoreError::NotFound)));
    assert_eq!(db.audit_count().await, before);

    // Three reports and five reads, each audited; the reads and reports about Siân are in her trail.
    assert_eq!(db.audit_count().await, audit_before + 8);
    let trail = s.person_audit(w.sian.id, 100).await.unwrap();
    let count = |a: AuditAction| trail.iter().filter(|e| e.action == a).count();
    assert_eq!((count(AuditAction::EpisodeReport), count(AuditAction::EpisodeView)), (2, 3));

    // The store's reopened copy holds the same.
    let again = db.reopen().await;
    assert_eq!(again.episode(old.id, &event(AuditAction::EpisodeView)).await.unwrap(), old);
}

async fn one_open_episode_per_person_and_unknown_people_are_refused(db: &Db) {
    let s = &db.store;
    let w = missing_world(db).await;
    let first = episode(w.sian.id, at(20, 22, 0), Some(w.officer));
    s.report_episode(&first, &event(AuditAction::EpisodeReport)).await.unwrap();
    let (episodes, audit) = (episode_count(db).await, db.audit_count().await);

    // A second open episode for Siân: refused by the database, nothing written.
    let mut second = episode(w.sian.id, at(21, 9, 0), Some(w.officer));
    second.notes.push(note(NoteKind::Action, at(21, 9, 5), None));
    assert!(matches!(
        s.report_episode(&second, &event(AuditAction::EpisodeReport)).await,
        Err(StoreError::Duplicate { field: "person_id" })
    ));
    // An unknown person.
    let nobody = episode(PersonId::new(), at(21, 9, 0), None);
    assert!(matches!(
        s.report_episode(&nobody, &event(AuditAction::EpisodeReport)).await,
        Err(StoreError::Missing { field: "person_id" })
    ));
    // An unknown place it was reported from, and an unknown recorder.
    let nowhere = MissingEpisode { from_location: Some(LocationId::new()), ..episode(w.dylan.id, at(21, 9, 0), None) };
    assert!(matches!(
        s.report_episode(&nowhere, &event(AuditAction::EpisodeReport)).await,
        Err(StoreError::Missing { field: "from_location" })
    ));
    let stranger = episode(w.dylan.id, at(21, 9, 0), Some(UserId::new()));
    assert!(matches!(
        s.report_episode(&stranger, &event(AuditAction::EpisodeReport)).await,
        Err(StoreError::Missing { field: "recorded_by" })
    ));
    // A report whose audit event is refused (its id is taken) writes nothing either.
    let used = event(AuditAction::EpisodeReport);
    s.append_audit(&used).await.unwrap();
    assert!(s.report_episode(&episode(w.dylan.id, at(21, 9, 0), None), &used).await.is_err());
    assert_eq!((episode_count(db).await, db.audit_count().await), (episodes, audit + 1));
    assert_eq!(db.count("SELECT COUNT(*) FROM episode_notes").await, 0);
    assert_eq!(db.count("SELECT COUNT(*) FROM episode_gradings").await, 1);

    // Outside the port the database refuses it too: a copy of the open episode under a new id.
    let copy = match &db.backend {
        Backend::Sqlite { .. } => {
            "INSERT INTO missing_episodes (id, person_id, reported_at, last_seen_at, last_seen_where, reporter,
                 circumstances, out_of_area, imported, version)
             SELECT randomblob(16), person_id, reported_at, last_seen_at, last_seen_where, reporter, circumstances,
                 out_of_area, imported, version FROM missing_episodes"
        }
        Backend::Postgres { .. } => {
            "INSERT INTO missing_episodes (id, person_id, reported_at, last_seen_at, last_seen_where, reporter,
                 circumstances, out_of_area, imported, version)
             SELECT gen_random_uuid(), person_id, reported_at, last_seen_at, last_seen_where, reporter, circumstances,
                 out_of_area, imported, version FROM missing_episodes"
        }
    };
    let refused = db.raw(copy).await.unwrap_err();
    assert!(refused.to_lowercase().contains("unique"), "{refused}");
    assert_eq!(episode_count(db).await, episodes);

    // Once she has returned, a new episode may open.
    s.record_return(first.id, 1, &found(at(21, 7, 0), None), &event(AuditAction::EpisodeReturn)).await.unwrap();
    s.report_episode(&second, &event(AuditAction::EpisodeReport)).await.unwrap();
    assert_eq!(episode_count(db).await, 2);
}

async fn regrades_notes_returns_and_rhis_follow_the_episode_version(db: &Db) {
    let s = &db.store;
    let w = missing_world(db).await;
    let e = episode(w.sian.id, at(20, 22, 0), Some(w.officer));
    s.report_episode(&e, &event(AuditAction::EpisodeReport)).await.unwrap();
    let audit = db.audit_count().await;
    let unknown = EpisodeId::new();

    // Regrade: the version it was made from, or Conflict; every grading kept.
    // A NAIRA grade with its reason, read back with the reason (then graded low).
    let held = grading(RiskGrade::Naira, at_us(20, 23, 30, 17), Some(w.officer));
    assert!(matches!(s.regrade(e.id, 0, &held, &event(AuditAction::EpisodeRegrade)).await, Err(StoreError::Conflict)));
    assert!(matches!(
        s.regrade(unknown, 1, &held, &event(AuditAction::EpisodeRegrade)).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.regrade(e.id, 1, &held, &event(AuditAction::EpisodeRegrade)).await.unwrap(), 2);
    assert!(matches!(
        s.regrade(e.id, 1, &grading(RiskGrade::Low, at(21, 0, 0), None), &event(AuditAction::EpisodeRegrade)).await,
        Err(StoreError::Conflict)
    ));
    let system = grading(RiskGrade::Low, at(21, 1, 0), None);
    assert_eq!(s.regrade(e.id, 2, &system, &event(AuditAction::EpisodeRegrade)).await.unwrap(), 3);

    // A note needs no version but moves it on.
    let sighting = EpisodeNote {
        person_id: Some(w.dylan.id),
        ..note(NoteKind::LinkedPerson, at_us(21, 2, 0, 5), Some(w.officer))
    };
    assert_eq!(s.add_episode_note(e.id, &sighting, &event(AuditAction::EpisodeNote)).await.unwrap(), 4);
    assert!(matches!(
        s.add_episode_note(unknown, &note(NoteKind::Action, at(21, 2, 0), None), &event(AuditAction::EpisodeNote))
            .await,
        Err(StoreError::NotFound)
    ));
    let unknown_person =
        EpisodeNote { person_id: Some(PersonId::new()), ..note(NoteKind::LinkedPerson, at(21, 2, 0), None) };
    assert!(matches!(
        s.add_episode_note(e.id, &unknown_person, &event(AuditAction::EpisodeNote)).await,
        Err(StoreError::Missing { field: "person_id" })
    ));

    // No RHI before the return: Conflict, whatever the version.
    let interview = rhi(at(23, 10, 0), Some(w.council.id), None);
    assert!(matches!(
        s.record_rhi(e.id, 4, &interview, &event(AuditAction::EpisodeRhi)).await,
        Err(StoreError::Conflict)
    ));

    // The return: at the version, once.
    let back = found(at_us(21, 18, 0, 250_000), Some(w.officer));
    assert!(matches!(
        s.record_return(e.id, 3, &back, &event(AuditAction::EpisodeReturn)).await,
        Err(StoreError::Conflict)
    ));
    assert!(matches!(
        s.record_return(unknown, 4, &back, &event(AuditAction::EpisodeReturn)).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.record_return(e.id, 4, &back, &event(AuditAction::EpisodeReturn)).await.unwrap(), 5);
    assert!(matches!(
        s.record_return(e.id, 5, &found(at(22, 1, 0), None), &event(AuditAction::EpisodeReturn)).await,
        Err(StoreError::Conflict)
    ));

    // The RHI after the return: at the version, once, by a known agency.
    assert!(matches!(
        s.record_rhi(e.id, 4, &interview, &event(AuditAction::EpisodeRhi)).await,
        Err(StoreError::Conflict)
    ));
    let unknown_agency = rhi(at(23, 10, 0), Some(AgencyId::new()), None);
    assert!(matches!(
        s.record_rhi(e.id, 5, &unknown_agency, &event(AuditAction::EpisodeRhi)).await,
        Err(StoreError::Missing { field: "held_by" })
    ));
    assert_eq!(s.record_rhi(e.id, 5, &interview, &event(AuditAction::EpisodeRhi)).await.unwrap(), 6);
    assert!(matches!(
        s.record_rhi(e.id, 6, &interview, &event(AuditAction::EpisodeRhi)).await,
        Err(StoreError::Conflict)
    ));

    // It all reads back, in order.
    let read = s.episode(e.id, &event(AuditAction::EpisodeView)).await.unwrap();
    let mut expected = e.clone();
    expected.gradings.extend([held, system]);
    expected.notes.push(sighting);
    expected.found = Some(back);
    expected.rhi = Some(interview);
    expected.version = 6;
    assert_eq!(read, expected);
    assert_eq!(read.grade(), Some(RiskGrade::Low));

    // One audit event for each accepted write (two regrades, a note, a return, an RHI) and
    // the read; none for the refused ones.
    assert_eq!(db.audit_count().await, audit + 6);
    let actions: Vec<AuditAction> = {
        let sql = "SELECT action FROM audit_events ORDER BY id";
        match &db.backend {
            Backend::Sqlite { pool, .. } => sqlx::query_scalar::<_, String>(sql).fetch_all(pool).await.unwrap(),
            Backend::Postgres { pool, .. } => sqlx::query_scalar::<_, String>(sql).fetch_all(pool).await.unwrap(),
        }
        .iter()
        .map(|a| AuditAction::parse(a).unwrap())
        .collect()
    };
    for action in
        [AuditAction::EpisodeRegrade, AuditAction::EpisodeNote, AuditAction::EpisodeReturn, AuditAction::EpisodeRhi]
    {
        assert!(actions.contains(&action), "{action} is audited");
    }
}

async fn the_window_lists_open_and_recent_episodes_of_visible_people(db: &Db) {
    let s = &db.store;
    let w = missing_world(db).await;
    // Megan is held by both agencies; Rhys by the police, with only old episodes.
    let mut megan = person("Megan", "Lewis", Some(date(2010, 7, 7)), w.police.id, Some("POL-2"));
    megan.records.push(AgencyRecord { agency_id: w.council.id, reference: None, recorded_at: at(1, 9, 0) });
    let rhys = person("Rhys", "Morgan", Some(date(2009, 3, 3)), w.police.id, Some("POL-3"));
    for p in [&megan, &rhys] {
        s.create_person(p, &event(AuditAction::PersonCreate).person(p.id)).await.unwrap();
    }
    let since = at(20, 0, 0);
    let report = |e: &MissingEpisode| {
        let e = e.clone();
        async move { s.report_episode(&e, &event(AuditAction::EpisodeReport)).await.unwrap() }
    };
    // Siân: open since long before the window (still listed: open now).
    let sian_open = episode(w.sian.id, at(2, 10, 0), None);
    // Dylan (council only): reported within the window, returned.
    let dylan_recent =
        MissingEpisode { found: Some(found(at(20, 9, 0), None)), ..episode(w.dylan.id, at(20, 6, 0), None) };
    // Megan: reported before the window, returned within it; and an older one, closed before.
    let megan_returned =
        MissingEpisode { found: Some(found(at(20, 1, 0), None)), ..episode(megan.id, at(19, 20, 0), None) };
    let megan_old = MissingEpisode { found: Some(found(at(5, 12, 0), None)), ..episode(megan.id, at(5, 10, 0), None) };
    // Rhys: closed long ago, not listed.
    let rhys_old = MissingEpisode { found: Some(found(at(3, 12, 0), None)), ..episode(rhys.id, at(3, 10, 0), None) };
    for e in [&sian_open, &dylan_recent, &megan_returned, &megan_old, &rhys_old] {
        report(e).await;
    }
    // A note and a regrade on Siân's, so the listing carries them.
    s.add_episode_note(sian_open.id, &note(NoteKind::Sighting, at(20, 3, 0), None), &event(AuditAction::EpisodeNote))
        .await
        .unwrap();

    let audit = db.audit_count().await;
    let window = EpisodeWindow { since };
    let listed = |visible: Vec<AgencyId>| async move {
        s.episodes_in_window(window, &visible, &event(AuditAction::EpisodeList)).await.unwrap()
    };
    let ids = |rows: &[haven_store::EpisodeRow]| rows.iter().map(|r| r.episode.id).collect::<Vec<_>>();

    // Both agencies: everything open or recent, oldest reported first.
    let both = listed(vec![w.police.id, w.council.id]).await;
    assert_eq!(ids(&both), vec![sian_open.id, megan_returned.id, dylan_recent.id]);
    let sian_row = &both[0];
    assert_eq!(sian_row.episode, s.episode(sian_open.id, &event(AuditAction::EpisodeView)).await.unwrap());
    assert_eq!(sian_row.episode.notes.len(), 1);
    assert_eq!((sian_row.person.given_name.as_str(), sian_row.person.id), ("Siân", w.sian.id));
    assert_eq!(sian_row.holders, vec![w.police.id]);
    let mut megan_holders = vec![w.police.id, w.council.id];
    megan_holders.sort();
    assert_eq!(both[1].holders, megan_holders);
    assert_eq!(both[1].episode, megan_returned);

    // The police see their children only; the council theirs; nobody nothing.
    assert_eq!(ids(&listed(vec![w.police.id]).await), vec![sian_open.id, megan_returned.id]);
    assert_eq!(ids(&listed(vec![w.council.id]).await), vec![megan_returned.id, dylan_recent.id]);
    assert!(listed(vec![]).await.is_empty());

    // A wider window reaches back to older episodes.
    let wide = s
        .episodes_in_window(EpisodeWindow { since: at(3, 0, 0) }, &[w.police.id], &event(AuditAction::EpisodeList))
        .await
        .unwrap();
    assert_eq!(ids(&wide), vec![sian_open.id, rhys_old.id, megan_old.id, megan_returned.id]);
    // Exactly at `since` counts as within.
    let edge = s
        .episodes_in_window(EpisodeWindow { since: at(20, 1, 0) }, &[w.council.id], &event(AuditAction::EpisodeList))
        .await
        .unwrap();
    assert_eq!(ids(&edge), vec![megan_returned.id, dylan_recent.id]);

    // Every listing is audited (six listings and one read).
    assert_eq!(db.audit_count().await, audit + 7);
}

async fn steps_towards_the_interview_are_kept_in_order_while_it_is_owed(db: &Db) {
    let s = &db.store;
    let w = missing_world(db).await;
    let open = episode(w.dylan.id, at(20, 9, 0), Some(w.officer));
    s.report_episode(&open, &event(AuditAction::EpisodeReport)).await.unwrap();
    let mut back = episode(w.sian.id, at(20, 9, 0), Some(w.officer));
    back.found = Some(found(at(20, 18, 0), Some(w.officer)));
    s.report_episode(&back, &event(AuditAction::EpisodeReport)).await.unwrap();
    let audit = db.audit_count().await;

    let step = |step, at: DateTime<Utc>, worker: &str| RhiAttempt {
        step,
        at,
        worker: worker.into(),
        note: format!("{} at {at}", step.code()),
        recorded_by: Some(w.officer),
        recorded_at: at + Duration::minutes(5),
    };
    let allocated = step(RhiStep::Allocated, at_us(21, 9, 0, 7), "Sam Price");
    let called = step(RhiStep::Phone, at(21, 16, 30), "Sam Price");
    // Nothing is owed while the child is missing; no such episode.
    assert!(matches!(
        s.add_rhi_attempt(open.id, &allocated, &event(AuditAction::EpisodeRhi)).await,
        Err(StoreError::Conflict)
    ));
    assert!(matches!(
        s.add_rhi_attempt(EpisodeId::new(), &allocated, &event(AuditAction::EpisodeRhi)).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.add_rhi_attempt(back.id, &allocated, &event(AuditAction::EpisodeRhi)).await.unwrap(), 2);
    assert_eq!(s.add_rhi_attempt(back.id, &called, &event(AuditAction::EpisodeRhi)).await.unwrap(), 3);
    let kept = s.rhi_attempts(&[back.id, open.id]).await.unwrap();
    assert_eq!(kept, vec![(back.id, allocated.clone()), (back.id, called.clone())]);
    assert_eq!(s.rhi_attempts(&[]).await.unwrap(), vec![]);

    // Once the interview is recorded it is owed no longer.
    s.record_rhi(back.id, 3, &rhi(at(22, 10, 0), None, None), &event(AuditAction::EpisodeRhi)).await.unwrap();
    assert!(matches!(
        s.add_rhi_attempt(back.id, &called, &event(AuditAction::EpisodeRhi)).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(s.rhi_attempts(&[back.id]).await.unwrap().len(), 2);
    // Two steps and the interview: three events; none for the refused.
    assert_eq!(db.audit_count().await, audit + 3);
}

async fn grab_packs_are_created_updated_and_stale_saves_refused(db: &Db) {
    let s = &db.store;
    let w = missing_world(db).await;
    assert_eq!(s.grab_pack(w.sian.id).await.unwrap(), None);
    let audit = db.audit_count().await;

    let pack = grab_pack(w.sian.id, Some(w.officer), at_us(20, 9, 0, 42));
    assert_eq!(s.save_grab_pack(w.sian.id, 0, &pack, &event(AuditAction::GrabPackSave)).await.unwrap(), 1);
    assert_eq!(s.grab_pack(w.sian.id).await.unwrap(), Some(pack.clone()));
    // Creating it again is someone else having created it first.
    assert!(matches!(
        s.save_grab_pack(w.sian.id, 0, &pack, &event(AuditAction::GrabPackSave)).await,
        Err(StoreError::Conflict)
    ));

    let changed = GrabPack {
        places_frequented: "Bute Park; the bus station; a flat on Bute Street".into(),
        updated_by: None,
        updated_at: Some(at(21, 9, 0)),
        ..pack.clone()
    };
    assert_eq!(s.save_grab_pack(w.sian.id, 1, &changed, &event(AuditAction::GrabPackSave)).await.unwrap(), 2);
    assert!(matches!(
        s.save_grab_pack(w.sian.id, 1, &pack, &event(AuditAction::GrabPackSave)).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(s.grab_pack(w.sian.id).await.unwrap(), Some(GrabPack { version: 2, ..changed.clone() }));
    // Every version is kept: the pack as it was at any time, to the microsecond.
    assert_eq!(s.grab_pack_as_of(w.sian.id, at_us(20, 9, 0, 41)).await.unwrap(), None, "none yet");
    assert_eq!(s.grab_pack_as_of(w.sian.id, at_us(20, 9, 0, 42)).await.unwrap(), Some(pack.clone()));
    assert_eq!(s.grab_pack_as_of(w.sian.id, at(21, 8, 59)).await.unwrap(), Some(pack.clone()));
    let latest = Some(GrabPack { version: 2, ..changed.clone() });
    assert_eq!(s.grab_pack_as_of(w.sian.id, at(21, 9, 0)).await.unwrap(), latest);
    assert_eq!(s.grab_pack_as_of(w.sian.id, at(28, 0, 0)).await.unwrap(), latest);

    // No pack to update, and no such person.
    assert!(matches!(
        s.save_grab_pack(w.dylan.id, 3, &pack, &event(AuditAction::GrabPackSave)).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.save_grab_pack(PersonId::new(), 0, &pack, &event(AuditAction::GrabPackSave)).await,
        Err(StoreError::Missing { field: "person_id" })
    ));
    // Two accepted saves, two events.
    assert_eq!(db.audit_count().await, audit + 2);
}

async fn a_bulk_load_carries_episodes_and_grab_packs_whole(db: &Db) {
    let s = &db.store;
    let police = Agency { id: POLICE, ..agency("SWP", AgencyKind::Police, None) };
    let provider = agency("ST-GILES", AgencyKind::RhiProvider, None);
    let officer = user("pc.jones", police.id);
    let home = location("Ty Gwyn");
    let sian = person("Siân", "Evans", Some(date(2011, 2, 28)), police.id, Some("POL-1"));
    let mut history = episode(sian.id, at_us(3, 10, 0, 7), Some(officer.id));
    history.imported = true;
    history.from_location = Some(home.id);
    history.notes.push(note(NoteKind::Notification, at(3, 11, 0), Some(officer.id)));
    history.found = Some(found(at(4, 9, 0), Some(officer.id)));
    history.rhi = Some(rhi(at(5, 14, 0), Some(provider.id), None));
    history.version = 3;
    let open = episode(sian.id, at(22, 23, 0), None);
    let mut load = BulkLoad {
        agencies: vec![police.clone(), provider.clone()],
        users: vec![(officer.clone(), "h".into())],
        locations: vec![home.clone()],
        people: vec![sian.clone()],
        episodes: vec![history.clone(), open.clone(), episode(sian.id, at(22, 23, 30), None)],
        grab_packs: vec![grab_pack(sian.id, Some(officer.id), at(1, 9, 0))],
        ..BulkLoad::default()
    };
    // Two open episodes for one child: nothing of the load is written.
    assert!(matches!(
        s.bulk_load(&load, &event(AuditAction::DemoLoad)).await,
        Err(StoreError::Duplicate { field: "person_id" })
    ));
    assert_eq!((s.count_people().await.unwrap(), episode_count(db).await, db.audit_count().await), (0, 0, 0));
    assert_eq!(db.count("SELECT COUNT(*) FROM grab_packs").await, 0);
    assert_eq!(db.count("SELECT COUNT(*) FROM grab_pack_versions").await, 0);

    load.episodes.pop();
    s.bulk_load(&load, &event(AuditAction::DemoLoad)).await.unwrap();
    assert_eq!(db.audit_count().await, 1);
    let read = s.person_episodes(sian.id, &event(AuditAction::EpisodeView)).await.unwrap();
    assert_eq!(read, vec![open, history]);
    assert_eq!(s.grab_pack(sian.id).await.unwrap(), Some(load.grab_packs[0].clone()));
    // A loaded pack is a kept version like a saved one.
    assert_eq!(s.grab_pack_as_of(sian.id, at(2, 0, 0)).await.unwrap(), Some(load.grab_packs[0].clone()));
}

/// A board over ten thousand episodes: a bulk load of 5,000 children with two episodes each
/// (one in ten still open), then window listings over all of them.
async fn ten_thousand_episodes_list_quickly(db: &Db) {
    let s = &db.store;
    let police = Agency { id: POLICE, ..agency("SWP", AgencyKind::Police, None) };
    let council = agency("CARDIFF-CS", AgencyKind::LocalAuthority, None);
    let mut people = Vec::new();
    let mut episodes = Vec::new();
    for i in 0..5_000_u32 {
        let holder = if i % 2 == 0 { police.id } else { council.id };
        let p = person("Cerys", &format!("Child{i}"), Some(date(2010, 1, 1)), holder, None);
        let day = 1 + i % 20;
        let mut old = episode(p.id, at(day, 8, 0), None);
        old.found = Some(found(at(day, 20, 0), None));
        old.notes.push(note(NoteKind::Action, at(day, 9, 0), None));
        let mut recent = episode(p.id, at(21, i % 24, 0), None);
        if i % 10 != 0 {
            recent.found = Some(found(at(22, i % 24, 0), None));
        }
        episodes.extend([old, recent]);
        people.push(p);
    }
    let load = BulkLoad { agencies: vec![police.clone(), council.clone()], people, episodes, ..BulkLoad::default() };
    let started = std::time::Instant::now();
    s.bulk_load(&load, &event(AuditAction::DemoLoad)).await.unwrap();
    eprintln!("{}: bulk_load of 5,000 people and 10,000 episodes: {:?}", s.backend(), started.elapsed());

    let started = std::time::Instant::now();
    let all = s
        .episodes_in_window(
            EpisodeWindow { since: at(1, 0, 0) },
            &[police.id, council.id],
            &event(AuditAction::EpisodeList),
        )
        .await
        .unwrap();
    let took_all = started.elapsed();
    assert_eq!(all.len(), 10_000);
    assert!(all.windows(2).all(|w| w[0].episode.reported_at <= w[1].episode.reported_at));
    assert!(all.iter().all(|r| r.episode.gradings.len() == 1 && r.holders.len() == 1));

    let started = std::time::Instant::now();
    let board = s
        .episodes_in_window(EpisodeWindow { since: at(22, 0, 0) }, &[police.id], &event(AuditAction::EpisodeList))
        .await
        .unwrap();
    let took_board = started.elapsed();
    // Police children (even i): the open ones (i % 10 == 0) and those returned on the 22nd.
    assert_eq!(board.len(), 2_500);
    eprintln!("{}: window over 10,000 episodes: all {took_all:?}, one agency's day {took_board:?}", s.backend());
    // Generous bounds (debug builds, tests in parallel on two cores): they catch a listing
    // that goes row by row, not a slow machine.
    assert!(took_all < std::time::Duration::from_secs(10), "listing all took {took_all:?}");
    assert!(took_board < std::time::Duration::from_secs(3), "listing a day took {took_board:?}");
}

/// Two call-takers report the same child at once: the database lets exactly one open episode in,
/// and the others are refused as duplicates with nothing of theirs written.
async fn simultaneous_reports_of_one_child_open_one_episode(db: &Db) {
    let w = missing_world(db).await;
    let audit = db.audit_count().await;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..8 {
        let s = Arc::clone(&db.store);
        let mut e = episode(w.sian.id, at(21, 9, i), Some(w.officer));
        e.notes.push(note(NoteKind::Action, at(21, 9, 30), None));
        tasks.spawn(async move { s.report_episode(&e, &event(AuditAction::EpisodeReport).person(e.person_id)).await });
    }
    let (mut won, mut refused) = (0, 0);
    while let Some(done) = tasks.join_next().await {
        match done.unwrap() {
            Ok(()) => won += 1,
            Err(StoreError::Duplicate { field: "person_id" }) => refused += 1,
            Err(e) => panic!("a simultaneous report failed otherwise: {e}"),
        }
    }
    assert_eq!((won, refused), (1, 7));
    assert_eq!(episode_count(db).await, 1);
    assert_eq!(db.count("SELECT COUNT(*) FROM episode_notes").await, 1);
    assert_eq!(db.audit_count().await, audit + 1);
}

// ---------------------------------------------------------------------------------------------
// Imports: jobs, source records, the review queue

fn fields(record_id: &str, first: &str, sur: &str, dob: &str) -> SourceFields {
    SourceFields {
        record_id: record_id.into(),
        first_name: first.into(),
        surname: sur.into(),
        dob: dob.into(),
        sex: "F".into(),
        postcode: "CF10 1AA".into(),
        // What the agency holds beyond identity, kept as written.
        ethnicity: "WBRI".into(),
        care_status: "CLA".into(),
        placing_authority: "CDF-CS".into(),
    }
}

fn import_job(agency: AgencyId, total: i64) -> ImportJob {
    ImportJob {
        id: ImportJobId::new(),
        agency_id: agency,
        file_name: "people.csv".into(),
        file_sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
        thresholds: Thresholds { upper: 0.97, lower: 0.55 },
        total_rows: total,
        rows_done: 0,
        status: ImportStatus::Running,
        written: JobCounts::default(),
        last_batch_at: None,
        created_by: "cli".into(),
        created_at: at(23, 9, 0),
    }
}

fn batch_event(job: ImportJobId) -> AuditEvent {
    event(AuditAction::ImportBatch).subject(SubjectKind::ImportJob, job.0)
}

/// The police's Siân, and a council import job of four rows: one links to Siân, one is a new person, one
/// may be Siân (a review), one could not be read.
struct ImportWorld {
    w: World,
    sian: Person,
    job: ImportJob,
    rows: Vec<RowOutcome>,
}

async fn import_world(db: &Db) -> ImportWorld {
    let w = world(db).await;
    let sian = person("Siân", "Evans", Some(date(2011, 2, 28)), w.police.id, Some("POL-1"));
    db.store.create_person(&sian, &event(AuditAction::PersonCreate)).await.unwrap();
    let job = import_job(w.council.id, 4);
    db.store
        .create_import_job(&job, &event(AuditAction::ImportStart).subject(SubjectKind::ImportJob, job.id.0))
        .await
        .unwrap();
    let made =
        |given: &str, reference: &str| person(given, "Evans", Some(date(2011, 2, 28)), w.council.id, Some(reference));
    let rows = vec![
        RowOutcome::Link { row: 1, fields: fields("CS-1", "Sian", "Evans", "2011-02-28"), person: sian.id },
        RowOutcome::Create {
            row: 2,
            fields: fields("CS-2", "Dafydd", "Evans", "2013-06-01"),
            person: made("Dafydd", "CS-2"),
        },
        RowOutcome::Review {
            row: 3,
            fields: fields("CS-3", "Sioned", "Evans", "2011-02-28"),
            person: made("Sioned", "CS-3"),
            candidate: sian.id,
            probability: 0.8,
            explanation: serde_json::json!({"fields": [{"field": "first_name", "level": "jw_0.85", "weight": 2.5}]}),
        },
        RowOutcome::Error { row: 4, reason: "dob: date-format".into() },
    ];
    ImportWorld { w, sian, job, rows }
}

async fn people_count(db: &Db) -> i64 {
    db.count("SELECT COUNT(*) FROM people").await
}

async fn an_import_batch_writes_each_row_once_with_its_trail(db: &Db) {
    let iw = import_world(db).await;
    let (people, audits) = (people_count(db).await, db.audit_count().await);
    let batch = event_at(AuditAction::ImportBatch, at(23, 9, 30)).subject(SubjectKind::ImportJob, iw.job.id.0);
    let done = db.store.apply_import_batch(iw.job.id, &iw.rows, 4, false, &batch).await.unwrap();
    assert_eq!(done, BatchApplied { linked: 1, created: 1, queued: 1, errors: 1, skipped: 0 });
    assert_eq!(people_count(db).await, people + 2, "the new person and the one waiting for review");
    assert_eq!(db.audit_count().await, audits + 4, "the batch, and one event per person touched");
    let job = db.store.import_job(iw.job.id).await.unwrap().unwrap();
    assert_eq!((job.rows_done, job.status), (4, ImportStatus::Running));
    assert_eq!(job.written, JobCounts { linked: 1, created: 1, queued: 1, errors: 1 });
    assert_eq!(job.last_batch_at, Some(at(23, 9, 30)), "the batch's time is the job's heartbeat");
    let records = db.store.job_source_records(iw.job.id).await.unwrap();
    assert_eq!(records.iter().map(|r| r.row_number).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_eq!(records[0].person_id, Some(iw.sian.id));
    assert_eq!(records[0].fields, fields("CS-1", "Sian", "Evans", "2011-02-28"));
    assert_eq!(records[0].agency_id, iw.w.council.id);
    let errors = db.store.import_errors(iw.job.id).await.unwrap();
    assert_eq!(errors, vec![ImportError { row: 4, reason: "dob: date-format".into() }]);
    // Linking lets the council see Siân; her trail shows the import.
    let mut holders = db.store.person_holders(iw.sian.id).await.unwrap();
    holders.sort();
    let mut both = vec![iw.w.police.id, iw.w.council.id];
    both.sort();
    assert_eq!(holders, both);
    let trail = db.store.person_audit(iw.sian.id, 10).await.unwrap();
    assert!(trail.iter().any(|e| e.action == AuditAction::SourceImport));
    assert_eq!(db.store.person_source_records(iw.sian.id).await.unwrap().len(), 1);

    // The same rows again (a resumed job) write nothing new.
    let again = db.store.apply_import_batch(iw.job.id, &iw.rows, 4, false, &batch_event(iw.job.id)).await.unwrap();
    assert_eq!(again, BatchApplied { skipped: 4, ..BatchApplied::default() });
    let counted = db.store.import_job(iw.job.id).await.unwrap().unwrap().written;
    assert_eq!(
        counted,
        JobCounts { linked: 1, created: 1, queued: 1, errors: 1 },
        "rows skipped are not counted again"
    );
    assert_eq!(people_count(db).await, people + 2);
    assert_eq!(db.store.job_source_records(iw.job.id).await.unwrap().len(), 3);

    // A batch naming an unknown person writes none of its rows, nor the job's progress.
    let bad = vec![
        RowOutcome::Create {
            row: 5,
            fields: fields("CS-5", "Nia", "Evans", ""),
            person: person("Nia", "Evans", None, iw.w.council.id, None),
        },
        RowOutcome::Link { row: 6, fields: fields("CS-6", "Nia", "Evans", ""), person: PersonId::new() },
    ];
    let refused = db.store.apply_import_batch(iw.job.id, &bad, 6, false, &batch_event(iw.job.id)).await;
    assert!(matches!(refused, Err(StoreError::Missing { field: "person_id" })), "{refused:?}");
    assert_eq!(people_count(db).await, people + 2);
    assert_eq!(db.store.import_job(iw.job.id).await.unwrap().unwrap().rows_done, 4);

    // Finishing, then nothing more is accepted; progress never goes back.
    db.store.apply_import_batch(iw.job.id, &[], 3, true, &batch_event(iw.job.id)).await.unwrap();
    let job = db.store.import_job(iw.job.id).await.unwrap().unwrap();
    assert_eq!((job.rows_done, job.status), (4, ImportStatus::Finished));
    let late = db.store.apply_import_batch(iw.job.id, &bad[..1], 5, false, &batch_event(iw.job.id)).await;
    assert!(matches!(late, Err(StoreError::Conflict)), "{late:?}");
    let unknown = db.store.apply_import_batch(ImportJobId::new(), &[], 1, false, &batch_event(iw.job.id)).await;
    assert!(matches!(unknown, Err(StoreError::NotFound)), "{unknown:?}");
}

async fn a_job_keeps_its_thresholds_and_file_digest_and_is_listed_for_its_agency(db: &Db) {
    let iw = import_world(db).await;
    let stored = db.store.import_job(iw.job.id).await.unwrap().unwrap();
    assert_eq!(stored, iw.job, "every field as written, the thresholds and the digest too");
    let mut later = import_job(iw.w.council.id, 1);
    later.created_at = iw.job.created_at + chrono::Duration::minutes(5);
    db.store.create_import_job(&later, &event(AuditAction::ImportStart)).await.unwrap();
    let police_job = import_job(iw.w.police.id, 1);
    db.store.create_import_job(&police_job, &event(AuditAction::ImportStart)).await.unwrap();
    let listed: Vec<_> =
        db.store.agency_import_jobs(iw.w.council.id, 10).await.unwrap().into_iter().map(|j| j.id).collect();
    assert_eq!(listed, vec![later.id, iw.job.id], "newest first, the council's only");
    assert_eq!(db.store.agency_import_jobs(iw.w.council.id, 1).await.unwrap().len(), 1);
}

async fn a_row_may_link_to_the_person_an_earlier_row_of_its_batch_made(db: &Db) {
    // A file holding the same child twice: the first row makes her, the second is hers.
    let iw = import_world(db).await;
    let nia = person("Nia", "Evans", Some(date(2012, 4, 2)), iw.w.council.id, Some("CS-1"));
    let rows = vec![
        RowOutcome::Create { row: 1, fields: fields("CS-1", "Nia", "Evans", "2012-04-02"), person: nia.clone() },
        RowOutcome::Link { row: 2, fields: fields("CS-1b", "Nia", "Evens", "2012-04-02"), person: nia.id },
    ];
    let done = db.store.apply_import_batch(iw.job.id, &rows, 2, true, &batch_event(iw.job.id)).await.unwrap();
    assert_eq!((done.created, done.linked), (1, 1));
    let records = db.store.person_source_records(nia.id).await.unwrap();
    assert_eq!(records.iter().map(|r| r.fields.record_id.as_str()).collect::<Vec<_>>(), vec!["CS-1", "CS-1b"]);
}

async fn reviews_are_listed_for_visible_agencies_and_decided_once(db: &Db) {
    let iw = import_world(db).await;
    db.store.apply_import_batch(iw.job.id, &iw.rows, 4, true, &batch_event(iw.job.id)).await.unwrap();
    assert!(db.store.pending_reviews(&[iw.w.police.id], 50).await.unwrap().is_empty());
    let pending = db.store.pending_reviews(&[iw.w.police.id, iw.w.council.id], 50).await.unwrap();
    assert_eq!(pending.len(), 1);
    let review = &pending[0];
    assert_eq!((review.candidate.id, review.candidate.given_name.as_str()), (iw.sian.id, "Siân"));
    assert_eq!(review.source.fields.first_name, "Sioned");
    assert_eq!(review.status, ReviewStatus::Pending);
    assert!((review.probability - 0.8).abs() < 1e-9);
    assert_eq!(review.explanation["fields"][0]["level"], "jw_0.85");
    let waiting = review.source.person_id.unwrap();
    assert_ne!(waiting, iw.sian.id);
    let people = people_count(db).await;

    // Linking moves the record to Siân; the person it waited as holds nothing else and goes.
    let by = user("rev.one", iw.w.council.id);
    db.store.create_user(&by, "hash", &event(AuditAction::UserCreate)).await.unwrap();
    let link = event(AuditAction::ReviewLink).subject(SubjectKind::LinkReview, review.id.0);
    db.store.decide_review(review.id, ReviewDecision::Link, Some(by.id), &link).await.unwrap();
    let decided = db.store.link_review(review.id).await.unwrap().unwrap();
    assert_eq!(
        (decided.status, decided.decided_by, decided.source.person_id),
        (ReviewStatus::Linked, Some(by.id), Some(iw.sian.id))
    );
    assert!(decided.decided_at.is_some());
    assert_eq!(people_count(db).await, people - 1);
    assert_eq!(db.store.person_source_records(iw.sian.id).await.unwrap().len(), 2);
    assert!(db.store.pending_reviews(&[iw.w.council.id], 50).await.unwrap().is_empty());
    let twice = db.store.decide_review(review.id, ReviewDecision::Reject, None, &link).await;
    assert!(matches!(twice, Err(StoreError::Conflict)), "{twice:?}");
    let unknown = db.store.decide_review(LinkReviewId::new(), ReviewDecision::Reject, None, &link).await;
    assert!(matches!(unknown, Err(StoreError::NotFound)), "{unknown:?}");

    // A rejected review leaves the record with a person of its own.
    let job2 = import_job(iw.w.council.id, 1);
    db.store.create_import_job(&job2, &event(AuditAction::ImportStart)).await.unwrap();
    let row = RowOutcome::Review {
        row: 1,
        fields: fields("CS-9", "Sara", "Evans", "2011-02-28"),
        person: person("Sara", "Evans", Some(date(2011, 2, 28)), iw.w.council.id, None),
        candidate: iw.sian.id,
        probability: 0.7,
        explanation: serde_json::json!({}),
    };
    db.store.apply_import_batch(job2.id, &[row], 1, true, &batch_event(job2.id)).await.unwrap();
    let r = db.store.pending_reviews(&[iw.w.council.id], 50).await.unwrap().remove(0);
    db.store.decide_review(r.id, ReviewDecision::Reject, None, &event(AuditAction::ReviewReject)).await.unwrap();
    let r = db.store.link_review(r.id).await.unwrap().unwrap();
    assert_eq!(r.status, ReviewStatus::Rejected);
    assert_eq!(r.source.person_id, db.store.job_source_records(job2.id).await.unwrap()[0].person_id);
    assert_ne!(r.source.person_id, Some(iw.sian.id));
}

async fn an_unlinked_record_gets_a_person_of_its_own_and_linking_again_restores(db: &Db) {
    let iw = import_world(db).await;
    db.store.apply_import_batch(iw.job.id, &iw.rows[..1], 1, true, &batch_event(iw.job.id)).await.unwrap();
    let record = db.store.job_source_records(iw.job.id).await.unwrap().remove(0);
    assert_eq!(record.person_id, Some(iw.sian.id));
    let (people, audits) = (people_count(db).await, db.audit_count().await);

    let own = person("Sian", "Evans", Some(date(2011, 2, 28)), iw.w.council.id, Some("CS-1"));
    let unlink = event(AuditAction::SourceUnlink).person(iw.sian.id);
    db.store.unlink_source_record(record.id, &own, &unlink).await.unwrap();
    assert_eq!(db.store.source_record(record.id).await.unwrap().unwrap().person_id, Some(own.id));
    assert_eq!(db.store.person_holders(iw.sian.id).await.unwrap(), vec![iw.w.police.id]);
    assert_eq!(db.store.person_holders(own.id).await.unwrap(), vec![iw.w.council.id]);
    assert_eq!(people_count(db).await, people + 1);
    assert_eq!(db.audit_count().await, audits + 1);
    assert!(db.store.person_audit(iw.sian.id, 5).await.unwrap().iter().any(|e| e.action == AuditAction::SourceUnlink));

    // Linking it again undoes the unlink: the person made for it holds nothing else and goes.
    let relink = event(AuditAction::SourceLink).person(iw.sian.id);
    db.store.link_source_record(record.id, iw.sian.id, &relink).await.unwrap();
    assert_eq!(db.store.source_record(record.id).await.unwrap().unwrap().person_id, Some(iw.sian.id));
    assert_eq!(people_count(db).await, people);
    let mut holders = db.store.person_holders(iw.sian.id).await.unwrap();
    holders.sort();
    let mut both = vec![iw.w.police.id, iw.w.council.id];
    both.sort();
    assert_eq!(holders, both);
    assert_eq!(db.audit_count().await, audits + 2);

    let nobody = db.store.link_source_record(record.id, PersonId::new(), &relink).await;
    assert!(matches!(nobody, Err(StoreError::Missing { field: "person_id" })), "{nobody:?}");
    let no_record = db.store.link_source_record(SourceRecordId::new(), iw.sian.id, &relink).await;
    assert!(matches!(no_record, Err(StoreError::NotFound)), "{no_record:?}");
}

async fn a_rolled_back_import_leaves_people_as_before_and_keeps_its_records(db: &Db) {
    let iw = import_world(db).await;
    let people = people_count(db).await;
    let agency_records = db.count("SELECT COUNT(*) FROM agency_records").await;
    db.store.apply_import_batch(iw.job.id, &iw.rows, 4, true, &batch_event(iw.job.id)).await.unwrap();
    assert_eq!(people_count(db).await, people + 2);

    // What to match a resumed job against leaves out what the job itself brought.
    let all = db.store.linkage_records(None).await.unwrap();
    let without = db.store.linkage_records(Some(iw.job.id)).await.unwrap();
    assert_eq!(all.len(), 3 + 3, "three people and three linked source records");
    assert_eq!(without.len(), 1);
    assert_eq!(without[0].person_id, iw.sian.id);
    assert_eq!(without[0].fields.dob, "2011-02-28");

    let audits = db.audit_count().await;
    let rollback = event(AuditAction::ImportRollback).subject(SubjectKind::ImportJob, iw.job.id.0);
    let undone = db.store.rollback_import_job(iw.job.id, &rollback).await.unwrap();
    assert_eq!(undone, RollbackSummary { detached: 3, people_removed: 2 });
    assert_eq!(people_count(db).await, people);
    assert_eq!(db.count("SELECT COUNT(*) FROM agency_records").await, agency_records);
    assert_eq!(db.store.person_holders(iw.sian.id).await.unwrap(), vec![iw.w.police.id]);
    assert!(db.audit_count().await > audits);
    let job = db.store.import_job(iw.job.id).await.unwrap().unwrap();
    assert_eq!(job.status, ImportStatus::RolledBack);
    // Nothing the agency sent is lost: the records stay, detached.
    let records = db.store.job_source_records(iw.job.id).await.unwrap();
    assert_eq!(records.len(), 3);
    assert!(records.iter().all(|r| r.person_id.is_none()));
    assert!(db.store.pending_reviews(&[iw.w.council.id], 50).await.unwrap().is_empty());
    let again = db.store.rollback_import_job(iw.job.id, &rollback).await;
    assert!(matches!(again, Err(StoreError::Conflict)), "{again:?}");
    let late = db.store.apply_import_batch(iw.job.id, &[], 4, false, &batch_event(iw.job.id)).await;
    assert!(matches!(late, Err(StoreError::Conflict)), "{late:?}");
}

async fn a_rollback_keeps_a_person_that_another_import_linked_to(db: &Db) {
    let iw = import_world(db).await;
    db.store.apply_import_batch(iw.job.id, &iw.rows[1..2], 2, true, &batch_event(iw.job.id)).await.unwrap();
    let dafydd = db.store.job_source_records(iw.job.id).await.unwrap()[0].person_id.unwrap();
    let police_job = import_job(iw.w.police.id, 1);
    db.store.create_import_job(&police_job, &event(AuditAction::ImportStart)).await.unwrap();
    let row = RowOutcome::Link { row: 1, fields: fields("P-7", "Dafydd", "Evans", "2013-06-01"), person: dafydd };
    db.store.apply_import_batch(police_job.id, &[row], 1, true, &batch_event(police_job.id)).await.unwrap();
    let undone = db.store.rollback_import_job(iw.job.id, &event(AuditAction::ImportRollback)).await.unwrap();
    assert_eq!(undone, RollbackSummary { detached: 1, people_removed: 0 });
    assert_eq!(db.store.person_holders(dafydd).await.unwrap(), vec![iw.w.police.id]);
    assert_eq!(db.store.person_source_records(dafydd).await.unwrap().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// The missing-episode rules of each area

fn rules_version(area: AreaId, number: i64, rules: MissingRules, applies_from: DateTime<Utc>) -> RulesVersion {
    RulesVersion {
        area_id: area,
        number,
        rules: MissingRules { version: format!("AREA v{number}"), ..rules },
        applies_from,
        saved_at: at(20, 9, 0),
        saved_by: None,
        saved_by_label: "cli".into(),
    }
}

fn rules_event(area: AreaId) -> AuditEvent {
    event(AuditAction::AreaRulesSet).subject(SubjectKind::Area, area.0)
}

async fn area_rules_versions_are_added_in_turn_and_read_in_force_by_date(db: &Db) {
    let s = &db.store;
    let (north, south) = (area("NORTH"), area("SOUTH"));
    for a in [&north, &south] {
        s.create_area(a, &event(AuditAction::AreaCreate)).await.unwrap();
    }
    assert!(s.rules_versions(north.id).await.unwrap().is_empty());
    assert_eq!(s.rules_at(north.id, at(25, 0, 0)).await.unwrap(), None);
    assert!(s.rules_in_force(at(25, 0, 0)).await.unwrap().is_empty());

    let audits = db.audit_count().await;
    let mut wales = Preset::Wales.rules();
    wales.rhi_within_hours = 48;
    let v1 = rules_version(north.id, 1, Preset::England.rules(), at(20, 9, 0));
    // Scheduled: applies from the 24th.
    let v2 = rules_version(north.id, 2, wales.clone().with_naira_pilot(), at(24, 0, 0));
    let v3 = rules_version(north.id, 3, wales, at(21, 12, 30));
    for v in [&v1, &v2, &v3] {
        s.add_rules_version(v, &rules_event(north.id)).await.unwrap();
    }
    assert_eq!(db.audit_count().await, audits + 3, "each version with its audit event");

    // A number that is not the next one is a conflict (someone saved meanwhile), and writes
    // nothing, audit event included.
    let stale = rules_version(north.id, 3, Preset::England.rules(), at(22, 0, 0));
    assert!(matches!(s.add_rules_version(&stale, &rules_event(north.id)).await, Err(StoreError::Conflict)));
    let skipped = rules_version(north.id, 5, Preset::England.rules(), at(22, 0, 0));
    assert!(matches!(s.add_rules_version(&skipped, &rules_event(north.id)).await, Err(StoreError::Conflict)));
    assert_eq!(db.audit_count().await, audits + 3);
    // An area that does not exist is refused.
    let nowhere = rules_version(AreaId::new(), 1, Preset::England.rules(), at(22, 0, 0));
    assert!(matches!(
        s.add_rules_version(&nowhere, &rules_event(nowhere.area_id)).await,
        Err(StoreError::Missing { .. })
    ));

    // Every version, newest number first, read back as saved.
    let all = s.rules_versions(north.id).await.unwrap();
    assert_eq!(all, [v3.clone(), v2.clone(), v1.clone()]);
    assert!(s.rules_versions(south.id).await.unwrap().is_empty());

    // In force: the latest applying by then.
    let number_at = |v: Option<RulesVersion>| v.map(|v| v.number);
    assert_eq!(number_at(s.rules_at(north.id, at(20, 8, 59)).await.unwrap()), None);
    assert_eq!(number_at(s.rules_at(north.id, at(20, 9, 0)).await.unwrap()), Some(1));
    assert_eq!(number_at(s.rules_at(north.id, at(21, 12, 30)).await.unwrap()), Some(3));
    assert_eq!(number_at(s.rules_at(north.id, at(23, 23, 59)).await.unwrap()), Some(3));
    assert_eq!(s.rules_at(north.id, at(24, 0, 0)).await.unwrap(), Some(v2.clone()));
    assert_eq!(s.rules_at(south.id, at(24, 0, 0)).await.unwrap(), None);

    // Every area's at once, one each: the store and the domain agree.
    let south_v1 = rules_version(south.id, 1, Preset::Wales.rules(), at(22, 0, 0));
    s.add_rules_version(&south_v1, &rules_event(south.id)).await.unwrap();
    let mut in_force = s.rules_in_force(at(23, 0, 0)).await.unwrap();
    in_force.sort_by_key(|v| v.area_id);
    let mut expected = vec![v3.clone(), south_v1.clone()];
    expected.sort_by_key(|v| v.area_id);
    assert_eq!(in_force, expected);
    assert_eq!(haven_domain::missing::rules::in_force(&all, at(23, 0, 0)), Some(&v3));
    assert_eq!(s.rules_in_force(at(21, 0, 0)).await.unwrap(), [v1]);

    // Kept across a restart.
    let reopened = db.reopen().await;
    assert_eq!(reopened.rules_versions(north.id).await.unwrap().len(), 3);
}

async fn area_rules_versions_are_kept_as_saved(db: &Db) {
    let s = &db.store;
    let north = area("NORTH");
    s.create_area(&north, &event(AuditAction::AreaCreate)).await.unwrap();
    s.add_rules_version(&rules_version(north.id, 1, Preset::Wales.rules(), at(20, 9, 0)), &rules_event(north.id))
        .await
        .unwrap();
    let update = db.raw("UPDATE area_rules SET saved_by_label = 'someone else'").await;
    assert!(update.as_ref().is_err_and(|e| e.contains("kept as saved")), "{update:?}");
    let delete = db.raw("DELETE FROM area_rules").await;
    assert!(delete.as_ref().is_err_and(|e| e.contains("kept as saved")), "{delete:?}");
    assert_eq!(db.count("SELECT COUNT(*) FROM area_rules").await, 1);
}

// ---------------------------------------------------------------------------------------------
// Each area's child population

fn population_version(area: AreaId, number: i64, total: u64) -> haven_domain::figures::PopulationVersion {
    let counts: Vec<(String, String)> =
        [("total", total.to_string()), ("sex.female", (total / 2).to_string()), ("age.13_to_15", "900".to_owned())]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    haven_domain::figures::PopulationVersion {
        area_id: area,
        number,
        saved_at: at(20, 9, 0),
        saved_by: None,
        saved_by_label: "cli".into(),
        population: haven_domain::figures::Population::parse("ONS mid-2024", "2024-06-30", today, &counts).unwrap(),
    }
}

async fn area_populations_are_added_in_turn_kept_as_saved_and_the_newest_used(db: &Db) {
    let s = &db.store;
    let (north, south) = (area("NORTH"), area("SOUTH"));
    for a in [&north, &south] {
        s.create_area(a, &event(AuditAction::AreaCreate)).await.unwrap();
    }
    assert_eq!(s.population(north.id).await.unwrap(), None);
    assert!(s.population_versions(north.id).await.unwrap().is_empty());
    let set = |a: AreaId| event(AuditAction::AreaPopulationSet).subject(SubjectKind::Area, a.0);

    let audits = db.audit_count().await;
    let (v1, v2) = (population_version(north.id, 1, 30_000), population_version(north.id, 2, 31_250));
    s.add_population_version(&v1, &set(north.id)).await.unwrap();
    s.add_population_version(&v2, &set(north.id)).await.unwrap();
    assert_eq!(db.audit_count().await, audits + 2, "each version with its audit event");
    // A number already taken or skipped is a conflict, and writes nothing.
    for number in [2, 4] {
        let stale = population_version(north.id, number, 1_000);
        assert!(matches!(s.add_population_version(&stale, &set(north.id)).await, Err(StoreError::Conflict)));
    }
    let nowhere = population_version(AreaId::new(), 1, 1_000);
    assert!(matches!(s.add_population_version(&nowhere, &set(nowhere.area_id)).await, Err(StoreError::Missing { .. })));
    assert_eq!(db.audit_count().await, audits + 2);

    // The newest is the one used; every version is read back as saved, newest first.
    assert_eq!(s.population(north.id).await.unwrap(), Some(v2.clone()));
    assert_eq!(s.population_versions(north.id).await.unwrap(), [v2.clone(), v1]);
    assert_eq!(s.population(south.id).await.unwrap(), None);

    // Kept as saved.
    let update = db.raw("UPDATE area_populations SET saved_by_label = 'someone else'").await;
    assert!(update.as_ref().is_err_and(|e| e.contains("kept as saved")), "{update:?}");
    let delete = db.raw("DELETE FROM area_populations").await;
    assert!(delete.as_ref().is_err_and(|e| e.contains("kept as saved")), "{delete:?}");
    let reopened = db.reopen().await;
    assert_eq!(reopened.population(north.id).await.unwrap(), Some(v2));
}

// ---------------------------------------------------------------------------------------------
// Warning markers and NRM referrals

fn marker(subject: MarkerSubject, owner: AgencyId, kind: MarkerType, starts: NaiveDate, review: NaiveDate) -> Marker {
    Marker {
        id: MarkerId::new(),
        subject,
        marker_type: kind,
        reason: "Seen with older males at the station.".into(),
        source_agency: owner,
        source_note: "MACE 12 November".into(),
        starts_on: starts,
        review_on: review,
        owner,
        raised_by: None,
        raised_at: at(20, 9, 0),
        needs_approval: matches!(subject, MarkerSubject::Person(_)),
        approval: None,
        reviews: Vec::new(),
        ended_on: None,
        version: 1,
    }
}

async fn markers_on_people_and_places_are_raised_approved_reviewed_and_listed(db: &Db) {
    let s = &db.store;
    let w = world(db).await;
    let sergeant = user("sgt.evans", w.police.id);
    s.create_user(&sergeant, "hash", &event(AuditAction::UserCreate)).await.unwrap();
    let (cerys, dylan) = (
        person("Cerys", "Hughes", Some(date(2012, 3, 4)), w.police.id, None),
        person("Dylan", "Price", Some(date(2011, 1, 1)), w.council.id, None),
    );
    for p in [&cerys, &dylan] {
        s.create_person(p, &event(AuditAction::PersonCreate)).await.unwrap();
    }
    let flat = location("Flat 3");
    s.create_location(&flat, &event(AuditAction::LocationCreate)).await.unwrap();

    let on_cerys = MarkerSubject::Person(cerys.id);
    let cse = marker(on_cerys, w.police.id, MarkerType::AtRiskOfCse, date(2026, 10, 1), date(2026, 11, 1));
    let cce = marker(on_cerys, w.police.id, MarkerType::AtRiskOfCce, date(2026, 11, 2), date(2027, 5, 1));
    let on_dylan = marker(
        MarkerSubject::Person(dylan.id),
        w.council.id,
        MarkerType::CountyLines,
        date(2026, 9, 1),
        date(2026, 10, 1),
    );
    let cuckooed = marker(
        MarkerSubject::Location(flat.id),
        w.police.id,
        MarkerType::CuckooedAddress,
        date(2026, 8, 1),
        date(2026, 9, 1),
    );
    let audits = db.audit_count().await;
    for m in [&cse, &cce, &on_dylan, &cuckooed] {
        s.raise_marker(m, &event(AuditAction::MarkerRaise)).await.unwrap();
    }
    assert_eq!(db.audit_count().await, audits + 4);
    // Unknown subjects and sources are named.
    let nobody = marker(
        MarkerSubject::Person(PersonId::new()),
        w.police.id,
        MarkerType::Weapons,
        date(2026, 1, 1),
        date(2026, 2, 1),
    );
    assert!(matches!(
        s.raise_marker(&nobody, &event(AuditAction::MarkerRaise)).await,
        Err(StoreError::Missing { field: "person_id" })
    ));
    let nowhere = marker(
        MarkerSubject::Location(LocationId::new()),
        w.police.id,
        MarkerType::Weapons,
        date(2026, 1, 1),
        date(2026, 2, 1),
    );
    assert!(matches!(
        s.raise_marker(&nowhere, &event(AuditAction::MarkerRaise)).await,
        Err(StoreError::Missing { field: "location_id" })
    ));
    assert_eq!(db.audit_count().await, audits + 4, "nothing written for a refused marker");

    // Read back whole, newest start first; the read audited.
    assert_eq!(s.person_markers(cerys.id, &event(AuditAction::MarkerList)).await.unwrap(), [cce.clone(), cse.clone()]);
    assert_eq!(
        s.location_markers(flat.id, &event(AuditAction::MarkerList)).await.unwrap(),
        std::slice::from_ref(&cuckooed)
    );
    assert_eq!(db.audit_count().await, audits + 6);
    assert_eq!(s.marker(cse.id).await.unwrap(), Some(cse.clone()));
    assert_eq!(s.marker(MarkerId::new()).await.unwrap(), None);

    // Approval and a review that keeps it.
    let approval = Approval { by: sergeant.id, agency: w.police.id, at: at(21, 10, 0) };
    assert_eq!(s.approve_marker(cse.id, 1, &approval, &event(AuditAction::MarkerApprove)).await.unwrap(), 2);
    let mut kept = s.marker(cse.id).await.unwrap().unwrap();
    assert_eq!((kept.approval.clone(), kept.version), (Some(approval), 2));
    let review = MarkerReview {
        reviewed_on: date(2026, 11, 20),
        outcome: ReviewOutcome::Keep,
        next_review_on: Some(date(2027, 2, 20)),
        note: "Still seen at the station.".into(),
        by: Some(sergeant.id),
        at: at(21, 11, 0),
    };
    kept = haven_domain::marker::apply_review(kept, review);
    assert_eq!(s.review_marker(&kept, 2, &event(AuditAction::MarkerReview)).await.unwrap(), 3);
    kept.version = 3;
    assert_eq!(s.marker(cse.id).await.unwrap(), Some(kept.clone()));

    // Overdue on 23 November: Dylan's (council's) and the flat's, not the kept one; owners filter.
    let both = [w.police.id, w.council.id];
    let overdue = s.overdue_markers(date(2026, 11, 23), &both, &event(AuditAction::MarkerList)).await.unwrap();
    let ids: Vec<_> = overdue.iter().map(|m| m.marker.id).collect();
    assert_eq!(ids, [cuckooed.id, on_dylan.id], "most overdue first");
    assert_eq!(overdue[0].holders, Vec::<AgencyId>::new());
    assert_eq!(overdue[0].label, "Flat 3, 1 Flat 3 Road, Cardiff");
    assert_eq!((overdue[1].holders.clone(), overdue[1].label.as_str()), (vec![w.council.id], "Dylan Price"));
    let police_only =
        s.overdue_markers(date(2026, 11, 23), &[w.police.id], &event(AuditAction::MarkerList)).await.unwrap();
    assert_eq!(police_only.iter().map(|m| m.marker.id).collect::<Vec<_>>(), [cuckooed.id]);

    // Open markers of a cohort at once, by person; an ended one drops out.
    let mut ended = on_dylan.clone();
    ended = haven_domain::marker::apply_review(
        ended,
        MarkerReview {
            reviewed_on: date(2026, 11, 22),
            outcome: ReviewOutcome::End,
            next_review_on: None,
            note: "Moved away.".into(),
            by: None,
            at: at(22, 9, 0),
        },
    );
    s.review_marker(&ended, 1, &event(AuditAction::MarkerReview)).await.unwrap();
    let open = s.open_markers_of(&[cerys.id, dylan.id]).await.unwrap();
    assert_eq!(open.iter().map(|m| m.id).collect::<Vec<_>>(), [cce.id, cse.id]);
    assert!(s.open_markers_of(&[]).await.unwrap().is_empty());
    assert_eq!(s.marker(on_dylan.id).await.unwrap().unwrap().ended_on, Some(date(2026, 11, 22)));

    let reopened = db.reopen().await;
    assert_eq!(reopened.person_markers(cerys.id, &event(AuditAction::MarkerList)).await.unwrap().len(), 2);
}

async fn a_stale_or_second_approval_or_review_is_a_conflict_and_reviews_are_kept(db: &Db) {
    let s = &db.store;
    let w = world(db).await;
    let sergeant = user("sgt.evans", w.police.id);
    s.create_user(&sergeant, "hash", &event(AuditAction::UserCreate)).await.unwrap();
    let cerys = person("Cerys", "Hughes", Some(date(2012, 3, 4)), w.police.id, None);
    s.create_person(&cerys, &event(AuditAction::PersonCreate)).await.unwrap();
    let m = marker(
        MarkerSubject::Person(cerys.id),
        w.police.id,
        MarkerType::AtRiskOfCse,
        date(2026, 10, 1),
        date(2026, 12, 1),
    );
    s.raise_marker(&m, &event(AuditAction::MarkerRaise)).await.unwrap();
    let approval = Approval { by: sergeant.id, agency: w.police.id, at: at(21, 10, 0) };
    let audits = db.audit_count().await;
    assert!(matches!(
        s.approve_marker(m.id, 7, &approval, &event(AuditAction::MarkerApprove)).await,
        Err(StoreError::Conflict)
    ));
    s.approve_marker(m.id, 1, &approval, &event(AuditAction::MarkerApprove)).await.unwrap();
    assert!(
        matches!(
            s.approve_marker(m.id, 2, &approval, &event(AuditAction::MarkerApprove)).await,
            Err(StoreError::Conflict)
        ),
        "approved once"
    );
    let end = MarkerReview {
        reviewed_on: date(2026, 11, 20),
        outcome: ReviewOutcome::End,
        next_review_on: None,
        note: "Safe now.".into(),
        by: None,
        at: at(21, 11, 0),
    };
    let ended = haven_domain::marker::apply_review(s.marker(m.id).await.unwrap().unwrap(), end);
    assert!(
        matches!(s.review_marker(&ended, 1, &event(AuditAction::MarkerReview)).await, Err(StoreError::Conflict)),
        "stale"
    );
    s.review_marker(&ended, 2, &event(AuditAction::MarkerReview)).await.unwrap();
    assert!(
        matches!(s.review_marker(&ended, 3, &event(AuditAction::MarkerReview)).await, Err(StoreError::Conflict)),
        "ended"
    );
    assert_eq!(db.audit_count().await, audits + 2, "only what was written is on the trail");
    let update = db.raw("UPDATE marker_reviews SET note = 'changed'").await;
    assert!(update.as_ref().is_err_and(|e| e.contains("kept as recorded")), "{update:?}");
    let delete = db.raw("DELETE FROM marker_reviews").await;
    assert!(delete.as_ref().is_err_and(|e| e.contains("kept as recorded")), "{delete:?}");
}

async fn nrm_referrals_take_decisions_once_in_order(db: &Db) {
    let s = &db.store;
    let w = world(db).await;
    let cerys = person("Cerys", "Hughes", Some(date(2012, 3, 4)), w.council.id, None);
    s.create_person(&cerys, &event(AuditAction::PersonCreate)).await.unwrap();
    let referral = NrmReferral {
        id: NrmId::new(),
        person_id: cerys.id,
        first_responder: FirstResponder::LocalAuthority,
        first_responder_note: Some("Cardiff children's services".into()),
        referred_on: date(2026, 9, 1),
        exploitation: ExploitationType::Cce,
        reasonable_grounds: None,
        conclusive_grounds: None,
        owner: w.council.id,
        recorded_by: None,
        recorded_at: at(20, 9, 0),
        version: 1,
    };
    s.refer_nrm(&referral, &event(AuditAction::NrmRefer)).await.unwrap();
    let nobody = NrmReferral { id: NrmId::new(), person_id: PersonId::new(), ..referral.clone() };
    assert!(matches!(
        s.refer_nrm(&nobody, &event(AuditAction::NrmRefer)).await,
        Err(StoreError::Missing { field: "person_id" })
    ));
    assert_eq!(s.nrm(referral.id).await.unwrap(), Some(referral.clone()));

    let rg = NrmReferral {
        reasonable_grounds: Some(NrmDecision { outcome: DecisionOutcome::Positive, decided_on: date(2026, 10, 6) }),
        ..referral.clone()
    };
    assert!(matches!(s.decide_nrm(&rg, 9, &event(AuditAction::NrmDecide)).await, Err(StoreError::Conflict)));
    assert_eq!(s.decide_nrm(&rg, 1, &event(AuditAction::NrmDecide)).await.unwrap(), 2);
    // A recorded decision is never changed, whatever the version.
    let changed = NrmReferral {
        reasonable_grounds: Some(NrmDecision { outcome: DecisionOutcome::Negative, decided_on: date(2026, 10, 6) }),
        ..referral.clone()
    };
    assert!(matches!(s.decide_nrm(&changed, 2, &event(AuditAction::NrmDecide)).await, Err(StoreError::Conflict)));
    let cg = NrmReferral {
        conclusive_grounds: Some(NrmDecision { outcome: DecisionOutcome::Positive, decided_on: date(2026, 11, 20) }),
        version: 3,
        ..rg.clone()
    };
    assert_eq!(s.decide_nrm(&cg, 2, &event(AuditAction::NrmDecide)).await.unwrap(), 3);
    let read = s.person_nrm(cerys.id, &event(AuditAction::NrmList)).await.unwrap();
    assert_eq!(read, [cg]);
    // The database itself refuses a decision before the referral.
    let early = db.raw("UPDATE nrm_referrals SET rg_on = '2026-08-01'").await;
    assert!(early.is_err(), "{early:?}");
}

// Exploitation screenings

fn screening(person: PersonId, owner: AgencyId, when: DateTime<Utc>, present: &[&str], tier: Tier) -> Screening {
    use haven_domain::screening::{Answer as Said, Answered, Tools, assess};
    let tools = Tools::standard();
    let tool = tools.current().unwrap();
    let mut answers: haven_domain::screening::Answers = present
        .iter()
        .map(|c| ((*c).to_owned(), Answered { answer: Said::Present, note: format!("seen {c}") }))
        .collect();
    answers.insert("school-absence".into(), Answered { answer: Said::NotKnown, note: String::new() });
    let assessment = assess(tool, &answers, Some(12));
    Screening {
        id: ScreeningId::new(),
        person_id: person,
        owner,
        tool_version: tool.version,
        answers,
        assessment,
        tier,
        reason: (tier < assessment.tier).then(|| "seen at home; the money is explained".to_owned()),
        by: None,
        by_label: "sw.one".into(),
        at: when,
    }
}

fn screening_event(person: PersonId) -> AuditEvent {
    event(AuditAction::ScreeningCreate).person(person)
}

async fn screenings_are_kept_whole_and_the_latest_per_child_and_agency_is_listed(db: &Db) {
    let s = &db.store;
    let police = agency("POL", AgencyKind::Police, None);
    let council = agency("LA", AgencyKind::LocalAuthority, None);
    for a in [&police, &council] {
        s.create_agency(a, &event(AuditAction::AgencyCreate)).await.unwrap();
    }
    let ann = person("Ann", "Evans", Some(date(2014, 3, 1)), police.id, None);
    let ben = person("Ben", "Jones", Some(date(2010, 5, 2)), council.id, None);
    let cai = person("Cai", "Hughes", None, council.id, None);
    for p in [&ann, &ben, &cai] {
        s.create_person(p, &event(AuditAction::PersonCreate)).await.unwrap();
    }
    assert!(s.latest_screenings(&[ann.id, ben.id]).await.unwrap().is_empty());
    assert!(s.latest_screenings(&[]).await.unwrap().is_empty());

    let audits = db.audit_count().await;
    // Ann: screened by the police twice and the council once; the floor raised her first.
    let first = screening(ann.id, police.id, at(10, 9, 0), &["physical-injuries"], Tier::Amber);
    assert!(first.assessment.floor_applied);
    let lowered = screening(
        ann.id,
        police.id,
        at(20, 9, 0),
        &["missing-overnight", "money-unexplained", "offending-supply", "money-phone"],
        Tier::Amber,
    );
    assert_eq!(lowered.assessment.tier, Tier::Red);
    let by_council = screening(ann.id, council.id, at(15, 9, 0), &["missing-late"], Tier::Red);
    let ben_only = screening(ben.id, council.id, at(12, 9, 0), &["subs-drugs"], Tier::Green);
    for x in [&first, &lowered, &by_council, &ben_only] {
        s.add_screening(x, &screening_event(x.person_id)).await.unwrap();
    }
    assert_eq!(db.audit_count().await, audits + 4, "each screening with its audit event");

    // Read back whole, newest first; the read is audited.
    let read = s.person_screenings(ann.id, &event(AuditAction::ScreeningList).person(ann.id)).await.unwrap();
    assert_eq!(read, [lowered.clone(), by_council.clone(), first.clone()]);
    assert_eq!(read[0].reason.as_deref(), Some("seen at home; the money is explained"));
    assert_eq!(read[0].answers["money-phone"].note, "seen money-phone");
    assert_eq!(db.audit_count().await, audits + 5);
    assert!(s.person_screenings(cai.id, &event(AuditAction::ScreeningList).person(cai.id)).await.unwrap().is_empty());

    // The latest by each agency, for many children at once.
    let mut latest = s.latest_screenings(&[ann.id, ben.id, cai.id]).await.unwrap();
    latest.sort_by_key(|x| (x.person_id, x.owner));
    let mut expected = vec![lowered.clone(), by_council.clone(), ben_only.clone()];
    expected.sort_by_key(|x| (x.person_id, x.owner));
    assert_eq!(latest, expected);
    assert_eq!(s.latest_screenings(&[ben.id]).await.unwrap(), [ben_only]);

    // An unknown child is refused, and nothing is written.
    let nobody = screening(PersonId::new(), police.id, at(21, 9, 0), &["subs-drugs"], Tier::Green);
    assert!(matches!(
        s.add_screening(&nobody, &screening_event(nobody.person_id)).await,
        Err(StoreError::Missing { field: "person_id" })
    ));
    assert_eq!(db.audit_count().await, audits + 6, "the two reads, and nothing of the refused write");

    let reopened = db.reopen().await;
    assert_eq!(reopened.latest_screenings(&[ann.id]).await.unwrap().len(), 2);
}

async fn screenings_are_kept_as_made_and_a_lowered_tier_needs_a_reason(db: &Db) {
    let s = &db.store;
    let police = agency("POL", AgencyKind::Police, None);
    s.create_agency(&police, &event(AuditAction::AgencyCreate)).await.unwrap();
    let ann = person("Ann", "Evans", None, police.id, None);
    s.create_person(&ann, &event(AuditAction::PersonCreate)).await.unwrap();
    let x = screening(ann.id, police.id, at(10, 9, 0), &["physical-injuries"], Tier::Red);
    s.add_screening(&x, &screening_event(ann.id)).await.unwrap();
    let update = db.raw("UPDATE screenings SET tier = 'green'").await;
    assert!(update.as_ref().is_err_and(|e| e.contains("kept as made")), "{update:?}");
    let delete = db.raw("DELETE FROM screenings").await;
    assert!(delete.as_ref().is_err_and(|e| e.contains("kept as made")), "{delete:?}");
    // Below the tool's tier without a reason: the database refuses it too, audit event and all.
    let mut silent = screening(
        ann.id,
        police.id,
        at(11, 9, 0),
        &["missing-overnight", "money-unexplained", "offending-supply", "money-phone"],
        Tier::Green,
    );
    silent.reason = None;
    let audits = db.audit_count().await;
    assert!(s.add_screening(&silent, &screening_event(ann.id)).await.is_err());
    assert_eq!(db.audit_count().await, audits);
    assert_eq!(db.count("SELECT COUNT(*) FROM screenings").await, 1);
}

async fn a_bulk_load_carries_screenings(db: &Db) {
    let police = agency("POL", AgencyKind::Police, None);
    let ann = person("Ann", "Evans", Some(date(2014, 3, 1)), police.id, None);
    let x = screening(ann.id, police.id, at(10, 9, 0), &["physical-injuries", "missing-late"], Tier::Red);
    let load = BulkLoad {
        agencies: vec![police.clone()],
        people: vec![ann.clone()],
        screenings: vec![x.clone()],
        ..BulkLoad::default()
    };
    db.store.bulk_load(&load, &event(AuditAction::DemoLoad)).await.unwrap();
    assert_eq!(db.store.latest_screenings(&[ann.id]).await.unwrap(), [x]);
}

async fn a_bulk_load_carries_markers_and_nrm_referrals(db: &Db) {
    let police = Agency { id: POLICE, ..agency("POL", AgencyKind::Police, None) };
    let ann = person("Ann", "Evans", Some(date(2012, 3, 1)), police.id, None);
    let home = location("Tŷ Ni");
    let mut on_ann =
        marker(MarkerSubject::Person(ann.id), police.id, MarkerType::CountyLines, date(2026, 10, 1), date(2027, 3, 1));
    let sergeant = user("sergeant", police.id);
    on_ann.approval = Some(Approval { by: sergeant.id, agency: police.id, at: at(2, 9, 0) });
    let on_home = marker(
        MarkerSubject::Location(home.id),
        police.id,
        MarkerType::CuckooedAddress,
        date(2026, 10, 1),
        date(2027, 3, 1),
    );
    let referral = NrmReferral {
        id: NrmId::new(),
        person_id: ann.id,
        first_responder: FirstResponder::Police,
        first_responder_note: None,
        referred_on: date(2026, 9, 1),
        exploitation: ExploitationType::Cce,
        reasonable_grounds: Some(NrmDecision { outcome: DecisionOutcome::Positive, decided_on: date(2026, 9, 8) }),
        conclusive_grounds: None,
        owner: police.id,
        recorded_by: None,
        recorded_at: at(1, 9, 0),
        version: 1,
    };
    let load = BulkLoad {
        agencies: vec![police.clone()],
        users: vec![(sergeant, "hash".to_owned())],
        people: vec![ann.clone()],
        locations: vec![home.clone()],
        markers: vec![on_ann.clone(), on_home.clone()],
        nrm: vec![referral.clone()],
        ..BulkLoad::default()
    };
    db.store.bulk_load(&load, &event(AuditAction::DemoLoad)).await.unwrap();
    assert_eq!(db.store.person_markers(ann.id, &event(AuditAction::MarkerList)).await.unwrap(), [on_ann]);
    assert_eq!(db.store.location_markers(home.id, &event(AuditAction::MarkerList)).await.unwrap(), [on_home]);
    assert_eq!(db.store.nrm_of(&[ann.id]).await.unwrap(), [referral]);
}

async fn an_areas_children_are_those_with_an_episode_a_home_or_an_authority_there(db: &Db) {
    let s = &db.store;
    let w = world(db).await;
    let (north, south) = (area("NORTH"), area("SOUTH"));
    for a in [&north, &south] {
        s.create_area(a, &event(AuditAction::AreaCreate)).await.unwrap();
    }
    let council = agency("NORTH-CS", AgencyKind::LocalAuthority, Some(north.id));
    s.create_agency(&council, &event(AuditAction::AgencyCreate)).await.unwrap();
    let home = Location { area_id: Some(north.id), ..location("North House") };
    s.create_location(&home, &event(AuditAction::LocationCreate)).await.unwrap();
    let child = |given: &str| person(given, "Cohort", Some(date(2011, 5, 6)), w.police.id, None);
    let by_episode = child("Ann");
    let by_home = child("Bea");
    let by_authority = Person {
        details: PersonDetails { placing_authority: Some(council.id), ..child("Cai").details },
        ..child("Cai")
    };
    let elsewhere = child("Dai");
    let long_ago = child("Eli");
    let adult = Person { details: PersonDetails { kind: PersonKind::Adult, ..child("Fay").details }, ..child("Fay") };
    let unseen = person("Gwen", "Cohort", Some(date(2011, 5, 6)), w.council.id, None);
    for p in [&by_episode, &by_home, &by_authority, &elsewhere, &long_ago, &adult, &unseen] {
        s.create_person(p, &event(AuditAction::PersonCreate)).await.unwrap();
    }
    s.add_placement(&placement(by_home.id, home.id, date(2026, 1, 1), None), &event(AuditAction::PlacementAdd))
        .await
        .unwrap();
    let in_area = |p: &Person, area: &Area, reported| {
        let mut e = episode(p.id, reported, None);
        e.area_id = Some(area.id);
        e.found = Some(found(reported + Duration::hours(5), None));
        e
    };
    for e in [
        in_area(&by_episode, &north, at(10, 9, 0)),
        in_area(&elsewhere, &south, at(10, 9, 0)),
        in_area(&long_ago, &north, at(10, 9, 0) - Duration::days(400)),
        in_area(&adult, &north, at(10, 9, 0)),
        in_area(&unseen, &north, at(10, 9, 0)),
    ] {
        s.report_episode(&e, &event(AuditAction::EpisodeReport)).await.unwrap();
    }
    let since = at(10, 9, 0) - Duration::days(365);
    let audits = db.audit_count().await;
    let got = s
        .area_children(north.id, since, date(2026, 11, 23), &[w.police.id], &event(AuditAction::PriorityList))
        .await
        .unwrap();
    assert_eq!(db.audit_count().await, audits + 1, "the listing is audited");
    let listed: Vec<(String, bool)> =
        got.iter().map(|c| (c.details.given_name.as_str().to_owned(), c.by_episode_only)).collect();
    assert_eq!(listed, [("Ann".to_owned(), true), ("Bea".to_owned(), false), ("Cai".to_owned(), false)]);
    assert_eq!(got[0].holders, [w.police.id]);
    assert_eq!(got[0].details, by_episode.details);
}

async fn a_mace_meeting_its_agenda_and_its_action_register_are_kept_whole(db: &Db) {
    use haven_domain::ids::{AgendaItemId, MaceActionId, MeetingId};
    use haven_domain::mace::action::{ActionStatus, ActionUpdate, MaceAction, carry_forward};
    use haven_domain::mace::meeting::{AgendaItem, Attendee, ItemSubject, Meeting};
    use haven_store::ActionQuery;
    let s = &db.store;
    let w = world(db).await;
    let north = area("NORTH");
    s.create_area(&north, &event(AuditAction::AreaCreate)).await.unwrap();
    let outsider = agency("OUTSIDE", AgencyKind::Health, None);
    s.create_agency(&outsider, &event(AuditAction::AgencyCreate)).await.unwrap();
    let child = person("Cerys", "Hughes", Some(date(2012, 3, 4)), w.police.id, None);
    s.create_person(&child, &event(AuditAction::PersonCreate)).await.unwrap();
    let meeting = |starts_at| Meeting {
        id: MeetingId::new(),
        area_id: north.id,
        starts_at,
        chair: Attendee { name: "DI Morgan".into(), agency: w.police.id },
        attendees: vec![Attendee { name: "Sara Jones".into(), agency: w.council.id }],
        apologies: vec![Attendee { name: "PC Evans".into(), agency: w.police.id }],
        owner: w.police.id,
        created_by: None,
        created_at: at(1, 9, 0),
        version: 1,
    };
    let first = meeting(at(2, 10, 0));
    let second = meeting(at(16, 10, 0));
    for m in [&first, &second] {
        s.create_meeting(m, &event(AuditAction::MaceMeetingCreate)).await.unwrap();
    }
    assert_eq!(s.meeting(first.id).await.unwrap(), Some(first.clone()));
    let listed = s.meetings_of(w.council.id, Some(north.id), &event(AuditAction::MaceMeetingList)).await.unwrap();
    assert_eq!(listed, [second.clone(), first.clone()], "newest first, for an attending agency");
    assert!(s.meetings_of(outsider.id, None, &event(AuditAction::MaceMeetingList)).await.unwrap().is_empty());

    let item = |position, subject| AgendaItem {
        id: AgendaItemId::new(),
        meeting_id: first.id,
        position,
        subject,
        reason: "Red screening; missing 3 times".into(),
        summary: String::new(),
        decisions: String::new(),
        risk_after: None,
        version: 1,
    };
    let about_child = item(1, ItemSubject::Child(child.id));
    s.add_item(&about_child, &event(AuditAction::MaceItemAdd)).await.unwrap();
    let theme = item(2, ItemSubject::Theme("Vapes as gifts".into()));
    assert!(matches!(
        s.add_item(&item(3, ItemSubject::Theme("gap".into())), &event(AuditAction::MaceItemAdd)).await,
        Err(StoreError::Conflict)
    ));
    s.add_item(&theme, &event(AuditAction::MaceItemAdd)).await.unwrap();
    assert!(matches!(
        s.add_item(&item(2, ItemSubject::Theme("twice".into())), &event(AuditAction::MaceItemAdd)).await,
        Err(StoreError::Conflict)
    ));
    let discussed =
        AgendaItem { summary: "Seen at the station".into(), risk_after: Some(Tier::Red), ..about_child.clone() };
    assert_eq!(s.update_item(&discussed, 1, &event(AuditAction::MaceItemUpdate)).await.unwrap(), 2);
    assert!(matches!(
        s.update_item(&discussed, 1, &event(AuditAction::MaceItemUpdate)).await,
        Err(StoreError::Conflict)
    ));

    assert_eq!(s.next_action_number(north.id).await.unwrap(), 1);
    let action = |number| MaceAction {
        id: MaceActionId::new(),
        meeting_id: first.id,
        current_meeting: first.id,
        item_id: Some(about_child.id),
        number,
        text: "Serve a CAWN".into(),
        owner_name: "PC Evans".into(),
        owner_agency: w.police.id,
        due_on: date(2026, 11, 9),
        four_p: Some(FourP::Pursue),
        status: ActionStatus::Open,
        closed_reason: None,
        updates: vec![],
        version: 1,
    };
    let one = action(1);
    s.add_action(north.id, &one, &event(AuditAction::MaceActionAdd)).await.unwrap();
    assert!(matches!(
        s.add_action(north.id, &action(1), &event(AuditAction::MaceActionAdd)).await,
        Err(StoreError::Duplicate { field: "number" })
    ));
    let two = action(s.next_action_number(north.id).await.unwrap());
    assert_eq!(two.number, 2);
    s.add_action(north.id, &two, &event(AuditAction::MaceActionAdd)).await.unwrap();

    let mut closed = one.clone();
    closed.status = ActionStatus::Closed;
    closed.closed_reason = Some("Moved away".into());
    closed.updates.push(ActionUpdate {
        status: ActionStatus::Closed,
        note: "Moved away".into(),
        by: None,
        at: at(5, 9, 0),
    });
    assert_eq!(s.update_action(&closed, 1, &event(AuditAction::MaceActionUpdate)).await.unwrap(), 2);
    assert!(matches!(
        s.update_action(&closed, 1, &event(AuditAction::MaceActionUpdate)).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(s.mace_action(one.id).await.unwrap(), Some(MaceAction { version: 2, ..closed.clone() }));

    let record = s.meeting_record(first.id, &event(AuditAction::MaceMeetingView)).await.unwrap();
    assert_eq!(record.items, [AgendaItem { version: 2, ..discussed }, theme.clone()]);
    assert_eq!(record.actions.iter().map(|a| a.number).collect::<Vec<_>>(), [1, 2]);

    // The live action goes onto the next meeting's register; the closed one stays.
    let carried = carry_forward(&record.actions, second.id);
    assert_eq!(s.carry_actions(&carried, &event(AuditAction::MaceActionCarry)).await.unwrap(), 1);
    let on_second = ActionQuery { meeting: Some(second.id), ..ActionQuery::default() };
    let got = s.mace_actions(&on_second, &event(AuditAction::MaceActionList)).await.unwrap();
    assert_eq!((got.len(), got[0].id, got[0].meeting_id), (1, two.id, first.id));
    assert!(matches!(s.carry_actions(&carried, &event(AuditAction::MaceActionCarry)).await, Err(StoreError::Conflict)));
    let live = ActionQuery { owner_agency: Some(w.police.id), live_only: true, ..ActionQuery::default() };
    assert_eq!(s.mace_actions(&live, &event(AuditAction::MaceActionList)).await.unwrap().len(), 1);
    let council = ActionQuery { owner_agency: Some(w.council.id), ..ActionQuery::default() };
    assert!(s.mace_actions(&council, &event(AuditAction::MaceActionList)).await.unwrap().is_empty());

    // The chair takes items off: not one an action was agreed against, not from an old version.
    let gone = event(AuditAction::MaceItemRemove);
    assert!(matches!(s.remove_item(first.id, about_child.id, 2, &gone).await, Err(StoreError::Conflict)));
    assert!(matches!(s.remove_item(first.id, theme.id, 7, &gone).await, Err(StoreError::Conflict)));
    assert!(matches!(s.remove_item(second.id, theme.id, 1, &gone).await, Err(StoreError::NotFound)));
    s.remove_item(first.id, theme.id, 1, &gone).await.unwrap();
    let record = s.meeting_record(first.id, &event(AuditAction::MaceMeetingView)).await.unwrap();
    assert_eq!(record.items.iter().map(|i| i.id).collect::<Vec<_>>(), [about_child.id]);

    // A bulk load writes meetings, agendas and registers whole, a carried action included.
    let (third, fourth) = (meeting(at(20, 10, 0)), meeting(at(24, 10, 0)));
    let agreed = MaceAction { meeting_id: third.id, current_meeting: fourth.id, item_id: None, ..action(3) };
    let on_third = AgendaItem { meeting_id: third.id, ..item(1, ItemSubject::Theme("Hotels".into())) };
    let load = haven_store::BulkLoad {
        meetings: vec![
            haven_store::MeetingRecord {
                meeting: third.clone(),
                items: vec![on_third.clone()],
                actions: vec![agreed.clone()],
            },
            haven_store::MeetingRecord { meeting: fourth.clone(), items: vec![], actions: vec![] },
        ],
        ..haven_store::BulkLoad::default()
    };
    s.bulk_load(&load, &event(AuditAction::DemoLoad)).await.unwrap();
    let got = s.meeting_record(fourth.id, &event(AuditAction::MaceMeetingView)).await.unwrap();
    assert_eq!((got.meeting, got.actions), (fourth, vec![agreed]));
    let got = s.meeting_record(third.id, &event(AuditAction::MaceMeetingView)).await.unwrap();
    assert_eq!((got.items, got.actions.len()), (vec![on_third], 0));
}

// ---------------------------------------------------------------------------------------------
// The partner directory

fn team(area: AreaId, agency: AgencyId, name: &str, kind: &str) -> haven_domain::directory::Team {
    let input = haven_domain::directory::TeamInput {
        name,
        kind,
        what: "What it does",
        how_to_refer: "Phone 01234 567890, 9am to 5pm",
        email: "team@example.gov.uk",
        phone: "",
        active: true,
    };
    haven_domain::directory::Team::new(area, agency, input.parse().unwrap())
}

async fn an_areas_directory_keeps_its_teams_and_live_pathways_with_their_trail(db: &Db) {
    use haven_domain::directory::{PathwayInput, new_pathway};
    use haven_domain::ids::{PathwayId, TeamId};
    let w = world(db).await;
    let (north, south) = (area("NORTH"), area("SOUTH"));
    for a in [&north, &south] {
        db.store.create_area(a, &event(AuditAction::AreaCreate)).await.unwrap();
    }
    let created = |what| event(what);
    let before = db.audit_count().await;
    // Listed by kind (the order of the kinds), then name.
    let rhi = team(north.id, w.council.id, "Return interviews", "rhi_provider");
    let misper = team(north.id, w.police.id, "Missing persons coordinator", "missing_persons_team");
    let hub = team(north.id, w.council.id, "Exploitation hub", "exploitation_team");
    let elsewhere = team(south.id, w.police.id, "South MASH", "mash");
    for t in [&rhi, &misper, &hub, &elsewhere] {
        db.store.create_team(t, &created(AuditAction::TeamCreate)).await.unwrap();
    }
    assert_eq!(db.audit_count().await, before + 4, "each team with its event");
    let dir = db.store.area_directory(north.id).await.unwrap();
    let names: Vec<_> = dir.teams.iter().map(|t| t.details.name.as_str()).collect();
    assert_eq!(names, ["Exploitation hub", "Missing persons coordinator", "Return interviews"]);
    assert_eq!(db.store.team(rhi.id).await.unwrap(), Some(rhi.clone()), "kept whole");
    assert_eq!(db.store.team(TeamId::new()).await.unwrap(), None);

    // A name is one team's in an area; an unknown area is missing.
    let again = team(north.id, w.police.id, "Exploitation hub", "other");
    let e = db.store.create_team(&again, &created(AuditAction::TeamCreate)).await.unwrap_err();
    assert!(matches!(e, StoreError::Duplicate { field: "name" }), "{e:?}");
    let nowhere = team(AreaId::new(), w.police.id, "Nowhere", "other");
    let e = db.store.create_team(&nowhere, &created(AuditAction::TeamCreate)).await.unwrap_err();
    assert!(matches!(e, StoreError::Missing { .. }), "{e:?}");
    assert_eq!(db.audit_count().await, before + 4, "nothing written with a refused team");

    // A change names the version it was made from.
    let mut changed = rhi.clone();
    changed.details.phone = Some("0800 111 222".to_owned());
    changed.details.active = false;
    let v = db.store.update_team(&changed, 1, &created(AuditAction::TeamUpdate)).await.unwrap();
    assert_eq!(v, 2);
    let e = db.store.update_team(&changed, 1, &created(AuditAction::TeamUpdate)).await.unwrap_err();
    assert!(matches!(e, StoreError::Conflict), "{e:?}");
    let ghost = team(north.id, w.police.id, "Ghost", "other");
    let e = db.store.update_team(&ghost, 1, &created(AuditAction::TeamUpdate)).await.unwrap_err();
    assert!(matches!(e, StoreError::NotFound), "{e:?}");
    let read = db.store.team(rhi.id).await.unwrap().unwrap();
    assert_eq!((read.version, read.details.phone.as_deref(), read.details.active), (2, Some("0800 111 222"), false));

    // Pathways: live ones listed, one per teams and occasion, removed by marking.
    let input = PathwayInput { when: "Child returns from a missing episode", how: "Referral form within 24 hours" };
    let p1 = new_pathway(Some(&misper), Some(&hub), &input).unwrap();
    let p2 =
        new_pathway(Some(&hub), Some(&misper), &PathwayInput { when: "Screening amber or red", how: "Email" }).unwrap();
    for p in [&p1, &p2] {
        db.store.create_pathway(p, &created(AuditAction::PathwayCreate)).await.unwrap();
    }
    let twice = haven_domain::directory::Pathway { id: PathwayId::new(), ..p1.clone() };
    let e = db.store.create_pathway(&twice, &created(AuditAction::PathwayCreate)).await.unwrap_err();
    assert!(matches!(e, StoreError::Duplicate { field: "when" }), "{e:?}");
    let stray = haven_domain::directory::Pathway { id: PathwayId::new(), to_team: TeamId::new(), ..p1.clone() };
    let e = db.store.create_pathway(&stray, &created(AuditAction::PathwayCreate)).await.unwrap_err();
    assert!(matches!(e, StoreError::Missing { .. }), "{e:?}");
    let dir = db.store.area_directory(north.id).await.unwrap();
    assert_eq!(dir.pathways, [p2.clone(), p1.clone()], "by the name of the team they come from");
    assert!(db.store.area_directory(south.id).await.unwrap().pathways.is_empty(), "an area's own only");

    let audit_before = db.audit_count().await;
    db.store.remove_pathway(p1.id, &created(AuditAction::PathwayDelete)).await.unwrap();
    assert_eq!(db.store.pathway(p1.id).await.unwrap(), None);
    assert_eq!(db.store.pathway(p2.id).await.unwrap(), Some(p2.clone()));
    let e = db.store.remove_pathway(p1.id, &created(AuditAction::PathwayDelete)).await.unwrap_err();
    assert!(matches!(e, StoreError::NotFound), "removed once: {e:?}");
    assert_eq!(db.audit_count().await, audit_before + 1);
    assert_eq!(db.store.area_directory(north.id).await.unwrap().pathways, std::slice::from_ref(&p2));
    assert_eq!(
        db.count("SELECT COUNT(*) FROM directory_pathways WHERE removed_at IS NOT NULL").await,
        1,
        "kept, marked"
    );
    // The same occasion may be recorded again once the old pathway is gone.
    db.store.create_pathway(&twice, &created(AuditAction::PathwayCreate)).await.unwrap();
    assert_eq!(
        db.count("SELECT COUNT(*) FROM audit_events WHERE action LIKE 'directory.%'").await,
        4 + 1 + 2 + 1 + 1,
        "every change on the trail, no refused one"
    );
}

// ---------------------------------------------------------------------------------------------
// Disruption

#[expect(clippy::too_many_arguments, reason = "a builder for tests: each argument is a column")]
fn disruption(
    area: AreaId,
    subject: DisruptionSubject,
    child: Option<PersonId>,
    owner: AgencyId,
    tactic: Tactic,
    done: NaiveDate,
    issued: Option<NaiveDate>,
    expires: Option<NaiveDate>,
) -> Disruption {
    Disruption {
        id: DisruptionId::new(),
        area_id: area,
        subject,
        child_id: child,
        meeting_id: None,
        action_id: None,
        four_p: tactic.usual_four_p(),
        tactic,
        done_on: done,
        issued_on: issued,
        expires_on: expires,
        outcome: DisruptionOutcome::Ongoing,
        outcome_note: "Served in person.".into(),
        officer_name: "PC 1234 Rees".into(),
        officer_agency: owner,
        owner,
        created_by: None,
        created_at: at(20, 9, 0),
        version: 1,
    }
}

fn query(owners: &[AgencyId]) -> DisruptionQuery {
    DisruptionQuery { owners: owners.to_vec(), ..DisruptionQuery::default() }
}

async fn disruption_is_recorded_listed_by_person_place_and_area_and_its_outcome_changed(db: &Db) {
    let s = &db.store;
    let w = world(db).await;
    let north = area("MOR-N");
    s.create_area(&north, &event(AuditAction::AreaCreate)).await.unwrap();
    let mut gareth = person("Gareth", "Morgan", Some(date(1990, 1, 1)), w.police.id, None);
    gareth.details.kind = PersonKind::Adult;
    let cerys = person("Cerys", "Hughes", Some(date(2012, 3, 4)), w.council.id, None);
    for p in [&gareth, &cerys] {
        s.create_person(p, &event(AuditAction::PersonCreate)).await.unwrap();
    }
    let flat = location("Flat 3");
    s.create_location(&flat, &event(AuditAction::LocationCreate)).await.unwrap();

    let cawn = disruption(
        north.id,
        DisruptionSubject::Person(gareth.id),
        Some(cerys.id),
        w.police.id,
        Tactic::Cawn,
        date(2026, 11, 20),
        Some(date(2026, 11, 20)),
        Some(date(2027, 11, 20)),
    );
    let closure = disruption(
        north.id,
        DisruptionSubject::Location(flat.id),
        None,
        w.police.id,
        Tactic::ClosureOrder,
        date(2026, 10, 1),
        Some(date(2026, 10, 1)),
        Some(date(2026, 12, 31)),
    );
    let visit = disruption(
        north.id,
        DisruptionSubject::Location(flat.id),
        None,
        w.council.id,
        Tactic::PremisesVisit,
        date(2026, 9, 1),
        None,
        None,
    );
    let audits = db.audit_count().await;
    for d in [&cawn, &closure, &visit] {
        s.record_disruption(d, &event(AuditAction::DisruptionRecord)).await.unwrap();
    }
    assert_eq!(db.audit_count().await, audits + 3, "each written with its audit event");

    // Unknown references are named, and nothing is written.
    let unknown = |f: &dyn Fn(&mut Disruption)| {
        let mut d = Disruption { id: DisruptionId::new(), ..cawn.clone() };
        f(&mut d);
        d
    };
    let cases: [(Disruption, &str); 5] = [
        (unknown(&|d| d.subject = DisruptionSubject::Person(PersonId::new())), "person_id"),
        (unknown(&|d| d.subject = DisruptionSubject::Location(LocationId::new())), "location_id"),
        (unknown(&|d| d.child_id = Some(PersonId::new())), "child_id"),
        (unknown(&|d| d.area_id = AreaId::new()), "area"),
        (unknown(&|d| d.officer_agency = AgencyId::new()), "officer_agency"),
    ];
    for (d, field) in cases {
        match s.record_disruption(&d, &event(AuditAction::DisruptionRecord)).await {
            Err(StoreError::Missing { field: f }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    // A CAWN expiring before its issue is refused by the database itself.
    let backwards = unknown(&|d| d.expires_on = Some(date(2026, 11, 1)));
    assert!(s.record_disruption(&backwards, &event(AuditAction::DisruptionRecord)).await.is_err());
    assert_eq!(db.count("SELECT COUNT(*) FROM disruptions").await, 3, "nothing written");
    assert_eq!(db.audit_count().await, audits + 3);

    let both = [w.police.id, w.council.id];
    let ids = |rows: &[haven_store::DisruptionListed]| rows.iter().map(|r| r.disruption.id).collect::<Vec<_>>();
    let audits = db.audit_count().await;
    let list =
        |q: DisruptionQuery| async move { s.disruptions(&q, &event(AuditAction::DisruptionList)).await.unwrap() };
    let against = list(DisruptionQuery { person: Some(gareth.id), ..query(&both) }).await;
    assert_eq!(ids(&against), [cawn.id]);
    let row = &against[0];
    assert_eq!(row.disruption, cawn, "kept whole");
    assert_eq!(
        (row.holders.as_slice(), row.child_holders.as_slice()),
        ([w.police.id].as_slice(), [w.council.id].as_slice())
    );
    assert_eq!((row.label.as_str(), row.child_label.as_deref()), ("Gareth Morgan", Some("Cerys Hughes")));
    assert_eq!(
        ids(&list(DisruptionQuery { person: Some(cerys.id), ..query(&both) }).await),
        [cawn.id],
        "and protecting"
    );
    let at_flat = list(DisruptionQuery { location: Some(flat.id), ..query(&both) }).await;
    assert_eq!(ids(&at_flat), [closure.id, visit.id], "newest done first");
    assert!(at_flat[0].holders.is_empty() && at_flat[0].label.starts_with("Flat 3, "));
    assert_eq!(
        ids(&list(DisruptionQuery { area: Some(north.id), ..query(&both) }).await),
        [cawn.id, closure.id, visit.id]
    );
    assert!(list(DisruptionQuery { area: Some(AreaId::new()), ..query(&both) }).await.is_empty());
    assert_eq!(ids(&list(DisruptionQuery { four_p: Some(FourP::Prevent), ..query(&both) }).await), [visit.id]);
    assert_eq!(ids(&list(DisruptionQuery { tactic: Some(Tactic::Cawn), ..query(&both) }).await), [cawn.id]);
    let october = DisruptionQuery { from: Some(date(2026, 9, 2)), to: Some(date(2026, 11, 19)), ..query(&both) };
    assert_eq!(ids(&list(october).await), [closure.id]);
    // Only the owners asked for: the store's own filter by agency.
    assert_eq!(ids(&list(query(&[w.council.id])).await), [visit.id]);
    assert!(list(query(&[])).await.is_empty());
    assert_eq!(db.audit_count().await, audits + 10, "every listing audited");

    // One, of any owner, for the checks: not audited.
    let audits = db.audit_count().await;
    assert_eq!(s.disruption(closure.id).await.unwrap().map(|r| r.disruption), Some(closure.clone()));
    assert!(s.disruption(DisruptionId::new()).await.unwrap().is_none());
    assert_eq!(db.audit_count().await, audits);

    // The outcome changes from the version it was read at; a stale change is a conflict.
    let breached =
        Disruption { outcome: DisruptionOutcome::Breached, outcome_note: "Seen with her.".into(), ..cawn.clone() };
    assert_eq!(s.update_disruption_outcome(&breached, 1, &event(AuditAction::DisruptionUpdate)).await.unwrap(), 2);
    assert!(matches!(
        s.update_disruption_outcome(&breached, 1, &event(AuditAction::DisruptionUpdate)).await,
        Err(StoreError::Conflict)
    ));
    let read = s.disruption(cawn.id).await.unwrap().unwrap().disruption;
    assert_eq!(
        (read.outcome, read.outcome_note.as_str(), read.version),
        (DisruptionOutcome::Breached, "Seen with her.", 2)
    );
    assert_eq!(db.audit_count().await, audits + 1);
}

async fn a_bulk_load_carries_disruptions(db: &Db) {
    let police = Agency { id: POLICE, ..agency("POL", AgencyKind::Police, None) };
    let north = area("MOR-N");
    let home = location("Tŷ Ni");
    let d = disruption(
        north.id,
        DisruptionSubject::Location(home.id),
        None,
        police.id,
        Tactic::DrugsWarrant,
        date(2026, 10, 1),
        None,
        None,
    );
    let load = BulkLoad {
        areas: vec![north],
        agencies: vec![police.clone()],
        locations: vec![home],
        disruptions: vec![d.clone()],
        ..BulkLoad::default()
    };
    db.store.bulk_load(&load, &event(AuditAction::DemoLoad)).await.unwrap();
    assert_eq!(db.store.disruption(d.id).await.unwrap().map(|r| r.disruption), Some(d));
}

// ---------------------------------------------------------------------------------------------
// Figures for boards

/// The rows the figures of November count: the area's episodes with their gradings, reviews,
/// return and RHI; its children by episode, placement and authority with their screenings,
/// referrals and markers; its disruption and MACE actions. Nothing of another area or from
/// outside the span; the read audited.
async fn the_figures_read_an_areas_rows_of_the_span_and_no_other(db: &Db) {
    use haven_domain::figures::Period;
    use haven_domain::figures::inputs::{ActionFacts, DisruptionFacts, MarkerFacts, NrmFacts, RhiFacts};
    use haven_domain::ids::{MaceActionId, MeetingId};
    use haven_domain::mace::action::{ActionStatus, ActionUpdate, MaceAction};
    use haven_domain::mace::meeting::{Attendee, Meeting};
    use haven_domain::missing::rules::ReviewKind;
    use haven_domain::nrm::NrmDecision;
    use haven_store::MeetingRecord;
    let s = &db.store;
    let w = world(db).await;
    let (north, south) = (area("NORTH"), area("SOUTH"));
    let council = agency("NORTH-CS", AgencyKind::LocalAuthority, Some(north.id));
    let home = Location { area_id: Some(north.id), ..location("North House") };
    let child = |given: &str| person(given, "Figures", Some(date(2011, 5, 6)), w.police.id, None);
    let ann = child("Ann"); // missing in the north
    let bea = child("Bea"); // placed in the north
    let cai = Person {
        details: PersonDetails { placing_authority: Some(council.id), ..child("Cai").details },
        ..child("Cai")
    };
    let dai = child("Dai"); // missing in the south only
    let in_area = |p: &Person, a: &Area, reported| {
        let mut e = episode(p.id, reported, None);
        e.area_id = Some(a.id);
        e
    };
    // Ann: reported 10 November high, regraded medium, a supervisor review, back with harm seen
    // and an interview held.
    let mut ann_episode = in_area(&ann, &north, at(10, 9, 0));
    ann_episode.from_location = Some(home.id);
    ann_episode.out_of_area = true;
    ann_episode.gradings.push(grading(RiskGrade::Medium, at(10, 12, 0), None));
    ann_episode.notes =
        vec![note(NoteKind::SupervisorReview, at(10, 10, 0), None), note(NoteKind::Sighting, at(10, 11, 0), None)];
    ann_episode.found = Some(ReturnRecord { harm_seen: "A cut to the hand".into(), ..found(at(11, 9, 0), None) });
    // Harm at the interview left as blank space: not recorded (no free text leaves the store,
    // only whether each thing was said).
    let mut held = rhi(at(12, 9, 0), Some(w.council.id), None);
    held.harm = " \n\t ".into();
    ann_episode.rhi = Some(held);
    // Ann again in October (returned then: before the span), and Dai in the south.
    let mut old = in_area(&ann, &north, at(10, 9, 0) - Duration::days(30));
    old.found = Some(found(at(10, 9, 0) - Duration::days(29), None));
    let dai_episode = in_area(&dai, &south, at(12, 9, 0));
    let meeting = |starts_at, a: &Area| Meeting {
        id: MeetingId::new(),
        area_id: a.id,
        starts_at,
        chair: Attendee { name: "DI Morgan".into(), agency: w.police.id },
        attendees: vec![],
        apologies: vec![],
        owner: w.police.id,
        created_by: None,
        created_at: at(1, 9, 0),
        version: 1,
    };
    let (north_meeting, south_meeting) = (meeting(at(3, 10, 0), &north), meeting(at(3, 10, 0), &south));
    let action = |m: &Meeting, number, status, updates| MaceAction {
        id: MaceActionId::new(),
        meeting_id: m.id,
        current_meeting: m.id,
        item_id: None,
        number,
        text: "Visit the address".into(),
        owner_name: "PC Evans".into(),
        owner_agency: w.police.id,
        due_on: date(2026, 11, 9),
        four_p: Some(FourP::Protect),
        status,
        closed_reason: (status == ActionStatus::Closed).then(|| "Done".to_owned()),
        updates,
        version: 1,
    };
    let done = ActionUpdate { status: ActionStatus::Done, note: "Visited".into(), by: None, at: at(8, 9, 0) };
    let nrm = |p: &Person, referred_on, rg: Option<NaiveDate>| NrmReferral {
        id: NrmId::new(),
        person_id: p.id,
        first_responder: FirstResponder::LocalAuthority,
        first_responder_note: None,
        referred_on,
        exploitation: ExploitationType::Cce,
        reasonable_grounds: rg.map(|decided_on| NrmDecision { outcome: DecisionOutcome::Positive, decided_on }),
        conclusive_grounds: None,
        owner: w.council.id,
        recorded_by: None,
        recorded_at: at(20, 9, 0),
        version: 1,
    };
    let on = |p: &Person| MarkerSubject::Person(p.id);
    let mut ended = marker(on(&cai), w.police.id, MarkerType::AtRiskOfCce, date(2026, 1, 1), date(2026, 12, 1));
    ended.ended_on = Some(date(2026, 10, 1));
    let load = BulkLoad {
        areas: vec![north.clone(), south.clone()],
        agencies: vec![council.clone()],
        locations: vec![home.clone()],
        people: vec![ann.clone(), bea.clone(), cai.clone(), dai.clone()],
        placements: vec![placement(bea.id, home.id, date(2026, 11, 20), None)],
        episodes: vec![ann_episode.clone(), old, dai_episode],
        screenings: vec![
            screening(bea.id, w.council.id, at(21, 9, 0), &[], Tier::Amber),
            screening(dai.id, w.council.id, at(21, 9, 0), &[], Tier::Amber),
            screening(ann.id, w.council.id, at(21, 9, 0) - Duration::days(60), &[], Tier::Red),
        ],
        markers: vec![
            marker(on(&ann), w.police.id, MarkerType::CountyLines, date(2026, 11, 2), date(2026, 12, 2)),
            ended,
            marker(on(&dai), w.police.id, MarkerType::CountyLines, date(2026, 11, 2), date(2026, 12, 2)),
        ],
        nrm: vec![nrm(&cai, date(2026, 11, 4), Some(date(2026, 11, 14))), nrm(&ann, date(2026, 9, 4), None)],
        meetings: vec![
            MeetingRecord {
                meeting: north_meeting.clone(),
                items: vec![],
                actions: vec![
                    action(&north_meeting, 1, ActionStatus::Done, vec![done.clone()]),
                    action(&north_meeting, 2, ActionStatus::Open, vec![]),
                ],
            },
            MeetingRecord {
                meeting: south_meeting.clone(),
                items: vec![],
                actions: vec![action(&south_meeting, 1, ActionStatus::Open, vec![])],
            },
        ],
        disruptions: vec![
            disruption(
                north.id,
                DisruptionSubject::Location(home.id),
                None,
                w.police.id,
                Tactic::PremisesVisit,
                date(2026, 11, 5),
                None,
                None,
            ),
            disruption(
                north.id,
                DisruptionSubject::Location(home.id),
                None,
                w.police.id,
                Tactic::PremisesVisit,
                date(2026, 10, 5),
                None,
                None,
            ),
            disruption(
                south.id,
                DisruptionSubject::Location(home.id),
                None,
                w.police.id,
                Tactic::PremisesVisit,
                date(2026, 11, 5),
                None,
                None,
            ),
        ],
        ..BulkLoad::default()
    };
    s.bulk_load(&load, &event(AuditAction::DemoLoad)).await.unwrap();

    let november = Period { from: date(2026, 11, 1), to: date(2026, 11, 30) };
    let audits = db.audit_count().await;
    let got = s.figure_inputs(north.id, november, &event(AuditAction::FiguresView)).await.unwrap();
    assert_eq!(db.audit_count().await, audits + 1, "the read is audited");

    assert_eq!(got.episodes.len(), 1, "only the north's episode of November");
    let e = &got.episodes[0];
    assert_eq!((e.person, e.reported_at, e.returned_at), (ann.id, at(10, 9, 0), Some(at(11, 9, 0))));
    assert_eq!((e.from_kind, e.out_of_area, e.harm_on_return), (Some(LocationKind::ChildrensHome), true, true));
    assert_eq!(e.gradings, [(RiskGrade::High, at(10, 9, 0)), (RiskGrade::Medium, at(10, 12, 0))]);
    assert_eq!(e.reviews, [(ReviewKind::Supervisor, at(10, 10, 0))], "reviews only, not sightings");
    assert_eq!(
        e.rhi,
        Some(RhiFacts {
            outcome: RhiOutcome::Held,
            at: at(12, 9, 0),
            in_person: true,
            child_voice: true,
            information_shared: true,
            follow_up: true,
            harm: false
        })
    );
    let mut people: Vec<PersonId> = got.people.iter().map(|p| p.id).collect();
    people.sort();
    let mut expected = vec![ann.id, bea.id, cai.id];
    expected.sort();
    assert_eq!(people, expected, "by episode, placement and authority; not Dai of the south");
    assert_eq!(
        got.people.iter().find(|p| p.id == ann.id).map(|p| (p.sex, p.date_of_birth)),
        Some((Sex::Female, Some(date(2011, 5, 6))))
    );
    assert_eq!(got.screenings.iter().map(|s| (s.person, s.tier)).collect::<Vec<_>>(), [(bea.id, Tier::Amber)]);
    assert_eq!(
        got.nrms,
        [NrmFacts {
            person: cai.id,
            referred_on: date(2026, 11, 4),
            reasonable_grounds_on: Some(date(2026, 11, 14)),
            conclusive_grounds_on: None
        }]
    );
    assert_eq!(
        got.markers,
        [MarkerFacts {
            person: ann.id,
            marker_type: MarkerType::CountyLines,
            starts_on: date(2026, 11, 2),
            ended_on: None
        }]
    );
    assert_eq!(
        got.disruptions,
        [DisruptionFacts { four_p: FourP::Prevent, tactic: Tactic::PremisesVisit, done_on: date(2026, 11, 5) }]
    );
    let mut actions = got.actions.clone();
    actions.sort_by_key(|a| a.closed_on);
    assert_eq!(
        actions,
        [
            ActionFacts { set_on: date(2026, 11, 3), due_on: date(2026, 11, 9), closed_on: None },
            ActionFacts { set_on: date(2026, 11, 3), due_on: date(2026, 11, 9), closed_on: Some(date(2026, 11, 8)) },
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// The network (issue 20)

async fn the_network_reads_every_structured_edge_of_an_episode_with_its_source(db: &Db) {
    use haven_domain::ids::AssociationId;
    use haven_domain::network::{Association, Link, Node, Relation, Source};
    let s = &db.store;
    let w = missing_world(db).await;
    let cardiff = area("CARDIFF");
    s.create_area(&cardiff, &event(AuditAction::AreaCreate)).await.unwrap();
    let (mut home, flat, park) = (location("Tŷ Coed"), location("Flat 3"), location("Bute Park"));
    // The home is in the area (the council's); Siân's episode is the area's (the police's).
    home.area_id = Some(cardiff.id);
    for l in [&home, &flat, &park] {
        s.create_location(l, &event(AuditAction::LocationCreate)).await.unwrap();
    }
    let kyle = person("Kyle", "Morgan", Some(date(1996, 1, 1)), w.police.id, Some("POL-77"));
    s.create_person(&kyle, &event(AuditAction::PersonCreate).person(kyle.id)).await.unwrap();

    // Siân went missing from her home; the police linked Kyle and saw her at the flat.
    let mut sian_ep = episode(w.sian.id, at(10, 9, 0), Some(w.officer));
    sian_ep.from_location = Some(home.id);
    sian_ep.area_id = Some(cardiff.id);
    let mut linked = note(NoteKind::LinkedPerson, at(10, 11, 0), Some(w.officer));
    linked.person_id = Some(kyle.id);
    let mut seen = note(NoteKind::Sighting, at(10, 12, 0), Some(w.officer));
    seen.location_id = Some(flat.id);
    sian_ep.notes = vec![linked.clone(), seen.clone()];
    sian_ep.found = Some(found(at(11, 8, 0), Some(w.officer)));
    s.report_episode(&sian_ep, &event(AuditAction::EpisodeReport)).await.unwrap();
    // Dylan is still missing, from the same home; another area's episode, and nothing to record
    // with a return yet.
    let mut dylan_ep = episode(w.dylan.id, at(12, 9, 0), Some(w.officer));
    dylan_ep.from_location = Some(home.id);
    s.report_episode(&dylan_ep, &event(AuditAction::EpisodeReport)).await.unwrap();
    let audit = db.audit_count().await;

    let association = |episode, relation, other, source| Association {
        id: AssociationId::new(),
        episode,
        relation,
        other,
        source,
        at: at(1, 0, 0),
        recorded_by: Some(w.officer),
        recorded_at: at(11, 9, 0),
    };
    let found_with = association(sian_ep.id, Relation::FoundWith, Node::Person(kyle.id), Source::Return);
    let found_at = association(sian_ep.id, Relation::FoundAt, Node::Location(park.id), Source::Return);
    let disclosed = association(sian_ep.id, Relation::Disclosed, Node::Location(flat.id), Source::Rhi);
    let add = |a: Association| async move { s.add_association(&a, &event(AuditAction::AssociationAdd)).await };
    // Before the return, before the interview, of no episode, of an unknown person: refused.
    let early = association(dylan_ep.id, Relation::FoundWith, Node::Person(kyle.id), Source::Return);
    assert!(matches!(add(early).await, Err(StoreError::Conflict)));
    assert!(matches!(add(disclosed.clone()).await, Err(StoreError::Conflict)));
    let nowhere = association(EpisodeId::new(), Relation::FoundAt, Node::Location(park.id), Source::Return);
    assert!(matches!(add(nowhere).await, Err(StoreError::NotFound)));
    let nobody = association(sian_ep.id, Relation::FoundWith, Node::Person(PersonId::new()), Source::Return);
    assert!(matches!(add(nobody).await, Err(StoreError::Missing { field: "person_id" })));
    // Dated by the return, whatever the association said.
    assert_eq!(add(found_with.clone()).await.unwrap(), at(11, 8, 0));
    assert_eq!(add(found_at.clone()).await.unwrap(), at(11, 8, 0));
    s.record_rhi(sian_ep.id, 1, &rhi(at(12, 10, 0), None, None), &event(AuditAction::EpisodeRhi)).await.unwrap();
    assert_eq!(add(disclosed.clone()).await.unwrap(), at(12, 10, 0));
    // Three associations and the interview; nothing for the refused.
    assert_eq!(db.audit_count().await, audit + 4);
    assert_eq!(db.count("SELECT COUNT(*) FROM episode_associations").await, 3);

    let edge = |child, other, relation, source, source_id, episode: &MissingEpisode, when| Link {
        child,
        other,
        relation,
        source,
        source_id,
        episode: Some(episode.id),
        meeting: None,
        owner: POLICE,
        at: when,
    };
    let from_sian = edge(
        w.sian.id,
        Node::Location(home.id),
        Relation::MissingFrom,
        Source::Episode,
        sian_ep.id.0,
        &sian_ep,
        sian_ep.last_seen_at,
    );
    let from_dylan = edge(
        w.dylan.id,
        Node::Location(home.id),
        Relation::MissingFrom,
        Source::Episode,
        dylan_ep.id.0,
        &dylan_ep,
        dylan_ep.last_seen_at,
    );
    let linked_kyle =
        edge(w.sian.id, Node::Person(kyle.id), Relation::LinkedPerson, Source::Note, linked.id.0, &sian_ep, linked.at);
    let seen_flat =
        edge(w.sian.id, Node::Location(flat.id), Relation::SeenAt, Source::Note, seen.id.0, &sian_ep, seen.at);
    let with_kyle = edge(
        w.sian.id,
        Node::Person(kyle.id),
        Relation::FoundWith,
        Source::Return,
        found_with.id.0,
        &sian_ep,
        at(11, 8, 0),
    );
    let at_park = edge(
        w.sian.id,
        Node::Location(park.id),
        Relation::FoundAt,
        Source::Return,
        found_at.id.0,
        &sian_ep,
        at(11, 8, 0),
    );
    let said_flat = edge(
        w.sian.id,
        Node::Location(flat.id),
        Relation::Disclosed,
        Source::Rhi,
        disclosed.id.0,
        &sian_ep,
        at(12, 10, 0),
    );
    let sort = |mut v: Vec<Link>| {
        v.sort_by_key(|l| (l.source_id, l.relation));
        v
    };
    // Around Siân: every edge of her episode.
    let around_sian = s.links_touching(&[w.sian.id], &[], &[POLICE]).await.unwrap();
    assert_eq!(
        sort(around_sian),
        sort(vec![
            from_sian.clone(),
            linked_kyle.clone(),
            seen_flat.clone(),
            with_kyle.clone(),
            at_park.clone(),
            said_flat.clone()
        ])
    );
    // Around Kyle (the other end) and the home (both children went missing from it).
    let around_kyle = s.links_touching(&[kyle.id], &[], &[POLICE]).await.unwrap();
    assert_eq!(sort(around_kyle), sort(vec![linked_kyle.clone(), with_kyle.clone()]));
    let around_home = s.links_touching(&[], &[home.id], &[POLICE]).await.unwrap();
    assert_eq!(sort(around_home), sort(vec![from_sian.clone(), from_dylan.clone()]));
    // Only episodes of the owners asked for; nothing asked, nothing read.
    assert!(s.links_touching(&[w.sian.id], &[home.id], &[w.council.id]).await.unwrap().is_empty());
    assert!(s.links_touching(&[], &[], &[POLICE]).await.unwrap().is_empty());

    // The area's places: missing from and found at, of its episodes or at its places (Dylan's
    // episode has no area, but went missing from the home in it), in the span only.
    let in_area = s.area_place_links(cardiff.id, at(1, 0, 0), at(20, 0, 0), &[POLICE]).await.unwrap();
    assert_eq!(sort(in_area), sort(vec![from_sian.clone(), at_park.clone(), from_dylan.clone()]));
    let after_found = s.area_place_links(cardiff.id, at(11, 0, 0), at(20, 0, 0), &[POLICE]).await.unwrap();
    assert_eq!(after_found, vec![at_park, from_dylan]);
    assert!(s.area_place_links(cardiff.id, at(1, 0, 0), at(20, 0, 0), &[w.council.id]).await.unwrap().is_empty());
    // The database refuses an association of the wrong shape.
    assert!(
        db.raw("UPDATE episode_associations SET relation = 'found_with' WHERE relation = 'found_at'").await.is_err()
    );
}
