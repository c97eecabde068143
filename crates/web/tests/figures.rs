//! Figures for boards as their readers meet them: the page, the API and the board pack give the
//! same numbers; scrutiny sees small numbers hidden on every one of them, and may not ask for
//! exact figures; bad ranges and areas are named by field; every read is audited.
//!
//! The area has nine episodes this month, two graded high and seven medium: "high" is fewer
//! than 5, and the other grades are not shown (else 9 − 7 − 0 − 0 gives the 2 away).
//!
//! Run: `HAVEN_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo test -p haven-web --test figures`

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

#[macro_use]
#[allow(dead_code, reason = "the harness is shared with the other API tests; each binary uses part of it")]
mod api_util;

use api_util::*;
use axum::body::{Body, to_bytes};
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, StatusCode, header};
use chrono::{Duration, Utc};
use haven_domain::agency::{AgencyCode, Area, AreaKind};
use haven_domain::audit::AuditAction;
use haven_domain::ids::{AreaId, EpisodeId};
use haven_domain::missing::RiskGrade;
use haven_domain::missing::episode::{Grading, ReporterKind};
use haven_domain::missing::record::MissingEpisode;
use haven_domain::person::{Person, PersonForm};
use haven_domain::signin::SignInMethod;
use haven_domain::user::Role;
use haven_store::{BulkLoad, SessionRecord};
use haven_web::auth::token::{generate_secret, hash_secret};
use tower::ServiceExt;

/// The area, with nine children who each went missing once in the last three weeks.
async fn area(api: &Api) -> AreaId {
    area_with(api, 0).await
}

/// The area, with nine girls and `boys` boys who each went missing once in the last three
/// weeks (the boys' episodes graded medium).
async fn area_with(api: &Api, boys: u8) -> AreaId {
    let area = Area {
        id: AreaId::new(),
        code: AgencyCode::parse("FIG-AREA").unwrap(),
        name: "Figures Area".into(),
        kind: AreaKind::Bcu,
    };
    let mut load = BulkLoad { areas: vec![area.clone()], ..BulkLoad::default() };
    for i in 0..9 + boys {
        let form = PersonForm {
            given_name: format!("Child{}", (b'a' + i) as char),
            family_name: "Figures".into(),
            date_of_birth: Some("2012-01-01".into()),
            sex: if i < 9 { "female" } else { "male" }.into(),
            ..PersonForm::default()
        };
        let person = Person::new(form.parse(today(), None, None).unwrap(), api.police, None, Utc::now());
        let reported = (Utc::now() - Duration::days(2 + i64::from(i))).with_timezone(&Utc);
        let grade = if i < 2 { RiskGrade::High } else { RiskGrade::Medium };
        load.episodes.push(MissingEpisode {
            id: EpisodeId::new(),
            person_id: person.id,
            reported_at: reported,
            last_seen_at: reported - Duration::hours(1),
            last_seen_where: "town".into(),
            reporter: ReporterKind::Parent,
            from_location: None,
            area_id: Some(area.id),
            circumstances: String::new(),
            police_reference: None,
            officer_in_charge: String::new(),
            out_of_area: false,
            gradings: vec![Grading {
                grade,
                rationale: "test".into(),
                answers: vec![],
                graded_at: reported,
                graded_by: None,
                rules_version: "test".into(),
                naira_reason: None,
            }],
            notes: vec![],
            found: None,
            rhi: None,
            recorded_by: None,
            owner: api.police,
            imported: false,
            version: 1,
        });
        load.people.push(person);
    }
    api.store.bulk_load(&load, &system(AuditAction::DemoLoad)).await.unwrap();
    area.id
}

/// A browser session of the police user with `role`.
async fn cookie(api: &Api, role: Role) -> String {
    let user = api.actors[&role].user_id;
    api.store.set_password(user, "$argon2id$unused", &system(AuditAction::UserPasswordSet)).await.unwrap();
    let secret = generate_secret();
    let now = Utc::now();
    let session = SessionRecord {
        id_hash: hash_secret(&secret),
        user_id: user,
        csrf_token: generate_secret(),
        created_at: now,
        expires_at: now + Duration::hours(1),
        method: SignInMethod::Password,
    };
    api.store.create_session(&session, &system(AuditAction::SignIn)).await.unwrap();
    format!("haven_session={secret}")
}

/// A page or a download: status, content type and body as text.
async fn fetch(api: &Api, path: &str, cookie: &str) -> (StatusCode, String, String) {
    let mut request = Request::get(path)
        .header(header::HOST, "haven.test")
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    request.extensions_mut().insert(ConnectInfo(std::net::SocketAddr::from(([192, 0, 2, 10], 50000))));
    let response = api.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let kind = response.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, kind, String::from_utf8_lossy(&bytes).into_owned())
}

fn range() -> String {
    format!("area=FIG-AREA&from={}&to={}", today() - Duration::days(27), today())
}

fn part<'a>(body: &'a serde_json::Value, figure: &str, key: &str) -> &'a serde_json::Value {
    let f = body["figures"].as_array().unwrap().iter().find(|f| f["id"] == figure).unwrap();
    if key.is_empty() {
        return &f["value"];
    }
    &f["parts"].as_array().unwrap().iter().find(|p| p["key"] == key).unwrap()["value"]
}

async fn scrutiny_sees_small_numbers_hidden_on_the_page_the_api_and_every_export(store: Backend) {
    let api = Api::new(store).await;
    let area = area(&api).await;
    let scrutiny = api.token(Role::Scrutiny);

    let got = api.get(&format!("/api/v1/figures?{}", range()), Some(scrutiny)).await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.json);
    assert_eq!(got.json["marking"], "OFFICIAL");
    assert_eq!(got.json["suppressed_below"], 5);
    assert_eq!(
        part(&got.json, "missing-episodes", ""),
        &serde_json::json!({"kind": "count", "value": 9.0, "text": "9"})
    );
    let high = part(&got.json, "episodes-by-grade", "high");
    assert_eq!((high["kind"].as_str(), high["text"].as_str()), (Some("suppressed"), Some("fewer than 5")));
    assert!(high["value"].is_null());
    for key in ["medium", "low", "lower"] {
        assert_eq!(part(&got.json, "episodes-by-grade", key)["kind"], "hidden", "{key}");
    }
    // The trend: nothing the period before, so no change is shown beside a hidden number.
    let by_grade = got.json["figures"].as_array().unwrap().iter().find(|f| f["id"] == "episodes-by-grade").unwrap();
    assert!(by_grade["definition"].as_str().unwrap().contains("risk grade given when they were reported"));

    // The page: the same 9, the definition beside it, "fewer than 5" in the chart's data.
    let browser = cookie(&api, Role::Scrutiny).await;
    let (status, _, page) = fetch(&api, &format!("/figures?{}", range()), &browser).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains(r#"data-testid="figure-missing-episodes-now">9<"#), "{page}");
    assert!(page.contains("OFFICIAL"));
    assert!(page.contains(r#"data-testid="chart-episodes-by-grade""#) && page.contains("<svg"));
    assert!(page.contains("fewer than 5") && page.contains("not shown"));
    assert!(page.contains("Missing episodes reported in the period"), "a definition beside the figure");

    // Every export: fewer than 5, never the 2 or the 7.
    let (status, kind, csv) = fetch(&api, &format!("/figures/board-pack?{}&format=csv", range()), &browser).await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "text/csv; charset=utf-8"));
    let grade_rows: Vec<&str> = csv.lines().filter(|l| l.starts_with("Episodes by risk grade at report,")).collect();
    assert_eq!(grade_rows.len(), 5, "{csv}");
    assert!(grade_rows.iter().any(|l| l.contains("High,fewer than 5")), "{csv}");
    assert!(grade_rows.iter().all(|l| !l.contains(",2,") && !l.contains(",7,")), "{csv}");
    assert!(csv.lines().next().unwrap().ends_with("OFFICIAL"));
    let (status, kind, json) = fetch(&api, &format!("/figures/board-pack?{}&format=json", range()), &browser).await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "application/json"));
    let pack: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(pack["figures"], got.json["figures"], "the pack's numbers are the API's");
    let (status, kind, _) = fetch(&api, &format!("/figures/board-pack?{}&format=xlsx", range()), &browser).await;
    assert_eq!((status, kind.starts_with("application/vnd.openxmlformats")), (StatusCode::OK, true));
    let (status, kind, pdf) = fetch(&api, &format!("/figures/board-pack?{}&format=pdf", range()), &browser).await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "application/pdf"));
    assert!(pdf.starts_with("%PDF"));

    // Exact figures are not for scrutiny, on the API or the page.
    let exact = api.get(&format!("/api/v1/figures?{}&exact=true", range()), Some(scrutiny)).await;
    exact.problem(StatusCode::FORBIDDEN);
    let (status, _, _) = fetch(&api, &format!("/figures?{}&exact=yes", range()), &browser).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // An analyst may ask for them, and the figures are then OFFICIAL-SENSITIVE.
    let exact = api.get(&format!("/api/v1/figures?{}&exact=true", range()), Some(api.token(Role::Analyst))).await;
    assert_eq!(exact.status, StatusCode::OK, "{}", exact.json);
    assert_eq!(exact.json["marking"], "OFFICIAL-SENSITIVE");
    assert_eq!(part(&exact.json, "episodes-by-grade", "high")["value"], 2.0);
    assert_eq!(part(&exact.json, "episodes-by-grade", "medium")["value"], 7.0);

    // Practitioners and admins see no figures.
    for role in [Role::Practitioner, Role::Admin] {
        api.get(&format!("/api/v1/figures?{}", range()), Some(api.token(role))).await.problem(StatusCode::FORBIDDEN);
    }

    // Every read is on the trail: the area, the range, how small numbers were treated.
    let trail = api.store.agency_audit(api.police, 500).await.unwrap();
    let reads: Vec<_> =
        trail.iter().filter(|e| e.action == AuditAction::FiguresView && e.subject_id == Some(area.0)).collect();
    assert!(reads.iter().any(|e| e.detail.as_deref().is_some_and(|d| d.ends_with("suppressed below 5"))), "{reads:?}");
    assert!(reads.iter().any(|e| e.detail.as_deref().is_some_and(|d| d.ends_with("exact"))), "{reads:?}");
    let exports: Vec<_> = trail.iter().filter(|e| e.action == AuditAction::FiguresExport).collect();
    assert_eq!(exports.len(), 4, "one for each download");
    api.finish().await;
}

async fn get(api: &Api, token: &str, query: &str) -> Reply {
    api.get(&format!("/api/v1/figures?{query}"), Some(token)).await
}

async fn bad_ranges_and_areas_are_named_by_field_and_nothing_is_read(store: Backend) {
    let api = Api::new(store).await;
    area(&api).await;
    let token = api.token(Role::Supervisor).to_owned();
    let token = token.as_str();
    let backwards =
        get(&api, token, "area=FIG-AREA&from=2026-03-31&to=2026-03-01").await.problem(StatusCode::BAD_REQUEST);
    assert_eq!(backwards.problems(), [(Some("to".to_owned()), "before-from".to_owned())]);
    let long = get(&api, token, "area=FIG-AREA&from=2016-01-01&to=2026-01-01").await.problem(StatusCode::BAD_REQUEST);
    assert_eq!(long.problems(), [(Some("to".to_owned()), "range-too-long".to_owned())]);
    let future = today() + Duration::days(1);
    let ahead =
        get(&api, token, &format!("area=FIG-AREA&from=2026-01-01&to={future}")).await.problem(StatusCode::BAD_REQUEST);
    assert_eq!(ahead.problems(), [(Some("to".to_owned()), "date-in-future".to_owned())]);
    let all = get(&api, token, "area=NOWHERE&from=2026-13-01&to=").await.problem(StatusCode::BAD_REQUEST);
    assert_eq!(
        all.problems(),
        [
            (Some("area".to_owned()), "unknown-area".to_owned()),
            (Some("from".to_owned()), "date-format".to_owned()),
            (Some("to".to_owned()), "required".to_owned()),
        ]
    );
    let unknown = get(&api, token, "area=FIG-AREA&from=2026-01-01&to=2026-01-31&colour=red").await;
    assert!(unknown.problem(StatusCode::BAD_REQUEST).has_problem(Some("colour"), "unknown-field"));
    // The range answered is the range asked, to the day.
    let ok = get(&api, token, &format!("area=FIG-AREA&from=2026-01-01&to={}", today())).await;
    assert_eq!(
        (ok.json["from"].as_str(), ok.json["to"].as_str()),
        (Some("2026-01-01"), Some(today().to_string().as_str()))
    );
    let trail = api.store.agency_audit(api.police, 500).await.unwrap();
    assert_eq!(trail.iter().filter(|e| e.action == AuditAction::FiguresView).count(), 1, "only the good read");
    // The page names the problems on the form.
    let browser = cookie(&api, Role::Supervisor).await;
    let (status, _, page) = fetch(&api, "/figures?area=FIG-AREA&from=2026-03-31&to=2026-03-01", &browser).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("The end date must be the same as or after the start date"), "{page}");
    api.finish().await;
}

fn figure<'a>(body: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    body["figures"].as_array().unwrap().iter().find(|f| f["id"] == id).unwrap()
}

fn by_key<'a>(f: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
    f["parts"].as_array().unwrap().iter().find(|p| p["key"] == key).unwrap()
}

/// Nine girls and two boys went missing; the area has 22,000 children, 10,000 girls and 12,000
/// boys. Exact: 11 per 22,000 = 0.5 per 1,000; girls 9 per 10,000 = 0.9; boys 2 per 12,000 =
/// 0.17 → 0.2. With small numbers hidden the 2 boys are "fewer than 5" and the 9 girls "not
/// shown" (else 11 − 9 − 0 gives the 2 away): neither rate is shown anywhere, since a rate beside
/// a population gives its count back; the total's is.
async fn rates_against_the_areas_child_population_follow_their_counts_everywhere(store: Backend) {
    let api = Api::new(store).await;
    area_with(&api, 2).await;
    let (scrutiny, analyst) = (api.token(Role::Scrutiny).to_owned(), api.token(Role::Analyst).to_owned());

    // No population yet: no rate is made up.
    let got = api.get(&format!("/api/v1/figures?{}", range()), Some(&scrutiny)).await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.json);
    assert!(got.json["population"].is_null());
    for f in got.json["figures"].as_array().unwrap() {
        assert!(f["rate"].is_null() && f["population"].is_null(), "{}", f["id"]);
        assert!(f["parts"].as_array().unwrap().iter().all(|p| p["rate"].is_null()), "{}", f["id"]);
    }
    let browser = cookie(&api, Role::Scrutiny).await;
    let (_, _, page) = fetch(&api, &format!("/figures?{}", range()), &browser).await;
    assert!(page.contains("No child population is set for this area"), "{page}");
    assert!(!page.contains("Children in the area"));

    // Only the install's administrator sets it; bad counts are named, nothing written.
    let path = "/api/v1/admin/areas/FIG-AREA/population";
    let body = r#"{"source": "Test estimates", "as_of": "2025-06-30",
        "counts": {"total": 22000, "sex.female": "10000", "sex.male": 12000, "age.13_to_15": 3000}}"#;
    for role in [Role::Admin, Role::Analyst, Role::Supervisor] {
        api.send_json(Method::PUT, path, Some(api.token(role)), body).await.problem(StatusCode::FORBIDDEN);
    }
    let root = api.token(Role::SystemAdmin).to_owned();
    let bad = r#"{"source": "Test", "as_of": "2025-06-30",
        "counts": {"total": 100, "sex.female": -1, "sex.male": "ten", "sex.other": 5, "age.13_to_15": 101}}"#;
    let refused = api.send_json(Method::PUT, path, Some(&root), bad).await.problem(StatusCode::UNPROCESSABLE_ENTITY);
    let mut named = refused.problems();
    named.sort();
    assert_eq!(
        named,
        [
            (Some("age.13_to_15".to_owned()), "more-than-total".to_owned()),
            (Some("sex.female".to_owned()), "negative".to_owned()),
            (Some("sex.male".to_owned()), "number-format".to_owned()),
            (Some("sex.other".to_owned()), "unknown-code".to_owned()),
        ]
    );
    let none = api.get(path, Some(&root)).await;
    assert_eq!(none.json, serde_json::json!([]), "nothing written");
    let saved = api.send_json(Method::PUT, path, Some(&root), body).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.json);
    assert_eq!((saved.json["number"].as_i64(), saved.json["counts"]["sex.female"].as_u64()), (Some(1), Some(10_000)));
    let trail = api.store.agency_audit(api.police, 500).await.unwrap();
    let set: Vec<_> = trail.iter().filter(|e| e.action == AuditAction::AreaPopulationSet).collect();
    assert_eq!(set.len(), 1, "one version saved, one event");
    assert_eq!(set[0].detail.as_deref(), Some("population v1 as of 2025-06-30: 22000 children"));

    // Exact: every rate.
    let exact = api.get(&format!("/api/v1/figures?{}&exact=true", range()), Some(&analyst)).await;
    assert_eq!(exact.json["population"]["source"], "Test estimates");
    let by_sex = figure(&exact.json, "children-by-sex");
    assert_eq!((by_sex["population"].as_u64(), by_sex["rate"]["value"]["value"].as_f64()), (Some(22_000), Some(0.5)));
    assert_eq!(by_key(by_sex, "female")["rate"]["value"]["value"].as_f64(), Some(0.9));
    assert_eq!(by_key(by_sex, "male")["rate"]["value"]["text"], "0.2");
    assert!(by_key(by_sex, "unknown")["rate"].is_null() && by_key(by_sex, "unknown")["population"].is_null());

    // Hidden: the rate goes wherever its count does, on the API...
    let hidden = api.get(&format!("/api/v1/figures?{}", range()), Some(&scrutiny)).await;
    let by_sex = figure(&hidden.json, "children-by-sex");
    assert_eq!(by_key(by_sex, "male")["value"]["kind"], "suppressed");
    assert_eq!(by_key(by_sex, "female")["value"]["kind"], "hidden");
    for key in ["female", "male"] {
        let part = by_key(by_sex, key);
        assert_eq!(part["rate"]["value"], serde_json::json!({"kind": "hidden", "value": null, "text": "not shown"}));
        assert!(part["population"].is_u64(), "the population is public: {key}");
    }
    assert_eq!((by_sex["value"]["value"].as_f64(), by_sex["rate"]["value"]["value"].as_f64()), (Some(11.0), Some(0.5)));
    assert_eq!(by_sex["rate"]["previous"]["kind"], "number", "no child before: 0 of 22,000 is shown");

    // ... the page (the chart's data table, with the population's source under the figures) ...
    let (_, _, page) = fetch(&api, &format!("/figures?{}", range()), &browser).await;
    assert!(page.contains("Test estimates, as of 30/06/2025"), "{page}");
    assert!(page.contains("Children in the area") && page.contains("Per 1,000: this period"));
    assert!(page.contains(">22000<") && page.contains(">10000<"), "{page}");
    assert!(!page.contains(">0.9<") && !page.contains(">0.2<"), "no hidden rate on the page");

    // ... and every export.
    let (_, _, csv) = fetch(&api, &format!("/figures/board-pack?{}&format=csv", range()), &browser).await;
    let girls = csv.lines().find(|l| l.starts_with("Children missing by sex,Female,")).unwrap();
    assert!(girls.starts_with("Children missing by sex,Female,not shown,0,10000,not shown,0.0,"), "{girls}");
    let all = csv.lines().find(|l| l.starts_with("Children missing by sex,,")).unwrap();
    assert!(all.starts_with("Children missing by sex,,11,0,22000,0.5,0.0,"), "{all}");
    assert!(!csv.contains(",0.9,") && !csv.contains(",0.2,"), "{csv}");
    let (_, _, json) = fetch(&api, &format!("/figures/board-pack?{}&format=json", range()), &browser).await;
    let pack: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(pack["figures"], hidden.json["figures"], "the pack's rates are the API's");
    assert_eq!(pack["population"], hidden.json["population"]);
    for format in ["xlsx", "pdf"] {
        let (status, _, _) = fetch(&api, &format!("/figures/board-pack?{}&format={format}", range()), &browser).await;
        assert_eq!(status, StatusCode::OK, "{format}");
    }
    let doc = haven_web::figures_words::board_pack(
        haven_web::i18n::Lang::En,
        &haven_app::figures::system_figures(
            api.store.as_ref(),
            &haven_app::figures::FiguresAsk {
                area: "FIG-AREA",
                from: &(today() - Duration::days(27)).to_string(),
                to: &today().to_string(),
                exact: false,
                export: Some("pdf"),
            },
            &haven_domain::missing::MissingRules::default(),
            haven_app::figures::FiguresSettings::default(),
            "test",
        )
        .await
        .unwrap(),
        today(),
    );
    // The PDF's and the XLSX's table (one document model): the rates beside each group.
    let table = doc.tables().find(|t| t.caption == "Data: Children missing by sex").unwrap();
    assert_eq!(table.header[3..], ["Children in the area", "Per 1,000: this period", "Per 1,000: period before"]);
    let text = |c: &haven_report::Cell| match c {
        haven_report::Cell::Text(t) => t.clone(),
        haven_report::Cell::Number(n) => n.to_string(),
        haven_report::Cell::Date(d) => d.to_string(),
    };
    let rows: Vec<Vec<String>> = table.rows.iter().map(|r| r.iter().map(text).collect()).collect();
    assert_eq!(rows[0], ["Female", "not shown", "0", "10000", "not shown", "0"]);
    assert_eq!(rows[1], ["Male", "fewer than 5", "0", "12000", "not shown", "0"]);
    // Sex not known: hidden beside the boys, and with no population, no rate.
    assert_eq!(rows[2], ["Not known", "not shown", "0", "—", "—", "—"]);
    assert_eq!(rows[3], ["All", "11", "0", "22000", "0.5", "0"]);
    api.finish().await;
}

on_both_stores!(
    rates_against_the_areas_child_population_follow_their_counts_everywhere,
    scrutiny_sees_small_numbers_hidden_on_the_page_the_api_and_every_export,
    bad_ranges_and_areas_are_named_by_field_and_nothing_is_read,
);
