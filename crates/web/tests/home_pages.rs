//! Each role lands on its own work: the practitioner who reported a child missing sees her
//! under "Your children"; a supervisor sees her among the high-risk children missing now and
//! the overdue reviews; an empty list says so; an admin and the scrutiny role, who read no records, see
//! no children at all.
#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[allow(dead_code, reason = "each test binary uses part of the shared harness")]
mod util;

use axum::http::StatusCode;
use util::{Browser, TestApp, text};

fn uk(hours_ago: i64) -> String {
    let at = chrono::Utc::now() - chrono::Duration::hours(hours_ago);
    at.with_timezone(&chrono_tz::Europe::London).format("%d/%m/%Y %H:%M").to_string()
}

async fn report_high(app: &TestApp, b: &Browser) -> String {
    let (reported, seen) = (uk(2), uk(5));
    let fields = [
        ("csrf_token", b.csrf.as_str()),
        ("reported_at", &reported),
        ("last_seen_at", &seen),
        ("last_seen_where", "Leaving school at the bus stop"),
        ("reporter", "foster_carer"),
        ("circumstances", "Did not come home after school; phone off."),
        ("risk_grade", "high"),
        ("risk_rationale", "Seen with an older male known to police"),
    ];
    // A high grade needs the risk questionnaire answered.
    let mut fields = fields.to_vec();
    fields.extend(haven_domain::missing::episode::RISK_QUESTIONS.iter().map(|q| (*q, "not_known")));
    let response = app.post(&format!("/people/{}/missing/new", app.sian), &b.cookie, &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", text(response).await);
    util::location(&response)
}

#[tokio::test]
async fn each_role_lands_on_its_own_work() {
    let app = TestApp::new().await;
    let practitioner = app.browser("practitioner").await;
    let before = text(app.get("/", Some(&practitioner)).await).await;
    assert!(before.contains("No child is missing now"), "{before}");
    assert!(before.contains("data-testid=\"home-mine-none\""), "an empty list says so: {before}");

    let episode = report_high(&app, &practitioner).await;
    let home = text(app.get("/", Some(&practitioner)).await).await;
    assert!(home.contains("1 child is missing now"), "{home}");
    let mine = &home[home.find("data-testid=\"home-mine\"").unwrap()..];
    assert!(mine.contains(&format!("href=\"{episode}\"")) && mine.contains("High"), "{home}");
    assert!(!home.contains("data-testid=\"home-high-risk\""), "not a supervisor's list");

    let supervisor = app.browser("supervisor").await;
    let home = text(app.get("/", Some(&supervisor)).await).await;
    let high = &home[home.find("data-testid=\"home-high-risk\"").unwrap()..];
    assert!(high.contains(&format!("href=\"{episode}\"")), "{home}");
    // Graded when reported two hours ago: the hourly supervisor review of a high grade is overdue.
    let overdue = &home[home.find("data-testid=\"home-reviews-overdue\"").unwrap()..];
    assert!(overdue.contains(&format!("href=\"{episode}\"")) && overdue.contains("Overdue"), "{home}");
    assert!(!home.contains("data-testid=\"home-mine"), "not a practitioner's list");
    let welsh = text(app.get("/?lang=cy", Some(&supervisor)).await).await;
    assert!(welsh.contains("Risg uchel, ar goll nawr") && welsh.contains("Mae 1 plentyn ar goll nawr"), "{welsh}");

    for user in ["admin", "scrutiny"] {
        let b = app.browser(user).await;
        let home = text(app.get("/", Some(&b)).await).await;
        assert!(!home.contains("missing now") && !home.contains(&episode), "{user}: {home}");
    }
    let scrutiny = text(app.get("/", Some(&app.browser("scrutiny").await)).await).await;
    assert!(scrutiny.contains("data-testid=\"scrutiny\""), "{scrutiny}");
}

/// A return home interview provider under an agreement with the police; its practitioner.
async fn rhi_provider(app: &TestApp) -> Browser {
    use haven_domain::agency::{Agency, AgencyCode, AgencyKind};
    use haven_domain::audit::{AuditAction, AuditEvent};
    use haven_domain::ids::{AgencyId, AgreementId, UserId};
    use haven_domain::sharing::Agreement;
    use haven_domain::user::{Role, User, Username};
    let system = |action| AuditEvent::system("test", action, "test setup", chrono::Utc::now());
    let code = AgencyCode::parse("PATHWAYS").unwrap();
    let agency =
        Agency { id: AgencyId::new(), code, name: "Pathways".into(), kind: AgencyKind::RhiProvider, area_id: None };
    app.store.create_agency(&agency, &system(AuditAction::AgencyCreate)).await.unwrap();
    let user = User {
        id: UserId::new(),
        username: Username::parse("rhi.worker").unwrap(),
        display_name: "RHI worker".into(),
        agency_id: agency.id,
        role: Role::Practitioner,
        disabled: false,
        identity: None,
    };
    app.store.create_user(&user, "not-used", &system(AuditAction::UserCreate)).await.unwrap();
    app.store.set_password(user.id, "not-used", &system(AuditAction::UserPasswordSet)).await.unwrap();
    let agreement = Agreement {
        id: AgreementId::new(),
        name: "Return home interviews".into(),
        purpose: "safeguarding".into(),
        members: vec![app.police, agency.id],
        grants: Agreement::share_everything(),
        starts_on: util::today() - chrono::Duration::days(10),
        ends_on: None,
        review_on: None,
    };
    app.store.create_agreement(&agreement, &system(AuditAction::AgreementCreate)).await.unwrap();
    app.browser("rhi.worker").await
}

#[tokio::test]
async fn the_interview_provider_lands_on_the_interviews_due() {
    let app = TestApp::new().await;
    let provider = rhi_provider(&app).await;
    let practitioner = app.browser("practitioner").await;
    let episode = report_high(&app, &practitioner).await;
    let before = text(app.get("/", Some(&provider)).await).await;
    assert!(!before.contains("data-testid=\"home-interviews-due\""), "no return yet: {before}");

    let list = haven_domain::audit::AuditEvent::system(
        "test",
        haven_domain::audit::AuditAction::EpisodeList,
        "test",
        chrono::Utc::now(),
    )
    .person(app.sian);
    let version = app.store.person_episodes(app.sian, &list).await.unwrap()[0].version.to_string();
    let back = uk(0);
    let found = [
        ("csrf_token", practitioner.csrf.as_str()),
        ("version", version.as_str()),
        ("returned_at", back.as_str()),
        ("found_where", "A flat on Heol y Frenhines"),
    ];
    let returned = app.post(&format!("{episode}/return"), &practitioner.cookie, &found).await;
    assert_eq!(returned.status(), StatusCode::SEE_OTHER, "{}", text(returned).await);

    let home = text(app.get("/", Some(&provider)).await).await;
    let due = &home[home.find("data-testid=\"home-interviews-due\"").unwrap()..];
    assert!(due.contains(&format!("href=\"{episode}\"")), "{home}");
    assert!(home.contains("href=\"/rhi\""));
    // The practitioner who reported her still has her under their children, returned.
    let mine = text(app.get("/", Some(&practitioner)).await).await;
    assert!(mine.contains("No child is missing now"), "{mine}");
    assert!(mine[mine.find("data-testid=\"home-mine\"").unwrap()..].contains(&format!("href=\"{episode}\"")));
}
