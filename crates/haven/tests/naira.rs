//! A NAIRA hold that runs out with the child still missing is graded medium by itself, once,
//! timed at the expiry and written by the system; a returned child's hold is left alone.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise")]

use chrono::{Duration, Utc};
use haven_domain::agency::{Agency, AgencyCode, AgencyKind};
use haven_domain::audit::{AuditAction, AuditEvent};
use haven_domain::ids::{AgencyId, EpisodeId};
use haven_domain::missing::episode::GradingInput;
use haven_domain::missing::input::{Acting, ReportInput, ReturnInput, parse_report, parse_return};
use haven_domain::missing::{MissingEpisode, RiskGrade};
use haven_domain::person::{Person, PersonForm};
use haven_store::{AgencyStore, AuditStore, MissingStore, PersonStore};
use haven_store_sqlite::SqliteStore;

fn system(action: AuditAction) -> AuditEvent {
    AuditEvent::system("test", action, "test", Utc::now())
}

async fn read(store: &SqliteStore, id: EpisodeId) -> MissingEpisode {
    store.episode(id, &system(AuditAction::EpisodeView)).await.unwrap()
}

#[tokio::test]
async fn an_expired_naira_hold_escalates_by_itself_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).await.unwrap();
    let police = Agency {
        id: AgencyId::new(),
        code: AgencyCode::parse("MOR-POL").unwrap(),
        name: "Morlais Police".into(),
        kind: AgencyKind::Police,
        area_id: None,
    };
    store.create_agency(&police, &system(AuditAction::AgencyCreate)).await.unwrap();
    let rules = haven::naira::rules(Some(6));
    let now = Utc::now();
    let mut ids = Vec::new();
    for (name, hours_ago) in [("Nia", 7), ("Osian", 2), ("Pryderi", 8)] {
        let form = PersonForm {
            given_name: name.into(),
            family_name: "Rees".into(),
            date_of_birth: Some("2012-03-04".into()),
            sex: "unknown".into(),
            ..PersonForm::default()
        };
        let person = Person::new(form.parse(now.date_naive(), None, None).unwrap(), police.id, None, now);
        store.create_person(&person, &system(AuditAction::PersonCreate).person(person.id)).await.unwrap();
        let reported = now - Duration::hours(hours_ago);
        let input = ReportInput {
            person_id: person.id,
            subject: haven_domain::missing::episode::Subject::child_of_unknown_age(),
            owner: police.id,
            reported_at: Ok(reported),
            last_seen_at: Ok(reported - Duration::hours(1)),
            last_seen_where: "Home",
            reporter: "parent",
            from_location: None,
            area_id: None,
            circumstances: "",
            police_reference: "",
            officer_in_charge: "",
            out_of_area: false,
            grading: GradingInput {
                grade: "naira",
                rationale: "Often stays at a friend's; known address",
                answers: &[],
                naira_reason: "",
            },
            concerns: Default::default(),
        };
        let episode = parse_report(&input, false, Acting { now, by: None, rules: &rules }).unwrap();
        store.report_episode(&episode, &system(AuditAction::EpisodeReport).person(person.id)).await.unwrap();
        ids.push(episode.id);
    }
    // Pryderi came home before the hold ran out.
    let pryderi = read(&store, ids[2]).await;
    let back = ReturnInput {
        returned_at: Ok(now - Duration::hours(5)),
        found_where: "Friend's house",
        found_by: "",
        with_whom: "",
        harm_seen: "",
        disclosed: false,
        found_in_other_force_area: false,
        prevention_interview_at: None,
        prevention_interview_notes: "",
    };
    let found = parse_return(&pryderi, &back, Acting { now, by: None, rules: &rules }).unwrap();
    store.record_return(pryderi.id, pryderi.version, &found, &system(AuditAction::EpisodeReturn)).await.unwrap();

    assert_eq!(haven::naira::escalate_expired(&store, &rules, now).await.unwrap(), 1);
    let nia = read(&store, ids[0]).await;
    let latest = nia.grading().unwrap();
    assert_eq!((latest.grade, latest.graded_by), (RiskGrade::Medium, None));
    assert_eq!(latest.graded_at, nia.gradings[0].graded_at + Duration::hours(6), "timed at the expiry");
    assert_eq!(read(&store, ids[1]).await.grade(), Some(RiskGrade::Naira), "still within its hold");
    assert_eq!(read(&store, ids[2]).await.grade(), Some(RiskGrade::Naira), "returned before the hold ran out");

    assert_eq!(haven::naira::escalate_expired(&store, &rules, now).await.unwrap(), 0, "once only");
    assert_eq!(haven::naira::escalate_expired(&store, &haven::naira::rules(None), now).await.unwrap(), 0);
    let trail = store.person_audit(nia.person_id, 100).await.unwrap();
    assert!(trail.iter().any(|e| e.action == AuditAction::EpisodeRegrade && e.actor.is_none()));
}

/// NAIRA switched on by an area's rules, not the install's: the job escalates that area's
/// held report by the area's hold, and leaves alone a NAIRA report (imported history) in an area
/// without it.
#[tokio::test]
async fn an_areas_own_rules_switch_naira_on_for_its_episodes_only() {
    use haven_domain::agency::{Area, AreaKind};
    use haven_domain::ids::AreaId;
    use haven_domain::missing::rules::{NairaRule, RulesVersion};
    use haven_store::RulesStore;
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).await.unwrap();
    let police = Agency {
        id: AgencyId::new(),
        code: AgencyCode::parse("MOR-POL").unwrap(),
        name: "Morlais Police".into(),
        kind: AgencyKind::Police,
        area_id: None,
    };
    store.create_agency(&police, &system(AuditAction::AgencyCreate)).await.unwrap();
    let mut areas = Vec::new();
    for code in ["NORTH", "SOUTH"] {
        let area =
            Area { id: AreaId::new(), code: AgencyCode::parse(code).unwrap(), name: code.into(), kind: AreaKind::Bcu };
        store.create_area(&area, &system(AuditAction::AreaCreate)).await.unwrap();
        areas.push(area.id);
    }
    let now = Utc::now();
    let north_rules = haven_domain::missing::MissingRules {
        naira: Some(NairaRule { max_hold_hours: 3, escalate_to: RiskGrade::High }),
        version: "NORTH v1".into(),
        ..haven_domain::missing::MissingRules::default()
    };
    let version = RulesVersion {
        area_id: areas[0],
        number: 1,
        rules: north_rules.clone(),
        applies_from: now - Duration::days(1),
        saved_at: now - Duration::days(1),
        saved_by: None,
        saved_by_label: "cli".into(),
    };
    store.add_rules_version(&version, &system(AuditAction::AreaRulesSet)).await.unwrap();
    let mut ids = Vec::new();
    for (name, area) in [("Nia", areas[0]), ("Osian", areas[1])] {
        let form = PersonForm {
            given_name: name.into(),
            family_name: "Rees".into(),
            date_of_birth: Some("2012-03-04".into()),
            sex: "unknown".into(),
            ..PersonForm::default()
        };
        let person = Person::new(form.parse(now.date_naive(), None, None).unwrap(), police.id, None, now);
        store.create_person(&person, &system(AuditAction::PersonCreate).person(person.id)).await.unwrap();
        let reported = now - Duration::hours(4);
        let input = ReportInput {
            person_id: person.id,
            subject: haven_domain::missing::episode::Subject::child_of_unknown_age(),
            owner: police.id,
            reported_at: Ok(reported),
            last_seen_at: Ok(reported - Duration::hours(1)),
            last_seen_where: "Home",
            reporter: "parent",
            from_location: None,
            area_id: Some(area),
            circumstances: "",
            police_reference: "",
            officer_in_charge: "",
            out_of_area: false,
            grading: GradingInput { grade: "naira", rationale: "Known address", answers: &[], naira_reason: "" },
            concerns: Default::default(),
        };
        let episode = parse_report(&input, false, Acting { now, by: None, rules: &north_rules }).unwrap();
        store.report_episode(&episode, &system(AuditAction::EpisodeReport).person(person.id)).await.unwrap();
        ids.push(episode.id);
    }
    // The install's default has NAIRA off: only the north's rules hold and escalate.
    let install = haven::naira::rules(None);
    assert_eq!(haven::naira::escalate_expired(&store, &install, now).await.unwrap(), 1);
    let nia = read(&store, ids[0]).await;
    let latest = nia.grading().unwrap();
    assert_eq!((latest.grade, latest.rules_version.as_str()), (RiskGrade::High, "NORTH v1"));
    assert_eq!(latest.graded_at, nia.gradings[0].graded_at + Duration::hours(3), "the north's 3-hour hold");
    assert_eq!(read(&store, ids[1]).await.grade(), Some(RiskGrade::Naira), "the south has no NAIRA rule");
}
