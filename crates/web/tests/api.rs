//! The JSON API as a client meets it: people, audit, health and the OpenAPI document. The
//! harness (`api_util`: the real application on a fresh store, requests sent in-process) is
//! shared with `tests/api_missing.rs`. Every test runs twice: on SQLite in a temp dir, and on a
//! fresh PostgreSQL database on the server named by `HAVEN_TEST_DATABASE_URL` (as the store
//! conformance suite does, the PostgreSQL half fails when it is not set).
//!
//! Run: `HAVEN_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo test -p haven-web --test api`

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[macro_use]
#[allow(dead_code, reason = "the harness is shared with tests/api_missing.rs; each binary uses part of it")]
mod api_util;

use api_util::*;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use chrono::{Duration, Utc};
use haven_domain::audit::AuditAction;
use haven_domain::ids::{AgreementId, PersonId};
use haven_domain::policy::{Action, Target, can};
use haven_domain::sharing::Agreement;
use haven_domain::user::Role;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

// ---------------------------------------------------------------------------------------------
// Authentication

async fn without_a_valid_bearer_token_every_api_call_is_401_with_a_challenge(store: Backend) {
    let api = Api::new(store).await;
    let sian = format!("/api/v1/people/{}", api.sian);
    let bad = "haven_not-a-real-token";
    let cases: Vec<(&str, Option<&str>, bool)> = vec![
        ("no header", None, false),
        ("unknown token", Some(bad), true),
        ("a disabled user's token", Some(&api.disabled_token), true),
    ];
    for (what, token, invalid) in cases {
        let mut replies = vec![
            api.get("/api/v1/people?q=Evans", token).await,
            api.get(&sian, token).await,
            api.get(&format!("/api/v1/audit?person_id={}", api.sian), token).await,
        ];
        // Without any Authorization header, a POST or PATCH meets the pages' CSRF check first:
        // see `a_post_or_patch_without_any_authorization_header_is_401_not_a_csrf_refusal`.
        if token.is_some() {
            replies.push(api.patch(&api.sian.to_string(), token, &json!({"version": 1, "gender": "x"})).await);
            replies.push(api.post(token, &new_person()).await);
        }
        for reply in replies {
            let reply = reply.problem(StatusCode::UNAUTHORIZED);
            assert!(reply.has_problem(None, "unauthorised"), "{what}: {}", reply.json);
            let challenge = reply.headers.get(header::WWW_AUTHENTICATE).unwrap().to_str().unwrap();
            assert!(challenge.starts_with("Bearer"), "{what}: {challenge}");
            assert_eq!(challenge.contains("invalid_token"), invalid, "{what}: {challenge}");
        }
    }
    assert_eq!(api.version(api.sian).await, 1, "nothing was changed");

    // Another scheme, or a bearer with nothing after it.
    for value in ["Basic cHJhY3RpdGlvbmVyOnB3", "Bearer ", "Bearer"] {
        let r = Request::get("/api/v1/people?q=Evans").header(header::AUTHORIZATION, value);
        api.send(r.body(Body::empty()).unwrap()).await.problem(StatusCode::UNAUTHORIZED);
    }
    api.finish().await;
}

async fn the_api_itself_answers_a_post_or_patch_without_any_authorization_header_with_401(store: Backend) {
    let api = Api::new(store).await;
    let before = api.footprint("Price").await;
    for (method, path) in
        [(Method::POST, "/api/v1/people".to_owned()), (Method::PATCH, format!("/api/v1/people/{}", api.sian))]
    {
        let r = Api::request(method, &path, None).header(header::CONTENT_TYPE, "application/json");
        let reply = Api::send_to(&api.api_only, r.body(Body::from(new_person().to_string())).unwrap()).await;
        let reply = reply.problem(StatusCode::UNAUTHORIZED);
        assert_eq!(reply.headers.get(header::WWW_AUTHENTICATE).unwrap(), "Bearer realm=\"haven\"");
    }
    assert_eq!(api.footprint("Price").await, before);
    api.finish().await;
}

#[tokio::test]
async fn a_post_or_patch_without_any_authorization_header_is_401_not_a_csrf_refusal() {
    let api = Api::new(Backend::Sqlite).await;
    let before = api.footprint("Price").await;
    for reply in [
        api.post(None, &new_person()).await,
        api.patch(&api.sian.to_string(), None, &json!({"version": 1, "gender": "x"})).await,
    ] {
        let reply = reply.problem(StatusCode::UNAUTHORIZED);
        assert!(reply.headers.get(header::WWW_AUTHENTICATE).is_some());
    }
    assert_eq!(api.footprint("Price").await, before);
    assert_eq!(api.version(api.sian).await, 1);
}

async fn a_signed_in_browser_session_cookie_does_not_open_the_api(store: Backend) {
    let api = Api::new(store).await;
    let user = api.store.user(api.actors[&Role::Supervisor].user_id).await.unwrap().unwrap();
    let (secret, record) =
        haven_web::session::new_session(&user, Utc::now(), 30, haven_domain::signin::SignInMethod::Password);
    api.store.create_session(&record, &system(AuditAction::SignIn)).await.unwrap();
    let cookie = format!("{}={secret}", haven_web::session::SESSION_COOKIE);
    let r = Request::get(format!("/api/v1/people/{}", api.sian)).header(header::COOKIE, &cookie);
    api.send(r.body(Body::empty()).unwrap()).await.problem(StatusCode::UNAUTHORIZED);
    // With a token as well, it is the token that counts.
    let r = Request::get(format!("/api/v1/people/{}", api.sian))
        .header(header::COOKIE, &cookie)
        .header(header::AUTHORIZATION, format!("Bearer {}", api.token(Role::Scrutiny)));
    api.send(r.body(Body::empty()).unwrap()).await.problem(StatusCode::FORBIDDEN);
    api.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Create, read, change

async fn create_then_read_then_patch_then_a_stale_patch_is_refused(store: Backend) {
    let api = Api::new(store).await;
    let token = Some(api.token(Role::Practitioner));

    let created = api.post(token, &new_person()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json);
    let id = created.json["id"].as_str().unwrap().to_owned();
    let location = created.headers.get(header::LOCATION).unwrap().to_str().unwrap();
    assert_eq!(location, format!("/api/v1/people/{id}"));
    let p = &created.json;
    assert_eq!(p["version"], 1);
    assert_eq!((p["given_name"].as_str(), p["family_name"].as_str()), (Some("Megan"), Some("Price")));
    assert_eq!(p["date_of_birth"], "2012-03-04");
    assert_eq!((p["kind"].as_str(), p["sex"].as_str()), (Some("child"), Some("female")));
    assert_eq!((p["care_status"].as_str(), p["ethnicity"].as_str()), (Some("looked_after"), Some("not_stated")));
    assert_eq!(
        (p["placing_authority"].as_str(), p["host_authority"].as_str()),
        (Some("CARDIFF-CS"), Some("SWANSEA-CS"))
    );
    assert_eq!(p["records"][0]["agency"], "SWP");
    assert_eq!(p["records"][0]["reference"], "CRN-2026/0999");

    let read = api.get(location, token).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.json);
    assert_eq!(read.json, created.json, "what was created is what is read");
    assert_eq!(read.json["aliases"], json!([]));

    let patched = api.patch(&id, token, &json!({"version": 1, "family_name": "Price-Hughes", "gender": "girl"})).await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.json);
    assert_eq!(patched.json["version"], 2);
    assert_eq!(patched.json["family_name"], "Price-Hughes");
    assert_eq!(patched.json["gender"], "girl");
    assert_eq!(patched.json["given_name"], "Megan", "fields not sent are kept");
    assert_eq!(patched.json["placing_authority"], "CARDIFF-CS", "fields not sent are kept");

    // Someone else still holding version 1 loses, and writes nothing.
    let stale = api.patch(&id, token, &json!({"version": 1, "family_name": "Stale"})).await;
    let stale = stale.problem(StatusCode::CONFLICT);
    assert!(stale.has_problem(Some("version"), "version-conflict"), "{}", stale.json);
    let now = api.get(location, token).await;
    assert_eq!(now.json, patched.json, "what the patch returned is what is read");

    // `null` clears an optional field; a required one cannot be cleared.
    let cleared = api.patch(&id, token, &json!({"version": 2, "gender": null, "host_authority": null})).await;
    assert_eq!(cleared.status, StatusCode::OK, "{}", cleared.json);
    assert_eq!((cleared.json["gender"].clone(), cleared.json["host_authority"].clone()), (Value::Null, Value::Null));
    let emptied = api.patch(&id, token, &json!({"version": 3, "given_name": null})).await;
    assert!(emptied.problem(StatusCode::UNPROCESSABLE_ENTITY).has_problem(Some("given_name"), "required"));
    api.finish().await;
}

async fn a_patch_must_carry_a_version_and_valid_values_or_nothing_is_written(store: Backend) {
    let api = Api::new(store).await;
    let token = Some(api.token(Role::Practitioner));
    let sian = api.sian.to_string();
    let cases = [
        (json!({"family_name": "X"}), StatusCode::BAD_REQUEST, "version", "required"),
        (json!({"version": "1"}), StatusCode::BAD_REQUEST, "version", "invalid-type"),
        (json!({"version": 1, "reference": "R1"}), StatusCode::BAD_REQUEST, "reference", "unknown-field"),
        (
            json!({"version": 1, "date_of_birth": "2999-01-01"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "date_of_birth",
            "dob-in-future",
        ),
        (json!({"version": 1, "sex": "other"}), StatusCode::UNPROCESSABLE_ENTITY, "sex", "unknown-code"),
        (
            json!({"version": 1, "host_authority": "NOWHERE"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "host_authority",
            "unknown-agency",
        ),
        (json!({"version": 1, "family_name": 7}), StatusCode::BAD_REQUEST, "family_name", "invalid-type"),
    ];
    for (body, status, field, code) in cases {
        let reply = api.patch(&sian, token, &body).await.problem(status);
        assert!(reply.has_problem(Some(field), code), "{body}: {}", reply.json);
    }
    assert_eq!(api.version(api.sian).await, 1, "nothing was written");
    let read = api.get(&format!("/api/v1/people/{sian}"), token).await;
    assert_eq!((read.json["family_name"].as_str(), read.json["sex"].as_str()), (Some("Evans"), Some("female")));
    api.finish().await;
}

async fn bad_input_names_the_field_and_writes_nothing(store: Backend) {
    let api = Api::new(store).await;
    let token = Some(api.token(Role::Practitioner));
    let before = api.footprint("Price").await;
    assert_eq!(before.1, 0);

    let with = |key: &str, value: Value| {
        let mut body = new_person();
        body[key] = value;
        body.to_string()
    };
    let without = |key: &str| {
        let mut body = new_person();
        body.as_object_mut().unwrap().remove(key);
        body.to_string()
    };
    let tomorrow = (today() + Duration::days(1)).format("%Y-%m-%d").to_string();
    let cases: Vec<(&str, String, StatusCode, Option<&str>, &str)> = vec![
        (
            "future dob",
            with("date_of_birth", json!(tomorrow)),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("date_of_birth"),
            "dob-in-future",
        ),
        (
            "impossible dob",
            with("date_of_birth", json!("2012-02-30")),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("date_of_birth"),
            "date-format",
        ),
        (
            "500-char name",
            with("given_name", json!("a".repeat(500))),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("given_name"),
            "too-long",
        ),
        ("bad sex", with("sex", json!("other")), StatusCode::UNPROCESSABLE_ENTITY, Some("sex"), "unknown-code"),
        (
            "unknown agency",
            with("placing_authority", json!("NOWHERE")),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("placing_authority"),
            "unknown-agency",
        ),
        (
            "reference already used",
            with("reference", json!("CRN-2026/0001")),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("reference"),
            "duplicate",
        ),
        (
            "bad reference",
            with("reference", json!("<script>")),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("reference"),
            "reference-characters",
        ),
        ("missing field", without("family_name"), StatusCode::UNPROCESSABLE_ENTITY, Some("family_name"), "required"),
        ("unknown field", with("shoe_size", json!(9)), StatusCode::BAD_REQUEST, Some("shoe_size"), "unknown-field"),
        (
            "wrong type",
            with("date_of_birth", json!(20120304)),
            StatusCode::BAD_REQUEST,
            Some("date_of_birth"),
            "invalid-type",
        ),
        (
            "wrong type of an optional field",
            with("ethnicity", json!(["white_british"])),
            StatusCode::BAD_REQUEST,
            Some("ethnicity"),
            "invalid-type",
        ),
        ("malformed JSON", r#"{"given_name": "Megan","#.to_owned(), StatusCode::BAD_REQUEST, None, "invalid-json"),
        ("not an object", "[]".to_owned(), StatusCode::BAD_REQUEST, None, "invalid-type"),
        ("empty body", String::new(), StatusCode::BAD_REQUEST, None, "invalid-json"),
    ];
    for (what, body, status, field, code) in cases {
        let reply = api.send_json(Method::POST, "/api/v1/people", token, &body).await.problem(status);
        assert!(reply.has_problem(field, code), "{what}: {}", reply.json);
        assert_eq!(api.footprint("Price").await, before, "{what}: nothing written");
    }

    // Every problem at once, each with its field, in the order of the form.
    let mut body = new_person();
    body["given_name"] = json!("");
    body["sex"] = json!("x");
    body["host_authority"] = json!("NOWHERE");
    let reply = api.post(token, &body).await.problem(StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<_> = reply.problems().into_iter().map(|(f, c)| format!("{}:{c}", f.unwrap_or_default())).collect();
    assert_eq!(fields, ["given_name:required", "sex:unknown-code", "host_authority:unknown-agency"]);

    // A body that is not JSON at all.
    let r = Api::request(Method::POST, "/api/v1/people", token).header(header::CONTENT_TYPE, "text/plain");
    let reply = api.send(r.body(Body::from(new_person().to_string())).unwrap()).await;
    reply.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(api.footprint("Price").await, before);
    api.finish().await;
}

async fn a_20_mb_body_is_refused_with_413_without_being_read(store: Backend) {
    let api = Api::new(store).await;
    let token = Some(api.token(Role::Practitioner));
    let before = api.footprint("Price").await;

    // Declared: refused on the header alone.
    let huge = vec![b' '; 20 * 1024 * 1024];
    let r = Api::request(Method::POST, "/api/v1/people", token)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, huge.len());
    let reply = api.send(r.body(Body::from(huge)).unwrap()).await.problem(StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.has_problem(None, "body-too-large"), "{}", reply.json);

    // Streamed with no declared length: reading stops soon after the first MiB.
    for (method, path) in
        [(Method::POST, "/api/v1/people".to_owned()), (Method::PATCH, format!("/api/v1/people/{}", api.sian))]
    {
        let pulled = Arc::new(AtomicUsize::new(0));
        let stream = Counted { left: 20, pulled: pulled.clone() };
        let r = Api::request(method, &path, token).header(header::CONTENT_TYPE, "application/json");
        let reply = api.send(r.body(Body::from_stream(stream)).unwrap()).await.problem(StatusCode::PAYLOAD_TOO_LARGE);
        assert!(reply.has_problem(None, "body-too-large"), "{}", reply.json);
        assert!(pulled.load(Ordering::SeqCst) <= 2, "read {} MiB of 20", pulled.load(Ordering::SeqCst));
    }
    assert_eq!(api.footprint("Price").await, before);
    assert_eq!(api.version(api.sian).await, 1);
    api.finish().await;
}

async fn ids_that_are_malformed_or_unknown_are_400_and_404(store: Backend) {
    let api = Api::new(store).await;
    let token = Some(api.token(Role::Supervisor));
    let reply = api.get("/api/v1/people/not-an-id", token).await.problem(StatusCode::BAD_REQUEST);
    assert!(reply.has_problem(Some("id"), "not-an-id"));
    let unknown = PersonId::new();
    let reply = api.get(&format!("/api/v1/people/{unknown}"), token).await.problem(StatusCode::NOT_FOUND);
    assert!(reply.has_problem(None, "not-found"));
    api.patch(&unknown.to_string(), token, &json!({"version": 1})).await.problem(StatusCode::NOT_FOUND);
    api.get(&format!("/api/v1/audit?person_id={unknown}"), token).await.problem(StatusCode::NOT_FOUND);
    let reply = api.get("/api/v1/audit?person_id=123", token).await.problem(StatusCode::BAD_REQUEST);
    assert!(reply.has_problem(Some("person_id"), "not-an-id"));
    // A path the API does not have, or a method a path does not take, is a problem body too.
    api.get("/api/v1/nothing-here", token).await.problem(StatusCode::NOT_FOUND);
    let r = Api::request(Method::DELETE, &format!("/api/v1/people/{}", api.sian), token);
    let reply = api.send(r.body(Body::empty()).unwrap()).await.problem(StatusCode::METHOD_NOT_ALLOWED);
    assert!(reply.has_problem(None, "method-not-allowed"));
    assert_eq!(api.version(api.sian).await, 1);
    api.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Search and visibility

async fn search_finds_by_name_date_of_birth_and_reference_and_checks_its_parameters(store: Backend) {
    let api = Api::new(store).await;
    let token = Some(api.token(Role::Practitioner));
    let ids = |r: &Reply| -> Vec<String> {
        r.json["people"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap().to_owned()).collect()
    };
    let by_name = api.get("/api/v1/people?q=evan", token).await;
    assert_eq!(by_name.status, StatusCode::OK, "{}", by_name.json);
    assert_eq!(ids(&by_name), [api.sian.to_string()]);
    assert_eq!(by_name.json["people"][0]["family_name"], "Evans");
    assert_eq!(by_name.json["limit"], 50);
    let by_dob = api.get("/api/v1/people?date_of_birth=2012-06-01", token).await;
    assert_eq!(ids(&by_dob), [api.cerys.to_string()]);
    let by_reference = api.get("/api/v1/people?reference=CRN-2026%2F0001&limit=5", token).await;
    assert_eq!((ids(&by_reference), by_reference.json["limit"].as_u64()), (vec![api.sian.to_string()], Some(5)));
    let nothing = api.get("/api/v1/people?q=Evans&date_of_birth=2012-06-01", token).await;
    assert_eq!(ids(&nothing), Vec::<String>::new(), "criteria combine with AND");

    for (query, field, code) in [
        ("", None, "needs-a-criterion"),
        ("?q=%20", None, "needs-a-criterion"),
        ("?q=Evans&limit=500", Some("limit"), "out-of-range"),
        ("?q=Evans&limit=0", Some("limit"), "out-of-range"),
        ("?q=Evans&limit=lots", Some("limit"), "not-a-number"),
        ("?date_of_birth=01/06/2012", Some("date_of_birth"), "date-format"),
        ("?q=Evans&colour=red", Some("colour"), "unknown-field"),
        ("?q=Evans&q=Morgan", Some("q"), "repeated"),
    ] {
        let reply = api.get(&format!("/api/v1/people{query}"), token).await.problem(StatusCode::BAD_REQUEST);
        assert!(reply.has_problem(field, code), "{query}: {}", reply.json);
    }
    api.finish().await;
}

async fn a_person_of_another_agency_is_hidden_until_an_agreement_is_in_force(store: Backend) {
    let api = Api::new(store).await;
    let token = Some(api.token(Role::Supervisor));
    let tomos = format!("/api/v1/people/{}", api.tomos);
    let found = |r: &Reply| r.json["people"].as_array().unwrap().len();

    // The council's person is shared under the agreement in force.
    assert_eq!(found(&api.get("/api/v1/people?q=Morgan", token).await), 1);
    assert_eq!(api.get(&format!("/api/v1/people/{}", api.cerys), token).await.status, StatusCode::OK);

    // The other force's person: not found by search, and answered exactly as an id that does
    // not exist.
    assert_eq!(found(&api.get("/api/v1/people?q=Jones", token).await), 0);
    let reply = api.get(&tomos, token).await.problem(StatusCode::NOT_FOUND);
    let nobody = api.get(&format!("/api/v1/people/{}", PersonId::new()), token).await.problem(StatusCode::NOT_FOUND);
    assert_eq!(reply.json, nobody.json);
    api.patch(&api.tomos.to_string(), token, &json!({"version": 1, "gender": "x"}))
        .await
        .problem(StatusCode::NOT_FOUND);
    assert_eq!(api.version(api.tomos).await, 1);
    // The refusal is on the person's trail, without the record having been read.
    let trail = api.trail(api.tomos).await;
    let refused = trail.iter().find(|e| e.action == AuditAction::PersonView && e.actor_label == "supervisor").unwrap();
    assert_eq!(refused.purpose, "GET /api/v1/people/{id}");
    assert_eq!(refused.detail.as_deref(), Some("denied: not-shared"));

    // An agreement that has ended does not count.
    let ended = Agreement {
        id: AgreementId::new(),
        name: "Old ISP".into(),
        purpose: "safeguarding".into(),
        members: vec![api.police, api.other_force],
        grants: Agreement::share_everything(),
        starts_on: today() - Duration::days(400),
        ends_on: Some(today() - Duration::days(1)),
        review_on: None,
    };
    api.store.create_agreement(&ended, &system(AuditAction::AgreementCreate)).await.unwrap();
    assert_eq!(found(&api.get("/api/v1/people?q=Jones", token).await), 0);
    api.get(&tomos, token).await.problem(StatusCode::NOT_FOUND);

    // One in force does.
    let current = Agreement { id: AgreementId::new(), starts_on: today(), ends_on: None, ..ended };
    api.store.create_agreement(&current, &system(AuditAction::AgreementCreate)).await.unwrap();
    let search = api.get("/api/v1/people?q=Jones", token).await;
    assert_eq!(search.json["people"][0]["id"], api.tomos.to_string());
    let read = api.get(&tomos, token).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.json);
    assert_eq!(read.json["records"][0]["agency"], "DPP");
    assert_eq!(read.json["records"][0]["reference"], "DPP-77");

    // The agreement works both ways between its members, and only between them.
    let dpp = Some(api.dpp_token.as_str());
    assert_eq!(api.get(&format!("/api/v1/people/{}", api.sian), dpp).await.status, StatusCode::OK);
    assert_eq!(api.get(&format!("/api/v1/people/{}", api.cerys), dpp).await.status, StatusCode::NOT_FOUND);
    api.finish().await;
}

// ---------------------------------------------------------------------------------------------
// The audit trail

async fn the_audit_endpoint_shows_creation_and_views_to_supervisors_and_admins_only(store: Backend) {
    let api = Api::new(store).await;
    let created = api.post(Some(api.token(Role::Supervisor)), &new_person()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json);
    let id = created.json["id"].as_str().unwrap().to_owned();
    let viewed = api.get(&format!("/api/v1/people/{id}"), Some(api.token(Role::Practitioner))).await;
    assert_eq!(viewed.status, StatusCode::OK);

    let path = format!("/api/v1/audit?person_id={id}");
    let trail = api.get(&path, Some(api.token(Role::Supervisor))).await;
    assert_eq!(trail.status, StatusCode::OK, "{}", trail.json);
    assert_eq!(trail.json["person_id"], id.as_str());
    let events: Vec<(String, String, String)> = trail.json["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert!(e["at"].as_str().is_some_and(|at| at.parse::<chrono::DateTime<Utc>>().is_ok()), "{e}");
            let s = |k: &str| e[k].as_str().unwrap().to_owned();
            (s("action"), s("actor"), s("purpose"))
        })
        .collect();
    let has = |action: &str, actor: &str, purpose: &str| {
        events.iter().any(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()) == (action, actor, purpose))
    };
    assert!(has("person.create", "supervisor", "POST /api/v1/people"), "{events:?}");
    assert!(has("person.view", "practitioner", "GET /api/v1/people/{id}"), "{events:?}");
    assert!(has("audit.view", "supervisor", "GET /api/v1/audit"), "reading the trail is on the trail: {events:?}");
    let create = trail.json["events"].as_array().unwrap().iter().find(|e| e["action"] == "person.create").unwrap();
    assert_eq!((create["actor_role"].as_str(), create["actor_agency"].as_str()), (Some("supervisor"), Some("SWP")));
    // Newest first.
    assert_eq!(events.first().map(|e| e.0.as_str()), Some("audit.view"));
    // The trail holds codes and ids, never the person's details.
    assert!(!trail.json.to_string().contains("Megan"), "{}", trail.json);

    // An administrator reads their own agency's users' events, not a person's trail.
    for role in [Role::Admin, Role::Practitioner, Role::MaceChair, Role::Analyst, Role::Scrutiny] {
        api.get(&path, Some(api.token(role))).await.problem(StatusCode::FORBIDDEN);
    }
    // A supervisor may not read the trail of a person their agency may not see.
    let other = format!("/api/v1/audit?person_id={}", api.tomos);
    api.get(&other, Some(api.token(Role::Supervisor))).await.problem(StatusCode::NOT_FOUND);
    api.get("/api/v1/audit", Some(api.token(Role::Supervisor))).await.problem(StatusCode::BAD_REQUEST);
    api.finish().await;
}

async fn an_admin_reads_what_their_own_agencys_users_did_and_no_one_elses(store: Backend) {
    let api = Api::new(store).await;
    let created = api.post(Some(api.token(Role::Supervisor)), &new_person()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json);
    let id = created.json["id"].as_str().unwrap().to_owned();
    // A user of another force does something too: it is not on the police's trail.
    let theirs = api.get(&format!("/api/v1/people/{}", api.tomos), Some(&api.dpp_token)).await;
    assert_eq!(theirs.status, StatusCode::OK, "{}", theirs.json);

    let trail = api.get("/api/v1/audit/agency", Some(api.token(Role::Admin))).await;
    assert_eq!(trail.status, StatusCode::OK, "{}", trail.json);
    assert_eq!(trail.json["agency"], "SWP");
    let events = trail.json["events"].as_array().unwrap();
    assert!(events.iter().all(|e| e["actor_agency"] == "SWP"), "only the police's own users: {}", trail.json);
    let create = events.iter().find(|e| e["action"] == "person.create").unwrap();
    assert_eq!((create["actor"].as_str(), create["person_id"].as_str()), (Some("supervisor"), Some(id.as_str())));
    assert!(!events.iter().any(|e| e["person_id"] == api.tomos.to_string()), "{}", trail.json);
    // Reading the trail is on the trail, newest first; the trail names records, never their details.
    assert_eq!((events[0]["action"].as_str(), events[0]["actor"].as_str()), (Some("audit.view"), Some("admin")));
    assert!(!trail.json.to_string().contains("Megan"), "{}", trail.json);
    let one = api.get("/api/v1/audit/agency?limit=1", Some(api.token(Role::Admin))).await;
    assert_eq!(one.json["events"].as_array().map(Vec::len), Some(1), "{}", one.json);

    // Only an admin; bad parameters are named.
    for role in [Role::Practitioner, Role::Supervisor, Role::Inspector, Role::MaceChair, Role::Analyst, Role::Scrutiny]
    {
        api.get("/api/v1/audit/agency", Some(api.token(role))).await.problem(StatusCode::FORBIDDEN);
    }
    let zero = api.get("/api/v1/audit/agency?limit=0", Some(api.token(Role::Admin))).await;
    assert!(zero.problem(StatusCode::BAD_REQUEST).has_problem(Some("limit"), "out-of-range"), "limit=0");
    api.get("/api/v1/audit/agency?person_id=x", Some(api.token(Role::Admin))).await.problem(StatusCode::BAD_REQUEST);
    api.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Every route for every role

/// What each API route returns to each role, for a person of the caller's own agency.
const MATRIX: &[(Role, [StatusCode; 5])] = {
    use StatusCode as S;
    const OK: S = S::OK;
    const NEW: S = S::CREATED;
    const NO: S = S::FORBIDDEN;
    //                       search  create  read  patch  audit
    &[
        (Role::Practitioner, [OK, NEW, OK, OK, NO]),
        (Role::Supervisor, [OK, NEW, OK, OK, OK]),
        (Role::Inspector, [OK, NEW, OK, OK, OK]),
        (Role::MaceChair, [OK, NEW, OK, OK, NO]),
        (Role::Analyst, [OK, NO, OK, NO, NO]),
        (Role::Scrutiny, [NO, NO, NO, NO, NO]),
        (Role::Admin, [NO, NO, NO, NO, NO]),
        (Role::SystemAdmin, [NO, NO, NO, NO, NO]),
    ]
};

async fn every_route_for_every_role_answers_as_the_policy_says(store: Backend) {
    let api = Api::new(store).await;
    let actions =
        [Action::SearchPeople, Action::CreatePerson, Action::ViewPerson, Action::EditPerson, Action::ViewPersonAudit];
    let holders = [api.police];
    let sharing = haven_domain::sharing::Sharing::alone(api.police, haven_domain::agency::AgencyKind::Police);
    assert_eq!(MATRIX.len(), Role::ALL.len(), "every role is in the matrix");
    for (role, expected) in MATRIX {
        let token = Some(api.token(*role));
        let version = api.version(api.sian).await;
        let replies = [
            api.get("/api/v1/people?q=Evans", token).await,
            api.post(token, &without_reference()).await,
            api.get(&format!("/api/v1/people/{}", api.sian), token).await,
            api.patch(&api.sian.to_string(), token, &json!({"version": version, "gender": role.code()})).await,
            api.get(&format!("/api/v1/audit?person_id={}", api.sian), token).await,
        ];
        for ((reply, want), action) in replies.into_iter().zip(expected).zip(actions) {
            assert_eq!(reply.status, *want, "{role:?} {action:?}: {}", reply.json);
            // The table and the policy function agree.
            let target = if matches!(action, Action::SearchPeople | Action::CreatePerson) {
                Target::Service
            } else {
                Target::Person { holders: &holders, sharing: &sharing }
            };
            let allowed = can(&api.actors[role], action, target).is_allowed();
            assert_eq!(reply.status.is_success(), allowed, "{role:?} {action:?}");
            if !allowed {
                assert!(reply.problem(StatusCode::FORBIDDEN).has_problem(None, "forbidden"));
            }
        }
        let changed = api.version(api.sian).await != version;
        assert_eq!(changed, expected[3] == StatusCode::OK, "{role:?}: a refused patch writes nothing");
    }
    // Health and the document are open to everyone, without a token.
    assert_eq!(api.get("/healthz", None).await.status, StatusCode::OK);
    assert_eq!(api.get("/api/v1/openapi.json", None).await.status, StatusCode::OK);
    api.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Health and the OpenAPI document

async fn health_names_the_store(store: Backend) {
    let api = Api::new(store).await;
    let ok = api.get("/healthz", None).await;
    assert_eq!((ok.status, ok.json.clone()), (StatusCode::OK, json!({"status": "ok", "store": api.store.backend()})));
    api.finish().await;
}

async fn the_health_handler_answers_503_with_its_json_when_the_store_does_not_answer(store: Backend) {
    let api = Api::new(store).await;
    api.close_store().await;
    let down = Api::send_to(&api.api_only, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(down.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(down.json, json!({"status": "unavailable", "store": api.store.backend()}));
    api.finish().await;
}

#[tokio::test]
async fn health_is_503_with_its_json_when_the_store_does_not_answer() {
    let api = Api::new(Backend::Sqlite).await;
    api.close_store().await;
    let down = api.get("/healthz", None).await;
    assert_eq!((down.status, down.json["store"].as_str()), (StatusCode::SERVICE_UNAVAILABLE, Some("sqlite")));
    assert_eq!(down.json["status"], "unavailable");
}

async fn the_openapi_document_parses_and_lists_every_route_served(store: Backend) {
    let api = Api::new(store).await;
    let reply = api.get("/api/v1/openapi.json", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.content_type().starts_with("application/json"));
    let doc = reply.json;
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")), "{}", doc["openapi"]);
    assert_eq!(doc, serde_json::to_value(haven_web::api::openapi()).unwrap(), "served as built");

    let mut listed = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            listed.insert((path.clone(), method.clone()));
            let open = matches!(path.as_str(), "/healthz" | "/api/v1/openapi.json");
            let security = operation["security"].to_string();
            assert_eq!(security.contains("bearer"), !open, "{method} {path}: {security}");
            assert!(operation["responses"].as_object().is_some_and(|r| !r.is_empty()), "{method} {path}");
        }
    }
    let expected: BTreeSet<(String, String)> = [
        ("/api/v1/people", "get"),
        ("/api/v1/people", "post"),
        ("/api/v1/people/{id}", "get"),
        ("/api/v1/people/{id}", "patch"),
        ("/api/v1/people/{id}/missing-summary", "get"),
        ("/api/v1/people/{id}/screenings", "get"),
        ("/api/v1/people/{id}/screenings", "post"),
        ("/api/v1/priority", "get"),
        ("/api/v1/priority/make-up", "get"),
        ("/api/v1/figures", "get"),
        ("/api/v1/missing-episodes", "post"),
        ("/api/v1/missing-episodes/{id}", "get"),
        ("/api/v1/missing-episodes/{id}/grade", "post"),
        ("/api/v1/missing-episodes/{id}/notes", "post"),
        ("/api/v1/missing-episodes/{id}/return", "post"),
        ("/api/v1/missing-episodes/{id}/rhi", "post"),
        ("/api/v1/missing-episodes/{id}/rhi-attempts", "post"),
        ("/api/v1/audit", "get"),
        ("/api/v1/audit/agency", "get"),
        ("/api/v1/admin/users", "get"),
        ("/api/v1/admin/users", "post"),
        ("/api/v1/admin/users/{username}", "patch"),
        ("/api/v1/admin/users/{username}/password-reset", "post"),
        ("/api/v1/admin/users/{username}/tokens", "get"),
        ("/api/v1/admin/users/{username}/tokens", "post"),
        ("/api/v1/admin/users/{username}/tokens/{id}", "delete"),
        ("/api/v1/admin/areas", "post"),
        ("/api/v1/admin/areas/{code}/rules", "get"),
        ("/api/v1/admin/areas/{code}/rules", "put"),
        ("/api/v1/admin/areas/{code}/rules/versions", "get"),
        ("/api/v1/admin/areas/{code}/population", "get"),
        ("/api/v1/admin/areas/{code}/population", "put"),
        ("/api/v1/admin/agencies", "post"),
        ("/api/v1/admin/agreements", "get"),
        ("/api/v1/admin/agreements", "post"),
        ("/api/v1/admin/locations", "get"),
        ("/api/v1/admin/locations", "post"),
        ("/api/v1/admin/placements", "post"),
        ("/api/v1/admin/placements/{id}/end", "post"),
        ("/api/v1/admin/places/import", "post"),
        ("/api/v1/people/{id}/markers", "get"),
        ("/api/v1/people/{id}/markers", "post"),
        ("/api/v1/locations/{id}/markers", "get"),
        ("/api/v1/locations/{id}/markers", "post"),
        ("/api/v1/markers/{id}/approve", "post"),
        ("/api/v1/markers/{id}/review", "post"),
        ("/api/v1/markers/overdue", "get"),
        ("/api/v1/people/{id}/nrm", "get"),
        ("/api/v1/people/{id}/nrm", "post"),
        ("/api/v1/nrm/{id}/decisions", "post"),
        ("/api/v1/mace/meetings", "get"),
        ("/api/v1/mace/meetings", "post"),
        ("/api/v1/mace/meetings/{id}", "get"),
        ("/api/v1/mace/meetings/{id}/minutes", "get"),
        ("/api/v1/mace/meetings/{id}/agenda/draft", "post"),
        ("/api/v1/mace/meetings/{id}/items", "post"),
        ("/api/v1/mace/meetings/{id}/items/{item}", "put"),
        ("/api/v1/mace/meetings/{id}/items/{item}", "delete"),
        ("/api/v1/mace/meetings/{id}/items/{item}/links", "post"),
        ("/api/v1/mace/meetings/{id}/actions", "post"),
        ("/api/v1/mace/meetings/{id}/carry", "post"),
        ("/api/v1/mace/actions", "get"),
        ("/api/v1/mace/actions/{id}", "patch"),
        ("/api/v1/directory", "get"),
        ("/api/v1/directory/teams", "post"),
        ("/api/v1/directory/teams/{id}", "patch"),
        ("/api/v1/directory/pathways", "post"),
        ("/api/v1/directory/pathways/{id}", "delete"),
        ("/api/v1/disruptions", "get"),
        ("/api/v1/disruptions", "post"),
        ("/api/v1/disruptions/{id}", "get"),
        ("/api/v1/disruptions/{id}", "patch"),
        ("/api/v1/people/{id}/network", "get"),
        ("/api/v1/hotspots", "get"),
        ("/api/v1/missing-episodes/{id}/associations", "post"),
        ("/api/v1/openapi.json", "get"),
        ("/healthz", "get"),
    ]
    .into_iter()
    .map(|(p, m)| (p.to_owned(), m.to_owned()))
    .collect();
    assert_eq!(listed, expected);
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    for schema in ["Problem", "FieldProblem", "PersonResponse", "CreatePersonRequest", "UpdatePersonRequest"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
    let required = |schema: &str| doc["components"]["schemas"][schema]["required"].clone();
    assert_eq!(required("CreatePersonRequest"), json!(["given_name", "family_name", "sex"]));
    assert_eq!(required("UpdatePersonRequest"), json!(["version"]));

    // Every listed operation is served (it answers with something other than "no such route").
    for (path, method) in &listed {
        let path = path.replace("{id}", &api.sian.to_string());
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let r = Api::request(method.clone(), &path, None).header(header::CONTENT_TYPE, "application/json");
        let reply = api.send(r.body(Body::from("{}")).unwrap()).await;
        assert!(
            ![StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&reply.status),
            "{method} {path}: {}",
            reply.status
        );
    }
    api.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Every test above runs on both stores: the API must answer alike whichever one is behind it.

on_both_stores!(
    without_a_valid_bearer_token_every_api_call_is_401_with_a_challenge,
    the_api_itself_answers_a_post_or_patch_without_any_authorization_header_with_401,
    a_signed_in_browser_session_cookie_does_not_open_the_api,
    create_then_read_then_patch_then_a_stale_patch_is_refused,
    a_patch_must_carry_a_version_and_valid_values_or_nothing_is_written,
    bad_input_names_the_field_and_writes_nothing,
    a_20_mb_body_is_refused_with_413_without_being_read,
    ids_that_are_malformed_or_unknown_are_400_and_404,
    search_finds_by_name_date_of_birth_and_reference_and_checks_its_parameters,
    a_person_of_another_agency_is_hidden_until_an_agreement_is_in_force,
    the_audit_endpoint_shows_creation_and_views_to_supervisors_and_admins_only,
    an_admin_reads_what_their_own_agencys_users_did_and_no_one_elses,
    every_route_for_every_role_answers_as_the_policy_says,
    health_names_the_store,
    the_health_handler_answers_503_with_its_json_when_the_store_does_not_answer,
    the_openapi_document_parses_and_lists_every_route_served,
);
