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
use axum::http::{Request, StatusCode, header};
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
    let area = Area {
        id: AreaId::new(),
        code: AgencyCode::parse("FIG-AREA").unwrap(),
        name: "Figures Area".into(),
        kind: AreaKind::Bcu,
    };
    let mut load = BulkLoad { areas: vec![area.clone()], ..BulkLoad::default() };
    for i in 0..9 {
        let form = PersonForm {
            given_name: format!("Child{}", (b'a' + i) as char),
            family_name: "Figures".into(),
            date_of_birth: Some("2012-01-01".into()),
            sex: "female".into(),
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

on_both_stores!(
    scrutiny_sees_small_numbers_hidden_on_the_page_the_api_and_every_export,
    bad_ranges_and_areas_are_named_by_field_and_nothing_is_read,
);
