//! Locations and placements over the API, as a script keeping an install's places meets it:
//! the install's administrator adds a children's home and places a child there; bad values are
//! refused by field with nothing written; no one else adds either; and a placement made this way
//! is what a missing report with no place given goes missing from, so the children's-home flag
//! fires. Every test runs on SQLite and on PostgreSQL.
//!
//! Run: `HAVEN_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo test -p haven-web --test api_places`

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[macro_use]
#[allow(dead_code, reason = "the harness is shared with tests/api.rs; each binary uses part of it")]
mod api_util;

use api_util::*;
use axum::http::{Method, StatusCode};
use chrono::{Duration, SecondsFormat, Utc};
use haven_domain::audit::AuditAction;
use haven_domain::user::Role;
use serde_json::{Value, json};

impl Api {
    async fn call(&self, path: &str, token: &str, body: &Value) -> Reply {
        self.send_json(Method::POST, path, Some(token), &body.to_string()).await
    }

    /// A children's home, made by the install's administrator; its id.
    async fn childrens_home(&self) -> String {
        let root = self.token(Role::SystemAdmin).to_owned();
        let made = self.call("/api/v1/admin/locations", &root, &home()).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
        made.json["id"].as_str().unwrap().to_owned()
    }

    async fn placement_count(&self, person: haven_domain::ids::PersonId) -> usize {
        self.store.placements(person).await.unwrap().len()
    }
}

fn home() -> Value {
    json!({
        "kind": "childrens_home", "name": "Tŷ Gwyn", "address": "1 Heol y Coed, Cardiff",
        "postcode": "cf101aa", "latitude": 51.48, "longitude": -3.18,
    })
}

fn placement(person: &str, location: &str) -> Value {
    let started = (today() - Duration::days(30)).to_string();
    json!({"person_id": person, "location_id": location, "started_on": started, "placing_authority": "CARDIFF-CS"})
}

async fn the_install_administrator_adds_a_home_and_places_a_child_there(store: Backend) {
    let api = Api::new(store).await;
    let root = api.token(Role::SystemAdmin).to_owned();
    let made = api.call("/api/v1/admin/locations", &root, &home()).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
    let l = &made.json;
    assert_eq!(
        (l["kind"].as_str(), l["name"].as_str(), l["postcode"].as_str(), l["latitude"].as_f64()),
        (Some("childrens_home"), Some("Tŷ Gwyn"), Some("CF10 1AA"), Some(51.48))
    );
    let home_id = l["id"].as_str().unwrap().to_owned();

    // Cerys by the council's id for her; Siân by the police's reference.
    let cerys = api.call("/api/v1/admin/placements", &root, &placement(&api.cerys.to_string(), &home_id)).await;
    assert_eq!(cerys.status, StatusCode::CREATED, "{}", cerys.json);
    assert_eq!((cerys.json["kind"].as_str(), cerys.json["ended_on"].clone()), (Some("care_placement"), Value::Null));
    let by_reference = json!({
        "person_id": "SWP:CRN-2026/0001", "location_id": home_id, "kind": "home_address",
        "started_on": "2020-01-01", "ended_on": "2020-12-31",
    });
    let sian = api.call("/api/v1/admin/placements", &root, &by_reference).await;
    assert_eq!(sian.status, StatusCode::CREATED, "{}", sian.json);
    assert_eq!(sian.json["person_id"].as_str(), Some(api.sian.to_string().as_str()));

    let placed = api.store.placements(api.cerys).await.unwrap();
    assert_eq!(placed.len(), 1);
    assert_eq!(placed[0].location.id.to_string(), home_id);
    let on_trail = api.trail(api.cerys).await.into_iter().any(|a| {
        a.action == AuditAction::PlacementAdd
            && a.purpose == "POST /api/v1/admin/placements"
            && a.actor_label == "system_admin"
    });
    assert!(on_trail, "the placement is on the child's trail");
    api.finish().await;
}

async fn bad_values_are_refused_by_field_and_nothing_is_written(store: Backend) {
    let api = Api::new(store).await;
    let root = api.token(Role::SystemAdmin).to_owned();
    let home_id = api.childrens_home().await;
    for (change, field, code) in [
        (json!({"kind": "castle"}), "kind", "unknown-code"),
        (json!({"address": "  "}), "address", "required"),
        (json!({"postcode": "90210"}), "postcode", "postcode-format"),
        (json!({"area": "NOWHERE"}), "area", "unknown-area"),
        (json!({"latitude": -3.18, "longitude": 51.48}), "latitude", "coordinates-outside-uk"),
        (json!({"longitude": null}), "longitude", "coordinates-need-both"),
    ] {
        let mut body = home();
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let reply = api.call("/api/v1/admin/locations", &root, &body).await;
        assert!(reply.problem(StatusCode::UNPROCESSABLE_ENTITY).has_problem(Some(field), code), "{field} {code}");
    }

    let cerys = api.cerys.to_string();
    let nowhere = "00000000-0000-0000-0000-000000000000";
    for (change, field, code) in [
        (json!({"person_id": nowhere}), "person_id", "unknown-record"),
        (json!({"person_id": "SWP:NO-SUCH-REF"}), "person_id", "unknown-record"),
        (json!({"location_id": nowhere}), "location_id", "unknown-record"),
        (json!({"started_on": "2026-02-01", "ended_on": "2026-01-01"}), "ended_on", "ends-before-start"),
        (json!({"placing_authority": "SWP"}), "placing_authority", "not-a-local-authority"),
        (json!({"placing_authority": "NOPE"}), "placing_authority", "unknown-agency"),
        (json!({"kind": "hotel"}), "kind", "unknown-code"),
        (json!({"started_on": "01/02/2026"}), "started_on", "date-format"),
    ] {
        let mut body = placement(&cerys, &home_id);
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let reply = api.call("/api/v1/admin/placements", &root, &body).await;
        assert!(reply.problem(StatusCode::UNPROCESSABLE_ENTITY).has_problem(Some(field), code), "{field} {code}");
    }
    assert_eq!(api.placement_count(api.cerys).await, 0, "nothing written");
    api.finish().await;
}

async fn no_one_but_the_install_administrator_adds_places(store: Backend) {
    let api = Api::new(store).await;
    let home_id = api.childrens_home().await;
    let cerys = api.cerys.to_string();
    for role in [Role::Admin, Role::Practitioner, Role::Supervisor, Role::MaceChair] {
        let token = api.token(role).to_owned();
        api.call("/api/v1/admin/locations", &token, &home()).await.problem(StatusCode::FORBIDDEN);
        api.call("/api/v1/admin/placements", &token, &placement(&cerys, &home_id)).await.problem(StatusCode::FORBIDDEN);
    }
    api.call("/api/v1/admin/placements", &api.dpp_token.clone(), &placement(&cerys, &home_id))
        .await
        .problem(StatusCode::FORBIDDEN);
    assert_eq!(api.placement_count(api.cerys).await, 0);
    api.finish().await;
}

/// A child placed in a children's home through the API and then reported missing with no place
/// given went missing from the home: the summary raises `missing_from_childrens_home`.
async fn a_placement_in_a_childrens_home_makes_the_flag_fire(store: Backend) {
    let api = Api::new(store).await;
    let root = api.token(Role::SystemAdmin).to_owned();
    let home_id = api.childrens_home().await;
    let sian = api.sian.to_string();
    let placed = api.call("/api/v1/admin/placements", &root, &placement(&sian, &home_id)).await;
    assert_eq!(placed.status, StatusCode::CREATED, "{}", placed.json);

    let practitioner = api.token(Role::Practitioner).to_owned();
    let at = |hours: i64| (Utc::now() - Duration::hours(hours)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let report = json!({
        "person_id": sian, "reported_at": at(1), "last_seen_at": at(3), "risk_grade": "high",
        "risk_rationale": "Aged 15, left the home after an argument and not answering her phone",
        "answers": haven_domain::missing::episode::RISK_QUESTIONS.iter().map(|q| (q.to_string(), json!("not_known"))).collect::<serde_json::Map<_, _>>(),
    });
    let reported = api.call("/api/v1/missing-episodes", &practitioner, &report).await;
    assert_eq!(reported.status, StatusCode::CREATED, "{}", reported.json);
    assert_eq!(reported.json["from_location_id"].as_str(), Some(home_id.as_str()), "from her placement");
    let id = reported.json["id"].clone();

    let summary = api.get(&format!("/api/v1/people/{sian}/missing-summary"), Some(&practitioner)).await;
    assert_eq!(summary.status, StatusCode::OK, "{}", summary.json);
    let flags: Vec<(&str, &Value)> = summary.json["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["code"].as_str().unwrap(), &f["episodes"]))
        .collect();
    let one = json!([id]);
    assert_eq!(flags, [("currently_missing", &one), ("missing_from_childrens_home", &one)]);
    api.finish().await;
}

/// The administrator finds a place by part of its name or postcode, and ends a child's placement
/// there: an end before the start or an unknown placement is refused by field, nothing written.
async fn locations_are_listed_and_a_placement_ends(store: Backend) {
    let api = Api::new(store).await;
    let root = api.token(Role::SystemAdmin).to_owned();
    let home_id = api.childrens_home().await;
    for q in ["?q=gwyn", "?q=CF10", ""] {
        let found = api.get(&format!("/api/v1/admin/locations{q}"), Some(&root)).await;
        assert_eq!(found.status, StatusCode::OK, "{}", found.json);
        assert_eq!(found.json[0]["id"].as_str(), Some(home_id.as_str()), "{q}");
    }
    let none = api.get("/api/v1/admin/locations?q=nowhere", Some(&root)).await;
    assert_eq!(none.json, json!([]));
    api.get("/api/v1/admin/locations?limit=0", Some(&root)).await.problem(StatusCode::BAD_REQUEST);
    api.get("/api/v1/admin/locations?town=x", Some(&root)).await.problem(StatusCode::BAD_REQUEST);

    let placed = api.call("/api/v1/admin/placements", &root, &placement(&api.cerys.to_string(), &home_id)).await;
    let id = placed.json["id"].as_str().unwrap().to_owned();
    let started = placed.json["started_on"].as_str().unwrap().to_owned();
    let end = format!("/api/v1/admin/placements/{id}/end");
    let before = chrono::NaiveDate::parse_from_str(&started, "%Y-%m-%d").unwrap() - Duration::days(1);
    for (path, body, field, code) in [
        (end.clone(), json!({"ended_on": before.to_string()}), "ended_on", "ends-before-start"),
        (end.clone(), json!({"ended_on": "tomorrow"}), "ended_on", "date-format"),
        (end.clone(), json!({}), "ended_on", "required"),
        (
            "/api/v1/admin/placements/not-an-id/end".to_owned(),
            json!({"ended_on": "2026-12-01"}),
            "placement_id",
            "id-format",
        ),
        (
            "/api/v1/admin/placements/00000000-0000-0000-0000-000000000000/end".to_owned(),
            json!({"ended_on": "2026-12-01"}),
            "placement_id",
            "unknown-record",
        ),
    ] {
        let reply = api.call(&path, &root, &body).await;
        assert!(reply.problem(StatusCode::UNPROCESSABLE_ENTITY).has_problem(Some(field), code), "{field} {code}");
    }
    assert_eq!(api.store.placements(api.cerys).await.unwrap()[0].placement.ended_on, None, "nothing written");
    let practitioner = api.token(Role::Practitioner).to_owned();
    api.call(&end, &practitioner, &json!({"ended_on": started})).await.problem(StatusCode::FORBIDDEN);

    let ended = api.call(&end, &root, &json!({"ended_on": started})).await;
    assert_eq!(ended.status, StatusCode::OK, "{}", ended.json);
    assert_eq!(ended.json["ended_on"].as_str(), Some(started.as_str()));
    assert_eq!(
        api.store.placements(api.cerys).await.unwrap()[0].placement.ended_on.map(|d| d.to_string()),
        Some(started)
    );
    assert!(api.trail(api.cerys).await.iter().any(|a| a.action == AuditAction::PlacementEnd));
    api.finish().await;
}

/// A file of places over the API: a refused row is named by row and column with nothing written;
/// then the whole file goes in.
async fn a_file_of_places_is_imported_whole_or_not_at_all(store: Backend) {
    let api = Api::new(store).await;
    let root = api.token(Role::SystemAdmin).to_owned();
    let file = |postcode: &str| {
        format!(
            "record,key,kind,name,address,postcode,person,location,started_on\n\
             location,home,childrens_home,Ty Gwyn,1 Heol Las,{postcode},,,\n\
             placement,,care_placement,,,,SWP:CRN-2026/0001,home,2026-02-01\n"
        )
    };
    let path = "/api/v1/admin/places/import";
    let bad = api.send_json(Method::POST, path, Some(&root), &file("NOPE")).await;
    assert!(bad.problem(StatusCode::UNPROCESSABLE_ENTITY).has_problem(Some("row 1: postcode"), "postcode-format"));
    assert_eq!(api.placement_count(api.sian).await, 0, "nothing written");
    let practitioner = api.token(Role::Practitioner).to_owned();
    api.send_json(Method::POST, path, Some(&practitioner), &file("CF10 1AA")).await.problem(StatusCode::FORBIDDEN);
    let good = api.send_json(Method::POST, path, Some(&root), &file("CF10 1AA")).await;
    assert_eq!(good.status, StatusCode::CREATED, "{}", good.json);
    assert_eq!(good.json, json!({"locations": 1, "placements": 1}));
    assert_eq!(api.placement_count(api.sian).await, 1);
    api.finish().await;
}

on_both_stores!(
    a_file_of_places_is_imported_whole_or_not_at_all,
    locations_are_listed_and_a_placement_ends,
    the_install_administrator_adds_a_home_and_places_a_child_there,
    bad_values_are_refused_by_field_and_nothing_is_written,
    no_one_but_the_install_administrator_adds_places,
    a_placement_in_a_childrens_home_makes_the_flag_fire,
);
