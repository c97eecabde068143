//! MACE meetings and the action register as the application layer keeps them, on a real store:
//! attendees only from the convener's agency and its partners, the meeting for its agencies
//! only, actions numbered in the area's register and refused by field, updates by the owning
//! agency (closing with a reason), and the live actions carried to the next meeting.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise")]

use chrono::Duration;
use haven_app::admin::{NewAgreement, Operator};
use haven_app::mace::{ActionForm, MeetingForm, PersonForm, Register};
use haven_app::{Caller, Failure};
use haven_domain::mace::action::{ActionStatus, UpdateInput};
use haven_domain::uktime::uk_date;
use haven_domain::user::{User, Username};
use haven_store::{Store, UserStore};
use haven_store_sqlite::SqliteStore;

struct Install {
    store: SqliteStore,
    _dir: tempfile::TempDir,
}

fn day(offset: i64) -> String {
    (uk_date(chrono::Utc::now()) + Duration::days(offset)).to_string()
}

impl Install {
    async fn new() -> Install {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).await.unwrap();
        let cli = Operator::command_line(&store);
        cli.create_area("MOR-N", "Morlais North", "bcu", "test").await.unwrap();
        cli.create_agency("SWP", "South Wales Police", "police", "", "test").await.unwrap();
        cli.create_agency("CARDIFF-CS", "Cardiff CS", "local_authority", "MOR-N", "test").await.unwrap();
        cli.create_agency("CHARITY", "A charity", "rhi_provider", "", "test").await.unwrap();
        for (name, agency, role) in [
            ("di.morgan", "SWP", "mace_chair"),
            ("pc.jones", "SWP", "practitioner"),
            ("sw.davies", "CARDIFF-CS", "practitioner"),
            ("charity.lead", "CHARITY", "supervisor"),
            ("opcc.scrutiny", "SWP", "scrutiny"),
        ] {
            cli.create_user(name, agency, role, "", "test").await.unwrap();
        }
        let agreement = NewAgreement {
            name: "Exploitation ISP",
            purpose: "safeguarding",
            members: vec!["SWP", "CARDIFF-CS"],
            classes: vec!["identity", "mace_minutes"],
            to: vec!["police", "local_authority"],
            scope: "cohort",
            roles: "all",
            starts_on: "2020-01-01",
            ends_on: "",
            review_on: "",
        };
        cli.create_agreement(&agreement, "test").await.unwrap();
        Install { store, _dir: dir }
    }

    async fn user(&self, name: &str) -> User {
        let name = Username::parse(name).unwrap();
        self.store.user_with_credentials(&name).await.unwrap().unwrap().0
    }
}

async fn caller<'a>(store: &'a SqliteStore, user: &'a User) -> Caller<'a> {
    Caller::load(store as &dyn Store, user).await.unwrap()
}

fn problems(result: Result<impl std::fmt::Debug, Failure>) -> Vec<(String, &'static str)> {
    match result {
        Err(Failure::Invalid(e)) => e.0.into_iter().map(|p| (p.field, p.code)).collect(),
        other => panic!("expected field problems, got {other:?}"),
    }
}

fn meeting<'a>(date: &'a str, attendee_agency: &'a str) -> MeetingForm<'a> {
    MeetingForm {
        area: "MOR-N",
        date,
        time: "10:00",
        chair: PersonForm { name: "DI Morgan", agency: "SWP" },
        attendees: vec![PersonForm { name: "Sara Davies", agency: attendee_agency }],
        apologies: vec![],
    }
}

fn action<'a>(owner: &'a str, due: &'a str) -> ActionForm<'a> {
    ActionForm {
        text: "Visit the address with the council",
        owner_name: "Sara Davies",
        owner_agency: owner,
        due_on: due,
        four_p: "protect",
        item: "",
    }
}

#[tokio::test]
async fn a_meeting_is_convened_read_and_its_actions_agreed_updated_and_carried() {
    let install = Install::new().await;
    let (chair, pc, sw, charity, scrutiny) = (
        install.user("di.morgan").await,
        install.user("pc.jones").await,
        install.user("sw.davies").await,
        install.user("charity.lead").await,
        install.user("opcc.scrutiny").await,
    );
    let c = caller(&install.store, &chair).await;

    // Convened only with partners under an agreement in force, a known area and a time.
    let past = day(-10);
    let outside = meeting(&past, "CHARITY");
    assert_eq!(
        problems(c.convene_meeting(&outside, "test").await),
        [("attendees.0.agency".to_owned(), "outside-agreement")]
    );
    let bad = MeetingForm { area: "NOWHERE", time: "ten", ..meeting(&past, "NOPE") };
    assert_eq!(
        problems(c.convene_meeting(&bad, "test").await),
        [
            ("area".to_owned(), "unknown-area"),
            ("starts_at".to_owned(), "time-format"),
            ("attendees.0.agency".to_owned(), "unknown-agency")
        ]
    );
    assert!(matches!(
        caller(&install.store, &sw).await.convene_meeting(&meeting(&day(-10), "SWP"), "test").await,
        Err(Failure::Forbidden(_))
    ));
    let first = c.convene_meeting(&meeting(&day(-10), "CARDIFF-CS"), "test").await.unwrap();

    // Its agencies read it; another agency's supervisor finds nothing; scrutiny is refused.
    assert!(caller(&install.store, &sw).await.meeting_record(first.id, "test").await.is_ok());
    assert!(matches!(
        caller(&install.store, &charity).await.meeting_record(first.id, "test").await,
        Err(Failure::NotFound)
    ));
    assert!(matches!(
        caller(&install.store, &scrutiny).await.meeting_record(first.id, "test").await,
        Err(Failure::Forbidden(_))
    ));

    // Actions: owner at the meeting, due not before it; numbered in turn.
    assert_eq!(
        problems(c.agree_action(first.id, &action("CHARITY", &day(-11)), "test").await),
        [("owner_agency".to_owned(), "not-at-the-meeting"), ("due_on".to_owned(), "due-before-meeting")]
    );
    assert_eq!(
        problems(c.agree_action(first.id, &action("", ""), "test").await),
        [("owner_agency".to_owned(), "required"), ("due_on".to_owned(), "required")]
    );
    let late = c.agree_action(first.id, &action("CARDIFF-CS", &day(-5)), "test").await.unwrap();
    let later = c.agree_action(first.id, &action("CARDIFF-CS", &day(20)), "test").await.unwrap();
    assert_eq!((late.number, later.number), (1, 2));
    assert!(matches!(
        caller(&install.store, &pc).await.agree_action(first.id, &action("SWP", &day(1)), "test").await,
        Err(Failure::Forbidden(_))
    ));

    // The council's worker sees the overdue one and closes the other, with a reason only.
    let council = caller(&install.store, &sw).await;
    let overdue = council.mace_register(Register::Overdue, "test").await.unwrap();
    assert_eq!(overdue.iter().map(|a| a.number).collect::<Vec<_>>(), [1]);
    let close = |note| UpdateInput { status: "closed", note };
    assert_eq!(
        problems(council.update_mace_action(later.id, Some(1), &close(""), "test").await),
        [("note".to_owned(), "closed-without-reason")]
    );
    let closed =
        council.update_mace_action(later.id, Some(1), &close("Family moved to Bristol"), "test").await.unwrap();
    assert_eq!((closed.status, closed.version), (ActionStatus::Closed, 2));
    assert!(matches!(
        council.update_mace_action(later.id, Some(1), &close("again"), "test").await,
        Err(Failure::Conflict)
    ));
    // The police practitioner neither owns it nor runs the meeting.
    let police = caller(&install.store, &pc).await;
    let progress = UpdateInput { status: "in_progress", note: "" };
    assert!(matches!(police.update_mace_action(late.id, None, &progress, "test").await, Err(Failure::Forbidden(_))));

    // The next meeting takes the live action; the closed one stays with the first.
    let second = c.convene_meeting(&meeting(&day(4), "CARDIFF-CS"), "test").await.unwrap();
    assert_eq!(c.carry_actions(first.id, second.id, "test").await.unwrap(), 1);
    let next = council.meeting_record(second.id, "test").await.unwrap();
    assert_eq!(next.actions.iter().map(|a| a.number).collect::<Vec<_>>(), [1]);
    assert_eq!(c.carry_actions(first.id, second.id, "test").await.unwrap(), 0, "carrying again moves nothing");
    let all = council.mace_register(Register::Agency { live_only: false }, "test").await.unwrap();
    assert_eq!(all.len(), 2);
}

#[tokio::test]
async fn the_agenda_is_drafted_from_the_priority_list_and_each_item_minuted() {
    use haven_domain::audit::{AuditAction, AuditEvent};
    use haven_domain::mace::meeting::{Discussion, ItemSubject};
    use haven_domain::person::{CareStatus, Person, PersonDetails, PersonForm as Form};
    use haven_domain::screening::Tier;
    use haven_store::{AgencyStore, PersonStore};
    let install = Install::new().await;
    let chair = install.user("di.morgan").await;
    let police =
        install.store.agency_by_code(&haven_domain::agency::AgencyCode::parse("SWP").unwrap()).await.unwrap().unwrap();
    let council = install
        .store
        .agency_by_code(&haven_domain::agency::AgencyCode::parse("CARDIFF-CS").unwrap())
        .await
        .unwrap()
        .unwrap();
    let form = Form {
        given_name: "Cerys".into(),
        family_name: "Morgan".into(),
        date_of_birth: Some("2012-05-06".into()),
        sex: "female".into(),
        ..Form::default()
    };
    let details = form.parse(uk_date(chrono::Utc::now()), None, None).unwrap();
    // Looked after, placed by the council that serves the area: in its cohort, with a score.
    let details =
        PersonDetails { care_status: CareStatus::LookedAfter, placing_authority: Some(council.id), ..details };
    let now = chrono::Utc::now();
    let person = Person::new(details, police.id, None, now);
    let audit = AuditEvent::system("test", AuditAction::PersonCreate, "test", now).person(person.id);
    install.store.create_person(&person, &audit).await.unwrap();

    let c = caller(&install.store, &chair).await;
    let m = c.convene_meeting(&meeting(&day(1), "CARDIFF-CS"), "test").await.unwrap();
    let rules = haven_domain::missing::MissingRules::default();
    let drafted = c.draft_agenda(m.id, &rules, "test").await.unwrap();
    assert_eq!(drafted.len(), 1);
    assert_eq!(drafted[0].subject, ItemSubject::Child(person.id));
    assert!(drafted[0].reason.starts_with("priority 5: looked_after"), "{}", drafted[0].reason);
    assert!(c.draft_agenda(m.id, &rules, "test").await.unwrap().is_empty(), "a child is on the agenda once");

    let d = Discussion { summary: "Placement stable", decisions: "Keep under review", risk_after: "purple" };
    assert_eq!(
        problems(c.record_discussion(m.id, drafted[0].id, Some(1), &d, "test").await),
        [("risk_after".to_owned(), "unknown-code")]
    );
    let d = Discussion { risk_after: "amber", ..d };
    let minuted = c.record_discussion(m.id, drafted[0].id, Some(1), &d, "test").await.unwrap();
    assert_eq!((minuted.risk_after, minuted.version), (Some(Tier::Amber), 2));
    assert!(matches!(c.record_discussion(m.id, drafted[0].id, Some(1), &d, "test").await, Err(Failure::Conflict)));
    let record = c.meeting_record(m.id, "test").await.unwrap();
    assert_eq!(record.items, [minuted]);
}

#[tokio::test]
async fn persons_and_places_of_concern_join_the_drafted_agenda_and_the_chair_edits_it() {
    use haven_domain::audit::{AuditAction, AuditEvent};
    use haven_domain::ids::{LocationId, MarkerId};
    use haven_domain::location::{Location, LocationKind};
    use haven_domain::mace::meeting::{ItemKind, ItemSubject};
    use haven_domain::marker::{Marker, MarkerSubject, MarkerType};
    use haven_domain::person::{Person, PersonForm as Form};
    use haven_store::{AgencyStore, AuditStore, LocationStore, MarkerStore, PersonStore};
    let install = Install::new().await;
    let chair = install.user("di.morgan").await;
    let code = |c: &str| haven_domain::agency::AgencyCode::parse(c).unwrap();
    let police = install.store.agency_by_code(&code("SWP")).await.unwrap().unwrap();
    let area = install.store.areas().await.unwrap()[0].id;
    let now = chrono::Utc::now();
    let system = |a: AuditAction| AuditEvent::system("test", a, "test", now);
    let form = Form {
        given_name: "Dean".into(),
        family_name: "Walsh".into(),
        date_of_birth: Some("1990-01-01".into()),
        sex: "male".into(),
        kind: Some("adult".into()),
        ..Form::default()
    };
    let details = form.parse(uk_date(now), None, None).unwrap();
    let adult = Person::new(details, police.id, None, now);
    install.store.create_person(&adult, &system(AuditAction::PersonCreate).person(adult.id)).await.unwrap();
    let place = |area_id| Location {
        id: LocationId::new(),
        kind: LocationKind::PremisesOfConcern,
        name: None,
        address: "Flat 2, 14 Heol y Parc".into(),
        postcode: None,
        area_id,
        coordinates: None,
    };
    let (here, elsewhere) = (place(Some(area)), place(None));
    for l in [&here, &elsewhere] {
        install.store.create_location(l, &system(AuditAction::LocationCreate)).await.unwrap();
    }
    let marker = |subject, t| Marker {
        id: MarkerId::new(),
        subject,
        marker_type: t,
        reason: "Seen with missing children".into(),
        source_agency: police.id,
        source_note: "intelligence".into(),
        starts_on: uk_date(now) - chrono::Duration::days(10),
        review_on: uk_date(now) + chrono::Duration::days(80),
        owner: police.id,
        raised_by: None,
        raised_at: now,
        needs_approval: false,
        approval: None,
        reviews: vec![],
        ended_on: None,
        version: 1,
    };
    for m in [
        marker(MarkerSubject::Person(adult.id), MarkerType::PersonOfConcern),
        marker(MarkerSubject::Location(here.id), MarkerType::CuckooedAddress),
        marker(MarkerSubject::Location(elsewhere.id), MarkerType::CuckooedAddress),
    ] {
        install.store.raise_marker(&m, &system(AuditAction::MarkerRaise)).await.unwrap();
    }

    let c = caller(&install.store, &chair).await;
    let m = c.convene_meeting(&meeting(&day(1), "CARDIFF-CS"), "test").await.unwrap();
    let drafted = c.draft_agenda(m.id, &haven_domain::missing::MissingRules::default(), "test").await.unwrap();
    let subjects: Vec<_> = drafted.iter().map(|i| i.subject.clone()).collect();
    // The adult and the area's cuckooed address; not the address in no area.
    assert_eq!(subjects, [ItemSubject::PersonOfConcern(adult.id), ItemSubject::Location(here.id)]);

    // The chair adds a theme and takes the address off; an item with an action stays.
    let theme = c.add_theme(m.id, "Hotels on the ring road", "", "test").await.unwrap();
    assert_eq!(theme.position, 3);
    assert_eq!(problems(c.add_theme(m.id, "  ", "", "test").await), [("theme".to_owned(), "required")]);
    c.remove_item(m.id, drafted[1].id, 1, "test").await.unwrap();
    let (due, item) = (day(14), drafted[0].id.to_string());
    let a = ActionForm { item: &item, ..action("SWP", &due) };
    c.agree_action(m.id, &a, "test").await.unwrap();
    assert_eq!(problems(c.remove_item(m.id, drafted[0].id, 1, "test").await), [("item".to_owned(), "has-actions")]);
    let bad = ActionForm { item: "not-an-item", ..action("SWP", &due) };
    assert_eq!(problems(c.agree_action(m.id, &bad, "test").await), [("item".to_owned(), "unknown-record")]);

    let minutes = c.minutes(m.id, "test").await.unwrap();
    let named: Vec<_> = minutes.items.iter().map(|i| (i.subject.kind, i.subject.label.as_str())).collect();
    assert_eq!(named, [(ItemKind::PersonOfConcern, "Dean Walsh"), (ItemKind::Theme, "Hotels on the ring road")]);
    // Reading the minutes puts the read on the adult's own trail.
    let trail = install.store.person_audit(adult.id, 50).await.unwrap();
    assert!(trail.iter().any(|e| e.action == AuditAction::MaceMeetingView), "{trail:?}");
}
