//! The install's set-up as its administrator does it in the pages: areas, agencies, a sharing
//! agreement, a location and a child's placement there. A bad form names each wrong field and
//! writes nothing; a good one is listed, and carries its audit event.

#[allow(dead_code, reason = "each test binary uses part of the shared harness")]
mod util;

use axum::http::StatusCode;
use util::{Browser, TestApp, location, text};

async fn post(app: &TestApp, root: &Browser, path: &str, fields: &[(&str, &str)]) -> axum::response::Response {
    let mut all = vec![("csrf_token", root.csrf.as_str())];
    all.extend_from_slice(fields);
    app.post(path, &root.cookie, &all).await
}

/// The error summary links to each field named, and to no other.
fn named(html: &str, fields: &[&str]) {
    for f in fields {
        assert!(html.contains(&format!("href=\"#{f}\"")), "no error for {f}: {html}");
    }
    let summary = html.matches("govuk-error-summary__list").count();
    assert_eq!(summary, 1, "one error summary: {html}");
}

#[tokio::test]
async fn the_install_administrator_sets_up_areas_agencies_an_agreement_and_places() {
    let app = TestApp::new().await;
    let root = app.browser("system_admin").await;
    let home = text(app.get("/", Some(&root)).await).await;
    for link in ["/admin/areas", "/admin/agencies", "/admin/agreements", "/admin/locations"] {
        assert!(home.contains(&format!("href=\"{link}\"")), "the home page links {link}");
    }

    // An area: a bad form names its fields and writes nothing.
    assert_eq!(app.get("/admin/areas/new", Some(&root)).await.status(), StatusCode::OK);
    let bad = post(&app, &root, "/admin/areas/new", &[("code", "no spaces"), ("name", ""), ("kind", "county")]).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    named(&text(bad).await, &["code", "name", "kind"]);
    assert!(app.store.areas().await.unwrap().is_empty());
    let made =
        post(&app, &root, "/admin/areas/new", &[("code", "cardiff"), ("name", "Cardiff"), ("kind", "local_authority")])
            .await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&made), "/admin/areas?added=CARDIFF");
    let list = text(app.get("/admin/areas?added=CARDIFF", Some(&root)).await).await;
    assert!(list.contains("CARDIFF added") && list.contains("Local authority"), "{list}");
    assert!(list.contains("href=\"/admin/areas/CARDIFF/rules\""), "each area links its rules: {list}");
    // A notice names only what the list holds.
    assert!(!text(app.get("/admin/areas?added=FAKE", Some(&root)).await).await.contains("FAKE added"));
    let again =
        post(&app, &root, "/admin/areas/new", &[("code", "CARDIFF"), ("name", "Cardiff"), ("kind", "bcu")]).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(again).await.contains("This is already in use"));

    // An agency in an area that does not exist is refused by field.
    let bad = post(
        &app,
        &root,
        "/admin/agencies/new",
        &[("code", "CARDIFF-YJ"), ("name", "Cardiff YOS"), ("kind", "youth_justice"), ("area", "NOWHERE")],
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(bad).await;
    named(&html, &["area"]);
    assert!(html.contains("Choose an area from the list"));
    let before = app.store.agencies().await.unwrap().len();
    let made = post(
        &app,
        &root,
        "/admin/agencies/new",
        &[("code", "CARDIFF-YJ"), ("name", "Cardiff YOS"), ("kind", "youth_justice"), ("area", "CARDIFF")],
    )
    .await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.store.agencies().await.unwrap().len(), before + 1);
    let list = text(app.get("/admin/agencies", Some(&root)).await).await;
    assert!(list.contains("Cardiff YOS") && list.contains("Youth justice service"), "{list}");

    // An agreement: checkboxes send many values; backward dates and one member are refused.
    let form = text(app.get("/admin/agreements/new", Some(&root)).await).await;
    assert!(form.contains("type=\"checkbox\" value=\"CARDIFF-YJ\""), "{form}");
    let bad = post(
        &app,
        &root,
        "/admin/agreements/new",
        &[
            ("name", "YOS and police"),
            ("purpose", "Children at risk of exploitation"),
            ("members", "SWP"),
            ("classes", "identity"),
            ("to", "youth_justice"),
            ("scope", "own_cases"),
            ("starts_on", "2026-06-01"),
            ("ends_on", "2026-01-01"),
        ],
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(bad).await;
    named(&html, &["members", "ends_on"]);
    // The form comes back as it was sent.
    assert!(html.contains("type=\"checkbox\" value=\"identity\" checked"), "{html}");
    let agreements = app.store.agreements().await.unwrap().len();
    let made = post(
        &app,
        &root,
        "/admin/agreements/new",
        &[
            ("name", "YOS and police"),
            ("purpose", "Children at risk of exploitation"),
            ("members", "SWP"),
            ("members", "CARDIFF-YJ"),
            ("classes", "identity"),
            ("classes", "episode_summary"),
            ("to", "youth_justice"),
            ("scope", "own_cases"),
            ("roles", "practitioner"),
            ("roles", "supervisor"),
            ("starts_on", "2026-06-01"),
            ("ends_on", ""),
            ("review_on", "2027-06-01"),
        ],
    )
    .await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER, "{}", text(made).await);
    let all = app.store.agreements().await.unwrap();
    assert_eq!(all.len(), agreements + 1);
    let new = all.iter().find(|a| a.name == "YOS and police").unwrap();
    assert_eq!(new.grants.len(), 2);
    assert_eq!(new.grants[0].roles.code(), "practitioner,supervisor");
    let list = text(app.get("/admin/agreements", Some(&root)).await).await;
    assert!(list.contains("Episode summary with youth justice services (about people the receiver holds"), "{list}");

    // A location: half the coordinates and a bad postcode are named.
    let bad = post(
        &app,
        &root,
        "/admin/locations/new",
        &[("kind", "childrens_home"), ("name", "Ty Gwyn"), ("address", ""), ("postcode", "XYZ"), ("latitude", "51.48")],
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    named(&text(bad).await, &["address", "postcode", "longitude"]);
    let made = post(
        &app,
        &root,
        "/admin/locations/new",
        &[
            ("kind", "childrens_home"),
            ("name", "Ty Gwyn"),
            ("address", "1 Heol Las, Cardiff"),
            ("postcode", "CF10 1AA"),
            ("area", "CARDIFF"),
            ("latitude", "51.48"),
            ("longitude", "-3.18"),
        ],
    )
    .await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    let list = text(app.get(&location(&made), Some(&root)).await).await;
    assert!(list.contains("Location added") && list.contains("Children&#39;s home"), "{list}");
    let place = app.store.locations("ty gwyn", 10).await.unwrap().remove(0);
    let link = format!("/admin/placements/new?location={}", place.id);
    assert!(list.contains(&link.replace('&', "&amp;")) || list.contains(&link), "{list}");

    // A placement: the form opens on the location; an end before its start is named.
    let form = text(app.get(&link, Some(&root)).await).await;
    assert!(form.contains(&format!("value=\"{}\"", place.id)));
    let person = app.sian.to_string();
    let place_id = place.id.to_string();
    let bad = post(
        &app,
        &root,
        "/admin/placements/new",
        &[
            ("person_id", &person),
            ("location_id", &place_id),
            ("kind", "care_placement"),
            ("started_on", "2026-03-01"),
            ("ended_on", "2026-02-01"),
            ("placing_authority", "SWP"),
        ],
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    named(&text(bad).await, &["ended_on", "placing_authority"]);
    assert!(app.store.placements(app.sian).await.unwrap().is_empty());
    let made = post(
        &app,
        &root,
        "/admin/placements/new",
        &[
            ("person_id", "CARDIFF-CS:NO-SUCH-REF"),
            ("location_id", &place_id),
            ("kind", "care_placement"),
            ("started_on", "2026-03-01"),
        ],
    )
    .await;
    assert_eq!(made.status(), StatusCode::UNPROCESSABLE_ENTITY);
    named(&text(made).await, &["person_id"]);
    let made = post(
        &app,
        &root,
        "/admin/placements/new",
        &[
            ("person_id", &person),
            ("location_id", &place_id),
            ("kind", "care_placement"),
            ("started_on", "2026-03-01"),
            ("placing_authority", "CARDIFF-CS"),
        ],
    )
    .await;
    assert_eq!(made.status(), StatusCode::CREATED);
    assert!(text(made).await.contains("Placement added"));
    let placed = app.store.placements(app.sian).await.unwrap();
    assert_eq!(placed.len(), 1);
    assert_eq!(placed[0].location.id, place.id);
    // The child's trail shows the placement, by the administrator.
    let trail = app.trail(app.sian).await;
    assert!(trail.iter().any(|e| e.action.code() == "person.placement_add" && e.actor_label == "system_admin"));

    // In Welsh too.
    let welsh = text(app.get("/admin/locations/new?lang=cy", Some(&root)).await).await;
    assert!(welsh.contains("Ychwanegu lleoliad") && welsh.contains("Cartref plant"), "{welsh}");
}

#[tokio::test]
async fn no_agency_admin_or_practitioner_sets_up_the_install() {
    let app = TestApp::new().await;
    for user in ["admin", "practitioner", "supervisor"] {
        let b = app.browser(user).await;
        for path in ["/admin/areas", "/admin/agencies/new", "/admin/agreements/new", "/admin/locations"] {
            assert_eq!(app.get(path, Some(&b)).await.status(), StatusCode::FORBIDDEN, "{user} {path}");
        }
        let tried = post(&app, &b, "/admin/areas/new", &[("code", "X1"), ("name", "X"), ("kind", "bcu")]).await;
        assert_eq!(tried.status(), StatusCode::FORBIDDEN, "{user}");
        assert!(!text(app.get("/", Some(&b)).await).await.contains("href=\"/admin/areas\""), "{user}");
    }
    assert!(app.store.areas().await.unwrap().is_empty());
}

/// A file of places through the page: a refused row names its row and column and nothing is
/// written; the whole file then goes in.
#[tokio::test]
async fn the_install_administrator_imports_a_file_of_places() {
    let app = TestApp::new().await;
    let root = app.browser("system_admin").await;
    let list = text(app.get("/admin/locations", Some(&root)).await).await;
    assert!(list.contains("href=\"/admin/places/import\""), "{list}");
    assert_eq!(app.get("/admin/places/import", Some(&root)).await.status(), StatusCode::OK);
    let send = |csv: &'static str| {
        let app = &app;
        let root = &root;
        async move {
            const BOUNDARY: &str = "haven-test-boundary";
            let body = format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"places.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{BOUNDARY}--\r\n"
            );
            let request = axum::http::Request::builder()
                .method("POST")
                .uri(format!("/admin/places/import?csrf_token={}", root.csrf))
                .header("host", "haven.test")
                .header("cookie", &root.cookie)
                .header("sec-fetch-site", "same-origin")
                .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
                .body(axum::body::Body::from(body))
                .unwrap();
            app.send(request).await
        }
    };
    let bad = send(
        "record,key,kind,name,address,postcode,person,location,started_on\n\
         location,home,childrens_home,Ty Gwyn,1 Heol Las,NOT A POSTCODE,,,\n\
         placement,,care_placement,,,,SWP:CRN-2026/0001,home,2026-02-01\n",
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(bad).await;
    assert!(html.contains("row 1: postcode") && html.contains("nothing was imported"), "{html}");
    assert!(app.store.locations("", 10).await.unwrap().is_empty(), "nothing written");

    let good = send(
        "record,key,kind,name,address,postcode,person,location,started_on\n\
         location,home,childrens_home,Ty Gwyn,1 Heol Las,CF10 1AA,,,\n\
         placement,,care_placement,,,,SWP:CRN-2026/0001,home,2026-02-01\n",
    )
    .await;
    assert_eq!(good.status(), StatusCode::CREATED);
    assert!(text(good).await.contains("Imported 1 locations and 1 placements"));
    assert_eq!(app.store.placements(app.sian).await.unwrap().len(), 1);
    assert!(app.trail(app.sian).await.iter().any(|e| e.action.code() == "person.placement_add"));

    let practitioner = app.browser("practitioner").await;
    assert_eq!(app.get("/admin/places/import", Some(&practitioner)).await.status(), StatusCode::FORBIDDEN);
}
