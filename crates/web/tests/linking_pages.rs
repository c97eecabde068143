//! The review queue as a practitioner meets it: a possible link an import could not decide,
//! the two records side by side with each field's weight, link or reject; then unlink and link
//! back, every step audited and nothing lost.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[allow(dead_code, reason = "each test binary uses part of the shared harness")]
mod util;

use axum::http::StatusCode;
use chrono::Utc;
use haven_domain::audit::{AuditAction, AuditEvent};
use haven_domain::ids::{ImportJobId, PersonId};
use haven_domain::import::{ImportStatus, SourceFields, Thresholds, person_details_from_source};
use haven_domain::person::Person;
use haven_store::{ImportJob, JobCounts, RowOutcome};
use serde_json::json;
use util::{TestApp, location, text};

fn fields(record_id: &str, first: &str, surname: &str, dob: &str) -> SourceFields {
    SourceFields {
        record_id: record_id.into(),
        first_name: first.into(),
        surname: surname.into(),
        dob: dob.into(),
        sex: "F".into(),
        postcode: "CF10 1AA".into(),
        ..SourceFields::default()
    }
}

fn explanation() -> serde_json::Value {
    json!({
        "probability": 0.82,
        "prior": -12.5,
        "total": 2.2,
        "fields": [
            {"field": "first_name", "level": "variant", "gamma": 3, "weight": 4.1},
            {"field": "surname", "level": "exact", "gamma": 4, "weight": 7.9},
            {"field": "dob", "level": "exact", "gamma": 5, "weight": 9.2},
            {"field": "postcode", "level": "different", "gamma": 1, "weight": -6.5},
            {"field": "sex", "level": "exact", "gamma": 2, "weight": 0.0}
        ],
        "matched": {"record_id": "CRN-2026/0001", "first_name": "Siân", "surname": "Evans", "dob": "2011-02-28", "sex": "female", "postcode": "CF5 2AB"}
    })
}

/// An import by the police of two rows: one linked to Siân outright, one (Sian, no accent) left
/// for review against her. Returns the job.
async fn import_with_a_review(app: &TestApp) -> ImportJobId {
    let job = ImportJob {
        id: ImportJobId::new(),
        agency_id: app.police,
        file_name: "niche-export.csv".into(),
        file_sha256: String::new(),
        thresholds: Thresholds::default(),
        total_rows: 2,
        rows_done: 0,
        status: ImportStatus::Running,
        written: JobCounts::default(),
        last_batch_at: None,
        created_by: "test".into(),
        created_at: Utc::now(),
    };
    let audit = AuditEvent::system("test", AuditAction::ImportStart, "test", Utc::now());
    app.store.create_import_job(&job, &audit).await.unwrap();
    let row2 = fields("NICHE-88", "Sian", "Evans", "2011-02-28");
    let own =
        Person::new(person_details_from_source(&row2, util::today(), &|_| None).unwrap(), app.police, None, Utc::now());
    let outcomes = vec![
        RowOutcome::Link { row: 1, fields: fields("NICHE-87", "Siân", "Evans", "2011-02-28"), person: app.sian },
        RowOutcome::Review {
            row: 2,
            fields: row2,
            person: own,
            candidate: app.sian,
            probability: 0.82,
            explanation: explanation(),
        },
    ];
    let audit = AuditEvent::system("test", AuditAction::ImportBatch, "test", Utc::now());
    app.store.apply_import_batch(job.id, &outcomes, 2, true, &audit).await.unwrap();
    job.id
}

async fn source_count(app: &TestApp, person: PersonId) -> usize {
    app.store.person_source_records(person).await.unwrap().len()
}

#[tokio::test]
async fn a_possible_link_is_checked_side_by_side_linked_unlinked_and_linked_back() {
    let app = TestApp::new().await;
    import_with_a_review(&app).await;
    let b = app.browser("practitioner").await;

    let queue = text(app.get("/link/reviews", Some(&b)).await).await;
    assert!(queue.contains("1 possible link"), "{queue}");
    assert!(queue.contains("Sian Evans (2011-02-28)") && queue.contains("82.0%"));
    let review = queue.split("href=\"/link/reviews/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let path = format!("/link/reviews/{review}");

    let page = text(app.get(&path, Some(&b)).await).await;
    assert!(page.contains("CF10 1AA") && page.contains("CF5 2AB"), "side by side: {page}");
    for weight in ["-12.5", "+4.1", "+7.9", "+9.2", "-6.5", "+2.2"] {
        assert!(page.contains(&format!("data-testid=\"weight\">{weight}<")), "{weight} in the waterfall");
    }
    assert!(page.contains("<svg class=\"haven-waterfall\""));

    let link = [("csrf_token", b.csrf.as_str()), ("decision", "link")];
    let response = app.post(&path, &b.cookie, &link).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), format!("/people/{}/source-records", app.sian));
    assert_eq!(source_count(&app, app.sian).await, 2);
    let again = app.post(&path, &b.cookie, &link).await;
    assert_eq!(again.status(), StatusCode::CONFLICT, "decided once only");

    // Unlink the second record: it becomes a person of its own; then link it back.
    let records = text(app.get(&format!("/people/{}/source-records", app.sian), Some(&b)).await).await;
    assert!(records.contains("NICHE-87") && records.contains("NICHE-88"), "{records}");
    let sources = app.store.person_source_records(app.sian).await.unwrap();
    let niche88 = sources.iter().find(|s| s.fields.record_id == "NICHE-88").unwrap().id;
    let unlink = app.post(&format!("/source-records/{niche88}/unlink"), &b.cookie, &[("csrf_token", &b.csrf)]).await;
    assert_eq!(unlink.status(), StatusCode::SEE_OTHER);
    assert_eq!(source_count(&app, app.sian).await, 1);
    let moved_to = app.store.source_record(niche88).await.unwrap().unwrap().person_id.unwrap();
    assert_ne!(moved_to, app.sian);
    let banner = text(app.get(&location(&unlink), Some(&b)).await).await;
    assert!(banner.contains("data-testid=\"link-back\""), "{banner}");
    let back = [("csrf_token", b.csrf.as_str()), ("person_id", &app.sian.to_string())];
    assert_eq!(
        app.post(&format!("/source-records/{niche88}/link"), &b.cookie, &back).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(source_count(&app, app.sian).await, 2, "nothing lost by the round trip");

    let trail: Vec<_> = app.trail(app.sian).await.into_iter().map(|e| e.action).collect();
    for action in [AuditAction::ReviewLink, AuditAction::SourceUnlink, AuditAction::SourceLink] {
        assert!(trail.contains(&action), "{action:?} in {trail:?}");
    }
}

#[tokio::test]
async fn a_rejected_link_leaves_the_record_where_it_was_and_others_cannot_see_the_queue() {
    let app = TestApp::new().await;
    import_with_a_review(&app).await;
    let other_force = app.browser("dpp.officer").await;
    let queue = text(app.get("/link/reviews", Some(&other_force)).await).await;
    assert!(queue.contains("data-testid=\"queue-empty\""), "another force's import is not theirs to check");
    let analyst = app.browser("analyst").await;
    assert_eq!(app.get("/link/reviews", Some(&analyst)).await.status(), StatusCode::FORBIDDEN);

    let b = app.browser("supervisor").await;
    let review = app.store.pending_reviews(&[app.police], 10).await.unwrap().remove(0);
    let own_person = review.source.person_id.unwrap();
    let path = format!("/link/reviews/{}", review.id);
    assert_eq!(app.get(&path, Some(&other_force)).await.status(), StatusCode::NOT_FOUND);
    let reject = [("csrf_token", b.csrf.as_str()), ("decision", "reject")];
    assert_eq!(app.post(&path, &b.cookie, &reject).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.store.source_record(review.source.id).await.unwrap().unwrap().person_id, Some(own_person));
    assert_eq!(source_count(&app, app.sian).await, 1);
    let page = text(app.get(&path, Some(&b)).await).await;
    assert!(page.contains("data-testid=\"review-status\">Rejected"), "{page}");
    assert!(!page.contains("name=\"decision\""), "a decided link offers no buttons");
    let welsh = text(app.get(&format!("{path}?lang=cy"), Some(&b)).await).await;
    assert!(welsh.contains("Ai'r un person yw hwn?") || welsh.contains("Ai&#39;r un person yw hwn?"), "{welsh}");
}

/// A record another agency holds of Siân, linked while that agency shared (or before imports
/// kept to what an agency may see), is that agency's: a police user who is not shared its
/// records sees neither the record as sent nor its reference.
#[tokio::test]
async fn an_agencys_record_of_a_person_shows_only_to_those_it_shares_with() {
    let app = TestApp::new().await;
    let dpp =
        app.store.agency_by_code(&haven_domain::agency::AgencyCode::parse("DPP").unwrap()).await.unwrap().unwrap();
    let job = ImportJob {
        id: ImportJobId::new(),
        agency_id: dpp.id,
        file_name: "dpp.csv".into(),
        file_sha256: String::new(),
        thresholds: Thresholds::default(),
        total_rows: 1,
        rows_done: 0,
        status: ImportStatus::Running,
        written: JobCounts::default(),
        last_batch_at: None,
        created_by: "test".into(),
        created_at: Utc::now(),
    };
    let audit = AuditEvent::system("test", AuditAction::ImportStart, "test", Utc::now());
    app.store.create_import_job(&job, &audit).await.unwrap();
    let row = fields("DPP-SECRET-1", "Siân", "Evans", "2011-02-28");
    let outcomes = vec![RowOutcome::Link { row: 1, fields: row, person: app.sian }];
    let audit = AuditEvent::system("test", AuditAction::ImportBatch, "test", Utc::now());
    app.store.apply_import_batch(job.id, &outcomes, 1, true, &audit).await.unwrap();
    assert!(app.store.person_holders(app.sian).await.unwrap().contains(&dpp.id));

    let b = app.browser("practitioner").await;
    let records = text(app.get(&format!("/people/{}/source-records", app.sian), Some(&b)).await).await;
    assert!(!records.contains("DPP-SECRET-1") && !records.contains(&dpp.name), "{records}");
    let person = text(app.get(&format!("/people/{}", app.sian), Some(&b)).await).await;
    assert!(!person.contains(&dpp.name), "{person}");
    // Nor can they move it: the record is answered as one that does not exist.
    let record = app.store.person_source_records(app.sian).await.unwrap();
    let secret = record.iter().find(|r| r.agency_id == dpp.id).unwrap();
    let unlink = [("csrf_token", b.csrf.as_str())];
    let moved = app.post(&format!("/source-records/{}/unlink", secret.id), &b.cookie, &unlink).await;
    assert_eq!(moved.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.store.source_record(secret.id).await.unwrap().unwrap().person_id, Some(app.sian));
    let refused = &app.trail(app.sian).await[0];
    assert_eq!((refused.action, refused.detail.as_deref()), (AuditAction::SourceUnlink, Some("denied: not-shared")));
    // Dyfed-Powys sees its own record of her.
    let theirs = app.browser("dpp.officer").await;
    let records = text(app.get(&format!("/people/{}/source-records", app.sian), Some(&theirs)).await).await;
    assert!(records.contains("DPP-SECRET-1"), "{records}");
}
