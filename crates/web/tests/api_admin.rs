//! Administration over the API, as a script setting up and running an install meets it: users
//! and tokens by an agency's admin (their own agency only), areas, agencies and agreements by the
//! install's administrator; disabled users and revoked tokens shut out at once; bad values
//! refused by field with nothing written. Every test runs on SQLite and on PostgreSQL.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[macro_use]
#[allow(dead_code, reason = "the harness is shared with tests/api.rs; each binary uses part of it")]
mod api_util;

use api_util::*;
use axum::http::{Method, StatusCode};
use haven_domain::user::Role;
use serde_json::{Value, json};

impl Api {
    async fn call(&self, method: Method, path: &str, token: &str, body: &Value) -> Reply {
        self.send_json(method, path, Some(token), &body.to_string()).await
    }
}

async fn an_admin_adds_a_user_issues_and_revokes_a_token_and_disables_them(store: Backend) {
    let api = Api::new(store).await;
    let admin = api.token(Role::Admin).to_owned();
    let made = api
        .call(
            Method::POST,
            "/api/v1/admin/users",
            &admin,
            &json!({"username": "pc.jones", "agency": "SWP", "role": "practitioner"}),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
    assert_eq!(
        (made.json["user"]["role"].as_str(), made.json["one_time_password"].as_str().map(str::len)),
        (Some("practitioner"), Some(20))
    );

    let issued =
        api.call(Method::POST, "/api/v1/admin/users/pc.jones/tokens", &admin, &json!({"name": "case sync"})).await;
    assert_eq!(issued.status, StatusCode::CREATED, "{}", issued.json);
    let secret = issued.json["secret"].as_str().unwrap().to_owned();
    let id = issued.json["token"]["id"].as_str().unwrap().to_owned();
    assert_eq!(api.get("/api/v1/people?q=Evans", Some(&secret)).await.status, StatusCode::OK, "the token works");
    let listed = api.get("/api/v1/admin/users/pc.jones/tokens", Some(&admin)).await;
    assert_eq!(listed.json.as_array().map(Vec::len), Some(1), "{}", listed.json);
    assert!(!listed.json.to_string().contains(&secret), "a listing never shows the secret");

    // Revoked: 401 at once.
    let revoked =
        api.call(Method::DELETE, &format!("/api/v1/admin/users/pc.jones/tokens/{id}"), &admin, &json!({})).await;
    assert_eq!((revoked.status, revoked.json["revoked"].as_bool()), (StatusCode::OK, Some(true)), "{}", revoked.json);
    api.get("/api/v1/people?q=Evans", Some(&secret)).await.problem(StatusCode::UNAUTHORIZED);

    // Disabled: every token of theirs 401 at once; enabled again, it works again.
    let again = api.call(Method::POST, "/api/v1/admin/users/pc.jones/tokens", &admin, &json!({"name": "again"})).await;
    let second = again.json["secret"].as_str().unwrap().to_owned();
    let off = api.call(Method::PATCH, "/api/v1/admin/users/pc.jones", &admin, &json!({"disabled": true})).await;
    assert_eq!((off.status, off.json["disabled"].as_bool()), (StatusCode::OK, Some(true)), "{}", off.json);
    api.get("/api/v1/people?q=Evans", Some(&second)).await.problem(StatusCode::UNAUTHORIZED);
    api.call(Method::PATCH, "/api/v1/admin/users/pc.jones", &admin, &json!({"disabled": false})).await;
    assert_eq!(api.get("/api/v1/people?q=Evans", Some(&second)).await.status, StatusCode::OK);

    let reset = api.call(Method::POST, "/api/v1/admin/users/pc.jones/password-reset", &admin, &json!({})).await;
    assert_eq!(reset.json["one_time_password"].as_str().map(str::len), Some(20), "{}", reset.json);

    // Only admins; another agency's user is as unknown as nobody.
    for role in [Role::Practitioner, Role::Supervisor, Role::Scrutiny] {
        api.get("/api/v1/admin/users", Some(api.token(role))).await.problem(StatusCode::FORBIDDEN);
    }
    let theirs = api.call(Method::PATCH, "/api/v1/admin/users/dpp.officer", &admin, &json!({"disabled": true})).await;
    assert!(theirs.problem(StatusCode::UNPROCESSABLE_ENTITY).has_problem(Some("username"), "unknown-user"));
    assert_eq!(api.get("/api/v1/people?q=Jones", Some(&api.dpp_token)).await.status, StatusCode::OK, "not disabled");
    let listed: Vec<String> = api
        .get("/api/v1/admin/users", Some(&admin))
        .await
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap().to_owned())
        .collect();
    assert!(listed.contains(&"pc.jones".to_owned()) && !listed.contains(&"dpp.officer".to_owned()), "{listed:?}");
    api.finish().await;
}

async fn bad_values_are_refused_by_field_and_nothing_is_written(store: Backend) {
    let api = Api::new(store).await;
    let admin = api.token(Role::Admin).to_owned();
    let users = api.get("/api/v1/admin/users", Some(&admin)).await.json.as_array().unwrap().len();
    let bad = api
        .call(Method::POST, "/api/v1/admin/users", &admin, &json!({"username": "x", "agency": "NOPE", "role": "boss"}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY);
    for (field, code) in [("username", "username-format"), ("role", "unknown-code"), ("agency", "unknown-agency")] {
        assert!(bad.has_problem(Some(field), code), "{field}: {}", bad.json);
    }
    api.call(
        Method::POST,
        "/api/v1/admin/users",
        &admin,
        &json!({"username": "x.y", "agency": "SWP", "role": "admin", "rank": "chief"}),
    )
    .await
    .problem(StatusCode::BAD_REQUEST);
    let past = api
        .call(
            Method::POST,
            "/api/v1/admin/users/practitioner/tokens",
            &admin,
            &json!({"name": "t", "expires_on": "2020-01-01"}),
        )
        .await;
    assert!(past.problem(StatusCode::UNPROCESSABLE_ENTITY).has_problem(Some("expires_on"), "in-the-past"));
    let escalate = api
        .call(
            Method::POST,
            "/api/v1/admin/users",
            &admin,
            &json!({"username": "boss", "agency": "SWP", "role": "system_admin"}),
        )
        .await;
    escalate.problem(StatusCode::FORBIDDEN);
    assert_eq!(
        api.get("/api/v1/admin/users", Some(&admin)).await.json.as_array().unwrap().len(),
        users,
        "nothing written"
    );
    api.finish().await;
}

async fn the_install_administrator_sets_up_areas_agencies_and_agreements(store: Backend) {
    let api = Api::new(store).await;
    let root = api.token(Role::SystemAdmin).to_owned();
    let area = api
        .call(
            Method::POST,
            "/api/v1/admin/areas",
            &root,
            &json!({"code": "BRIDGEND", "name": "Bridgend", "kind": "local_authority"}),
        )
        .await;
    assert_eq!(area.status, StatusCode::CREATED, "{}", area.json);
    let agency = api
        .call(
            Method::POST,
            "/api/v1/admin/agencies",
            &root,
            &json!({"code": "BRIDGEND-CS", "name": "Bridgend CS", "kind": "local_authority", "area": "BRIDGEND"}),
        )
        .await;
    assert_eq!(agency.status, StatusCode::CREATED, "{}", agency.json);
    let isp = json!({
        "name": "Bridgend ISP", "purpose": "safeguarding", "members": ["SWP", "BRIDGEND-CS"],
        "classes": ["identity", "episode_summary"], "to": ["local_authority"], "starts_on": "2026-01-01",
    });
    let made = api.call(Method::POST, "/api/v1/admin/agreements", &root, &isp).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
    assert_eq!(made.json["grants"].as_array().map(Vec::len), Some(2), "{}", made.json);
    let before = api.get("/api/v1/admin/agreements", Some(&root)).await.json.as_array().unwrap().len();

    // Overlapping and backward dates, a duplicate code: refused by field, nothing written.
    let overlap = api.call(Method::POST, "/api/v1/admin/agreements", &root, &isp).await;
    assert!(overlap.problem(StatusCode::UNPROCESSABLE_ENTITY).has_problem(Some("starts_on"), "overlaps-agreement"));
    let mut backward = isp.clone();
    backward["starts_on"] = json!("2030-01-01");
    backward["ends_on"] = json!("2029-01-01");
    let backward = api.call(Method::POST, "/api/v1/admin/agreements", &root, &backward).await;
    assert!(backward.problem(StatusCode::UNPROCESSABLE_ENTITY).has_problem(Some("ends_on"), "ends-before-start"));
    let again = api
        .call(Method::POST, "/api/v1/admin/areas", &root, &json!({"code": "bridgend", "name": "B", "kind": "bcu"}))
        .await;
    assert!(again.problem(StatusCode::UNPROCESSABLE_ENTITY).has_problem(Some("code"), "duplicate"));
    assert_eq!(api.get("/api/v1/admin/agreements", Some(&root)).await.json.as_array().unwrap().len(), before);

    // An agency's admin does none of it.
    let admin = api.token(Role::Admin).to_owned();
    api.call(Method::POST, "/api/v1/admin/areas", &admin, &json!({"code": "X1", "name": "X", "kind": "bcu"}))
        .await
        .problem(StatusCode::FORBIDDEN);
    api.get("/api/v1/admin/agreements", Some(&admin)).await.problem(StatusCode::FORBIDDEN);
    api.finish().await;
}

async fn an_areas_rules_are_set_versioned_and_decide_its_episodes(store: Backend) {
    let api = Api::new(store).await;
    let root = api.token(Role::SystemAdmin).to_owned();
    let made = api
        .call(
            Method::POST,
            "/api/v1/admin/areas",
            &root,
            &json!({"code": "CARDIFF-BCU", "name": "Cardiff", "kind": "bcu"}),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
    let path = "/api/v1/admin/areas/CARDIFF-BCU/rules";

    // No rules of its own: the install's default.
    let shown = api.get(path, Some(&root)).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.json);
    assert_eq!(
        (shown.json["number"].clone(), shown.json["rules"]["rhi_term"].as_str()),
        (Value::Null, Some("return_home_interview"))
    );

    // Welsh rules, the debrief due within 120 hours.
    let mut rules = shown.json["rules"].clone();
    rules["rhi_term"] = json!("debrief");
    rules["rhi_within_hours"] = json!(120);
    rules["ages"] = json!("care_leavers_to_25");
    let saved = api.call(Method::PUT, path, &root, &json!({"rules": rules, "made_from": 0})).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.json);
    assert_eq!(
        (saved.json["number"].as_i64(), saved.json["version"].as_str(), saved.json["rules"]["rhi_term"].as_str()),
        (Some(1), Some("CARDIFF-BCU v1"), Some("debrief"))
    );
    assert_eq!(api.get(path, Some(&root)).await.json["version"], json!("CARDIFF-BCU v1"));

    // Bad settings are named by their paths; nothing written.
    let mut bad = rules.clone();
    bad["reviews"]["naira"] = json!({"supervisor": 2});
    let refused = api.call(Method::PUT, path, &root, &json!({"rules": bad})).await;
    assert!(
        refused.problem(StatusCode::UNPROCESSABLE_ENTITY).has_problem(Some("reviews.naira.supervisor"), "unknown-code")
    );
    let mut bad = rules.clone();
    bad["rhi_within_hours"] = json!(0);
    bad["reviews"]["high"]["supervisor"] = json!(-1);
    bad["naira"] = json!({"max_hold_hours": 6, "escalate_to": "naira"});
    let refused = api.call(Method::PUT, path, &root, &json!({"rules": bad, "applies_from": "2020-01-01"})).await;
    let refused = refused.problem(StatusCode::UNPROCESSABLE_ENTITY);
    for (field, code) in [
        ("applies_from", "in-the-past"),
        ("rhi_within_hours", "must-be-positive"),
        ("naira.escalate_to", "escalation-grade"),
        ("reviews.high.supervisor", "must-be-positive"),
    ] {
        assert!(refused.has_problem(Some(field), code), "{field}: {}", refused.json);
    }
    let wrong_type = api.call(Method::PUT, path, &root, &json!({"rules": {"rhi_within_hours": "soon"}})).await;
    wrong_type.problem(StatusCode::BAD_REQUEST);
    // Made from a version that is no longer the latest: a conflict.
    api.call(Method::PUT, path, &root, &json!({"rules": rules, "made_from": 0})).await.problem(StatusCode::CONFLICT);
    let versions = api.get(&format!("{path}/versions"), Some(&root)).await;
    assert_eq!(versions.json.as_array().map(Vec::len), Some(1), "{}", versions.json);

    // Only the install's administrator; an unknown area does not exist.
    let admin = api.token(Role::Admin).to_owned();
    api.get(path, Some(&admin)).await.problem(StatusCode::FORBIDDEN);
    api.call(Method::PUT, path, &admin, &json!({"rules": rules})).await.problem(StatusCode::FORBIDDEN);
    api.get("/api/v1/admin/areas/NOWHERE/rules", Some(&root)).await.problem(StatusCode::NOT_FOUND);

    // An episode reported from a place in the area runs by its rules: the debrief's clock is
    // 120 hours, and the grading names the version.
    let place = api
        .call(
            Method::POST,
            "/api/v1/admin/locations",
            &root,
            &json!({"kind": "childrens_home", "address": "1 Heol y Coed, Cardiff", "area": "CARDIFF-BCU"}),
        )
        .await;
    assert_eq!(place.status, StatusCode::CREATED, "{}", place.json);
    let now = chrono::Utc::now();
    let report = json!({
        "person_id": api.sian.0, "reported_at": (now - chrono::Duration::hours(3)).to_rfc3339(),
        "last_seen_at": (now - chrono::Duration::hours(4)).to_rfc3339(), "from_location_id": place.json["id"],
        "risk_grade": "medium", "risk_rationale": "Out of character",
    });
    let officer = api.token(Role::Practitioner).to_owned();
    let reported = api.call(Method::POST, "/api/v1/missing-episodes", &officer, &report).await;
    assert_eq!(reported.status, StatusCode::CREATED, "{}", reported.json);
    assert_eq!(reported.json["gradings"][0]["rules_version"], json!("CARDIFF-BCU v1"));
    let id = reported.json["id"].as_str().unwrap();
    let returned_at = (now - chrono::Duration::hours(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let back = api
        .call(
            Method::POST,
            &format!("/api/v1/missing-episodes/{id}/return"),
            &officer,
            &json!({"returned_at": returned_at}),
        )
        .await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.json);
    let due = chrono::DateTime::parse_from_rfc3339(back.json["rhi_due_at"].as_str().unwrap()).unwrap();
    assert_eq!(due - chrono::DateTime::parse_from_rfc3339(&returned_at).unwrap(), chrono::Duration::hours(120));
    let read = api.get(&format!("/api/v1/missing-episodes/{id}"), Some(&officer)).await;
    assert_eq!(read.json["rhi_due_at"], back.json["rhi_due_at"], "reads run by the same rules");
    api.finish().await;
}

on_both_stores!(
    an_areas_rules_are_set_versioned_and_decide_its_episodes,
    an_admin_adds_a_user_issues_and_revokes_a_token_and_disables_them,
    bad_values_are_refused_by_field_and_nothing_is_written,
    the_install_administrator_sets_up_areas_agencies_and_agreements,
);
