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

on_both_stores!(
    an_admin_adds_a_user_issues_and_revokes_a_token_and_disables_them,
    bad_values_are_refused_by_field_and_nothing_is_written,
    the_install_administrator_sets_up_areas_agencies_and_agreements,
);
