//! The network and hotspot pages (issue 20), as a police officer meets them: the person's page
//! links to their network; the network page is a table of links (from, link, to, where it was
//! recorded, when) with the graph's data embedded for the script, in English and Welsh; a depth
//! past two is named on the form; another force's officer gets nothing. The hotspot page ranks
//! an area's places as a table beside a map drawn on the server; an unknown area is named.

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[allow(dead_code, reason = "each test binary uses part of the shared harness")]
mod util;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use haven_app::{Caller, Report};
use haven_domain::agency::{AgencyCode, Area, AreaKind};
use haven_domain::audit::{AuditAction, AuditEvent};
use haven_domain::ids::{AreaId, LocationId, PersonId};
use haven_domain::location::{Coordinates, Location, LocationKind};
use haven_domain::missing::MissingRules;
use haven_domain::missing::episode::GradingInput;
use haven_domain::missing::input::ReturnInput;
use haven_domain::network::AssociationInput;
use haven_domain::person::Person;
use haven_domain::user::Username;
use util::{TestApp, esc, person_form, text, today};

fn system(action: AuditAction) -> AuditEvent {
    AuditEvent::system("test", action, "test", Utc::now())
}

/// An area with a children's home in it; Siân went missing from it and was found with Rhys,
/// an adult the police hold.
async fn setting(app: &TestApp) -> (PersonId, LocationId, haven_domain::ids::EpisodeId) {
    let area = Area {
        id: AreaId::new(),
        code: AgencyCode::parse("CARDIFF-N").unwrap(),
        name: "Cardiff North".into(),
        kind: AreaKind::Bcu,
    };
    app.store.create_area(&area, &system(AuditAction::AreaCreate)).await.unwrap();
    let home = Location {
        id: LocationId::new(),
        kind: LocationKind::ChildrensHome,
        name: Some("Tŷ Coed".into()),
        address: "1 Coed Road, Cardiff".into(),
        postcode: None,
        area_id: Some(area.id),
        coordinates: Some(Coordinates::parse(51.5, -3.2).unwrap()),
    };
    app.store.create_location(&home, &system(AuditAction::LocationCreate)).await.unwrap();
    let form = haven_domain::person::PersonForm {
        kind: Some("adult".into()),
        ..person_form("Rhys", "Price", "1990-01-01", "male")
    };
    let rhys = Person::new(form.parse(today(), None, None).unwrap(), app.police, None, Utc::now());
    app.store.create_person(&rhys, &system(AuditAction::PersonCreate).person(rhys.id)).await.unwrap();

    let officer = app.store.user_with_credentials(&Username::parse("practitioner").unwrap()).await.unwrap().unwrap().0;
    let pc = Caller::load(app.store.as_ref(), &officer).await.unwrap();
    let rules = MissingRules::default();
    let now = Utc::now();
    let report = Report {
        person: Some(app.sian),
        reported_at: Ok(now - Duration::hours(30)),
        last_seen_at: Ok(now - Duration::hours(31)),
        last_seen_where: "Home",
        reporter: "parent",
        from_location: Some(home.id),
        area: Ok(None),
        circumstances: "",
        police_reference: "",
        officer_in_charge: "PC 1234 Jones",
        grading: GradingInput { grade: "medium", rationale: "Known to an older male", answers: &[], naira_reason: "" },
        refused: Default::default(),
    };
    let episode = pc.report_missing(&report, &rules, "test").await.unwrap().episode.id;
    let back = ReturnInput {
        returned_at: Ok(now - Duration::hours(10)),
        found_where: "A flat",
        found_by: "police",
        with_whom: "an older male",
        harm_seen: "",
        disclosed: false,
        found_in_other_force_area: false,
        prevention_interview_at: None,
        prevention_interview_notes: "",
    };
    pc.record_return(episode, None, &back, &rules, "test").await.unwrap();
    let with = AssociationInput { relation: "found_with", person: &rhys.id.to_string(), location: "" };
    pc.record_association(episode, &with, "test").await.unwrap();
    (rhys.id, home.id, episode)
}

#[tokio::test]
async fn a_childs_network_is_a_table_of_links_with_the_graphs_data_in_english_and_welsh() {
    let app = TestApp::new().await;
    let (rhys, _, _) = setting(&app).await;
    let pc = app.browser("practitioner").await;
    let sian = app.sian;
    let her_page = text(app.get(&format!("/people/{sian}"), Some(&pc)).await).await;
    assert!(her_page.contains(&format!("href=\"/people/{sian}/network\"")), "her page links to her network");

    let page = app.get(&format!("/people/{sian}/network"), Some(&pc)).await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = text(page).await;
    assert!(page.contains(&esc("Network of Siân Evans")));
    assert!(page.contains("data-testid=\"network-table\""));
    assert!(page.contains(&format!("href=\"/people/{rhys}\">Rhys Price</a>")), "the adult links to his page");
    assert!(page.contains("was found with") && page.contains("the return"));
    assert!(page.contains("went missing from") && page.contains(&esc("Tŷ Coed, 1 Coed Road, Cardiff")));
    assert!(page.contains("id=\"network-graph\"") && page.contains("vendor/cytoscape/cytoscape.min.js"));
    let data = page.split("id=\"network-data\">").nth(1).unwrap().split("</script>").next().unwrap();
    let graph: serde_json::Value = serde_json::from_str(data).unwrap();
    assert_eq!(graph["nodes"].as_array().unwrap().len(), 3);
    assert_eq!(graph["edges"].as_array().unwrap().len(), 2);

    let welsh = text(app.get(&format!("/people/{sian}/network?lang=cy"), Some(&pc)).await).await;
    assert!(welsh.contains(&esc("Rhwydwaith Siân Evans")) && welsh.contains("canfuwyd gyda"));

    // A depth past two is named on the form, and nothing is shown.
    let deep = app.get(&format!("/people/{sian}/network?depth=3"), Some(&pc)).await;
    assert_eq!(deep.status(), StatusCode::BAD_REQUEST);
    let deep = text(deep).await;
    assert!(deep.contains("govuk-error-summary") && !deep.contains("Rhys Price"));

    // Another force's officer: no such page.
    let dpp = app.browser("dpp.officer").await;
    assert_eq!(app.get(&format!("/people/{sian}/network"), Some(&dpp)).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_areas_hotspots_are_a_map_and_the_same_ranking_as_a_table() {
    let app = TestApp::new().await;
    setting(&app).await;
    let pc = app.browser("practitioner").await;
    let home = text(app.get("/", Some(&pc)).await).await;
    assert!(home.contains("href=\"/hotspots\""), "the home page links to the hotspots");
    let form = app.get("/hotspots", Some(&pc)).await;
    assert_eq!(form.status(), StatusCode::OK);
    assert!(text(form).await.contains("Cardiff North"), "the area is offered");

    let page = app.get("/hotspots?area=CARDIFF-N", Some(&pc)).await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = text(page).await;
    assert!(page.contains("Hotspots in Cardiff North"));
    assert!(page.contains("data-testid=\"hotspot-map\"") && page.contains("<circle"));
    assert!(page.contains("data-testid=\"hotspots-table\"") && page.contains(&esc("Tŷ Coed, 1 Coed Road, Cardiff")));
    // The area has no boundary in the file served with haven: the map says so.
    assert!(page.contains("No boundary is held for this area"));
    // The area's groups follow the ranking, as community detection finds them.
    assert!(page.contains("id=\"groups\"") && page.contains("community detection"));

    let bad = app.get("/hotspots?area=NOWHERE&from=01/03/2026&to=01/02/2026", Some(&pc)).await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let bad = text(bad).await;
    assert!(bad.contains("href=\"#area\"") && bad.contains("href=\"#to\""), "both problems named: {bad}");
    // Another force's officer sees none of the police's episodes.
    let dpp = app.browser("dpp.officer").await;
    let theirs = text(app.get("/hotspots?area=CARDIFF-N", Some(&dpp)).await).await;
    assert!(!theirs.contains(&esc("Tŷ Coed")) && theirs.contains("data-testid=\"hotspots-none\""));
    assert!(theirs.contains("data-testid=\"groups-none\"") && !theirs.contains("Rhys"), "nor the groups they make");
    // No tile server configured: no image on the map, and images from this site only.
    assert!(!page.contains("<image"));
    let csp = app.get("/hotspots?area=CARDIFF-N", Some(&pc)).await;
    assert!(csp.headers()["content-security-policy"].to_str().unwrap().contains("img-src 'self' data:;"));
}

#[tokio::test]
async fn a_configured_tile_server_is_the_maps_backdrop_and_the_only_other_image_source() {
    let tiles =
        haven_web::map_tiles::TileSource::parse("https://tiles.example.gov.uk/{z}/{x}/{y}.png", "© Example").unwrap();
    let app =
        TestApp::with_config(haven_web::WebConfig { map_tiles: Some(tiles), ..haven_web::WebConfig::default() }).await;
    setting(&app).await;
    let pc = app.browser("practitioner").await;
    let page = app.get("/hotspots?area=CARDIFF-N", Some(&pc)).await;
    assert_eq!(page.status(), StatusCode::OK);
    let csp = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("img-src 'self' data: https://tiles.example.gov.uk;"), "{csp}");
    assert!(csp.contains("script-src 'self';"), "nothing else is widened: {csp}");
    let page = text(page).await;
    assert!(page.contains("<image class=\"haven-map__tile\" href=\"https://tiles.example.gov.uk/"));
    assert!(page.contains("© Example"));
    assert!(page.contains("<circle"), "the places are drawn over the tiles");
}

#[tokio::test]
async fn where_she_was_found_is_recorded_from_the_episode_by_finding_the_place() {
    let app = TestApp::new().await;
    let (_, home, episode) = setting(&app).await;
    let pc = app.browser("practitioner").await;
    let page = text(app.get(&format!("/missing/{episode}"), Some(&pc)).await).await;
    assert!(page.contains(&format!("href=\"/missing/{episode}/associations\"")), "the episode links to the form");
    let form = text(app.get(&format!("/missing/{episode}/associations?place=Coed"), Some(&pc)).await).await;
    assert!(form.contains(&format!("value=\"{home}\"")) && form.contains(&esc("Tŷ Coed, 1 Coed Road, Cardiff")));
    let path = format!("/missing/{episode}/associations");
    // Found at, without a place chosen: named, nothing written.
    let refused = app.post(&path, &pc.cookie, &[("csrf_token", &pc.csrf), ("relation", "found_at")]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(refused).await.contains("href=\"#location_id\""));
    let home_id = home.to_string();
    let fields = [("csrf_token", pc.csrf.as_str()), ("relation", "found_at"), ("location_id", home_id.as_str())];
    let done = app.post(&path, &pc.cookie, &fields).await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    let network = text(app.get(&format!("/people/{}/network", app.sian), Some(&pc)).await).await;
    assert!(network.contains("was found at"), "the network shows where she was found");
    // Another force's officer: no such page.
    let dpp = app.browser("dpp.officer").await;
    assert_eq!(app.get(&path, Some(&dpp)).await.status(), StatusCode::NOT_FOUND);
}
