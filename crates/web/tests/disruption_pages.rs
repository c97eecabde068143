//! Disruption in the pages, as a police officer meets it: the form names the adult in its
//! heading and offers the tactics grouped by their usual 4P; a CAWN expiring before its issue is
//! refused with the field named and nothing written, in English and Welsh; a CAWN as it should
//! be is recorded, shown and listed, and its outcome changed; another force's officer gets
//! nothing of it.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[allow(dead_code, reason = "each test binary uses part of the shared harness")]
mod util;

use axum::http::StatusCode;
use chrono::Duration;
use haven_domain::agency::{AgencyCode, Area, AreaKind};
use haven_domain::audit::{AuditAction, AuditEvent};
use haven_domain::ids::{AreaId, PersonId};
use haven_domain::person::{Person, PersonKind};
use haven_store::DisruptionQuery;
use util::{TestApp, esc, location, person_form, text, today};

fn system(action: AuditAction) -> AuditEvent {
    AuditEvent::system("test", action, "test", chrono::Utc::now())
}

/// `DD/MM/YYYY`, as a user types a date.
fn typed(offset: i64) -> String {
    (today() + Duration::days(offset)).format("%d/%m/%Y").to_string()
}

/// An area, and an adult of concern the police hold.
async fn setting(app: &TestApp) -> PersonId {
    let area = Area {
        id: AreaId::new(),
        code: AgencyCode::parse("CARDIFF-N").unwrap(),
        name: "Cardiff North".into(),
        kind: AreaKind::Bcu,
    };
    app.store.create_area(&area, &system(AuditAction::AreaCreate)).await.unwrap();
    let form = haven_domain::person::PersonForm {
        kind: Some("adult".into()),
        ..person_form("Rhys", "Price", "1990-01-01", "male")
    };
    let details = form.parse(today(), None, None).unwrap();
    assert_eq!(details.kind, PersonKind::Adult);
    let rhys = Person::new(details, app.police, None, chrono::Utc::now());
    app.store.create_person(&rhys, &system(AuditAction::PersonCreate).person(rhys.id)).await.unwrap();
    rhys.id
}

async fn written(app: &TestApp) -> usize {
    let q = DisruptionQuery { owners: vec![app.police], ..DisruptionQuery::default() };
    app.store.disruptions(&q, &system(AuditAction::DisruptionList)).await.unwrap().len()
}

#[tokio::test]
async fn a_cawn_is_recorded_from_the_form_and_one_expiring_before_its_issue_is_refused() {
    let app = TestApp::new().await;
    let rhys = setting(&app).await;
    let pc = app.browser("practitioner").await;
    let new = format!("/disruption/new?person={rhys}");
    let home = text(app.get("/", Some(&pc)).await).await;
    assert!(home.contains("href=\"/disruption\""), "the home page links to the list");
    let his_page = text(app.get(&format!("/people/{rhys}"), Some(&pc)).await).await;
    assert!(his_page.contains(&format!("href=\"{new}\"")), "his page offers to record disruption");
    assert!(his_page.contains(&format!("href=\"/disruption?person={rhys}\"")), "and links to his list");
    let form = text(app.get(&new, Some(&pc)).await).await;
    assert!(form.contains("Record disruption against Rhys Price"), "the heading names him");
    assert!(form.contains("<optgroup label=\"Pursue\">") && form.contains("Child abduction warning notice (CAWN)"));
    assert!(!form.contains("Closure notice or order"), "a tactic for places is not offered against a person");

    let sian = app.sian.to_string();
    let (issued, before, after) = (typed(-3), typed(-10), typed(362));
    let fields = |expires: &str| {
        vec![
            ("csrf_token", pc.csrf.clone()),
            ("tactic", "cawn".to_owned()),
            ("four_p", String::new()),
            ("area", "CARDIFF-N".to_owned()),
            ("done_on", issued.clone()),
            ("issued_on", issued.clone()),
            ("expires_on", expires.to_owned()),
            ("child_id", sian.clone()),
            ("outcome", "ongoing".to_owned()),
            ("outcome_note", "Served in person".to_owned()),
            ("officer_name", "PC 1234 Rees".to_owned()),
        ]
    };
    let as_pairs = |f: &[(&'static str, String)]| f.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let post = |f: Vec<(&'static str, String)>, path: String| {
        let app = &app;
        let cookie = pc.cookie.clone();
        async move {
            let borrowed: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post(&path, &cookie, &borrowed).await
        }
    };
    let refused = post(as_pairs(&fields(&before)), new.clone()).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(refused).await;
    assert!(page.contains("The expiry date must be after the date issued"), "{page}");
    assert!(page.contains("href=\"#expires_on\""), "the summary links to the field");
    assert_eq!(written(&app).await, 0, "nothing written");
    let welsh = text(post(as_pairs(&fields(&before)), format!("{new}&lang=cy")).await).await;
    assert!(welsh.contains(&esc("Rhaid i'r dyddiad dod i ben fod ar ôl y dyddiad cyhoeddi")), "{welsh}");
    assert_eq!(written(&app).await, 0, "nothing written");

    let made = post(as_pairs(&fields(&after)), new.clone()).await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    let shown = location(&made);
    assert!(shown.starts_with("/disruption/"), "{shown}");
    let page = text(app.get(&shown, Some(&pc)).await).await;
    assert!(page.contains("Rhys Price") && page.contains("Siân Evans") && page.contains("In force"), "{page}");
    let welsh = text(app.get(&format!("{shown}?lang=cy"), Some(&pc)).await).await;
    assert!(welsh.contains("Hysbysiad rhybudd cipio plant (CAWN)") && welsh.contains("Mewn grym"), "in Welsh");
    let list = text(app.get("/disruption?area=CARDIFF-N&tactic=cawn", Some(&pc)).await).await;
    assert!(list.contains(&shown), "listed");

    // The outcome changes from the form on its page.
    let changed = app
        .post(
            &format!("{shown}/outcome"),
            &pc.cookie,
            &[
                ("csrf_token", pc.csrf.as_str()),
                ("version", "1"),
                ("outcome", "breached"),
                ("outcome_note", "Seen with her"),
            ],
        )
        .await;
    assert_eq!(changed.status(), StatusCode::SEE_OTHER);
    let page = text(app.get(&shown, Some(&pc)).await).await;
    assert!(page.contains("Breached"), "{page}");
    let stale = app
        .post(
            &format!("{shown}/outcome"),
            &pc.cookie,
            &[("csrf_token", pc.csrf.as_str()), ("version", "1"), ("outcome", "completed")],
        )
        .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);

    // Another force's officer: no such page.
    let dpp = app.browser("dpp.officer").await;
    assert_eq!(app.get(&shown, Some(&dpp)).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get(&new, Some(&dpp)).await.status(), StatusCode::NOT_FOUND);
}
