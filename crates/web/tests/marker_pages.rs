//! Warning markers and NRM referrals in the pages, as a practitioner and a supervisor meet them:
//! a marker raised on a child waits for a supervisor's approval on the child's page, in English
//! and Welsh; an offending-type marker on a child under 10 and a review more than 12 months out
//! are refused by field with nothing written; the raiser is offered no Approve button; the
//! overdue reviews page lists what is overdue; an NRM referral shows with the days awaited.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[allow(dead_code, reason = "each test binary uses part of the shared harness")]
mod util;

use axum::http::StatusCode;
use chrono::{Duration, Months};
use haven_domain::audit::{AuditAction, AuditEvent};
use haven_domain::person::Person;
use util::{TestApp, location, person_form, text, today};

fn day(offset: i64) -> String {
    (today() + Duration::days(offset)).to_string()
}

async fn markers_of(app: &TestApp, person: haven_domain::ids::PersonId) -> usize {
    let audit = AuditEvent::system("test", AuditAction::MarkerList, "test", chrono::Utc::now());
    app.store.person_markers(person, &audit).await.unwrap().len()
}

#[tokio::test]
async fn a_marker_raised_in_the_pages_waits_for_another_supervisors_approval() {
    let app = TestApp::new().await;
    let pc = app.browser("practitioner").await;
    let sgt = app.browser("supervisor").await;
    let new = format!("/people/{}/markers/new", app.sian);
    assert_eq!(app.get(&new, Some(&pc)).await.status(), StatusCode::OK);
    let (start, review) = (day(-1), day(60));
    let fields = [
        ("csrf_token", pc.csrf.as_str()),
        ("marker_type", "county_lines"),
        ("reason", "Found in a trap house in another force area"),
        ("source_note", "Strategy meeting"),
        ("starts_on", start.as_str()),
        ("review_on", review.as_str()),
    ];
    let made = app.post(&new, &pc.cookie, &fields).await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&made), format!("/people/{}#markers", app.sian));

    // The raiser sees it pending with no button; the supervisor sees the button and approves.
    let page = text(app.get(&format!("/people/{}", app.sian), Some(&pc)).await).await;
    assert!(page.contains("County lines") && page.contains("Waiting for approval"), "{page}");
    assert!(!page.contains("/approve\""), "no Approve button for the raiser");
    let page = text(app.get(&format!("/people/{}", app.sian), Some(&sgt)).await).await;
    let start_at = page.find("action=\"/markers/").unwrap() + "action=\"".len();
    let action = page[start_at..].split('"').next().unwrap().to_owned();
    let approved = app.post(&action, &sgt.cookie, &[("csrf_token", sgt.csrf.as_str()), ("version", "1")]).await;
    assert_eq!(approved.status(), StatusCode::SEE_OTHER);
    let page = text(app.get(&format!("/people/{}?lang=cy", app.sian), Some(&pc)).await).await;
    assert!(page.contains("Marcwyr rhybudd") && page.contains("Gweithredol"), "in Welsh, active");
}

#[tokio::test]
async fn bad_markers_are_refused_by_field_and_nothing_is_written() {
    let app = TestApp::new().await;
    let pc = app.browser("practitioner").await;
    // An eight-year-old the police hold.
    let dob = (today() - Months::new(12 * 8)).to_string();
    let details = person_form("Elin", "Price", &dob, "female").parse(today(), None, None).unwrap();
    let elin = Person::new(details, app.police, None, chrono::Utc::now());
    let audit = AuditEvent::system("test", AuditAction::PersonCreate, "test", chrono::Utc::now()).person(elin.id);
    app.store.create_person(&elin, &audit).await.unwrap();
    let (start, review, far) = (day(0), day(30), day(400));
    let post = |person: haven_domain::ids::PersonId, kind: &'static str, review: String| {
        let csrf = pc.csrf.clone();
        let start = start.clone();
        let cookie = pc.cookie.clone();
        let app = &app;
        async move {
            let fields = [
                ("csrf_token", csrf.as_str()),
                ("marker_type", kind),
                ("reason", "Seen carrying a knife"),
                ("source_note", "PNC"),
                ("starts_on", start.as_str()),
                ("review_on", review.as_str()),
            ];
            app.post(&format!("/people/{person}/markers/new"), &cookie, &fields).await
        }
    };
    let under_ten = post(elin.id, "weapons", review.clone()).await;
    assert_eq!(under_ten.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(under_ten).await;
    assert!(html.contains("the age of criminal responsibility"), "{html}");
    assert!(html.contains("href=\"#marker_type\""), "the error summary links to the field");
    let far = post(app.sian, "at_risk_cse", far).await;
    assert_eq!(far.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(far).await.contains("within 12 months"));
    assert_eq!(markers_of(&app, elin.id).await + markers_of(&app, app.sian).await, 0, "nothing written");
    // Another force's child is a page that does not exist.
    let hidden = app.get(&format!("/people/{}/markers/new", app.tomos), Some(&pc)).await;
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn overdue_reviews_and_nrm_referrals_are_shown() {
    let app = TestApp::new().await;
    let pc = app.browser("practitioner").await;
    let (start, review) = (day(-90), day(-1));
    let fields = [
        ("csrf_token", pc.csrf.as_str()),
        ("marker_type", "at_risk_cce"),
        ("reason", "Running for an older group"),
        ("source_note", "MACE"),
        ("starts_on", start.as_str()),
        ("review_on", review.as_str()),
    ];
    let made = app.post(&format!("/people/{}/markers/new", app.cerys), &pc.cookie, &fields).await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    let overdue = text(app.get("/markers/overdue", Some(&pc)).await).await;
    assert!(overdue.contains("Cerys Morgan") && overdue.contains(&format!("/people/{}#markers", app.cerys)));
    let none = text(app.get("/markers/overdue", Some(&app.browser("dpp.officer").await)).await).await;
    assert!(none.contains("No reviews are overdue"), "another force sees none");

    let referred = day(-50);
    let nrm = [
        ("csrf_token", pc.csrf.as_str()),
        ("first_responder", "police"),
        ("referred_on", referred.as_str()),
        ("exploitation", "cce"),
    ];
    let new = format!("/people/{}/nrm/new", app.cerys);
    assert_eq!(app.post(&new, &pc.cookie, &nrm).await.status(), StatusCode::SEE_OTHER);
    let page = text(app.get(&format!("/people/{}", app.cerys), Some(&pc)).await).await;
    assert!(page.contains("Child criminal exploitation") && page.contains("Awaited (50 days)"), "{page}");
    assert!(page.contains("awaited more than 45 days"));
    let future = [
        ("csrf_token", pc.csrf.as_str()),
        ("first_responder", "police"),
        ("referred_on", "2099-01-01"),
        ("exploitation", "cse"),
    ];
    assert_eq!(app.post(&new, &pc.cookie, &future).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// Owned form fields as the harness takes them.
fn refs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// The first link on `page` that begins `prefix`.
fn link(page: &str, prefix: &str) -> String {
    let at = page.find(&format!("href=\"{prefix}")).unwrap() + "href=\"".len();
    page[at..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_marker_is_reviewed_and_an_nrm_decision_recorded_in_the_pages_each_refused_by_field_first() {
    let app = TestApp::new().await;
    let pc = app.browser("practitioner").await;
    let sgt = app.browser("supervisor").await;
    let new = format!("/people/{}/markers/new", app.sian);
    let (start, review) = (day(-30), day(60));
    let fields = [
        ("csrf_token", pc.csrf.as_str()),
        ("marker_type", "at_risk_cce"),
        ("reason", "Seen running for an older male"),
        ("source_note", "MACE"),
        ("starts_on", start.as_str()),
        ("review_on", review.as_str()),
    ];
    assert_eq!(app.post(&new, &pc.cookie, &fields).await.status(), StatusCode::SEE_OTHER);
    let page = text(app.get(&format!("/people/{}", app.sian), Some(&sgt)).await).await;
    let start_at = page.find("action=\"/markers/").unwrap() + "action=\"".len();
    let approve = page[start_at..].split('"').next().unwrap().to_owned();
    let ok = app.post(&approve, &sgt.cookie, &[("csrf_token", sgt.csrf.as_str()), ("version", "1")]).await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);

    // The review form names the marker and the child; kept without a next date, then with one
    // more than 12 months out: each refused by its field, nothing written.
    let page = text(app.get(&format!("/people/{}", app.sian), Some(&pc)).await).await;
    let form = link(&page, "/markers/");
    assert!(form.ends_with("/review"), "{form}");
    let shown = text(app.get(&form, Some(&pc)).await).await;
    assert!(shown.contains("Review the At risk of child criminal exploitation marker on Siân"), "{shown}");
    let keep = |next: &str| {
        [
            ("csrf_token", pc.csrf.clone()),
            ("version", "2".into()),
            ("outcome", "keep".into()),
            ("next_review_on", next.into()),
        ]
    };
    let refused = app.post(&form, &pc.cookie, &refs(&keep(""))).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(refused).await.contains("href=\"#next_review_on\""));
    let far = (today() + Months::new(13)).format("%d/%m/%Y").to_string();
    let refused = app.post(&form, &pc.cookie, &refs(&keep(&far))).await;
    assert!(text(refused).await.contains("within 12 months"));
    let audit = || AuditEvent::system("test", AuditAction::MarkerList, "test", chrono::Utc::now());
    let m = &app.store.person_markers(app.sian, &audit()).await.unwrap()[0];
    assert!(m.reviews.is_empty());

    // Ended, with a note: the marker is ended and its review kept.
    let end = [("csrf_token", pc.csrf.as_str()), ("version", "2"), ("outcome", "end"), ("note", "No longer at risk")];
    let done = app.post(&form, &pc.cookie, &end).await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    let m = &app.store.person_markers(app.sian, &audit()).await.unwrap()[0];
    assert_eq!((m.reviews.len(), m.ended_on.is_some()), (1, true));

    // An NRM referral, then its decisions: one dated before the referral is refused by field.
    let refer = format!("/people/{}/nrm/new", app.sian);
    let referred = day(-20);
    let fields = [
        ("csrf_token", pc.csrf.as_str()),
        ("first_responder", "police"),
        ("referred_on", referred.as_str()),
        ("exploitation", "cce"),
    ];
    assert_eq!(app.post(&refer, &pc.cookie, &fields).await.status(), StatusCode::SEE_OTHER);
    let page = text(app.get(&format!("/people/{}", app.sian), Some(&pc)).await).await;
    let form = link(&page, "/nrm/");
    let shown = text(app.get(&form, Some(&pc)).await).await;
    assert!(shown.contains("Record an NRM decision for Siân"), "{shown}");
    let decide = |on: String| {
        [
            ("csrf_token", pc.csrf.clone()),
            ("version", "1".to_owned()),
            ("stage", "reasonable_grounds".to_owned()),
            ("outcome", "positive".to_owned()),
            ("decided_on", on),
        ]
    };
    let early = (today() - Duration::days(25)).format("%d/%m/%Y").to_string();
    let refused = app.post(&form, &pc.cookie, &refs(&decide(early))).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(refused).await.contains("before the referral"));
    let on = (today() - Duration::days(2)).format("%d/%m/%Y").to_string();
    assert_eq!(app.post(&form, &pc.cookie, &refs(&decide(on))).await.status(), StatusCode::SEE_OTHER);
    let page = text(app.get(&format!("/people/{}", app.sian), Some(&pc)).await).await;
    assert!(page.contains("Positive"), "the decision is shown");
}
