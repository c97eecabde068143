//! Associations and hotspots over the API (issue 20), as a client meets them: the police record
//! whom a child was found with on the return, read her network to one or two steps with each
//! edge's source and date, and an area's hotspots; a depth past two, an unknown person and an
//! area that does not exist are refused with the field named or as not found, nothing leaked;
//! another force sees nothing of it; every read is on the child's trail. Every test runs on
//! SQLite and on PostgreSQL.
//!
//! Run: `HAVEN_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo test -p haven-web --test api_network`

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[macro_use]
#[allow(dead_code, reason = "the harness is shared with tests/api.rs; each binary uses part of it")]
mod api_util;

use api_util::*;
use axum::http::{Method, StatusCode};
use chrono::{Duration, SubsecRound, Utc};
use haven_domain::agency::{AgencyCode, Area, AreaKind};
use haven_domain::audit::AuditAction;
use haven_domain::ids::{AreaId, LocationId, PersonId};
use haven_domain::location::{Location, LocationKind};
use haven_domain::user::Role;
use serde_json::{Value, json};

const AREA: &str = "CARDIFF-N";

fn at(hours_ago: i64) -> String {
    (Utc::now() - Duration::hours(hours_ago)).trunc_subsecs(0).to_rfc3339()
}

impl Api {
    async fn call(&self, method: Method, path: &str, token: &str, body: &Value) -> Reply {
        self.send_json(method, path, Some(token), &body.to_string()).await
    }

    /// The area, a children's home in it, and an adult the police hold; Siân reported missing
    /// from the home and returned. The adult's id, the home's and the episode's.
    async fn setting(&self) -> (PersonId, LocationId, String) {
        let area = Area {
            id: AreaId::new(),
            code: AgencyCode::parse(AREA).unwrap(),
            name: "Cardiff North".into(),
            kind: AreaKind::Bcu,
        };
        self.store.create_area(&area, &system(AuditAction::AreaCreate)).await.unwrap();
        let home = Location {
            id: LocationId::new(),
            kind: LocationKind::ChildrensHome,
            name: Some("Tŷ Coed".into()),
            address: "1 Coed Road".into(),
            postcode: None,
            area_id: Some(area.id),
            coordinates: None,
        };
        self.store.create_location(&home, &system(AuditAction::LocationCreate)).await.unwrap();
        let pc = self.token(Role::Practitioner).to_owned();
        let adult = json!({"kind": "adult", "given_name": "Rhys", "family_name": "Price",
                           "date_of_birth": "1990-01-01", "sex": "male"});
        let made = self.post(Some(&pc), &adult).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
        let rhys: PersonId = made.json["id"].as_str().unwrap().parse().unwrap();
        let answers: serde_json::Map<String, Value> = haven_domain::missing::episode::RISK_QUESTIONS
            .iter()
            .map(|q| (q.to_string(), json!("not_known")))
            .collect();
        let report = json!({"person_id": self.sian.to_string(), "reported_at": at(30), "last_seen_at": at(31),
            "last_seen_where": "Home", "circumstances": "Left after a row", "risk_grade": "medium",
            "risk_rationale": "Known to an older male", "from_location_id": home.id.to_string(), "answers": answers});
        let reported = self.call(Method::POST, "/api/v1/missing-episodes", &pc, &report).await;
        assert_eq!(reported.status, StatusCode::CREATED, "{}", reported.json);
        let episode = reported.json["id"].as_str().unwrap().to_owned();
        let back = json!({"returned_at": at(10), "found_where": "A flat"});
        let returned = self.call(Method::POST, &format!("/api/v1/missing-episodes/{episode}/return"), &pc, &back).await;
        assert!(returned.status.is_success(), "{}", returned.json);
        (rhys, home.id, episode)
    }
}

async fn whom_she_was_found_with_is_recorded_and_her_network_read_with_each_source(store: Backend) {
    let api = Api::new(store).await;
    let (rhys, home, episode) = api.setting().await;
    let pc = api.token(Role::Practitioner).to_owned();
    let path = format!("/api/v1/missing-episodes/{episode}/associations");
    let with = json!({"relation": "found_with", "person_id": rhys.to_string()});
    let made = api.call(Method::POST, &path, &pc, &with).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
    assert_eq!((made.json["relation"].as_str(), made.json["source"].as_str()), (Some("found_with"), Some("return")));
    // Bad input is named by field, nothing written.
    let bad = api.call(Method::POST, &path, &pc, &json!({"relation": "found_at", "person_id": rhys.to_string()})).await;
    assert!(bad.problem(StatusCode::UNPROCESSABLE_ENTITY).has_problem(Some("location_id"), "required"));
    let odd = api.call(Method::POST, &path, &pc, &json!({"relation": "met"})).await;
    assert!(odd.problem(StatusCode::UNPROCESSABLE_ENTITY).has_problem(Some("relation"), "unknown-code"));

    let before = api.trail(api.sian).await.len();
    let net = api.get(&format!("/api/v1/people/{}/network?depth=2", api.sian), Some(&pc)).await;
    assert_eq!(net.status, StatusCode::OK, "{}", net.json);
    assert_eq!(api.trail(api.sian).await.len(), before + 1, "the read is on her trail");
    let nodes = net.json["nodes"].as_array().unwrap();
    let label = |id: String| nodes.iter().find(|n| n["id"] == json!(id)).map(|n| n["label"].clone());
    assert_eq!(label(rhys.to_string()), Some(json!("Rhys Price")));
    assert_eq!(label(home.to_string()), Some(json!("Tŷ Coed, 1 Coed Road")));
    let edges = net.json["edges"].as_array().unwrap();
    let found = edges.iter().find(|e| e["relation"] == "found_with").unwrap();
    assert_eq!((found["source"].as_str(), found["to"].as_str()), (Some("return"), Some(rhys.to_string().as_str())));
    assert!(edges.iter().any(|e| e["relation"] == "missing_from" && e["source"] == "episode"));

    // Depth past the limit, an unknown person: refused, nothing read.
    let deep = api.get(&format!("/api/v1/people/{}/network?depth=3", api.sian), Some(&pc)).await;
    assert!(deep.problem(StatusCode::BAD_REQUEST).has_problem(Some("depth"), "too-large"));
    let nobody = api.get(&format!("/api/v1/people/{}/network", PersonId::new()), Some(&pc)).await;
    nobody.problem(StatusCode::NOT_FOUND);
    let extra = api.get(&format!("/api/v1/people/{}/network?steps=2", api.sian), Some(&pc)).await;
    extra.problem(StatusCode::BAD_REQUEST);

    // Another force: her network is not there; the area's hotspots hold nothing of hers.
    let theirs = api.get(&format!("/api/v1/people/{}/network", api.sian), Some(&api.dpp_token)).await;
    theirs.problem(StatusCode::NOT_FOUND);
    let spots = api.get(&format!("/api/v1/hotspots?area={AREA}"), Some(&api.dpp_token)).await;
    assert_eq!((spots.status, spots.json["places"].as_array().map(Vec::len)), (StatusCode::OK, Some(0)));
    assert_eq!(spots.json["groups"], json!([]), "nor any group she is in");
    // The police see the group she, Rhys and the home make, as the hotspots page does.
    let spots = api.get(&format!("/api/v1/hotspots?area={AREA}"), Some(&pc)).await;
    let groups = spots.json["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{}", spots.json);
    assert_eq!(
        (groups[0]["children"].as_u64(), groups[0]["adults"].as_u64(), groups[0]["places"].as_u64()),
        (Some(1), Some(1), Some(1))
    );
    let members: Vec<&str> = groups[0]["members"].as_array().unwrap().iter().filter_map(|m| m["id"].as_str()).collect();
    assert!(members.contains(&rhys.to_string().as_str()) && members.contains(&home.to_string().as_str()));
    // And may not record on the police's episode.
    api.call(Method::POST, &path, &api.dpp_token, &with).await.problem(StatusCode::NOT_FOUND);
    api.finish().await;
}

async fn an_areas_hotspots_rank_its_places_and_bad_asks_are_named(store: Backend) {
    let api = Api::new(store).await;
    let (_, home, _) = api.setting().await;
    let pc = api.token(Role::Practitioner).to_owned();
    let spots = api.get(&format!("/api/v1/hotspots?area={AREA}"), Some(&pc)).await;
    assert_eq!(spots.status, StatusCode::OK, "{}", spots.json);
    let places = spots.json["places"].as_array().unwrap();
    assert_eq!(places.len(), 1);
    let top = &places[0];
    assert_eq!(
        (top["rank"].as_u64(), top["location_id"].as_str(), top["missing_from"].as_u64(), top["trend"].as_str()),
        (Some(1), Some(home.to_string().as_str()), Some(1), Some("up"))
    );
    let unknown = api.get("/api/v1/hotspots?area=NOWHERE", Some(&pc)).await;
    assert!(unknown.problem(StatusCode::BAD_REQUEST).has_problem(Some("area"), "unknown-area"));
    let backwards = api.get(&format!("/api/v1/hotspots?area={AREA}&from=2026-03-02&to=2026-03-01"), Some(&pc)).await;
    assert!(backwards.problem(StatusCode::BAD_REQUEST).has_problem(Some("to"), "before-from"));
    let none = api.get("/api/v1/hotspots", Some(&pc)).await;
    assert!(none.problem(StatusCode::BAD_REQUEST).has_problem(Some("area"), "required"));
    // An admin sees no case data.
    api.get(&format!("/api/v1/hotspots?area={AREA}"), Some(api.token(Role::Admin)))
        .await
        .problem(StatusCode::FORBIDDEN);
    api.finish().await;
}

on_both_stores!(
    whom_she_was_found_with_is_recorded_and_her_network_read_with_each_source,
    an_areas_hotspots_rank_its_places_and_bad_asks_are_named,
);
