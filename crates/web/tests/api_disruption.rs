//! Disruption under the 4Ps over the API, as a client meets it: the police record a CAWN against
//! an adult, protecting a child, read it, list it by person, place and area, and change its
//! outcome from the version they read; a CAWN expiring before its issue (and other bad input)
//! is refused by field with nothing written; a partner sees it under an agreement that names
//! the `disruption` class and not otherwise, another force not at all, `scrutiny` never; every
//! read and change is on the adult's trail. Every test runs on SQLite and on PostgreSQL.
//!
//! Run: `HAVEN_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo test -p haven-web --test api_disruption`

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[macro_use]
#[allow(dead_code, reason = "the harness is shared with tests/api.rs; each binary uses part of it")]
mod api_util;

use api_util::*;
use axum::http::{Method, StatusCode};
use chrono::Duration;
use haven_domain::agency::{AgencyCode, Area, AreaKind};
use haven_domain::audit::AuditAction;
use haven_domain::ids::{AgreementId, AreaId, PersonId};
use haven_domain::sharing::{Agreement, RecordClass};
use haven_domain::user::Role;
use haven_store::DisruptionQuery;
use serde_json::{Value, json};

const AREA: &str = "CARDIFF-N";

fn day(offset: i64) -> String {
    (today() + Duration::days(offset)).to_string()
}

impl Api {
    async fn call(&self, method: Method, path: &str, token: &str, body: &Value) -> Reply {
        self.send_json(method, path, Some(token), &body.to_string()).await
    }

    /// The test's area, and an adult of concern the police hold; the adult's id.
    async fn setting(&self) -> PersonId {
        let area = Area {
            id: AreaId::new(),
            code: AgencyCode::parse(AREA).unwrap(),
            name: "Cardiff North".into(),
            kind: AreaKind::Bcu,
        };
        self.store.create_area(&area, &system(AuditAction::AreaCreate)).await.unwrap();
        let adult = json!({"kind": "adult", "given_name": "Rhys", "family_name": "Price",
                           "date_of_birth": "1990-01-01", "sex": "male"});
        let made = self.post(Some(self.token(Role::Practitioner)), &adult).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
        made.json["id"].as_str().unwrap().parse().unwrap()
    }

    /// Every disruption in the store, whoever recorded it.
    async fn disruptions_written(&self) -> usize {
        let all = DisruptionQuery { owners: vec![self.police], ..DisruptionQuery::default() };
        self.store.disruptions(&all, &system(AuditAction::DisruptionList)).await.unwrap().len()
    }

    /// A user of a new agency of `kind` and a token for them; with an agreement with the police
    /// that shares every class but those in `withheld`, if any.
    async fn partner(&self, code: &str, withheld: Option<&[RecordClass]>) -> String {
        let a = agency(code, code, haven_domain::agency::AgencyKind::LocalAuthority);
        self.store.create_agency(&a, &system(AuditAction::AgencyCreate)).await.unwrap();
        if let Some(withheld) = withheld {
            let mut grants = Agreement::share_everything();
            grants.retain(|g| !withheld.contains(&g.class));
            let agreement = Agreement {
                id: AgreementId::new(),
                name: format!("{code} ISP"),
                purpose: "safeguarding".into(),
                members: vec![self.police, a.id],
                grants,
                starts_on: today() - Duration::days(30),
                ends_on: None,
                review_on: None,
            };
            self.store.create_agreement(&agreement, &system(AuditAction::AgreementCreate)).await.unwrap();
        }
        Self::user(&self.store, &format!("{}.worker", code.to_lowercase()), a.id, Role::Practitioner, false).await.1
    }
}

/// A CAWN against `adult`, protecting `child`, issued three days ago for a year.
fn cawn(adult: PersonId, child: PersonId) -> Value {
    json!({"area": AREA, "person_id": adult.to_string(), "child_id": child.to_string(), "tactic": "cawn",
           "done_on": day(-3), "issued_on": day(-3), "expires_on": day(362), "outcome": "ongoing",
           "outcome_note": "Served in person at his flat", "officer_name": "PC 1234 Rees"})
}

async fn a_cawn_is_recorded_read_listed_and_its_outcome_changed(store: Backend) {
    let api = Api::new(store).await;
    let rhys = api.setting().await;
    let pc = api.token(Role::Practitioner).to_owned();
    let made = api.call(Method::POST, "/api/v1/disruptions", &pc, &cawn(rhys, api.sian)).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
    let d = &made.json;
    assert_eq!(
        (d["tactic"].as_str(), d["four_p"].as_str(), d["owner"].as_str(), d["area"].as_str()),
        (Some("cawn"), Some("pursue"), Some("SWP"), Some(AREA)),
        "the tactic's usual 4P when none is chosen"
    );
    assert_eq!((d["subject"].as_str(), d["child_name"].as_str()), (Some("Rhys Price"), Some("Siân Evans")));
    assert_eq!((d["in_force"].as_bool(), d["version"].as_i64()), (Some(true), Some(1)));
    let id = d["id"].as_str().unwrap().to_owned();

    let one = api.get(&format!("/api/v1/disruptions/{id}"), Some(&pc)).await;
    assert_eq!((one.status, one.json["officer_name"].as_str()), (StatusCode::OK, Some("PC 1234 Rees")));
    let count = |r: &Reply| r.json.as_array().map(Vec::len);
    let list = |q: String| {
        let api = &api;
        let pc = pc.clone();
        async move { api.get(&format!("/api/v1/disruptions?{q}"), Some(&pc)).await }
    };
    assert_eq!(count(&list(format!("person={rhys}")).await), Some(1), "against him");
    assert_eq!(count(&list(format!("person={}", api.sian)).await), Some(1), "protecting her");
    assert_eq!(count(&list(format!("area={AREA}&tactic=cawn&from={}", day(-3))).await), Some(1));
    assert_eq!(count(&list(format!("area={AREA}&four_p=prevent")).await), Some(0));
    let bad = list("from=yesterday&tactic=knock".into()).await.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.has_problem(Some("from"), "date-format") && bad.has_problem(Some("tactic"), "unknown-code"));

    // The outcome changes from the version read; a stale change is refused.
    let breached = json!({"version": 1, "outcome": "breached", "outcome_note": "Seen with her at the station"});
    let changed = api.call(Method::PATCH, &format!("/api/v1/disruptions/{id}"), &pc, &breached).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.json);
    assert_eq!((changed.json["outcome"].as_str(), changed.json["version"].as_i64()), (Some("breached"), Some(2)));
    api.call(Method::PATCH, &format!("/api/v1/disruptions/{id}"), &pc, &breached).await.problem(StatusCode::CONFLICT);
    let same = json!({"outcome": "breached", "outcome_note": "Seen with her at the station"});
    let unchanged = api.call(Method::PATCH, &format!("/api/v1/disruptions/{id}"), &pc, &same).await;
    assert!(unchanged.problem(StatusCode::UNPROCESSABLE_ENTITY).has_problem(Some("outcome"), "unchanged"));

    let trail = api.trail(rhys).await;
    for action in [
        AuditAction::DisruptionRecord,
        AuditAction::DisruptionView,
        AuditAction::DisruptionList,
        AuditAction::DisruptionUpdate,
    ] {
        assert!(trail.iter().any(|e| e.action == action), "{action:?} on his trail");
    }
    let recorded = trail.iter().find(|e| e.action == AuditAction::DisruptionRecord).unwrap();
    assert_eq!(recorded.detail.as_deref(), Some("disruption: cawn, ongoing"));
    api.finish().await;
}

async fn a_cawn_expiring_before_its_issue_is_refused_by_field_and_nothing_is_written(store: Backend) {
    let api = Api::new(store).await;
    let rhys = api.setting().await;
    let pc = api.token(Role::Practitioner).to_owned();
    let mut backwards = cawn(rhys, api.sian);
    backwards["expires_on"] = json!(day(-10));
    let refused = api.call(Method::POST, "/api/v1/disruptions", &pc, &backwards).await;
    let refused = refused.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.problems(), [(Some("expires_on".to_owned()), "expires-before-issued".to_owned())]);

    // Every problem at once, each by its field.
    let muddled = json!({"area": AREA, "person_id": rhys.to_string(), "tactic": "cawn", "done_on": day(5),
                         "outcome": "won", "officer_name": ""});
    let muddled = api.call(Method::POST, "/api/v1/disruptions", &pc, &muddled).await;
    let muddled = muddled.problem(StatusCode::UNPROCESSABLE_ENTITY);
    for (field, code) in [
        ("done_on", "date-in-future"),
        ("outcome", "unknown-code"),
        ("officer_name", "required"),
        ("child_id", "required-for-tactic"),
        ("issued_on", "required-for-tactic"),
        ("expires_on", "required-for-tactic"),
    ] {
        assert!(muddled.has_problem(Some(field), code), "{field}: {code} in {}", muddled.json);
    }
    let nothing = json!({"tactic": "knock", "done_on": day(0), "outcome": "ongoing", "officer_name": "PC Rees"});
    let nothing = api.call(Method::POST, "/api/v1/disruptions", &pc, &nothing).await;
    let nothing = nothing.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nothing.has_problem(Some("subject"), "required") && nothing.has_problem(Some("tactic"), "unknown-code"));
    // A CAWN is served on an adult: never on the child it would protect.
    let on_a_child = json!({"area": AREA, "person_id": api.sian.to_string(), "child_id": api.cerys.to_string(),
                            "tactic": "cawn", "done_on": day(-1), "issued_on": day(-1), "expires_on": day(300),
                            "outcome": "ongoing", "officer_name": "PC Rees"});
    let on_a_child = api.call(Method::POST, "/api/v1/disruptions", &pc, &on_a_child).await;
    assert!(on_a_child.problem(StatusCode::UNPROCESSABLE_ENTITY).has_problem(Some("subject"), "cawn-needs-an-adult"));
    let unknown = api.call(Method::POST, "/api/v1/disruptions", &pc, &json!({"tactic": "cawn", "colour": "red"})).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);

    assert_eq!(api.disruptions_written().await, 0, "nothing written");
    assert!(!api.trail(rhys).await.iter().any(|e| e.action == AuditAction::DisruptionRecord));
    api.finish().await;
}

async fn disruption_is_seen_only_under_a_grant_of_its_class_and_never_by_scrutiny(store: Backend) {
    let api = Api::new(store).await;
    let rhys = api.setting().await;
    let pc = api.token(Role::Practitioner).to_owned();
    let made = api.call(Method::POST, "/api/v1/disruptions", &pc, &cawn(rhys, api.sian)).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
    let one = format!("/api/v1/disruptions/{}", made.json["id"].as_str().unwrap());
    let of_rhys = format!("/api/v1/disruptions?person={rhys}");

    // A partner under an agreement that names `disruption` reads it, but changes only its own.
    let partner = api.partner("NEWPORT-CS", Some(&[])).await;
    assert_eq!(api.get(&one, Some(&partner)).await.status, StatusCode::OK);
    let change = json!({"outcome": "completed"});
    api.call(Method::PATCH, &one, &partner, &change).await.problem(StatusCode::FORBIDDEN);
    // One whose agreement shares everything but disruption sees the adult, not what was done.
    let withheld = api.partner("TORFAEN-CS", Some(&[RecordClass::Disruption])).await;
    let listed = api.get(&of_rhys, Some(&withheld)).await;
    assert_eq!((listed.status, listed.json.as_array().map(Vec::len)), (StatusCode::OK, Some(0)));
    api.get(&one, Some(&withheld)).await.problem(StatusCode::NOT_FOUND);
    // Another force with no agreement: neither him nor it, answered as nothing at all.
    api.get(&one, Some(&api.dpp_token)).await.problem(StatusCode::NOT_FOUND);
    api.get(&of_rhys, Some(&api.dpp_token)).await.problem(StatusCode::NOT_FOUND);
    let area = api.get(&format!("/api/v1/disruptions?area={AREA}"), Some(&api.dpp_token)).await;
    assert_eq!(area.json.as_array().map(Vec::len), Some(0));
    // Scrutiny and administrators never read person-level disruption.
    for role in [Role::Scrutiny, Role::Admin] {
        api.get(&one, Some(api.token(role))).await.problem(StatusCode::FORBIDDEN);
        api.get("/api/v1/disruptions", Some(api.token(role))).await.problem(StatusCode::FORBIDDEN);
        api.call(Method::POST, "/api/v1/disruptions", api.token(role), &cawn(rhys, api.sian))
            .await
            .problem(StatusCode::FORBIDDEN);
    }
    // The refused looks are on his trail.
    let trail = api.trail(rhys).await;
    assert!(trail.iter().any(|e| e.detail.as_deref() == Some("denied: not-shared")), "{trail:?}");
    assert_eq!(api.disruptions_written().await, 1);
    api.finish().await;
}

on_both_stores!(
    a_cawn_is_recorded_read_listed_and_its_outcome_changed,
    a_cawn_expiring_before_its_issue_is_refused_by_field_and_nothing_is_written,
    disruption_is_seen_only_under_a_grant_of_its_class_and_never_by_scrutiny,
);
