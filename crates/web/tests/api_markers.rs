//! Warning markers and NRM referrals over the API, as a client meets them: a practitioner raises
//! a marker on a child (pending), a supervisor other than the raiser approves it, the owner
//! reviews it; a marker on a child under 10 of an offending type, a review more than 12 months
//! out, an approval by the raiser and NRM decisions dated before the referral are refused by
//! field with nothing written; overdue reviews are listed; a hidden child is a 404. Every test
//! runs on SQLite and on PostgreSQL.
//!
//! Run: `HAVEN_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo test -p haven-web --test api_markers`

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[macro_use]
#[allow(dead_code, reason = "the harness is shared with tests/api.rs; each binary uses part of it")]
mod api_util;

use api_util::*;
use axum::http::{Method, StatusCode};
use chrono::{Duration, Months};
use haven_domain::audit::AuditAction;
use haven_domain::user::Role;
use serde_json::{Value, json};

impl Api {
    async fn call(&self, path: &str, token: &str, body: &Value) -> Reply {
        self.send_json(Method::POST, path, Some(token), &body.to_string()).await
    }

    async fn markers_of(&self, person: haven_domain::ids::PersonId) -> usize {
        let audit = system(AuditAction::MarkerList);
        self.store.person_markers(person, &audit).await.unwrap().len()
    }

    /// An eight-year-old the police hold; their id.
    async fn eight_year_old(&self) -> String {
        let dob = (today() - Months::new(12 * 8)).to_string();
        let body = json!({"given_name": "Elin", "family_name": "Price", "date_of_birth": dob, "sex": "female"});
        let made = self.post(Some(self.token(Role::Practitioner)), &body).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
        made.json["id"].as_str().unwrap().to_owned()
    }
}

fn day(offset: i64) -> String {
    (today() + Duration::days(offset)).to_string()
}

fn marker(kind: &str, start: &str, review: &str) -> Value {
    json!({"marker_type": kind, "reason": "Seen with older males at the station", "source_note": "MACE",
           "starts_on": start, "review_on": review})
}

async fn a_childs_marker_is_raised_approved_and_reviewed(store: Backend) {
    let api = Api::new(store).await;
    let (pc, sgt) = (api.token(Role::Practitioner).to_owned(), api.token(Role::Supervisor).to_owned());
    let path = format!("/api/v1/people/{}/markers", api.cerys);
    let made = api.call(&path, &pc, &marker("at_risk_cce", &day(-1), &day(90))).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
    let m = &made.json;
    assert_eq!(
        (m["status"].as_str(), m["owner"].as_str(), m["source_agency"].as_str()),
        (Some("pending"), Some("SWP"), Some("SWP"))
    );
    assert_eq!(m["offending"].as_bool(), Some(false));
    let id = m["id"].as_str().unwrap().to_owned();

    // The practitioner may not approve; the supervisor does (not the raiser).
    api.call(&format!("/api/v1/markers/{id}/approve"), &pc, &json!({})).await.problem(StatusCode::FORBIDDEN);
    let stale = api.call(&format!("/api/v1/markers/{id}/approve"), &sgt, &json!({"version": 7})).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let approved = api.call(&format!("/api/v1/markers/{id}/approve"), &sgt, &json!({"version": 1})).await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.json);
    assert_eq!((approved.json["status"].as_str(), approved.json["version"].as_i64()), (Some("active"), Some(2)));

    let keep = json!({"version": 2, "outcome": "keep", "next_review_on": day(200), "note": "Still at risk"});
    let reviewed = api.call(&format!("/api/v1/markers/{id}/review"), &pc, &keep).await;
    assert_eq!(reviewed.status, StatusCode::OK, "{}", reviewed.json);
    assert_eq!(reviewed.json["review_on"].as_str(), Some(day(200).as_str()));
    assert_eq!(reviewed.json["reviews"].as_array().map(Vec::len), Some(1));

    let listed = api.get(&path, Some(&pc)).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(listed.json.as_array().map(Vec::len), Some(1));
    let trail = api.trail(api.cerys).await;
    for action in
        [AuditAction::MarkerRaise, AuditAction::MarkerApprove, AuditAction::MarkerReview, AuditAction::MarkerList]
    {
        assert!(trail.iter().any(|e| e.action == action), "{action:?} on the trail");
    }
    api.finish().await;
}

async fn bad_markers_are_refused_by_field_and_nothing_is_written(store: Backend) {
    let api = Api::new(store).await;
    let (pc, sgt) = (api.token(Role::Supervisor).to_owned(), api.token(Role::Supervisor).to_owned());
    let elin = api.eight_year_old().await;
    let under_ten =
        api.call(&format!("/api/v1/people/{elin}/markers"), &pc, &marker("weapons", &day(0), &day(30))).await;
    let under_ten = under_ten.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(under_ten.has_problem(Some("marker_type"), "under-age-of-criminal-responsibility"), "{}", under_ten.json);
    let path = format!("/api/v1/people/{}/markers", api.cerys);
    let far = api
        .call(&path, &pc, &marker("at_risk_cse", &day(-1), &day(400)))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(far.has_problem(Some("review_on"), "review-more-than-12-months"));
    let unknown = api.call(&path, &pc, &json!({"marker_type": "at_risk_cse", "colour": "red"})).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(api.markers_of(api.cerys).await, 0, "nothing written");
    // A marker raised by the supervisor is not theirs to approve.
    let own = api.call(&path, &sgt, &marker("at_risk_cse", &day(-1), &day(60))).await;
    let id = own.json["id"].as_str().unwrap().to_owned();
    let by_raiser = api.call(&format!("/api/v1/markers/{id}/approve"), &sgt, &json!({})).await;
    assert!(by_raiser.problem(StatusCode::UNPROCESSABLE_ENTITY).has_problem(Some("marker"), "approver-is-raiser"));
    // Another force's child is not there at all.
    let hidden = format!("/api/v1/people/{}/markers", api.tomos);
    api.call(&hidden, &pc, &marker("at_risk_cse", &day(-1), &day(60))).await.problem(StatusCode::NOT_FOUND);
    api.get(&hidden, Some(&pc)).await.problem(StatusCode::NOT_FOUND);
    api.finish().await;
}

async fn overdue_reviews_are_listed(store: Backend) {
    let api = Api::new(store).await;
    let pc = api.token(Role::Practitioner).to_owned();
    let path = format!("/api/v1/people/{}/markers", api.sian);
    let made = api.call(&path, &pc, &marker("county_lines", &day(-60), &day(-2))).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
    api.call(&path, &pc, &marker("at_risk_cse", &day(-60), &day(20))).await;
    let overdue = api.get("/api/v1/markers/overdue", Some(&pc)).await;
    assert_eq!(overdue.status, StatusCode::OK);
    let rows = overdue.json.as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0]["subject"].as_str(), rows[0]["marker"]["review_overdue"].as_bool()),
        (Some("Siân Evans"), Some(true))
    );
    // The other force sees none of them.
    let theirs = api.get("/api/v1/markers/overdue", Some(&api.dpp_token)).await;
    assert_eq!(theirs.json.as_array().map(Vec::len), Some(0));
    // A scrutiny user sees no case records.
    api.get("/api/v1/markers/overdue", Some(api.token(Role::Scrutiny))).await.problem(StatusCode::FORBIDDEN);
    api.finish().await;
}

async fn nrm_decisions_are_refused_out_of_order(store: Backend) {
    let api = Api::new(store).await;
    let pc = api.token(Role::Practitioner).to_owned();
    let path = format!("/api/v1/people/{}/nrm", api.cerys);
    let referral = json!({"first_responder": "police", "referred_on": day(-50), "exploitation": "cce"});
    let made = api.call(&path, &pc, &referral).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
    let id = made.json["id"].as_str().unwrap().to_owned();
    assert_eq!(made.json["rg_overdue"].as_bool(), Some(true), "past the pilot's 45 days");
    let decide = format!("/api/v1/nrm/{id}/decisions");
    let early = json!({"stage": "reasonable_grounds", "outcome": "positive", "decided_on": day(-51)});
    let early = api.call(&decide, &pc, &early).await.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.has_problem(Some("decided_on"), "decision-before-referral"));
    let rg = json!({"version": 1, "stage": "reasonable_grounds", "outcome": "positive", "decided_on": day(-20)});
    let decided = api.call(&decide, &pc, &rg).await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.json);
    assert_eq!((decided.json["rg_days"].as_i64(), decided.json["rg_overdue"].as_bool()), (Some(30), Some(false)));
    let cg_before = json!({"stage": "conclusive_grounds", "outcome": "positive", "decided_on": day(-21)});
    let cg_before = api.call(&decide, &pc, &cg_before).await.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(cg_before.has_problem(Some("decided_on"), "conclusive-before-reasonable"));
    let cg = json!({"stage": "conclusive_grounds", "outcome": "positive", "decided_on": day(-1)});
    let done = api.call(&decide, &pc, &cg).await;
    assert_eq!((done.json["cg_days"].as_i64(), done.json["cg_after_rg_days"].as_i64()), (Some(49), Some(19)));
    let listed = api.get(&path, Some(&pc)).await;
    assert_eq!(listed.json.as_array().map(Vec::len), Some(1));
    // An adult is not referred as a child; another force's child is not there.
    let adult = json!({"kind": "adult", "given_name": "Rhys", "family_name": "Price", "date_of_birth": "1990-01-01", "sex": "male"});
    let made_adult = api.post(Some(&pc), &adult).await;
    assert_eq!(made_adult.status, StatusCode::CREATED, "{}", made_adult.json);
    let rhys = made_adult.json["id"].as_str().unwrap().to_owned();
    let not_child = api.call(&format!("/api/v1/people/{rhys}/nrm"), &pc, &referral).await;
    assert!(not_child.problem(StatusCode::UNPROCESSABLE_ENTITY).has_problem(Some("person_id"), "not-a-child"));
    api.call(&format!("/api/v1/people/{}/nrm", api.tomos), &pc, &referral).await.problem(StatusCode::NOT_FOUND);
    api.finish().await;
}

on_both_stores!(
    a_childs_marker_is_raised_approved_and_reviewed,
    bad_markers_are_refused_by_field_and_nothing_is_written,
    overdue_reviews_are_listed,
    nrm_decisions_are_refused_out_of_order,
);
