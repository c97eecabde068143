//! The partner directory over the API, as partners meet it: the police's supervisor adds the
//! missing persons coordinator to a council's area and the council's admin its MASH; everyone who
//! works in the area browses it (scrutiny too), a council of another area does not; a
//! practitioner adds nothing; another agency's admin cannot change your team; a change needs the
//! version it was made from; pathways stay within one area, never to a team itself, once per
//! occasion, and are removed by either end's agency. Bad input is refused by field with nothing
//! written, and every change (and refused change) is on the trail. Both stores.
//!
//! Run: `HAVEN_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo test -p haven-web --test api_directory`

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[macro_use]
#[allow(dead_code, reason = "the harness is shared with tests/api.rs; each binary uses part of it")]
mod api_util;

use api_util::*;
use axum::http::{Method, StatusCode};
use haven_domain::agency::{Agency, AgencyCode, AgencyKind, Area, AreaKind};
use haven_domain::audit::{AuditAction, AuditEvent};
use haven_domain::ids::{AgencyId, AreaId};
use haven_domain::user::Role;
use serde_json::{Value, json};

/// Two councils, each serving its own area and sharing with nobody, with an admin and a
/// practitioner each (tokens by name).
struct Councils {
    cardiff: Area,
    swansea: Area,
    cardiff_la: AgencyId,
    cardiff_admin: String,
    cardiff_pc: String,
    swansea_admin: String,
}

async fn councils(api: &Api) -> Councils {
    let area = |code: &str| Area {
        id: AreaId::new(),
        code: AgencyCode::parse(code).unwrap(),
        name: format!("{code} area"),
        kind: AreaKind::LocalAuthority,
    };
    let (cardiff, swansea) = (area("CARDIFF"), area("SWANSEA"));
    let mut ids = Vec::new();
    for (a, code) in [(&cardiff, "CARDIFF-LA"), (&swansea, "SWANSEA-LA")] {
        api.store.create_area(a, &system(AuditAction::AreaCreate)).await.unwrap();
        let la = Agency { area_id: Some(a.id), ..agency(&format!("{code} council"), code, AgencyKind::LocalAuthority) };
        api.store.create_agency(&la, &system(AuditAction::AgencyCreate)).await.unwrap();
        ids.push(la.id);
    }
    let (_, cardiff_admin) = Api::user(&api.store, "cardiff.admin", ids[0], Role::Admin, false).await;
    let (_, cardiff_pc) = Api::user(&api.store, "cardiff.pc", ids[0], Role::Practitioner, false).await;
    let (_, swansea_admin) = Api::user(&api.store, "swansea.admin", ids[1], Role::Admin, false).await;
    Councils { cardiff, swansea, cardiff_la: ids[0], cardiff_admin, cardiff_pc, swansea_admin }
}

fn team(area: &str, name: &str, kind: &str) -> Value {
    json!({"area": area, "name": name, "kind": kind,
           "what": "Coordinates the response to every child reported missing",
           "how_to_refer": "Phone 101 and ask for the missing persons coordinator, 8am to 8pm",
           "email": "misper@example.police.uk", "phone": "01234 567890"})
}

impl Api {
    async fn send_as(&self, method: Method, path: &str, token: &str, body: &Value) -> Reply {
        self.send_json(method, path, Some(token), &body.to_string()).await
    }

    async fn teams_in(&self, area: AreaId) -> usize {
        self.store.area_directory(area).await.unwrap().teams.len()
    }

    /// What the users of `agency` did under `action`, newest first.
    async fn done(&self, agency: AgencyId, action: AuditAction) -> Vec<AuditEvent> {
        self.store.agency_audit(agency, 500).await.unwrap().into_iter().filter(|e| e.action == action).collect()
    }
}

async fn a_directory_is_kept_by_the_agencies_that_run_its_teams_and_browsed_by_those_who_work_there(store: Backend) {
    let api = Api::new(store).await;
    let c = councils(&api).await;
    let (sgt, pc, scrutiny) = (
        api.token(Role::Supervisor).to_owned(),
        api.token(Role::Practitioner).to_owned(),
        api.token(Role::Scrutiny).to_owned(),
    );
    let teams = "/api/v1/directory/teams";

    // The police's supervisor adds the force's coordinator; the council's admin its MASH.
    let misper = api
        .send_as(Method::POST, teams, &sgt, &team("cardiff", "Missing persons coordinator", "missing_persons_team"))
        .await;
    assert_eq!(misper.status, StatusCode::CREATED, "{}", misper.json);
    assert_eq!(
        (misper.json["area"].as_str(), misper.json["agency"].as_str(), misper.json["version"].as_i64()),
        (Some("CARDIFF"), Some("SWP"), Some(1))
    );
    let misper_id = misper.json["id"].as_str().unwrap().to_owned();
    let mash = api.send_as(Method::POST, teams, &c.cardiff_admin, &team("CARDIFF", "Cardiff MASH", "mash")).await;
    assert_eq!(mash.status, StatusCode::CREATED, "{}", mash.json);
    assert_eq!(mash.json["agency"].as_str(), Some("CARDIFF-LA"));
    let mash_id = mash.json["id"].as_str().unwrap().to_owned();
    let created = api.done(api.police, AuditAction::TeamCreate).await;
    assert_eq!(created.len(), 1);
    assert_eq!(
        (created[0].subject_id.map(|u| u.to_string()), created[0].detail.as_deref()),
        (Some(misper_id.clone()), Some("missing_persons_team"))
    );

    // A practitioner keeps no directory: refused, audited, nothing written.
    api.send_as(Method::POST, teams, &pc, &team("CARDIFF", "Another", "other")).await.problem(StatusCode::FORBIDDEN);
    assert_eq!(api.teams_in(c.cardiff.id).await, 2);
    let refused = api.done(api.police, AuditAction::TeamCreate).await;
    assert!(refused.iter().any(|e| e.detail.as_deref() == Some("denied: role-not-permitted")), "{refused:?}");

    // Everyone who works in the area browses it, scrutiny too; a council of another area does not.
    for token in [&pc, &scrutiny, &c.cardiff_pc] {
        let read = api.get("/api/v1/directory?area=CARDIFF", Some(token)).await;
        assert_eq!(read.status, StatusCode::OK, "{}", read.json);
        let names: Vec<_> =
            read.json["teams"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Missing persons coordinator", "Cardiff MASH"], "by kind, in the kinds' order");
    }
    let own = api.get("/api/v1/directory", Some(&c.cardiff_pc)).await;
    assert_eq!(own.json["area"].as_str(), Some("CARDIFF"), "absent is the caller's own area");
    let elsewhere = api.get("/api/v1/directory?area=CARDIFF", Some(&c.swansea_admin)).await;
    let elsewhere = elsewhere.problem(StatusCode::FORBIDDEN);
    assert!(elsewhere.json["detail"].as_str().unwrap().contains("not-in-area"), "{}", elsewhere.json);
    api.get("/api/v1/directory?area=NOWHERE", Some(&pc)).await.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(api.get("/api/v1/directory?area=NOWHERE", Some(&pc)).await.has_problem(Some("area"), "unknown-area"));

    // Another agency's admin cannot change your team (refusal audited); you can, from the
    // version you read, and the trail names what changed.
    let team_path = format!("/api/v1/directory/teams/{misper_id}");
    let change = json!({"version": 1, "phone": "0800 111 2222"});
    api.send_as(Method::PATCH, &team_path, &c.cardiff_admin, &change).await.problem(StatusCode::FORBIDDEN);
    let theirs = api.done(c.cardiff_la, AuditAction::TeamUpdate).await;
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0].detail.as_deref(), Some("denied: not-your-team"));
    let changed = api.send_as(Method::PATCH, &team_path, api.token(Role::Admin), &change).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.json);
    assert_eq!((changed.json["phone"].as_str(), changed.json["version"].as_i64()), (Some("0800 111 2222"), Some(2)));
    assert_eq!(changed.json["name"].as_str(), Some("Missing persons coordinator"), "what was not sent is kept");
    let updates = api.done(api.police, AuditAction::TeamUpdate).await;
    assert_eq!(updates[0].detail.as_deref(), Some("fields: phone"));
    api.send_as(Method::PATCH, &team_path, &sgt, &change).await.problem(StatusCode::CONFLICT);

    // Pathways: within one area, never to the team itself, once per occasion.
    let pathways = "/api/v1/directory/pathways";
    let returns = json!({"from_team": misper_id, "to_team": mash_id, "when": "Child returns from a missing episode",
                         "how": "Referral form within 24 hours"});
    let made = api.send_as(Method::POST, pathways, &sgt, &returns).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
    let pathway_id = made.json["id"].as_str().unwrap().to_owned();
    let again = api.send_as(Method::POST, pathways, &sgt, &returns).await.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.has_problem(Some("when"), "duplicate"), "{}", again.json);
    let to_itself = json!({"from_team": misper_id, "to_team": misper_id, "when": "Always", "how": "Phone"});
    let refused = api.send_as(Method::POST, pathways, &sgt, &to_itself).await.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.has_problem(Some("to_team"), "same-as-from"));
    let swansea = api.send_as(Method::POST, teams, &c.swansea_admin, &team("SWANSEA", "Swansea MASH", "mash")).await;
    assert_eq!(swansea.status, StatusCode::CREATED, "{}", swansea.json);
    assert_eq!(api.teams_in(c.swansea.id).await, 1, "in its own area");
    let across = json!({"from_team": misper_id, "to_team": swansea.json["id"], "when": "Always", "how": "Phone"});
    let refused = api.send_as(Method::POST, pathways, &sgt, &across).await.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.has_problem(Some("to_team"), "other-area"));
    // Neither end is the Swansea council's.
    let theirs = json!({"from_team": mash_id, "to_team": misper_id, "when": "Disclosure of harm", "how": "Phone"});
    api.send_as(Method::POST, pathways, &c.swansea_admin, &theirs).await.problem(StatusCode::FORBIDDEN);

    let listed = api.get("/api/v1/directory?area=CARDIFF", Some(&pc)).await;
    assert_eq!(listed.json["pathways"].as_array().map(Vec::len), Some(1));
    assert_eq!(listed.json["pathways"][0]["when"].as_str(), Some("Child returns from a missing episode"));

    // Removed by either end's admins or supervisors, once.
    let path = format!("{pathways}/{pathway_id}");
    api.send_json(Method::DELETE, &path, Some(&c.cardiff_pc), "").await.problem(StatusCode::FORBIDDEN);
    let removed = api.send_json(Method::DELETE, &path, Some(&c.cardiff_admin), "").await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.json);
    api.send_json(Method::DELETE, &path, Some(&c.cardiff_admin), "").await.problem(StatusCode::NOT_FOUND);
    let listed = api.get("/api/v1/directory?area=CARDIFF", Some(&pc)).await;
    assert_eq!(listed.json["pathways"].as_array().map(Vec::len), Some(0));
    assert_eq!(api.done(c.cardiff_la, AuditAction::PathwayDelete).await.iter().filter(|e| !e.is_refusal()).count(), 1);
    api.finish().await;
}

async fn bad_input_is_refused_by_field_with_nothing_written(store: Backend) {
    let api = Api::new(store).await;
    let c = councils(&api).await;
    let sgt = api.token(Role::Supervisor).to_owned();
    let before = api.store.agency_audit(api.police, 500).await.unwrap().len();
    let bad = json!({"area": "CARDIFF", "name": " ", "kind": "police", "what": "", "how_to_refer": "Ring",
                     "email": "01234 567890", "phone": "ring the desk"});
    let refused = api
        .send_as(Method::POST, "/api/v1/directory/teams", &sgt, &bad)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY);
    let mut problems = refused.problems();
    problems.sort();
    let expected = [
        ("email", "format"),
        ("kind", "unknown-code"),
        ("name", "required"),
        ("phone", "format"),
        ("what", "required"),
    ];
    assert_eq!(problems, expected.map(|(f, c)| (Some(f.to_owned()), c.to_owned())));
    let nowhere = json!({"area": "NOWHERE", "name": "A team", "kind": "other", "what": "x", "how_to_refer": "y"});
    let refused = api
        .send_as(Method::POST, "/api/v1/directory/teams", &sgt, &nowhere)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.has_problem(Some("area"), "unknown-area"));
    let unknown = json!({"area": "CARDIFF", "colour": "blue"});
    api.send_as(Method::POST, "/api/v1/directory/teams", &sgt, &unknown).await.problem(StatusCode::BAD_REQUEST);
    assert_eq!(api.teams_in(c.cardiff.id).await, 0);
    assert_eq!(api.store.agency_audit(api.police, 500).await.unwrap().len(), before, "nothing on the trail either");

    // A pathway naming teams that are not there, with nothing to say when or how.
    let stray = json!({"from_team": "not-an-id", "to_team": uuid::Uuid::now_v7().to_string(), "when": "", "how": ""});
    let refused = api
        .send_as(Method::POST, "/api/v1/directory/pathways", &sgt, &stray)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY);
    let mut problems = refused.problems();
    problems.sort();
    let expected =
        [("from_team", "not-an-id"), ("how", "required"), ("to_team", "unknown-record"), ("when", "required")];
    assert_eq!(problems, expected.map(|(f, c)| (Some(f.to_owned()), c.to_owned())));
    // A change without the version it was made from.
    let made = api
        .send_as(Method::POST, "/api/v1/directory/teams", &sgt, &team("CARDIFF", "Coordinator", "missing_persons_team"))
        .await;
    let path = format!("/api/v1/directory/teams/{}", made.json["id"].as_str().unwrap());
    let refused = api
        .send_as(Method::PATCH, &path, &sgt, &json!({"email": "nope"}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY);
    let mut problems = refused.problems();
    problems.sort();
    assert_eq!(
        problems,
        [(Some("email".to_owned()), "format".to_owned()), (Some("version".to_owned()), "required".to_owned())]
    );
    let read = api.store.area_directory(c.cardiff.id).await.unwrap();
    assert_eq!((read.teams[0].version, read.teams[0].details.email.as_deref()), (1, Some("misper@example.police.uk")));
    api.finish().await;
}

on_both_stores!(
    a_directory_is_kept_by_the_agencies_that_run_its_teams_and_browsed_by_those_who_work_there,
    bad_input_is_refused_by_field_with_nothing_written,
);
