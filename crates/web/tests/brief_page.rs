//! The morning brief page: what each role and kind of agency sees of it, in English and Welsh,
//! that it keeps to the children the agency may see, and that every view is audited.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[expect(dead_code, reason = "the harness is shared by the page test binaries; this one uses part of it")]
mod util;

use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use haven_domain::agency::{Agency, AgencyCode, AgencyKind};
use haven_domain::audit::{AuditAction, AuditEvent};
use haven_domain::ids::{AgencyId, AgreementId, EpisodeId, PersonId, UserId};
use haven_domain::missing::RiskGrade;
use haven_domain::missing::brief::brief_instant;
use haven_domain::missing::episode::{Grading, ReporterKind};
use haven_domain::missing::record::{MissingEpisode, ReturnRecord};
use haven_domain::sharing::Agreement;
use haven_domain::uktime::uk_date;
use haven_domain::user::{Role, User, Username};
use util::{TestApp, esc, text};

fn system() -> AuditEvent {
    AuditEvent::system("test", AuditAction::EpisodeReport, "test setup", Utc::now())
}

fn episode(
    owner: AgencyId,
    person: PersonId,
    reported: DateTime<Utc>,
    grade: RiskGrade,
    returned: Option<DateTime<Utc>>,
) -> MissingEpisode {
    MissingEpisode {
        id: EpisodeId::new(),
        person_id: person,
        reported_at: reported,
        last_seen_at: reported - Duration::hours(1),
        last_seen_where: "Outside the bus station".into(),
        reporter: ReporterKind::ChildrensHomeStaff,
        from_location: None,
        area_id: None,
        circumstances: "Did not come back after school".into(),
        police_reference: Some("SWP-0001".into()),
        officer_in_charge: String::new(),
        out_of_area: false,
        gradings: vec![Grading {
            grade,
            rationale: "Known to an older male; phone off".into(),
            answers: vec![],
            graded_at: reported,
            graded_by: None,
            rules_version: "test".into(),
            naira_reason: None,
        }],
        notes: vec![],
        found: returned.map(|returned_at| ReturnRecord {
            returned_at,
            found_where: "Town centre".into(),
            found_by: "Police".into(),
            with_whom: String::new(),
            harm_seen: String::new(),
            disclosed: false,
            found_in_other_force_area: false,
            prevention_interview_at: None,
            prevention_interview_notes: String::new(),
            recorded_by: None,
            recorded_at: returned_at,
        }),
        rhi: None,
        recorded_by: None,
        owner,
        imported: false,
        version: 1,
    }
}

struct Fixture {
    app: TestApp,
    /// Siân (held by the police): missing now at high risk, reported two hours before the brief.
    sian_episode: EpisodeId,
    /// Cerys (held by the council, shared): came back four days ago, no interview yet.
    cerys_episode: EpisodeId,
    /// Tomos (held by another force only): missing now, not for our eyes.
    tomos_episode: EpisodeId,
}

async fn fixture() -> Fixture {
    let app = TestApp::new().await;
    let at = brief_instant(uk_date(Utc::now())).min(Utc::now());
    let dpp = app.store.agency_by_code(&AgencyCode::parse("DPP").unwrap()).await.unwrap().unwrap().id;
    let sian = episode(app.police, app.sian, at - Duration::hours(2), RiskGrade::High, None);
    let cerys =
        episode(app.police, app.cerys, at - Duration::hours(100), RiskGrade::Medium, Some(at - Duration::hours(90)));
    let tomos = episode(dpp, app.tomos, at - Duration::hours(1), RiskGrade::High, None);
    for e in [&sian, &cerys, &tomos] {
        app.store.report_episode(e, &system().person(e.person_id)).await.unwrap();
    }
    Fixture { sian_episode: sian.id, cerys_episode: cerys.id, tomos_episode: tomos.id, app }
}

/// An agency of `kind` that shares with the test's police under an agreement, and a
/// practitioner of it; returns the username.
async fn partner_user(app: &TestApp, code: &str, kind: AgencyKind) -> String {
    let agency = Agency {
        id: AgencyId::new(),
        code: AgencyCode::parse(code).unwrap(),
        name: format!("{code} agency"),
        kind,
        area_id: None,
    };
    let audit = |action| AuditEvent::system("test", action, "test setup", Utc::now());
    app.store.create_agency(&agency, &audit(AuditAction::AgencyCreate)).await.unwrap();
    let agreement = Agreement {
        id: AgreementId::new(),
        name: format!("{code} sharing"),
        purpose: "safeguarding".into(),
        members: vec![app.police, agency.id],
        grants: Agreement::share_everything(),
        starts_on: uk_date(Utc::now()) - Duration::days(30),
        ends_on: None,
        review_on: None,
    };
    app.store.create_agreement(&agreement, &audit(AuditAction::AgreementCreate)).await.unwrap();
    let username = format!("{}.worker", code.to_lowercase());
    let user = User {
        id: UserId::new(),
        username: Username::parse(&username).unwrap(),
        display_name: username.clone(),
        agency_id: agency.id,
        role: Role::Practitioner,
        disabled: false,
        identity: None,
    };
    app.store.create_user(&user, "not-a-real-hash", &audit(AuditAction::UserCreate)).await.unwrap();
    app.store.set_password(user.id, "not-a-real-hash", &audit(AuditAction::UserPasswordSet)).await.unwrap();
    username
}

/// The views of the brief in the audit table: (actor label, detail).
async fn brief_views(app: &TestApp) -> Vec<(String, Option<String>)> {
    let url = format!("sqlite://{}?mode=ro", app.data_dir().join("haven.db").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let rows = sqlx::query_as::<_, (String, Option<String>)>(
        "SELECT actor_label, detail FROM audit_events WHERE action = 'report.view' AND purpose = ? ORDER BY at",
    )
    .bind("GET /reports/morning-brief")
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    rows
}

#[tokio::test]
async fn a_practitioner_reads_the_brief_of_the_children_their_agency_may_see_and_the_view_is_audited() {
    let f = fixture().await;
    let b = f.app.browser("practitioner").await;
    let response = f.app.get("/reports/morning-brief", Some(&b)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = text(response).await;
    assert!(html.contains("Morning brief for"));
    // Siân: opened since yesterday's brief and missing at high risk, linked to her episode.
    assert!(html.contains("Siân Evans"));
    assert!(html.contains(&format!("href=\"/missing/{}\"", f.sian_episode)));
    assert!(html.contains(&format!("href=\"/people/{}\"", f.app.sian)));
    assert!(html.contains("Missing now at high risk (1)"));
    // Cerys's interview ran out 18 hours before the brief.
    assert!(html.contains("Return home interviews overdue (1)"));
    assert!(html.contains(&format!("href=\"/missing/{}\"", f.cerys_episode)));
    // Tomos is held by a force outside any agreement.
    assert!(!html.contains("Tomos") && !html.contains(&f.tomos_episode.to_string()));
    assert!(!html.contains("<script>") && !html.contains(" style=\""));

    let views = brief_views(&f.app).await;
    assert_eq!(views.len(), 1);
    assert_eq!(views[0].0, "practitioner");
    assert!(views[0].1.as_deref().unwrap_or_default().starts_with("morning brief "));
}

#[tokio::test]
async fn the_brief_is_in_welsh_too() {
    let f = fixture().await;
    let b = f.app.browser("supervisor").await;
    let html = text(f.app.get("/reports/morning-brief?lang=cy", Some(&b)).await).await;
    assert!(html.contains("Briff y bore ar gyfer"));
    assert!(html.contains("Ar goll nawr â risg uchel (1)"));
    assert!(html.contains(&esc("Cyfweliadau dychwelyd adref sy'n hwyr (1)")));
    assert!(html.contains("Gweld y cyfnod ar goll"));
    assert!(html.contains("<strong class=\"govuk-tag govuk-tag--red\">Uchel</strong>"));
}

#[tokio::test]
async fn roles_that_do_not_see_episodes_are_refused() {
    let f = fixture().await;
    for role in [Role::Scrutiny, Role::Admin] {
        let b = f.app.browser(role.code()).await;
        let response = f.app.get("/reports/morning-brief", Some(&b)).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{role:?}");
    }
    for role in [Role::Practitioner, Role::Supervisor, Role::MaceChair, Role::Analyst] {
        let b = f.app.browser(role.code()).await;
        assert_eq!(f.app.get("/reports/morning-brief", Some(&b)).await.status(), StatusCode::OK, "{role:?}");
    }
    let response = f.app.get("/reports/morning-brief", None).await;
    assert!(response.status().is_redirection());
    assert!(brief_views(&f.app).await.len() == 4, "only the views that were shown are audited");
}

#[tokio::test]
async fn an_agency_that_sees_no_episodes_is_refused_and_the_rhi_provider_sees_no_police_intelligence() {
    let f = fixture().await;
    let commissioner = partner_user(&f.app, "OPCC", AgencyKind::Commissioner).await;
    let b = f.app.browser(&commissioner).await;
    assert_eq!(f.app.get("/reports/morning-brief", Some(&b)).await.status(), StatusCode::FORBIDDEN);

    let provider = partner_user(&f.app, "PATHWAYS", AgencyKind::RhiProvider).await;
    let b = f.app.browser(&provider).await;
    let response = f.app.get("/reports/morning-brief", Some(&b)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = text(response).await;
    assert!(html.contains("Siân Evans"), "the provider sees that Siân is missing");
    assert!(!html.contains("id=\"high-risk\"") && !html.contains("govuk-tag--red\">High"));
    assert!(!html.contains("Outside the bus station"), "nor where she was last seen");
    assert!(!html.contains("id=\"reviews\""));
    // The provider's agreement is with the police only: Cerys, held by the council, is not its
    // to see, so her overdue interview is not on its list.
    assert!(html.contains("Return home interviews overdue (0)") && !html.contains("Cerys"));

    let school = partner_user(&f.app, "YSGOL", AgencyKind::Education).await;
    let b = f.app.browser(&school).await;
    let html = text(f.app.get("/reports/morning-brief", Some(&b)).await).await;
    assert!(html.contains("Siân Evans"));
    assert!(!html.contains("id=\"rhi-due\"") && !html.contains("id=\"rhi-overdue\""));
    assert!(!html.contains("id=\"high-risk\"") && !html.contains("id=\"reviews\""));
    assert!(html.contains("id=\"opened\""));
}

#[tokio::test]
async fn a_bad_or_future_date_is_explained_and_a_past_date_shows_that_mornings_brief() {
    let f = fixture().await;
    let b = f.app.browser("practitioner").await;
    let response = f.app.get("/reports/morning-brief?date=23.11.2026", Some(&b)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(response).await;
    assert!(html.contains("govuk-error-summary") && html.contains("href=\"#date\""));
    assert!(html.contains("value=\"23.11.2026\""));
    // The date as every page writes it (dd/mm/yyyy) is read.
    let response = f.app.get("/reports/morning-brief?date=23%2F11%2F2026", Some(&b)).await;
    assert_eq!(response.status(), StatusCode::OK);

    let tomorrow = (uk_date(Utc::now()) + Duration::days(1)).format("%Y-%m-%d").to_string();
    let response = f.app.get(&format!("/reports/morning-brief?date={tomorrow}"), Some(&b)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(response).await.contains("must be today or in the past"));

    // Siân was reported after yesterday's brief was taken.
    let yesterday = (uk_date(Utc::now()) - Duration::days(1)).format("%Y-%m-%d").to_string();
    let response = f.app.get(&format!("/reports/morning-brief?date={yesterday}"), Some(&b)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = text(response).await;
    assert!(!html.contains("Siân Evans") && html.contains("Missing now at high risk (0)"));
    assert_eq!(brief_views(&f.app).await.len(), 2, "refused dates read nothing: only the two briefs shown");
}
