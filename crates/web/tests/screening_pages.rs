//! The screening pages as a practitioner meets them: from the person's page to the form grouped
//! by theme with guidance and what haven already knows beside it (never answered for them), bad
//! input shown by field with nothing written, and the result in words with what is due; in
//! English and Welsh.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[allow(dead_code, reason = "each test binary uses part of the shared harness")]
mod util;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use haven_domain::audit::AuditAction;
use haven_domain::uktime::format_uk;
use util::{Browser, TestApp, esc, location, text};

fn uk(hours_ago: i64) -> String {
    format_uk(Utc::now() - Duration::hours(hours_ago))
}

/// Siân reported missing and found with two older males, having disclosed harm.
async fn missing_and_found(app: &TestApp, b: &Browser) {
    let (reported, seen) = (uk(30), uk(31));
    let report = [
        ("csrf_token", b.csrf.as_str()),
        ("reported_at", &reported),
        ("last_seen_at", &seen),
        ("last_seen_where", "Bus station"),
        ("reporter", "foster_carer"),
        ("risk_grade", "high"),
        ("risk_rationale", "Seen with older males"),
    ];
    // A high grade needs the risk questionnaire answered.
    let mut report = report.to_vec();
    report.extend(haven_domain::missing::episode::RISK_QUESTIONS.iter().map(|q| (*q, "not_known")));
    let response = app.post(&format!("/people/{}/missing/new", app.sian), &b.cookie, &report).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", text(response).await);
    let path = location(&response);
    let episode = app.store.person_episodes(app.sian, &util_event()).await.unwrap();
    let version = episode[0].version.to_string();
    let back = uk(1);
    let found = [
        ("csrf_token", b.csrf.as_str()),
        ("version", version.as_str()),
        ("returned_at", back.as_str()),
        ("found_where", "A flat in Swansea"),
        ("with_whom", "Two older males"),
        ("disclosed", "yes"),
    ];
    let response = app.post(&format!("{path}/return"), &b.cookie, &found).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", text(response).await);
}

fn util_event() -> haven_domain::audit::AuditEvent {
    haven_domain::audit::AuditEvent::system("test", AuditAction::EpisodeList, "test", Utc::now())
}

#[tokio::test]
async fn a_practitioner_screens_a_child_from_their_page_and_reads_the_result_in_words() {
    let app = TestApp::new().await;
    let b = app.browser("practitioner").await;
    missing_and_found(&app, &b).await;

    let person = text(app.get(&format!("/people/{}", app.sian), Some(&b)).await).await;
    assert!(person.contains(&format!("href=\"/people/{}/screenings/new\"", app.sian)), "{person}");

    let form = text(app.get(&format!("/people/{}/screenings/new", app.sian), Some(&b)).await).await;
    for heading in [
        "Missing",
        "Relationships and older associates",
        "Money, gifts and phones",
        "Offending as a victim of exploitation",
    ] {
        assert!(form.contains(&format!("<h2 class=\"govuk-heading-m\">{}</h2>", esc(heading))), "{heading}");
    }
    assert!(form.contains("Unexplained amounts of money, expensive clothes"), "guidance is shown");
    // What haven knows, with its source, beside the indicators it bears on; nothing answered.
    assert!(form.contains("data-testid=\"suggestion-rel-adults-of-concern\""), "{form}");
    assert!(form.contains("Found with: Two older males"));
    assert!(form.contains("data-testid=\"suggestion-missing-disclosure\""));
    assert!(form.contains("data-testid=\"suggestion-missing-overnight\""), "a 30-hour episode");
    assert!(
        !form.contains(" checked>") || form.matches(" checked>").count() == 1,
        "only the tool's tier is preselected"
    );

    // Lowered without a reason: refused by field, nothing written.
    let path = format!("/people/{}/screenings/new", app.sian);
    let red = [
        ("csrf_token", b.csrf.as_str()),
        ("tool_version", "1"),
        ("answers.missing-overnight", "present"),
        ("answers.missing-overnight.note", "30 hours, found in Swansea"),
        ("answers.money-unexplained", "present"),
        ("answers.offending-supply", "present"),
        ("answers.money-phone", "present"),
        ("answers.school-absence", "absent"),
    ];
    let mut lowered = red.to_vec();
    lowered.push(("tier", "amber"));
    let response = app.post(&path, &b.cookie, &lowered).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(response).await;
    assert!(page.contains("Give the reason for a lower tier than the tool"), "{page}");
    assert!(page.contains("href=\"#reason\""));
    assert!(page.contains("30 hours, found in Swansea"), "what was typed is kept");
    let mut unknown = red.to_vec();
    unknown.push(("answers.made-up", "present"));
    let response = app.post(&path, &b.cookie, &unknown).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(response).await.contains("This indicator is not in the screening tool"));
    let mut retired = red.to_vec();
    retired[1] = ("tool_version", "7");
    let response = app.post(&path, &b.cookie, &retired).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app.trail(app.sian).await.iter().all(|e| e.action != AuditAction::ScreeningCreate), "nothing written");

    // Saved: the result page.
    let response = app.post(&path, &b.cookie, &red).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", text(response).await);
    let result_path = location(&response);
    assert!(result_path.starts_with(&format!("/people/{}/screenings/", app.sian)), "{result_path}");
    let result = text(app.get(&result_path, Some(&b)).await).await;
    assert!(result.contains("data-testid=\"score\">16<"), "{result}");
    assert!(result.contains("data-testid=\"tier\">Red<"));
    assert!(result.contains("a strategy discussion is due, and a referral to MACE is proposed"));
    assert!(result.contains("consider a referral to the National Referral Mechanism"));
    assert!(result.contains("Unexplained money, clothes or items"), "the reasons in words");
    assert!(result.contains("30 hours, found in Swansea"), "with the practitioner's note");

    // The list shows it; in Welsh too.
    let list = text(app.get(&format!("/people/{}/screenings", app.sian), Some(&b)).await).await;
    assert!(list.contains(&result_path), "{list}");
    let cy = text(app.get(&format!("{result_path}?lang=cy"), Some(&b)).await).await;
    assert!(cy.contains("mae angen trafodaeth strategaeth"), "{cy}");
    assert!(cy.contains(">Coch<"));
    let form_cy = text(app.get(&format!("{path}?lang=cy"), Some(&b)).await).await;
    assert!(form_cy.contains(&esc("Arian, dillad neu eitemau heb esboniad")), "indicators in Welsh");
}

#[tokio::test]
async fn a_force_without_an_agreement_sees_no_screening_form_or_result() {
    let app = TestApp::new().await;
    let b = app.browser("practitioner").await;
    let red = [("csrf_token", b.csrf.as_str()), ("tool_version", "1"), ("answers.missing-late", "present")];
    let response = app.post(&format!("/people/{}/screenings/new", app.sian), &b.cookie, &red).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let result_path = location(&response);
    let other = app.browser("dpp.officer").await;
    for path in
        [format!("/people/{}/screenings/new", app.sian), format!("/people/{}/screenings", app.sian), result_path]
    {
        assert_eq!(app.get(&path, Some(&other)).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let analyst = app.browser("analyst").await;
    assert_eq!(
        app.get(&format!("/people/{}/screenings/new", app.sian), Some(&analyst)).await.status(),
        StatusCode::FORBIDDEN
    );
    let list = text(app.get(&format!("/people/{}/screenings", app.sian), Some(&analyst)).await).await;
    assert!(!list.contains("data-testid=\"screen-child\""), "an analyst reads, not screens");
}
