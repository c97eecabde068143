//! MACE over the API, as a chair's office and a partner meet it: a chair convenes a meeting with
//! a partner agency, drafts and edits the agenda, minutes an item, agrees an action and the
//! partner's worker closes it with a reason; an attendee from outside the sharing agreement, an
//! action due before the meeting and a close without a reason are refused by field with nothing
//! written; another force's officer is told the meeting does not exist and scrutiny is refused.
//! Every test runs on SQLite and on PostgreSQL.
//!
//! Run: `HAVEN_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo test -p haven-web --test api_mace`

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[macro_use]
#[allow(dead_code, reason = "the harness is shared with tests/api.rs; each binary uses part of it")]
mod api_util;

use api_util::*;
use axum::http::{Method, StatusCode};
use chrono::Duration;
use haven_domain::agency::{Area, AreaKind};
use haven_domain::audit::AuditAction;
use haven_domain::ids::AreaId;
use haven_domain::user::Role;
use serde_json::{Value, json};

impl Api {
    async fn call(&self, method: Method, path: &str, token: &str, body: &Value) -> Reply {
        self.send_json(method, path, Some(token), &body.to_string()).await
    }

    async fn with_area(&self) {
        let area = Area {
            id: AreaId::new(),
            code: haven_domain::agency::AgencyCode::parse("MOR-N").unwrap(),
            name: "Morlais North".into(),
            kind: AreaKind::Bcu,
        };
        self.store.create_area(&area, &system(AuditAction::AreaCreate)).await.unwrap();
    }

    async fn meetings_in_store(&self) -> usize {
        let audit = system(AuditAction::MaceMeetingList);
        self.store.meetings_of(self.police, None, &audit).await.unwrap().len()
    }
}

fn meeting(date: &str, attendees: Value) -> Value {
    json!({
        "area": "MOR-N", "date": date, "time": "10:00",
        "chair": {"name": "DI Carys Morgan", "agency": "SWP"},
        "attendees": attendees,
        "apologies": [{"name": "Dr Ffion Hughes", "agency": "CARDIFF-CS"}]
    })
}

async fn a_meeting_runs_from_agenda_to_a_closed_action(store: Backend) {
    let api = Api::new(store).await;
    api.with_area().await;
    let chair = api.token(Role::MaceChair).to_owned();
    let date = (today() + Duration::days(7)).to_string();

    // An attendee of an agency outside the agreement: refused by line, nothing written.
    let outside = meeting(&date, json!([{"name": "PC Rhys", "agency": "SWP"}, {"name": "DS Price", "agency": "DPP"}]));
    let refused = api
        .call(Method::POST, "/api/v1/mace/meetings", &chair, &outside)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.has_problem(Some("attendees.1.agency"), "outside-agreement"), "{}", refused.json);
    assert_eq!(api.meetings_in_store().await, 0);

    let made = api
        .call(
            Method::POST,
            "/api/v1/mace/meetings",
            &chair,
            &meeting(&date, json!([{"name": "PC Rhys", "agency": "SWP"}])),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
    let id = made.json["id"].as_str().unwrap().to_owned();
    assert_eq!(made.json["apologies"][0]["agency"], "CARDIFF-CS");

    // The chair adds a theme and minutes it.
    let theme = json!({"theme": "County lines around the bus station", "reason": "Three children found there"});
    let item = api.call(Method::POST, &format!("/api/v1/mace/meetings/{id}/items"), &chair, &theme).await;
    assert_eq!(item.status, StatusCode::CREATED, "{}", item.json);
    let item_id = item.json["id"].as_str().unwrap().to_owned();
    let bad = json!({"version": 1, "summary": "Heard from the PCSOs", "risk_after": "purple"});
    let path = format!("/api/v1/mace/meetings/{id}/items/{item_id}");
    let refused = api.call(Method::PUT, &path, &chair, &bad).await.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.has_problem(Some("risk_after"), "unknown-code"), "{}", refused.json);
    let good =
        json!({"version": 1, "summary": "Heard from the PCSOs", "decisions": "Joint patrols", "risk_after": "amber"});
    let minuted = api.call(Method::PUT, &path, &chair, &good).await;
    assert_eq!(minuted.status, StatusCode::OK, "{}", minuted.json);
    assert_eq!((minuted.json["risk_after"].as_str(), minuted.json["version"].as_i64()), (Some("amber"), Some(2)));

    // An action due before the meeting, and one with no owner: refused by field.
    let actions = format!("/api/v1/mace/meetings/{id}/actions");
    let early = json!({"text": "Patrol plan", "owner_name": "PC Rhys", "owner_agency": "SWP",
        "due_on": today().to_string(), "four_p": "pursue", "item_id": item_id});
    let refused = api.call(Method::POST, &actions, &chair, &early).await.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.has_problem(Some("due_on"), "due-before-meeting"), "{}", refused.json);
    let ownerless = json!({"text": "Patrol plan", "due_on": (today() + Duration::days(21)).to_string()});
    let refused = api.call(Method::POST, &actions, &chair, &ownerless).await.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.has_problem(Some("owner_name"), "required") && refused.has_problem(Some("owner_agency"), "required")
    );
    let due = (today() + Duration::days(21)).to_string();
    let agreed = api
        .call(
            Method::POST,
            &actions,
            &chair,
            &json!({"text": "Safeguarding visits", "owner_name": "SW Davies",
            "owner_agency": "CARDIFF-CS", "due_on": due, "four_p": "protect", "item_id": item_id}),
        )
        .await;
    assert_eq!(agreed.status, StatusCode::CREATED, "{}", agreed.json);
    assert_eq!(agreed.json["number"], 1);
    let action = agreed.json["id"].as_str().unwrap().to_owned();

    // An item with an action stays on the agenda.
    let remove = api
        .send(
            Api::request(Method::DELETE, &format!("{path}?version=2"), Some(&chair))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    let remove = remove.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(remove.has_problem(Some("item"), "has-actions"), "{}", remove.json);

    // The whole meeting reads back with its minutes and register.
    let read = api.get(&format!("/api/v1/mace/meetings/{id}"), Some(&chair)).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.json);
    assert_eq!(read.json["items"][0]["subject"], "County lines around the bus station");
    assert_eq!(read.json["actions"][0]["owner_agency"], "CARDIFF-CS");

    // The chair closes it without a reason: refused; with one: closed.
    let patch = format!("/api/v1/mace/actions/{action}");
    let refused = api.call(Method::PATCH, &patch, &chair, &json!({"version": 1, "status": "closed"})).await;
    let refused = refused.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.has_problem(Some("note"), "closed-without-reason"), "{}", refused.json);
    let closed = api
        .call(
            Method::PATCH,
            &patch,
            &chair,
            &json!({"version": 1, "status": "closed", "note": "Family moved out of area"}),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.json);
    assert_eq!(closed.json["closed_reason"], "Family moved out of area");
    api.finish().await;
}

async fn only_the_meetings_agencies_see_it(store: Backend) {
    let api = Api::new(store).await;
    api.with_area().await;
    let chair = api.token(Role::MaceChair).to_owned();
    let date = (today() + Duration::days(7)).to_string();
    let made = api.call(Method::POST, "/api/v1/mace/meetings", &chair, &meeting(&date, json!([]))).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
    let path = format!("/api/v1/mace/meetings/{}", made.json["id"].as_str().unwrap());

    // Another force's officer: as if there were no such meeting.
    api.get(&path, Some(&api.dpp_token)).await.problem(StatusCode::NOT_FOUND);
    // Scrutiny sees figures, never minutes; a practitioner may read but not convene.
    api.get(&path, Some(api.token(Role::Scrutiny))).await.problem(StatusCode::FORBIDDEN);
    assert_eq!(api.get(&path, Some(api.token(Role::Practitioner))).await.status, StatusCode::OK);
    let by_practitioner = api
        .call(Method::POST, "/api/v1/mace/meetings", api.token(Role::Practitioner), &meeting(&date, json!([])))
        .await;
    by_practitioner.problem(StatusCode::FORBIDDEN);
    // A bad register view is named.
    let bad = api.get("/api/v1/mace/actions?view=everything", Some(&chair)).await.problem(StatusCode::BAD_REQUEST);
    assert!(bad.has_problem(Some("view"), "unknown-code"), "{}", bad.json);
    api.finish().await;
}

on_both_stores!(a_meeting_runs_from_agenda_to_a_closed_action, only_the_meetings_agencies_see_it);
