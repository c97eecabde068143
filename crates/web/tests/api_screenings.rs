//! Exploitation screening over the API, as a partner's case system meets it: a practitioner
//! screens a child and reads back the score, tier, reasons and what is due; a lowered tier
//! needs a reason, unknown indicators and retired versions are refused by field with nothing
//! written; a force without an agreement sees nothing. Every test runs on SQLite and on
//! PostgreSQL.
//!
//! Run: `HAVEN_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo test -p haven-web --test api_screenings`

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[macro_use]
#[allow(dead_code, reason = "the harness is shared with tests/api.rs; each binary uses part of it")]
mod api_util;

use api_util::*;
use axum::http::{Method, StatusCode};
use haven_domain::audit::AuditAction;
use haven_domain::ids::PersonId;
use haven_domain::user::Role;
use serde_json::{Value, json};

impl Api {
    async fn screen(&self, person: PersonId, token: &str, body: &Value) -> Reply {
        let path = format!("/api/v1/people/{person}/screenings");
        self.send_json(Method::POST, &path, Some(token), &body.to_string()).await
    }

    async fn screenings(&self, person: PersonId, token: &str) -> Reply {
        self.get(&format!("/api/v1/people/{person}/screenings"), Some(token)).await
    }
}

fn red() -> Value {
    json!({"answers": {
        "missing-overnight": {"answer": "present", "note": "two nights in Swansea"},
        "money-unexplained": {"answer": "present"},
        "offending-supply": {"answer": "present", "note": "found with wraps"},
        "money-phone": {"answer": "present"},
        "school-absence": {"answer": "absent"},
    }})
}

async fn a_practitioner_screens_a_child_and_reads_the_reasons_and_what_is_due(store: Backend) {
    let api = Api::new(store).await;
    let pc = api.token(Role::Practitioner).to_owned();
    let made = api.screen(api.sian, &pc, &red()).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
    let s = &made.json;
    assert_eq!(
        (s["score"].as_u64(), s["computed_tier"].as_str(), s["tier"].as_str()),
        (Some(16), Some("red"), Some("red"))
    );
    assert_eq!(s["strategy_discussion_due"], json!(true));
    assert_eq!(s["mace_referral_proposed"], json!(true));
    assert_eq!(s["nrm_prompt"], json!(["cce", "cse"]));
    assert_eq!(s["answers"]["missing-overnight"]["note"], json!("two nights in Swansea"));
    let reasons: Vec<(&str, u64)> = s["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["indicator"].as_str().unwrap(), r["points"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        reasons,
        [("missing-overnight", 5), ("money-unexplained", 5), ("money-phone", 1), ("offending-supply", 5)]
    );
    assert!(made.headers.get("location").is_some());

    // Raised by judgement; then read back, newest first.
    let raised = json!({"answers": {"missing-late": {"answer": "present"}}, "tier": "amber"});
    let second = api.screen(api.sian, api.token(Role::Supervisor), &raised).await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.json);
    assert_eq!((second.json["computed_tier"].as_str(), second.json["tier"].as_str()), (Some("green"), Some("amber")));
    let list = api.screenings(api.sian, api.token(Role::Analyst)).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.json);
    let ids: Vec<&Value> = list.json.as_array().unwrap().iter().map(|s| &s["id"]).collect();
    assert_eq!(ids, [&second.json["id"], &made.json["id"]]);

    let trail = api.trail(api.sian).await;
    assert_eq!(trail.iter().filter(|a| a.action == AuditAction::ScreeningCreate).count(), 2);
    assert!(trail.iter().any(|a| a.action == AuditAction::ScreeningCreate
        && a.detail.as_deref() == Some("screening: v1 score 1 green -> amber")));
    assert!(trail.iter().any(|a| a.action == AuditAction::ScreeningList));
    api.finish().await;
}

async fn bad_values_are_refused_by_field_and_nothing_is_written(store: Backend) {
    let api = Api::new(store).await;
    let pc = api.token(Role::Practitioner).to_owned();
    let lowered = json!({"answers": red()["answers"], "tier": "green"});
    api.screen(api.sian, &pc, &lowered).await.problem(StatusCode::UNPROCESSABLE_ENTITY);
    let reply = api.screen(api.sian, &pc, &lowered).await;
    assert!(reply.has_problem(Some("reason"), "lowered-without-reason"), "{}", reply.json);
    let unknown = json!({"answers": {"made-up": {"answer": "present"}, "subs-drugs": {"answer": "sometimes"}}, "tool_version": 7});
    let reply = api.screen(api.sian, &pc, &unknown).await.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.has_problem(Some("tool_version"), "unknown-tool-version"), "{}", reply.json);
    let reply = api.screen(api.sian, &pc, &json!({"answers": {}})).await.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.has_problem(Some("answers"), "nothing-answered"), "{}", reply.json);
    let reply = api.screen(api.sian, &pc, &json!({"answers": {"made-up": {"answer": "present"}}})).await;
    assert!(reply.has_problem(Some("answers.made-up"), "unknown-indicator"), "{}", reply.json);
    let reply = api.screen(api.sian, &pc, &json!({"answers": {}, "score": 99})).await.problem(StatusCode::BAD_REQUEST);
    assert!(reply.has_problem(Some("score"), "unknown-field"), "{}", reply.json);
    let list = api.screenings(api.sian, &pc).await;
    assert_eq!(list.json, json!([]), "nothing written");
    assert!(api.trail(api.sian).await.iter().all(|a| a.action != AuditAction::ScreeningCreate));
    api.finish().await;
}

async fn only_those_who_may_see_the_child_and_screen_do(store: Backend) {
    let api = Api::new(store).await;
    // Another force without an agreement: the child does not exist for it.
    let dpp = api.dpp_token.clone();
    api.screen(api.sian, &dpp, &red()).await.problem(StatusCode::NOT_FOUND);
    api.screenings(api.sian, &dpp).await.problem(StatusCode::NOT_FOUND);
    // Its own child, it may screen; the first force does not see that screening.
    let made = api.screen(api.tomos, &dpp, &red()).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
    api.screenings(api.tomos, api.token(Role::Practitioner)).await.problem(StatusCode::NOT_FOUND);
    // Roles: an analyst reads but does not screen; an admin neither.
    api.screen(api.sian, api.token(Role::Analyst), &red()).await.problem(StatusCode::FORBIDDEN);
    api.screen(api.sian, api.token(Role::Admin), &red()).await.problem(StatusCode::FORBIDDEN);
    api.screenings(api.sian, api.token(Role::Admin)).await.problem(StatusCode::FORBIDDEN);
    api.screen(api.sian, "haven_nonsense", &red()).await.problem(StatusCode::UNAUTHORIZED);
    api.finish().await;
}

on_both_stores!(
    a_practitioner_screens_a_child_and_reads_the_reasons_and_what_is_due,
    bad_values_are_refused_by_field_and_nothing_is_written,
    only_those_who_may_see_the_child_and_screen_do,
);
