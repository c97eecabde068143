//! The missing-episode rules of issue 18 as an officer and a sergeant meet them through the
//! application, on a real store: NAIRA for a child with exploitation concerns or a repeat-missing
//! flag needs its reason (kept with the grading), on a report and on a regrade alike; a
//! supervisor's review may set when the next one is due, and the clocks follow it.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise")]

use chrono::{Duration, SubsecRound, Utc};
use haven_app::admin::Operator;
use haven_app::markers::MarkerForm;
use haven_app::people::NewPerson;
use haven_app::{Caller, Failure, Report, Written};
use haven_domain::ids::PersonId;
use haven_domain::missing::episode::GradingInput;
use haven_domain::missing::input::{NoteInput, ReturnInput};
use haven_domain::missing::rules::ReviewKind;
use haven_domain::missing::{MissingRules, RiskGrade};
use haven_domain::person::PersonForm;
use haven_domain::uktime::uk_date;
use haven_domain::user::User;
use haven_store::UserStore;
use haven_store_sqlite::SqliteStore;

struct Install {
    store: SqliteStore,
    _dir: tempfile::TempDir,
}

impl Install {
    async fn new() -> Install {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).await.unwrap();
        let cli = Operator::command_line(&store);
        cli.create_area("CARDIFF", "Cardiff BCU", "bcu", "test").await.unwrap();
        cli.create_agency("SWP", "South Wales Police", "police", "", "test").await.unwrap();
        cli.create_user("pc.jones", "SWP", "practitioner", "", "test").await.unwrap();
        cli.create_user("sgt.rees", "SWP", "supervisor", "", "test").await.unwrap();
        Install { store, _dir: dir }
    }

    async fn user(&self, name: &str) -> User {
        let name = haven_domain::user::Username::parse(name).unwrap();
        self.store.user_with_credentials(&name).await.unwrap().unwrap().0
    }
}

/// The install's rules with NAIRA switched on (a 6-hour hold).
fn naira_rules() -> MissingRules {
    MissingRules::default().with_naira_pilot()
}

fn problems(result: Result<impl std::fmt::Debug, Failure>) -> Vec<(String, &'static str)> {
    match result {
        Err(Failure::Invalid(e)) => e.0.into_iter().map(|p| (p.field, p.code)).collect(),
        other => panic!("expected field problems, got {other:?}"),
    }
}

async fn child(caller: &Caller<'_>, name: &str) -> PersonId {
    let form = PersonForm {
        given_name: name.into(),
        family_name: "Rees".into(),
        date_of_birth: Some("2012-03-04".into()),
        sex: "unknown".into(),
        ..PersonForm::default()
    };
    let new = NewPerson { form, reference: "", placing_authority: "", host_authority: "" };
    caller.create_person(&new, "test").await.unwrap().id
}

fn report<'a>(person: PersonId, hours_ago: i64, grade: &'a str, naira_reason: &'a str) -> Report<'a> {
    let now = Utc::now();
    Report {
        person: Some(person),
        reported_at: Ok(now - Duration::hours(hours_ago)),
        last_seen_at: Ok(now - Duration::hours(hours_ago + 1)),
        last_seen_where: "Home",
        reporter: "parent",
        from_location: None,
        area: Ok(None),
        circumstances: "",
        police_reference: "",
        officer_in_charge: "PC 1234 Jones",
        grading: GradingInput { grade, rationale: "Often stays at her aunt's", answers: &[], naira_reason },
        refused: Default::default(),
    }
}

/// A report `hours_ago`, returned an hour later: one past episode.
async fn past_episode(caller: &Caller<'_>, person: PersonId, hours_ago: i64) {
    let rules = naira_rules();
    let reported = caller.report_missing(&report(person, hours_ago, "medium", ""), &rules, "test").await.unwrap();
    let back = ReturnInput {
        returned_at: Ok(Utc::now() - Duration::hours(hours_ago - 1)),
        found_where: "Aunt's house",
        found_by: "",
        with_whom: "",
        harm_seen: "",
        disclosed: false,
        found_in_other_force_area: false,
        prevention_interview_at: None,
        prevention_interview_notes: "",
    };
    caller.record_return(reported.episode.id, None, &back, &rules, "test").await.unwrap();
}

#[tokio::test]
async fn naira_for_a_child_with_concerns_needs_its_reason_on_report_and_regrade() {
    let install = Install::new().await;
    let officer = install.user("pc.jones").await;
    let pc = Caller::load(&install.store, &officer).await.unwrap();
    let rules = naira_rules();

    // No concerns: NAIRA with no reason asked.
    let nia = child(&pc, "Nia").await;
    let plain = pc.report_missing(&report(nia, 1, "naira", ""), &rules, "test").await.unwrap();
    assert_eq!(plain.episode.grade(), Some(RiskGrade::Naira));
    assert_eq!(plain.episode.gradings[0].naira_reason, None);

    // Repeat missing: two episodes this month, and this report makes the third in 90 days.
    let osian = child(&pc, "Osian").await;
    past_episode(&pc, osian, 24 * 20).await;
    past_episode(&pc, osian, 24 * 5).await;
    assert!(pc.naira_concerns(osian, &rules, 1, "test").await.unwrap().repeat_missing);
    assert_eq!(
        problems(pc.report_missing(&report(osian, 1, "naira", ""), &rules, "test").await),
        [("naira_reason".to_owned(), "required-with-concerns")]
    );
    let reason = "Aunt confirmed by phone that he is with her and will bring him home";
    let held = pc.report_missing(&report(osian, 1, "naira", reason), &rules, "test").await.unwrap();
    assert_eq!(held.episode.gradings[0].naira_reason.as_deref(), Some(reason));
    let (read, _) = pc.read_episode(held.episode.id, "test").await.unwrap();
    assert_eq!(read.gradings[0].naira_reason.as_deref(), Some(reason), "the reason is kept");

    // Exploitation concerns: an exploitation marker raised on the child (pending approval).
    let cerys = child(&pc, "Cerys").await;
    let today = uk_date(Utc::now()).to_string();
    let review = (uk_date(Utc::now()) + Duration::days(90)).to_string();
    let marker = MarkerForm {
        marker_type: "at_risk_cce",
        reason: "Found with older males in a county lines address",
        source_agency: "",
        source_note: "Police intelligence report",
        starts_on: &today,
        review_on: &review,
    };
    pc.raise_person_marker(cerys, &marker, "test").await.unwrap();
    let concerns = pc.naira_concerns(cerys, &rules, 1, "test").await.unwrap();
    assert!(concerns.exploitation && !concerns.repeat_missing);
    // Graded medium first (no reason needed), then regraded NAIRA: refused without its reason.
    let reported: Written = pc.report_missing(&report(cerys, 1, "medium", ""), &rules, "test").await.unwrap();
    let naira = GradingInput { grade: "naira", rationale: "Believed at a friend's", answers: &[], naira_reason: " " };
    assert_eq!(
        problems(pc.regrade(reported.episode.id, reported.episode.version, &naira, &rules, "test").await),
        [("naira_reason".to_owned(), "required-with-concerns")]
    );
    let (unchanged, _) = pc.read_episode(reported.episode.id, "test").await.unwrap();
    assert_eq!(unchanged.gradings.len(), 1, "nothing written");
    let with_reason = GradingInput { naira_reason: "Friend's parent confirmed she is there", ..naira };
    let regraded =
        pc.regrade(reported.episode.id, reported.episode.version, &with_reason, &rules, "test").await.unwrap();
    assert_eq!(regraded.episode.gradings[1].naira_reason.as_deref(), Some("Friend's parent confirmed she is there"));
}

#[tokio::test]
async fn a_supervisor_sets_when_the_next_review_is_due_and_the_clock_follows() {
    let install = Install::new().await;
    let pc = install.user("pc.jones").await;
    let pc = Caller::load(&install.store, &pc).await.unwrap();
    let sergeant = install.user("sgt.rees").await;
    let sgt = Caller::load(&install.store, &sergeant).await.unwrap();
    let rules = MissingRules::default();
    let dylan = child(&pc, "Dylan").await;
    let reported = pc.report_missing(&report(dylan, 2, "medium", ""), &rules, "test").await.unwrap();
    let id = reported.episode.id;

    let now = Utc::now();
    let set = now + Duration::hours(10);
    let review = NoteInput {
        kind: "supervisor_review",
        at: Ok(now),
        text: "Reviewed: grade right; enquiries at the aunt's first",
        person_id: None,
        location_id: None,
        recipient: "",
        next_review_at: Some(Ok(set)),
    };
    // An officer may not review; a sighting may not set a review; a review a month ahead is refused.
    assert!(matches!(pc.add_note(id, &review, &rules, "test").await, Err(Failure::Forbidden(_))));
    let sighting = NoteInput { kind: "sighting", ..review.clone() };
    assert_eq!(
        problems(sgt.add_note(id, &sighting, &rules, "test").await),
        [("next_review_at".to_owned(), "only-on-review")]
    );
    let far = NoteInput { next_review_at: Some(Ok(now + Duration::days(30))), ..review.clone() };
    assert_eq!(problems(sgt.add_note(id, &far, &rules, "test").await), [("next_review_at".to_owned(), "over-a-week")]);

    let written = sgt.add_note(id, &review, &rules, "test").await.unwrap();
    let due = written.episode.reviews_due(&rules, now);
    let supervisor = due.iter().find(|r| r.kind == ReviewKind::Supervisor).unwrap();
    assert_eq!(supervisor.due_at, set, "due when the sergeant set it, not at the area's interval");
    // Read back as kept (times are kept to the microsecond).
    let (read, _) = sgt.read_episode(id, "test").await.unwrap();
    assert_eq!(read.notes[0].next_review_at, Some(set.trunc_subsecs(6)), "kept by the store");
    let due = read.reviews_due(&rules, now);
    assert_eq!(due.iter().find(|r| r.kind == ReviewKind::Supervisor).unwrap().due_at, set.trunc_subsecs(6));
}
