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
        cli.create_agency("CARDIFF-CS", "Cardiff CS", "local_authority", "", "test").await.unwrap();
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
            classes: vec!["identity"],
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
