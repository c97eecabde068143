//! The missing-episode rules of an area as the install's administrator sets them and every
//! missing-episode action meets them, on a real store: only the system administrator sets them,
//! each version is kept and audited, bad settings are named and write nothing, and an episode in
//! an area with Welsh rules runs its debrief's clock by its area's hours.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise")]

use chrono::{Duration, Utc};
use haven_app::admin::Operator;
use haven_app::people::NewPerson;
use haven_app::rules::{RulesChange, for_area};
use haven_app::{Caller, Failure, Report};
use haven_domain::audit::AuditAction;
use haven_domain::missing::MissingRules;
use haven_domain::missing::clocks::rhi_clock;
use haven_domain::missing::episode::GradingInput;
use haven_domain::missing::input::ReturnInput;
use haven_domain::missing::rules::{Preset, RhiTerm};
use haven_domain::missing::rules_form;
use haven_domain::person::PersonForm;
use haven_domain::user::User;
use haven_store::{AgencyStore, AuditStore, RulesStore, UserStore};
use haven_store_sqlite::SqliteStore;
use std::collections::BTreeMap;

struct Install {
    store: SqliteStore,
    _dir: tempfile::TempDir,
}

impl Install {
    /// Two BCUs, a force and a council serving one of them, their admins and officers, and the
    /// install's administrator.
    async fn new() -> Install {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).await.unwrap();
        let cli = Operator::command_line(&store);
        cli.create_area("CARDIFF", "Cardiff BCU", "bcu", "test").await.unwrap();
        cli.create_area("BRISTOL", "Bristol BCU", "bcu", "test").await.unwrap();
        cli.create_agency("SWP", "South Wales Police", "police", "", "test").await.unwrap();
        cli.create_agency("CARDIFF-CS", "Cardiff CS", "local_authority", "CARDIFF", "test").await.unwrap();
        cli.create_user("swp.admin", "SWP", "admin", "", "test").await.unwrap();
        cli.create_user("council.admin", "CARDIFF-CS", "admin", "", "test").await.unwrap();
        cli.create_user("pc.jones", "SWP", "practitioner", "", "test").await.unwrap();
        cli.create_user("root", "SWP", "system_admin", "", "test").await.unwrap();
        Install { store, _dir: dir }
    }

    async fn user(&self, name: &str) -> User {
        let name = haven_domain::user::Username::parse(name).unwrap();
        self.store.user_with_credentials(&name).await.unwrap().unwrap().0
    }
}

/// The settings of a preset, with some changed.
fn settings(preset: Preset, changes: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut v = rules_form::values(&preset.rules());
    for (k, value) in changes {
        v.insert((*k).to_owned(), (*value).to_owned());
    }
    v
}

async fn set(
    op: &Operator<'_>,
    area: &str,
    v: &BTreeMap<String, String>,
    applies_from: &str,
) -> Result<haven_domain::missing::rules::RulesVersion, Failure> {
    let get = |name: &str| v.get(name).cloned();
    op.set_area_rules(area, &RulesChange { settings: &get, applies_from, made_from: None }, "test").await
}

fn problems(result: Result<impl std::fmt::Debug, Failure>) -> Vec<(String, &'static str)> {
    match result {
        Err(Failure::Invalid(e)) => e.0.into_iter().map(|p| (p.field, p.code)).collect(),
        other => panic!("expected field problems, got {other:?}"),
    }
}

#[tokio::test]
async fn only_the_install_administrator_sets_an_areas_rules() {
    let install = Install::new().await;
    let wales = settings(Preset::Wales, &[]);
    // An agency admin, even of the council serving the area, sets no area's rules: they decide
    // the police's grading and reviews for every agency there.
    for name in ["council.admin", "swp.admin", "pc.jones"] {
        let op = Operator::user(&install.store, &install.user(name).await);
        assert!(
            matches!(set(&op, "CARDIFF", &wales, "").await, Err(Failure::Forbidden("role-not-permitted"))),
            "{name}"
        );
        assert!(matches!(op.area_rules("CARDIFF").await, Err(Failure::Forbidden(_))), "{name}");
    }
    let area = install.store.areas().await.unwrap().into_iter().find(|a| a.code.as_str() == "CARDIFF").unwrap();
    assert!(install.store.rules_versions(area.id).await.unwrap().is_empty(), "nothing written");

    let root = Operator::user(&install.store, &install.user("root").await);
    let saved = set(&root, "CARDIFF", &wales, "").await.unwrap();
    assert_eq!((saved.number, saved.rules.version.as_str()), (1, "CARDIFF v1"));
    assert_eq!(saved.saved_by_label, "root");
    assert_eq!(problems(set(&root, "NOWHERE", &wales, "").await), [("area".into(), "unknown-area")]);
}

#[tokio::test]
async fn every_version_is_kept_and_audited_with_what_it_changed() {
    let install = Install::new().await;
    let root_user = install.user("root").await;
    let root = Operator::user(&install.store, &root_user);
    set(&root, "CARDIFF", &settings(Preset::England, &[]), "").await.unwrap();
    let wales = settings(Preset::Wales, &[("rhi_within_hours", "48"), ("to_set_locally.rhi_within_hours", "")]);
    set(&root, "CARDIFF", &wales, "").await.unwrap();
    let next_year = (Utc::now() + Duration::days(366)).format("%Y-%m-%d").to_string();
    let scheduled = set(&root, "CARDIFF", &settings(Preset::England, &[]), &next_year).await.unwrap();

    let shown = root.area_rules("CARDIFF").await.unwrap();
    assert_eq!(shown.versions.iter().map(|v| v.number).collect::<Vec<_>>(), [3, 2, 1], "old versions kept");
    let in_force = shown.in_force.unwrap();
    assert_eq!((in_force.number, in_force.rules.rhi_within_hours, in_force.rules.rhi_term), (2, 48, RhiTerm::Debrief));
    assert!(scheduled.applies_from > Utc::now(), "v3 applies from next year, not now");

    let trail = install.store.agency_audit(root_user.agency_id, 100).await.unwrap();
    let details: Vec<String> = trail
        .iter()
        .filter(|e| e.action == AuditAction::AreaRulesSet)
        .map(|e| e.detail.clone().unwrap_or_default())
        .collect();
    assert_eq!(details.len(), 3);
    assert!(
        details.iter().any(|d| d.starts_with("rules v2 ") && d.ends_with("changed: rhi_term,rhi_within_hours,ages")),
        "{details:?}"
    );

    // A form made from version 2 when 3 has been saved meanwhile is refused, nothing written.
    let get = |name: &str| wales.get(name).cloned();
    let stale = RulesChange { settings: &get, applies_from: "", made_from: Some(2) };
    assert!(matches!(root.set_area_rules("CARDIFF", &stale, "test").await, Err(Failure::Conflict)));
    assert_eq!(root.area_rules("CARDIFF").await.unwrap().versions.len(), 3);
}

#[tokio::test]
async fn bad_settings_are_named_and_nothing_is_written() {
    let install = Install::new().await;
    let root = Operator::user(&install.store, &install.user("root").await);
    let bad = settings(
        Preset::Wales,
        &[
            ("rhi_within_hours", "0"),
            ("reviews.high.supervisor", "soon"),
            ("naira", "yes"),
            ("naira.max_hold_hours", "48"),
        ],
    );
    assert_eq!(
        problems(set(&root, "CARDIFF", &bad, "2020-01-01").await),
        [
            ("applies_from".into(), "in-the-past"),
            ("naira.escalate_to".into(), "required"),
            ("reviews.high.supervisor".into(), "whole-number"),
        ]
    );
    let bad = settings(
        Preset::Wales,
        &[("rhi_within_hours", "0"), ("naira", "yes"), ("naira.max_hold_hours", "48"), ("naira.escalate_to", "medium")],
    );
    assert_eq!(
        problems(set(&root, "CARDIFF", &bad, "").await),
        [("rhi_within_hours".into(), "must-be-positive"), ("naira.max_hold_hours".into(), "too-large")]
    );
    assert!(root.area_rules("CARDIFF").await.unwrap().versions.is_empty(), "nothing written");
}

#[tokio::test]
async fn an_episode_in_an_area_with_welsh_rules_runs_by_them() {
    let install = Install::new().await;
    let root = Operator::user(&install.store, &install.user("root").await);
    let wales = settings(Preset::Wales, &[("rhi_within_hours", "120"), ("to_set_locally.rhi_within_hours", "")]);
    set(&root, "CARDIFF", &wales, "").await.unwrap();
    let areas = install.store.areas().await.unwrap();
    let id_of = |code: &str| areas.iter().find(|a| a.code.as_str() == code).map(|a| a.id);

    let officer = install.user("pc.jones").await;
    let caller = Caller::load(&install.store, &officer).await.unwrap();
    let install_default = MissingRules::default();
    let mut written = Vec::new();
    for (name, area) in [("Nia", "CARDIFF"), ("Osian", "BRISTOL")] {
        let form = PersonForm {
            given_name: name.into(),
            family_name: "Rees".into(),
            date_of_birth: Some("2012-03-04".into()),
            sex: "unknown".into(),
            ..PersonForm::default()
        };
        let new = NewPerson { form, reference: "", placing_authority: "", host_authority: "" };
        let child = caller.create_person(&new, "test").await.unwrap();
        let now = Utc::now();
        let report = Report {
            person: Some(child.id),
            reported_at: Ok(now - Duration::hours(3)),
            last_seen_at: Ok(now - Duration::hours(4)),
            last_seen_where: "Home",
            reporter: "parent",
            from_location: None,
            area: Ok(id_of(area)),
            circumstances: "",
            police_reference: "",
            officer_in_charge: "",
            grading: GradingInput { grade: "medium", rationale: "First time", answers: &[], naira_reason: "" },
            refused: Default::default(),
        };
        let reported = caller.report_missing(&report, &install_default, "test").await.unwrap();
        let back = ReturnInput {
            returned_at: Ok(now - Duration::hours(1)),
            found_where: "Friend's house",
            found_by: "",
            with_whom: "",
            harm_seen: "",
            disclosed: false,
            found_in_other_force_area: false,
            prevention_interview_at: None,
            prevention_interview_notes: "",
        };
        let returned = caller
            .record_return(reported.episode.id, Some(reported.episode.version), &back, &install_default, "test")
            .await
            .unwrap();
        written.push((reported, returned));
    }
    let (cardiff, cardiff_back) = &written[0];
    let (bristol, bristol_back) = &written[1];
    // The Cardiff grading names the area's version; Bristol's the install's default.
    assert_eq!(cardiff.episode.gradings[0].rules_version, "CARDIFF v1");
    assert_eq!(bristol.episode.gradings[0].rules_version, install_default.version);
    // The debrief is due by Cardiff's hours, the interview in Bristol by the default 72.
    let clock = |w: &haven_app::Written| {
        let returned = w.episode.returned_at().unwrap();
        rhi_clock(returned, None, &w.rules, Utc::now()).due_at - returned
    };
    assert_eq!(clock(cardiff_back), Duration::hours(120));
    assert_eq!(clock(bristol_back), Duration::hours(72));
    assert_eq!(cardiff_back.rules.rhi_term, RhiTerm::Debrief);
    // The same function answers the reads of the episode.
    let read = for_area(&install.store, &install_default, cardiff.episode.area_id).await.unwrap();
    assert_eq!(read.rhi_within_hours, 120);
}
