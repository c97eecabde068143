//! Screening as the application layer keeps it, on a real store: who may screen a child, what
//! partners see of a screening (only where their agreement names `exploitation_screening`),
//! bad input refused by field with nothing written, the audit trail, and the latest screening
//! per child for a listing.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise")]

use haven_app::admin::{NewAgreement, Operator};
use haven_app::{Caller, Failure, Refusal};
use haven_domain::audit::{AuditAction, AuditEvent};
use haven_domain::ids::PersonId;
use haven_domain::missing::MissingRules;
use haven_domain::person::{Person, PersonForm};
use haven_domain::screening::{Exploitation, ScreeningInput, Tier, Tools};
use haven_domain::user::{User, Username};
use haven_store::{AuditStore, PersonStore, UserStore};
use haven_store_sqlite::SqliteStore;

struct Install {
    store: SqliteStore,
    /// Held by the police; shared with the council (screenings too) and with the other council
    /// (identity only).
    child: PersonId,
    _dir: tempfile::TempDir,
}

impl Install {
    async fn new() -> Install {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).await.unwrap();
        let cli = Operator::command_line(&store);
        let police = cli.create_agency("SWP", "South Wales Police", "police", "", "test").await.unwrap();
        cli.create_agency("CARDIFF-CS", "Cardiff CS", "local_authority", "", "test").await.unwrap();
        cli.create_agency("OTHER-CS", "Other CS", "local_authority", "", "test").await.unwrap();
        cli.create_agency("CHARITY", "Charity", "rhi_provider", "", "test").await.unwrap();
        cli.create_agency("PCC", "Commissioner", "commissioner", "", "test").await.unwrap();
        for (user, agency, role) in [
            ("pc.one", "SWP", "practitioner"),
            ("sgt.one", "SWP", "supervisor"),
            ("analyst.one", "SWP", "analyst"),
            ("sw.one", "CARDIFF-CS", "practitioner"),
            ("sw.other", "OTHER-CS", "practitioner"),
            ("rhi.one", "CHARITY", "practitioner"),
            ("pcc.one", "PCC", "supervisor"),
        ] {
            cli.create_user(user, agency, role, "", "test").await.unwrap();
        }
        let agreement = |name, members, classes| NewAgreement {
            name,
            purpose: "safeguarding",
            members,
            classes,
            to: vec!["police", "local_authority", "commissioner"],
            scope: "cohort",
            roles: "all",
            starts_on: "2026-01-01",
            ends_on: "",
            review_on: "",
        };
        cli.create_agreement(
            &agreement(
                "Exploitation ISP",
                vec!["SWP", "CARDIFF-CS", "PCC"],
                vec!["identity", "exploitation_screening"],
            ),
            "test",
        )
        .await
        .unwrap();
        cli.create_agreement(&agreement("Missing ISP", vec!["SWP", "OTHER-CS"], vec!["identity"]), "test")
            .await
            .unwrap();
        let form = PersonForm {
            given_name: "Cerys".into(),
            family_name: "Morgan".into(),
            date_of_birth: Some("2013-06-01".into()),
            sex: "female".into(),
            ..PersonForm::default()
        };
        let now = chrono::Utc::now();
        let details = form.parse(now.date_naive(), None, None).unwrap();
        let person = Person::new(details, police.id, None, now);
        let audit = AuditEvent::system("test", AuditAction::PersonCreate, "test", now).person(person.id);
        store.create_person(&person, &audit).await.unwrap();
        Install { store, child: person.id, _dir: dir }
    }

    async fn user(&self, name: &str) -> User {
        self.store.user_with_credentials(&Username::parse(name).unwrap()).await.unwrap().unwrap().0
    }
}

fn red<'a>() -> ScreeningInput<'a> {
    ScreeningInput {
        tool_version: None,
        answers: vec![
            ("missing-overnight", "present", "two nights in Swansea"),
            ("money-unexplained", "present", ""),
            ("offending-supply", "present", "found with wraps"),
            ("money-phone", "present", ""),
            ("school-absence", "absent", ""),
        ],
        tier: None,
        reason: "",
    }
}

#[tokio::test]
async fn a_practitioner_screens_a_child_and_partners_see_it_only_where_the_agreement_names_screenings() {
    let install = Install::new().await;
    let tools = Tools::standard();
    let sw = install.user("sw.one").await;
    let caller = Caller::load(&install.store, &sw).await.unwrap();
    let done = caller.screen_child(install.child, &red(), &tools, "test").await.unwrap();
    assert_eq!((done.screening.assessment.score, done.screening.tier), (16, Tier::Red));
    assert!(done.outcomes.strategy_discussion && done.outcomes.mace_referral);
    assert_eq!(done.outcomes.nrm_prompt, vec![Exploitation::Cce, Exploitation::Cse]);

    // Audited on the child's trail with codes and numbers only.
    let trail = install.store.person_audit(install.child, 50).await.unwrap();
    let made = trail.iter().find(|e| e.action == AuditAction::ScreeningCreate).unwrap();
    assert_eq!(made.detail.as_deref(), Some("screening: v1 score 16 red"));

    // The police (a partner sharing screenings) read it; the other council sees the child but
    // not the screening; the charity does not see the child at all.
    let sgt = install.user("sgt.one").await;
    let police = Caller::load(&install.store, &sgt).await.unwrap();
    let (seen, _) = police.child_screenings(install.child, "test").await.unwrap();
    assert_eq!(seen, std::slice::from_ref(&done.screening));
    let other = install.user("sw.other").await;
    let other = Caller::load(&install.store, &other).await.unwrap();
    assert!(other.child_screenings(install.child, "test").await.unwrap().0.is_empty());
    assert!(other.latest_screenings(&[install.child]).await.unwrap().is_empty());
    let charity = install.user("rhi.one").await;
    let charity = Caller::load(&install.store, &charity).await.unwrap();
    assert!(matches!(charity.child_screenings(install.child, "test").await, Err(Refusal::NotFound)));
    assert!(matches!(charity.screen_child(install.child, &red(), &tools, "test").await, Err(Failure::NotFound)));
    assert!(charity.latest_screenings(&[install.child]).await.unwrap().is_empty());

    // An analyst reads but does not screen; the commissioner does not screen children.
    let analyst = install.user("analyst.one").await;
    let analyst = Caller::load(&install.store, &analyst).await.unwrap();
    assert_eq!(analyst.child_screenings(install.child, "test").await.unwrap().0.len(), 1);
    assert!(matches!(
        analyst.screen_child(install.child, &red(), &tools, "test").await,
        Err(Failure::Forbidden("role-not-permitted"))
    ));
    let pcc = install.user("pcc.one").await;
    let pcc = Caller::load(&install.store, &pcc).await.unwrap();
    assert!(matches!(
        pcc.screen_child(install.child, &red(), &tools, "test").await,
        Err(Failure::Forbidden("agency-not-permitted"))
    ));

    // The latest per child: a later screening by the police replaces the council's for them.
    let pc = install.user("pc.one").await;
    let pc = Caller::load(&install.store, &pc).await.unwrap();
    let raised = ScreeningInput {
        answers: vec![("missing-late", "present", "")],
        tier: Some("amber"),
        ..ScreeningInput::default()
    };
    let later = pc.screen_child(install.child, &raised, &tools, "test").await.unwrap();
    assert_eq!((later.screening.assessment.tier, later.screening.tier), (Tier::Green, Tier::Amber));
    let latest = police.latest_screenings(&[install.child, PersonId::new()]).await.unwrap();
    assert_eq!(latest.len(), 1);
    assert_eq!(latest[&install.child].id, later.screening.id);
    assert_eq!(police.child_screenings(install.child, "test").await.unwrap().0.len(), 2);
}

#[tokio::test]
async fn bad_input_is_refused_by_field_and_nothing_is_written() {
    let install = Install::new().await;
    let sw = install.user("sw.one").await;
    let caller = Caller::load(&install.store, &sw).await.unwrap();
    let mut tools = Tools::standard();
    let mut v2 = tools.versions[0].clone();
    v2.version = 2;
    tools.versions[0].retired = true;
    tools.versions.push(v2);
    let bad = ScreeningInput {
        tool_version: Some(1),
        answers: vec![("missing-overnight", "present", ""), ("made-up", "present", "")],
        tier: Some("green"),
        reason: "",
    };
    let before = install.store.person_audit(install.child, 100).await.unwrap().len();
    match caller.screen_child(install.child, &bad, &tools, "test").await {
        Err(Failure::Invalid(e)) => {
            let got: Vec<_> = e.0.iter().map(|p| (p.field.as_str(), p.code)).collect();
            assert_eq!(got, [("tool_version", "retired-tool-version")]);
        }
        other => panic!("expected problems, got {other:?}"),
    }
    let lowered = ScreeningInput { tier: Some("green"), ..red() };
    let bad_code = ScreeningInput { answers: vec![("made-up", "present", "")], ..ScreeningInput::default() };
    for (input, expected) in [
        (lowered, vec![("reason", "lowered-without-reason")]),
        (bad_code, vec![("answers.made-up", "unknown-indicator")]),
    ] {
        match caller.screen_child(install.child, &input, &tools, "test").await {
            Err(Failure::Invalid(e)) => {
                let got: Vec<_> = e.0.iter().map(|p| (p.field.as_str(), p.code)).collect();
                assert_eq!(got, expected);
            }
            other => panic!("expected problems, got {other:?}"),
        }
    }
    let (seen, _) = caller.child_screenings(install.child, "test").await.unwrap();
    assert!(seen.is_empty(), "nothing written");
    let trail = install.store.person_audit(install.child, 100).await.unwrap();
    assert!(trail.iter().all(|e| e.action != AuditAction::ScreeningCreate));
    assert!(trail.len() > before, "the reads are audited");
}

#[tokio::test]
async fn the_form_offers_the_tool_in_force_with_suggestions_from_the_childs_episodes() {
    let install = Install::new().await;
    let sw = install.user("sw.one").await;
    let caller = Caller::load(&install.store, &sw).await.unwrap();
    let form =
        caller.screening_form(install.child, &Tools::standard(), &MissingRules::default(), "test").await.unwrap();
    assert_eq!(form.tool.version, 1);
    assert_eq!(form.person.id, install.child);
    assert!(form.suggestions.is_empty(), "no episodes, no suggestions");
    let charity = install.user("rhi.one").await;
    let charity = Caller::load(&install.store, &charity).await.unwrap();
    let refused = charity.screening_form(install.child, &Tools::standard(), &MissingRules::default(), "test").await;
    assert!(matches!(refused, Err(Failure::NotFound)));
}
