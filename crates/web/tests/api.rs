//! The JSON API as a client meets it: the real application (`haven_web::app`) on a fresh store,
//! agencies, users and tokens written through the store, requests sent in-process with
//! `tower::ServiceExt::oneshot`. Every test runs twice: on SQLite in a temp dir, and on a fresh
//! PostgreSQL database on the server named by `HAVEN_TEST_DATABASE_URL` (as the store
//! conformance suite does, the PostgreSQL half fails when it is not set).
//!
//! Run: `HAVEN_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo test -p haven-web --test api`

#![expect(clippy::unwrap_used, reason = "a test fails loudly at the first surprise, helpers included")]

use axum::Router;
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use chrono::{Duration, NaiveDate, Utc};
use haven_domain::agency::{Agency, AgencyCode, AgencyKind};
use haven_domain::audit::{AuditAction, AuditEvent};
use haven_domain::ids::{AgencyId, AgreementId, PersonId, TokenId, UserId};
use haven_domain::person::{Person, PersonForm};
use haven_domain::policy::{Action, Target, can};
use haven_domain::sharing::Agreement;
use haven_domain::text::Reference;
use haven_domain::user::{Actor, Role, User, Username};
use haven_store::{ApiToken, PersonQuery, Store};
use haven_store_postgres::PostgresStore;
use haven_store_sqlite::SqliteStore;
use haven_web::auth::token::{generate_api_token, hash_secret};
use haven_web::{AppState, WebConfig, app};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use tower::ServiceExt;

const PROBLEM_JSON: &str = "application/problem+json";

#[derive(Debug, Clone, Copy)]
enum Backend {
    Sqlite,
    Postgres,
}

/// The database behind a test's store, kept to close it or drop it.
enum Db {
    Sqlite { pool: sqlx::SqlitePool, _dir: tempfile::TempDir },
    Postgres { pool: sqlx::PgPool, admin_url: String, name: String },
}

impl Db {
    async fn open(backend: Backend) -> (Arc<dyn Store>, Db) {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let store = SqliteStore::open(dir.path()).await.unwrap();
                let pool = store.pool().clone();
                (Arc::new(store), Db::Sqlite { pool, _dir: dir })
            }
            Backend::Postgres => {
                let admin_url = std::env::var("HAVEN_TEST_DATABASE_URL").unwrap_or_else(|_| {
                    panic!(
                        "HAVEN_TEST_DATABASE_URL is not set: the PostgreSQL half of the API tests needs a server, \
                         e.g. HAVEN_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (scripts/test sets it)"
                    )
                });
                let name = format!("haven_api_test_{}", uuid::Uuid::new_v4().simple());
                let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(&admin_url)
                    .await
                    .unwrap_or_else(|e| panic!("cannot connect to HAVEN_TEST_DATABASE_URL: {e}"));
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await.unwrap();
                let store = PostgresStore::connect(&with_database(&admin_url, &name)).await.unwrap();
                let pool = store.pool().clone();
                (Arc::new(store), Db::Postgres { pool, admin_url, name })
            }
        }
    }
}

/// `postgres://u@h:5432/postgres?x=y` with its database replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let server = match base[after_scheme..].find('/') {
        Some(slash) => &base[..after_scheme + slash],
        None => base,
    };
    format!("{server}/{name}{query}")
}

struct Api {
    router: Router,
    /// The API's router alone, without the layers of the pages around it.
    api_only: Router,
    store: Arc<dyn Store>,
    db: Db,
    police: AgencyId,
    other_force: AgencyId,
    /// A token per role, every user at the police.
    tokens: HashMap<Role, String>,
    actors: HashMap<Role, Actor>,
    /// A practitioner of the other force.
    dpp_token: String,
    disabled_token: String,
    /// Held by the police, reference `CRN-2026/0001`.
    sian: PersonId,
    /// Held by the council, which shares with the police under an agreement in force.
    cerys: PersonId,
    /// Held by the other force only, which shares with nobody.
    tomos: PersonId,
}

fn system(action: AuditAction) -> AuditEvent {
    AuditEvent::system("test", action, "test setup", Utc::now())
}

fn today() -> NaiveDate {
    Utc::now().with_timezone(&chrono_tz::Europe::London).date_naive()
}

fn agency(name: &str, code: &str, kind: AgencyKind) -> Agency {
    Agency { id: AgencyId::new(), code: AgencyCode::parse(code).unwrap(), name: name.into(), kind, area_id: None }
}

/// The body a client sends to create a person, before the test changes one thing.
fn new_person() -> Value {
    json!({
        "given_name": "Megan",
        "family_name": "Price",
        "date_of_birth": "2012-03-04",
        "sex": "female",
        "reference": "CRN-2026/0999",
        "care_status": "looked_after",
        "placing_authority": "CARDIFF-CS",
        "host_authority": "SWANSEA-CS",
    })
}

fn without_reference() -> Value {
    let mut body = new_person();
    body.as_object_mut().unwrap().remove("reference");
    body
}

/// A stream of `chunks` chunks of 1 MiB that counts how many were pulled, and declares no length.
struct Counted {
    left: usize,
    pulled: Arc<AtomicUsize>,
}

impl futures_core::Stream for Counted {
    type Item = Result<Bytes, std::io::Error>;
    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.left == 0 {
            return Poll::Ready(None);
        }
        self.left -= 1;
        self.pulled.fetch_add(1, Ordering::SeqCst);
        Poll::Ready(Some(Ok(Bytes::from(vec![b' '; 1024 * 1024]))))
    }
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    json: Value,
}

impl Reply {
    /// The `(field, code)` pairs of a problem body.
    fn problems(&self) -> Vec<(Option<String>, String)> {
        self.json["errors"]
            .as_array()
            .unwrap_or(&Vec::new())
            .iter()
            .map(|e| (e["field"].as_str().map(str::to_owned), e["code"].as_str().unwrap_or("").to_owned()))
            .collect()
    }

    fn has_problem(&self, field: Option<&str>, code: &str) -> bool {
        self.problems().iter().any(|(f, c)| f.as_deref() == field && c == code)
    }

    fn content_type(&self) -> &str {
        self.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// Asserts a problem body with this status, and returns it for more checks.
    fn problem(self, status: StatusCode) -> Self {
        assert_eq!(self.status, status, "{}", self.json);
        assert_eq!(self.content_type(), PROBLEM_JSON);
        assert_eq!(self.json["status"], status.as_u16());
        assert!(self.json["type"].as_str().is_some_and(|t| t.starts_with("urn:haven:problem:")), "{}", self.json);
        assert!(self.json["title"].is_string() && self.json["detail"].is_string(), "{}", self.json);
        self
    }
}

impl Api {
    async fn new(backend: Backend) -> Api {
        let (store, db) = Db::open(backend).await;

        let police = agency("South Wales Police", "SWP", AgencyKind::Police);
        let council = agency("Cardiff Children's Services", "CARDIFF-CS", AgencyKind::LocalAuthority);
        let host = agency("Swansea Children's Services", "SWANSEA-CS", AgencyKind::LocalAuthority);
        let other = agency("Dyfed-Powys Police", "DPP", AgencyKind::Police);
        for a in [&police, &council, &host, &other] {
            store.create_agency(a, &system(AuditAction::AgencyCreate)).await.unwrap();
        }
        let agreement = Agreement {
            id: AgreementId::new(),
            name: "Missing children ISP".into(),
            purpose: "safeguarding".into(),
            members: vec![police.id, council.id],
            starts_on: today() - Duration::days(30),
            ends_on: None,
        };
        store.create_agreement(&agreement, &system(AuditAction::AgreementCreate)).await.unwrap();

        let mut tokens = HashMap::new();
        let mut actors = HashMap::new();
        for role in Role::ALL {
            let (user, token) = Self::user(&store, role.code(), police.id, *role, false).await;
            tokens.insert(*role, token);
            actors.insert(*role, user.actor());
        }
        let (_, dpp_token) = Self::user(&store, "dpp.officer", other.id, Role::Practitioner, false).await;
        let (_, disabled_token) = Self::user(&store, "disabled.user", police.id, Role::Practitioner, true).await;

        let mut ids = Vec::new();
        for (given, family, dob, holder, reference) in [
            ("Siân", "Evans", "2011-02-28", police.id, Some("CRN-2026/0001")),
            ("Cerys", "Morgan", "2012-06-01", council.id, None),
            ("Tomos", "Jones", "2010-09-15", other.id, Some("DPP-77")),
        ] {
            let form = PersonForm {
                given_name: given.into(),
                family_name: family.into(),
                date_of_birth: Some(dob.into()),
                sex: "female".into(),
                ..PersonForm::default()
            };
            let details = form.parse(today(), None, None).unwrap();
            let person = Person::new(details, holder, reference.map(|r| Reference::parse(r).unwrap()), Utc::now());
            store.create_person(&person, &system(AuditAction::PersonCreate).person(person.id)).await.unwrap();
            ids.push(person.id);
        }

        Api {
            router: app(AppState::new(store.clone(), WebConfig::default())),
            api_only: haven_web::api::router(AppState::new(store.clone(), WebConfig::default())),
            store,
            db,
            police: police.id,
            other_force: other.id,
            tokens,
            actors,
            dpp_token,
            disabled_token,
            sian: ids[0],
            cerys: ids[1],
            tomos: ids[2],
        }
    }

    /// Closes the store's connections, as a database gone away would.
    async fn close_store(&self) {
        match &self.db {
            Db::Sqlite { pool, .. } => pool.close().await,
            Db::Postgres { pool, .. } => pool.close().await,
        }
    }

    /// Drops a PostgreSQL test database (a failed test leaves its database behind to look at).
    async fn finish(self) {
        let Api { router, api_only, store, db, .. } = self;
        drop((router, api_only, store));
        if let Db::Postgres { pool, admin_url, name } = db {
            pool.close().await;
            let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(&admin_url).await.unwrap();
            sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
                .execute(&mut admin)
                .await
                .unwrap();
        }
    }

    /// A user and a live API token for them, written through the store.
    async fn user(store: &Arc<dyn Store>, name: &str, agency: AgencyId, role: Role, disabled: bool) -> (User, String) {
        let user = User {
            id: UserId::new(),
            username: Username::parse(name).unwrap(),
            display_name: name.into(),
            agency_id: agency,
            role,
            disabled,
        };
        // API calls never check a password: any hash will do.
        store.create_user(&user, "$argon2id$unused", &system(AuditAction::UserCreate)).await.unwrap();
        let secret = generate_api_token();
        let token = ApiToken {
            id: TokenId::new(),
            user_id: user.id,
            name: "tests".into(),
            token_hash: hash_secret(&secret),
            created_at: Utc::now(),
        };
        store.create_token(&token, &system(AuditAction::TokenIssue)).await.unwrap();
        (user, secret)
    }

    fn token(&self, role: Role) -> &str {
        &self.tokens[&role]
    }

    async fn send(&self, request: Request<Body>) -> Reply {
        Self::send_to(&self.router, request).await
    }

    async fn send_to(router: &Router, mut request: Request<Body>) -> Reply {
        request.extensions_mut().insert(ConnectInfo(std::net::SocketAddr::from(([192, 0, 2, 10], 50000))));
        let response = router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let json = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)))
        };
        Reply { status, headers, json }
    }

    fn request(method: Method, path: &str, token: Option<&str>) -> axum::http::request::Builder {
        let mut r = Request::builder().method(method).uri(path).header(header::HOST, "haven.test");
        if let Some(t) = token {
            r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        r
    }

    async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.send(Self::request(Method::GET, path, token).body(Body::empty()).unwrap()).await
    }

    async fn send_json(&self, method: Method, path: &str, token: Option<&str>, body: &str) -> Reply {
        let r = Self::request(method, path, token).header(header::CONTENT_TYPE, "application/json");
        self.send(r.body(Body::from(body.to_owned())).unwrap()).await
    }

    async fn post(&self, token: Option<&str>, body: &Value) -> Reply {
        self.send_json(Method::POST, "/api/v1/people", token, &body.to_string()).await
    }

    async fn patch(&self, id: &str, token: Option<&str>, body: &Value) -> Reply {
        self.send_json(Method::PATCH, &format!("/api/v1/people/{id}"), token, &body.to_string()).await
    }

    /// How many people the store holds, and whether any is called `family`: what an invalid
    /// request must leave unchanged.
    async fn footprint(&self, family: &str) -> (u64, usize) {
        let query = PersonQuery { name: Some(family.into()), ..PersonQuery::default() };
        let found =
            self.store.search_people(&query, &[self.police], 100, &system(AuditAction::PersonSearch)).await.unwrap();
        (self.store.count_people().await.unwrap(), found.len())
    }

    async fn version(&self, id: PersonId) -> i64 {
        self.store.person(id, &system(AuditAction::PersonView).person(id)).await.unwrap().version
    }

    async fn trail(&self, id: PersonId) -> Vec<AuditEvent> {
        self.store.person_audit(id, 1000).await.unwrap()
    }
}

// ---------------------------------------------------------------------------------------------
// Authentication

async fn without_a_valid_bearer_token_every_api_call_is_401_with_a_challenge(store: Backend) {
    let api = Api::new(store).await;
    let sian = format!("/api/v1/people/{}", api.sian);
    let bad = "haven_not-a-real-token";
    let cases: Vec<(&str, Option<&str>, bool)> = vec![
        ("no header", None, false),
        ("unknown token", Some(bad), true),
        ("a disabled user's token", Some(&api.disabled_token), true),
    ];
    for (what, token, invalid) in cases {
        let mut replies = vec![
            api.get("/api/v1/people?q=Evans", token).await,
            api.get(&sian, token).await,
            api.get(&format!("/api/v1/audit?person_id={}", api.sian), token).await,
        ];
        // Without any Authorization header, a POST or PATCH meets the pages' CSRF check first:
        // see `a_post_or_patch_without_any_authorization_header_is_401_not_a_csrf_refusal`.
        if token.is_some() {
            replies.push(api.patch(&api.sian.to_string(), token, &json!({"version": 1, "gender": "x"})).await);
            replies.push(api.post(token, &new_person()).await);
        }
        for reply in replies {
            let reply = reply.problem(StatusCode::UNAUTHORIZED);
            assert!(reply.has_problem(None, "unauthorised"), "{what}: {}", reply.json);
            let challenge = reply.headers.get(header::WWW_AUTHENTICATE).unwrap().to_str().unwrap();
            assert!(challenge.starts_with("Bearer"), "{what}: {challenge}");
            assert_eq!(challenge.contains("invalid_token"), invalid, "{what}: {challenge}");
        }
    }
    assert_eq!(api.version(api.sian).await, 1, "nothing was changed");

    // Another scheme, or a bearer with nothing after it.
    for value in ["Basic cHJhY3RpdGlvbmVyOnB3", "Bearer ", "Bearer"] {
        let r = Request::get("/api/v1/people?q=Evans").header(header::AUTHORIZATION, value);
        api.send(r.body(Body::empty()).unwrap()).await.problem(StatusCode::UNAUTHORIZED);
    }
    api.finish().await;
}

async fn the_api_itself_answers_a_post_or_patch_without_any_authorization_header_with_401(store: Backend) {
    let api = Api::new(store).await;
    let before = api.footprint("Price").await;
    for (method, path) in
        [(Method::POST, "/api/v1/people".to_owned()), (Method::PATCH, format!("/api/v1/people/{}", api.sian))]
    {
        let r = Api::request(method, &path, None).header(header::CONTENT_TYPE, "application/json");
        let reply = Api::send_to(&api.api_only, r.body(Body::from(new_person().to_string())).unwrap()).await;
        let reply = reply.problem(StatusCode::UNAUTHORIZED);
        assert_eq!(reply.headers.get(header::WWW_AUTHENTICATE).unwrap(), "Bearer realm=\"haven\"");
    }
    assert_eq!(api.footprint("Price").await, before);
    api.finish().await;
}

#[tokio::test]
async fn a_post_or_patch_without_any_authorization_header_is_401_not_a_csrf_refusal() {
    let api = Api::new(Backend::Sqlite).await;
    let before = api.footprint("Price").await;
    for reply in [
        api.post(None, &new_person()).await,
        api.patch(&api.sian.to_string(), None, &json!({"version": 1, "gender": "x"})).await,
    ] {
        let reply = reply.problem(StatusCode::UNAUTHORIZED);
        assert!(reply.headers.get(header::WWW_AUTHENTICATE).is_some());
    }
    assert_eq!(api.footprint("Price").await, before);
    assert_eq!(api.version(api.sian).await, 1);
}

async fn a_signed_in_browser_session_cookie_does_not_open_the_api(store: Backend) {
    let api = Api::new(store).await;
    let user = api.store.user(api.actors[&Role::Supervisor].user_id).await.unwrap().unwrap();
    let (secret, record) = haven_web::session::new_session(&user, Utc::now(), 30);
    api.store.create_session(&record, &system(AuditAction::SignIn)).await.unwrap();
    let cookie = format!("{}={secret}", haven_web::session::SESSION_COOKIE);
    let r = Request::get(format!("/api/v1/people/{}", api.sian)).header(header::COOKIE, &cookie);
    api.send(r.body(Body::empty()).unwrap()).await.problem(StatusCode::UNAUTHORIZED);
    // With a token as well, it is the token that counts.
    let r = Request::get(format!("/api/v1/people/{}", api.sian))
        .header(header::COOKIE, &cookie)
        .header(header::AUTHORIZATION, format!("Bearer {}", api.token(Role::Scrutiny)));
    api.send(r.body(Body::empty()).unwrap()).await.problem(StatusCode::FORBIDDEN);
    api.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Create, read, change

async fn create_then_read_then_patch_then_a_stale_patch_is_refused(store: Backend) {
    let api = Api::new(store).await;
    let token = Some(api.token(Role::Practitioner));

    let created = api.post(token, &new_person()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json);
    let id = created.json["id"].as_str().unwrap().to_owned();
    let location = created.headers.get(header::LOCATION).unwrap().to_str().unwrap();
    assert_eq!(location, format!("/api/v1/people/{id}"));
    let p = &created.json;
    assert_eq!(p["version"], 1);
    assert_eq!((p["given_name"].as_str(), p["family_name"].as_str()), (Some("Megan"), Some("Price")));
    assert_eq!(p["date_of_birth"], "2012-03-04");
    assert_eq!((p["kind"].as_str(), p["sex"].as_str()), (Some("child"), Some("female")));
    assert_eq!((p["care_status"].as_str(), p["ethnicity"].as_str()), (Some("looked_after"), Some("not_stated")));
    assert_eq!(
        (p["placing_authority"].as_str(), p["host_authority"].as_str()),
        (Some("CARDIFF-CS"), Some("SWANSEA-CS"))
    );
    assert_eq!(p["records"][0]["agency"], "SWP");
    assert_eq!(p["records"][0]["reference"], "CRN-2026/0999");

    let read = api.get(location, token).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.json);
    assert_eq!(read.json, created.json, "what was created is what is read");
    assert_eq!(read.json["aliases"], json!([]));

    let patched = api.patch(&id, token, &json!({"version": 1, "family_name": "Price-Hughes", "gender": "girl"})).await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.json);
    assert_eq!(patched.json["version"], 2);
    assert_eq!(patched.json["family_name"], "Price-Hughes");
    assert_eq!(patched.json["gender"], "girl");
    assert_eq!(patched.json["given_name"], "Megan", "fields not sent are kept");
    assert_eq!(patched.json["placing_authority"], "CARDIFF-CS", "fields not sent are kept");

    // Someone else still holding version 1 loses, and writes nothing.
    let stale = api.patch(&id, token, &json!({"version": 1, "family_name": "Stale"})).await;
    let stale = stale.problem(StatusCode::CONFLICT);
    assert!(stale.has_problem(Some("version"), "version-conflict"), "{}", stale.json);
    let now = api.get(location, token).await;
    assert_eq!(now.json, patched.json, "what the patch returned is what is read");

    // `null` clears an optional field; a required one cannot be cleared.
    let cleared = api.patch(&id, token, &json!({"version": 2, "gender": null, "host_authority": null})).await;
    assert_eq!(cleared.status, StatusCode::OK, "{}", cleared.json);
    assert_eq!((cleared.json["gender"].clone(), cleared.json["host_authority"].clone()), (Value::Null, Value::Null));
    let emptied = api.patch(&id, token, &json!({"version": 3, "given_name": null})).await;
    assert!(emptied.problem(StatusCode::UNPROCESSABLE_ENTITY).has_problem(Some("given_name"), "required"));
    api.finish().await;
}

async fn a_patch_must_carry_a_version_and_valid_values_or_nothing_is_written(store: Backend) {
    let api = Api::new(store).await;
    let token = Some(api.token(Role::Practitioner));
    let sian = api.sian.to_string();
    let cases = [
        (json!({"family_name": "X"}), StatusCode::BAD_REQUEST, "version", "required"),
        (json!({"version": "1"}), StatusCode::BAD_REQUEST, "version", "invalid-type"),
        (json!({"version": 1, "reference": "R1"}), StatusCode::BAD_REQUEST, "reference", "unknown-field"),
        (
            json!({"version": 1, "date_of_birth": "2999-01-01"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "date_of_birth",
            "dob-in-future",
        ),
        (json!({"version": 1, "sex": "other"}), StatusCode::UNPROCESSABLE_ENTITY, "sex", "unknown-code"),
        (
            json!({"version": 1, "host_authority": "NOWHERE"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "host_authority",
            "unknown-agency",
        ),
        (json!({"version": 1, "family_name": 7}), StatusCode::BAD_REQUEST, "family_name", "invalid-type"),
    ];
    for (body, status, field, code) in cases {
        let reply = api.patch(&sian, token, &body).await.problem(status);
        assert!(reply.has_problem(Some(field), code), "{body}: {}", reply.json);
    }
    assert_eq!(api.version(api.sian).await, 1, "nothing was written");
    let read = api.get(&format!("/api/v1/people/{sian}"), token).await;
    assert_eq!((read.json["family_name"].as_str(), read.json["sex"].as_str()), (Some("Evans"), Some("female")));
    api.finish().await;
}

async fn bad_input_names_the_field_and_writes_nothing(store: Backend) {
    let api = Api::new(store).await;
    let token = Some(api.token(Role::Practitioner));
    let before = api.footprint("Price").await;
    assert_eq!(before.1, 0);

    let with = |key: &str, value: Value| {
        let mut body = new_person();
        body[key] = value;
        body.to_string()
    };
    let without = |key: &str| {
        let mut body = new_person();
        body.as_object_mut().unwrap().remove(key);
        body.to_string()
    };
    let tomorrow = (today() + Duration::days(1)).format("%Y-%m-%d").to_string();
    let cases: Vec<(&str, String, StatusCode, Option<&str>, &str)> = vec![
        (
            "future dob",
            with("date_of_birth", json!(tomorrow)),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("date_of_birth"),
            "dob-in-future",
        ),
        (
            "impossible dob",
            with("date_of_birth", json!("2012-02-30")),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("date_of_birth"),
            "date-format",
        ),
        (
            "500-char name",
            with("given_name", json!("a".repeat(500))),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("given_name"),
            "too-long",
        ),
        ("bad sex", with("sex", json!("other")), StatusCode::UNPROCESSABLE_ENTITY, Some("sex"), "unknown-code"),
        (
            "unknown agency",
            with("placing_authority", json!("NOWHERE")),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("placing_authority"),
            "unknown-agency",
        ),
        (
            "reference already used",
            with("reference", json!("CRN-2026/0001")),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("reference"),
            "duplicate",
        ),
        (
            "bad reference",
            with("reference", json!("<script>")),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("reference"),
            "reference-characters",
        ),
        ("missing field", without("family_name"), StatusCode::UNPROCESSABLE_ENTITY, Some("family_name"), "required"),
        ("unknown field", with("shoe_size", json!(9)), StatusCode::BAD_REQUEST, Some("shoe_size"), "unknown-field"),
        (
            "wrong type",
            with("date_of_birth", json!(20120304)),
            StatusCode::BAD_REQUEST,
            Some("date_of_birth"),
            "invalid-type",
        ),
        (
            "wrong type of an optional field",
            with("ethnicity", json!(["white_british"])),
            StatusCode::BAD_REQUEST,
            Some("ethnicity"),
            "invalid-type",
        ),
        ("malformed JSON", r#"{"given_name": "Megan","#.to_owned(), StatusCode::BAD_REQUEST, None, "invalid-json"),
        ("not an object", "[]".to_owned(), StatusCode::BAD_REQUEST, None, "invalid-type"),
        ("empty body", String::new(), StatusCode::BAD_REQUEST, None, "invalid-json"),
    ];
    for (what, body, status, field, code) in cases {
        let reply = api.send_json(Method::POST, "/api/v1/people", token, &body).await.problem(status);
        assert!(reply.has_problem(field, code), "{what}: {}", reply.json);
        assert_eq!(api.footprint("Price").await, before, "{what}: nothing written");
    }

    // Every problem at once, each with its field, in the order of the form.
    let mut body = new_person();
    body["given_name"] = json!("");
    body["sex"] = json!("x");
    body["host_authority"] = json!("NOWHERE");
    let reply = api.post(token, &body).await.problem(StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<_> = reply.problems().into_iter().map(|(f, c)| format!("{}:{c}", f.unwrap_or_default())).collect();
    assert_eq!(fields, ["given_name:required", "sex:unknown-code", "host_authority:unknown-agency"]);

    // A body that is not JSON at all.
    let r = Api::request(Method::POST, "/api/v1/people", token).header(header::CONTENT_TYPE, "text/plain");
    let reply = api.send(r.body(Body::from(new_person().to_string())).unwrap()).await;
    reply.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(api.footprint("Price").await, before);
    api.finish().await;
}

async fn a_20_mb_body_is_refused_with_413_without_being_read(store: Backend) {
    let api = Api::new(store).await;
    let token = Some(api.token(Role::Practitioner));
    let before = api.footprint("Price").await;

    // Declared: refused on the header alone.
    let huge = vec![b' '; 20 * 1024 * 1024];
    let r = Api::request(Method::POST, "/api/v1/people", token)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, huge.len());
    let reply = api.send(r.body(Body::from(huge)).unwrap()).await.problem(StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.has_problem(None, "body-too-large"), "{}", reply.json);

    // Streamed with no declared length: reading stops soon after the first MiB.
    for (method, path) in
        [(Method::POST, "/api/v1/people".to_owned()), (Method::PATCH, format!("/api/v1/people/{}", api.sian))]
    {
        let pulled = Arc::new(AtomicUsize::new(0));
        let stream = Counted { left: 20, pulled: pulled.clone() };
        let r = Api::request(method, &path, token).header(header::CONTENT_TYPE, "application/json");
        let reply = api.send(r.body(Body::from_stream(stream)).unwrap()).await.problem(StatusCode::PAYLOAD_TOO_LARGE);
        assert!(reply.has_problem(None, "body-too-large"), "{}", reply.json);
        assert!(pulled.load(Ordering::SeqCst) <= 2, "read {} MiB of 20", pulled.load(Ordering::SeqCst));
    }
    assert_eq!(api.footprint("Price").await, before);
    assert_eq!(api.version(api.sian).await, 1);
    api.finish().await;
}

async fn ids_that_are_malformed_or_unknown_are_400_and_404(store: Backend) {
    let api = Api::new(store).await;
    let token = Some(api.token(Role::Supervisor));
    let reply = api.get("/api/v1/people/not-an-id", token).await.problem(StatusCode::BAD_REQUEST);
    assert!(reply.has_problem(Some("id"), "not-an-id"));
    let unknown = PersonId::new();
    let reply = api.get(&format!("/api/v1/people/{unknown}"), token).await.problem(StatusCode::NOT_FOUND);
    assert!(reply.has_problem(None, "not-found"));
    api.patch(&unknown.to_string(), token, &json!({"version": 1})).await.problem(StatusCode::NOT_FOUND);
    api.get(&format!("/api/v1/audit?person_id={unknown}"), token).await.problem(StatusCode::NOT_FOUND);
    let reply = api.get("/api/v1/audit?person_id=123", token).await.problem(StatusCode::BAD_REQUEST);
    assert!(reply.has_problem(Some("person_id"), "not-an-id"));
    // A path the API does not have, or a method a path does not take, is a problem body too.
    api.get("/api/v1/nothing-here", token).await.problem(StatusCode::NOT_FOUND);
    let r = Api::request(Method::DELETE, &format!("/api/v1/people/{}", api.sian), token);
    let reply = api.send(r.body(Body::empty()).unwrap()).await.problem(StatusCode::METHOD_NOT_ALLOWED);
    assert!(reply.has_problem(None, "method-not-allowed"));
    assert_eq!(api.version(api.sian).await, 1);
    api.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Search and visibility

async fn search_finds_by_name_date_of_birth_and_reference_and_checks_its_parameters(store: Backend) {
    let api = Api::new(store).await;
    let token = Some(api.token(Role::Practitioner));
    let ids = |r: &Reply| -> Vec<String> {
        r.json["people"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap().to_owned()).collect()
    };
    let by_name = api.get("/api/v1/people?q=evan", token).await;
    assert_eq!(by_name.status, StatusCode::OK, "{}", by_name.json);
    assert_eq!(ids(&by_name), [api.sian.to_string()]);
    assert_eq!(by_name.json["people"][0]["family_name"], "Evans");
    assert_eq!(by_name.json["limit"], 50);
    let by_dob = api.get("/api/v1/people?date_of_birth=2012-06-01", token).await;
    assert_eq!(ids(&by_dob), [api.cerys.to_string()]);
    let by_reference = api.get("/api/v1/people?reference=CRN-2026%2F0001&limit=5", token).await;
    assert_eq!((ids(&by_reference), by_reference.json["limit"].as_u64()), (vec![api.sian.to_string()], Some(5)));
    let nothing = api.get("/api/v1/people?q=Evans&date_of_birth=2012-06-01", token).await;
    assert_eq!(ids(&nothing), Vec::<String>::new(), "criteria combine with AND");

    for (query, field, code) in [
        ("", None, "needs-a-criterion"),
        ("?q=%20", None, "needs-a-criterion"),
        ("?q=Evans&limit=500", Some("limit"), "out-of-range"),
        ("?q=Evans&limit=0", Some("limit"), "out-of-range"),
        ("?q=Evans&limit=lots", Some("limit"), "not-a-number"),
        ("?date_of_birth=01/06/2012", Some("date_of_birth"), "date-format"),
        ("?q=Evans&colour=red", Some("colour"), "unknown-field"),
        ("?q=Evans&q=Morgan", Some("q"), "repeated"),
    ] {
        let reply = api.get(&format!("/api/v1/people{query}"), token).await.problem(StatusCode::BAD_REQUEST);
        assert!(reply.has_problem(field, code), "{query}: {}", reply.json);
    }
    api.finish().await;
}

async fn a_person_of_another_agency_is_hidden_until_an_agreement_is_in_force(store: Backend) {
    let api = Api::new(store).await;
    let token = Some(api.token(Role::Supervisor));
    let tomos = format!("/api/v1/people/{}", api.tomos);
    let found = |r: &Reply| r.json["people"].as_array().unwrap().len();

    // The council's person is shared under the agreement in force.
    assert_eq!(found(&api.get("/api/v1/people?q=Morgan", token).await), 1);
    assert_eq!(api.get(&format!("/api/v1/people/{}", api.cerys), token).await.status, StatusCode::OK);

    // The other force's person: not found, and refused.
    assert_eq!(found(&api.get("/api/v1/people?q=Jones", token).await), 0);
    let reply = api.get(&tomos, token).await.problem(StatusCode::FORBIDDEN);
    assert!(reply.has_problem(None, "forbidden"));
    api.patch(&api.tomos.to_string(), token, &json!({"version": 1, "gender": "x"}))
        .await
        .problem(StatusCode::FORBIDDEN);
    assert_eq!(api.version(api.tomos).await, 1);
    // The refusal is on the person's trail, without the record having been read.
    let trail = api.trail(api.tomos).await;
    let refused = trail.iter().find(|e| e.action == AuditAction::PersonView && e.actor_label == "supervisor").unwrap();
    assert_eq!(refused.purpose, "GET /api/v1/people/{id}");
    assert_eq!(refused.detail.as_deref(), Some("denied: no-sharing-agreement"));

    // An agreement that has ended does not count.
    let ended = Agreement {
        id: AgreementId::new(),
        name: "Old ISP".into(),
        purpose: "safeguarding".into(),
        members: vec![api.police, api.other_force],
        starts_on: today() - Duration::days(400),
        ends_on: Some(today() - Duration::days(1)),
    };
    api.store.create_agreement(&ended, &system(AuditAction::AgreementCreate)).await.unwrap();
    assert_eq!(found(&api.get("/api/v1/people?q=Jones", token).await), 0);
    api.get(&tomos, token).await.problem(StatusCode::FORBIDDEN);

    // One in force does.
    let current = Agreement { id: AgreementId::new(), starts_on: today(), ends_on: None, ..ended };
    api.store.create_agreement(&current, &system(AuditAction::AgreementCreate)).await.unwrap();
    let search = api.get("/api/v1/people?q=Jones", token).await;
    assert_eq!(search.json["people"][0]["id"], api.tomos.to_string());
    let read = api.get(&tomos, token).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.json);
    assert_eq!(read.json["records"][0]["agency"], "DPP");
    assert_eq!(read.json["records"][0]["reference"], "DPP-77");

    // The agreement works both ways between its members, and only between them.
    let dpp = Some(api.dpp_token.as_str());
    assert_eq!(api.get(&format!("/api/v1/people/{}", api.sian), dpp).await.status, StatusCode::OK);
    assert_eq!(api.get(&format!("/api/v1/people/{}", api.cerys), dpp).await.status, StatusCode::FORBIDDEN);
    api.finish().await;
}

// ---------------------------------------------------------------------------------------------
// The audit trail

async fn the_audit_endpoint_shows_creation_and_views_to_supervisors_and_admins_only(store: Backend) {
    let api = Api::new(store).await;
    let created = api.post(Some(api.token(Role::Supervisor)), &new_person()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json);
    let id = created.json["id"].as_str().unwrap().to_owned();
    let viewed = api.get(&format!("/api/v1/people/{id}"), Some(api.token(Role::Practitioner))).await;
    assert_eq!(viewed.status, StatusCode::OK);

    let path = format!("/api/v1/audit?person_id={id}");
    let trail = api.get(&path, Some(api.token(Role::Supervisor))).await;
    assert_eq!(trail.status, StatusCode::OK, "{}", trail.json);
    assert_eq!(trail.json["person_id"], id.as_str());
    let events: Vec<(String, String, String)> = trail.json["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert!(e["at"].as_str().is_some_and(|at| at.parse::<chrono::DateTime<Utc>>().is_ok()), "{e}");
            let s = |k: &str| e[k].as_str().unwrap().to_owned();
            (s("action"), s("actor"), s("purpose"))
        })
        .collect();
    let has = |action: &str, actor: &str, purpose: &str| {
        events.iter().any(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()) == (action, actor, purpose))
    };
    assert!(has("person.create", "supervisor", "POST /api/v1/people"), "{events:?}");
    assert!(has("person.view", "practitioner", "GET /api/v1/people/{id}"), "{events:?}");
    assert!(has("audit.view", "supervisor", "GET /api/v1/audit"), "reading the trail is on the trail: {events:?}");
    let create = trail.json["events"].as_array().unwrap().iter().find(|e| e["action"] == "person.create").unwrap();
    assert_eq!((create["actor_role"].as_str(), create["actor_agency"].as_str()), (Some("supervisor"), Some("SWP")));
    // Newest first.
    assert_eq!(events.first().map(|e| e.0.as_str()), Some("audit.view"));
    // The trail holds codes and ids, never the person's details.
    assert!(!trail.json.to_string().contains("Megan"), "{}", trail.json);

    assert_eq!(api.get(&path, Some(api.token(Role::Admin))).await.status, StatusCode::OK);
    for role in [Role::Practitioner, Role::MaceChair, Role::Analyst, Role::Scrutiny] {
        api.get(&path, Some(api.token(role))).await.problem(StatusCode::FORBIDDEN);
    }
    // A supervisor may not read the trail of a person their agency may not see.
    let other = format!("/api/v1/audit?person_id={}", api.tomos);
    api.get(&other, Some(api.token(Role::Supervisor))).await.problem(StatusCode::FORBIDDEN);
    api.get("/api/v1/audit", Some(api.token(Role::Supervisor))).await.problem(StatusCode::BAD_REQUEST);
    api.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Every route for every role

/// What each API route returns to each role, for a person of the caller's own agency.
const MATRIX: &[(Role, [StatusCode; 5])] = {
    use StatusCode as S;
    const OK: S = S::OK;
    const NEW: S = S::CREATED;
    const NO: S = S::FORBIDDEN;
    //                       search  create  read  patch  audit
    &[
        (Role::Practitioner, [OK, NEW, OK, OK, NO]),
        (Role::Supervisor, [OK, NEW, OK, OK, OK]),
        (Role::MaceChair, [OK, NEW, OK, OK, NO]),
        (Role::Analyst, [OK, NO, OK, NO, NO]),
        (Role::Scrutiny, [NO, NO, NO, NO, NO]),
        (Role::Admin, [NO, NO, NO, NO, OK]),
    ]
};

async fn every_route_for_every_role_answers_as_the_policy_says(store: Backend) {
    let api = Api::new(store).await;
    let actions =
        [Action::SearchPeople, Action::CreatePerson, Action::ViewPerson, Action::EditPerson, Action::ViewPersonAudit];
    let holders = [api.police];
    assert_eq!(MATRIX.len(), Role::ALL.len(), "every role is in the matrix");
    for (role, expected) in MATRIX {
        let token = Some(api.token(*role));
        let version = api.version(api.sian).await;
        let replies = [
            api.get("/api/v1/people?q=Evans", token).await,
            api.post(token, &without_reference()).await,
            api.get(&format!("/api/v1/people/{}", api.sian), token).await,
            api.patch(&api.sian.to_string(), token, &json!({"version": version, "gender": role.code()})).await,
            api.get(&format!("/api/v1/audit?person_id={}", api.sian), token).await,
        ];
        for ((reply, want), action) in replies.into_iter().zip(expected).zip(actions) {
            assert_eq!(reply.status, *want, "{role:?} {action:?}: {}", reply.json);
            // The table and the policy function agree.
            let target = if matches!(action, Action::SearchPeople | Action::CreatePerson) {
                Target::Service
            } else {
                Target::Person { holders: &holders, partners: &holders }
            };
            let allowed = can(&api.actors[role], action, target).is_allowed();
            assert_eq!(reply.status.is_success(), allowed, "{role:?} {action:?}");
            if !allowed {
                assert!(reply.problem(StatusCode::FORBIDDEN).has_problem(None, "forbidden"));
            }
        }
        let changed = api.version(api.sian).await != version;
        assert_eq!(changed, expected[3] == StatusCode::OK, "{role:?}: a refused patch writes nothing");
    }
    // Health and the document are open to everyone, without a token.
    assert_eq!(api.get("/healthz", None).await.status, StatusCode::OK);
    assert_eq!(api.get("/api/v1/openapi.json", None).await.status, StatusCode::OK);
    api.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Health and the OpenAPI document

async fn health_names_the_store(store: Backend) {
    let api = Api::new(store).await;
    let ok = api.get("/healthz", None).await;
    assert_eq!((ok.status, ok.json.clone()), (StatusCode::OK, json!({"status": "ok", "store": api.store.backend()})));
    api.finish().await;
}

async fn the_health_handler_answers_503_with_its_json_when_the_store_does_not_answer(store: Backend) {
    let api = Api::new(store).await;
    api.close_store().await;
    let down = Api::send_to(&api.api_only, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(down.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(down.json, json!({"status": "unavailable", "store": api.store.backend()}));
    api.finish().await;
}

#[tokio::test]
async fn health_is_503_with_its_json_when_the_store_does_not_answer() {
    let api = Api::new(Backend::Sqlite).await;
    api.close_store().await;
    let down = api.get("/healthz", None).await;
    assert_eq!((down.status, down.json["store"].as_str()), (StatusCode::SERVICE_UNAVAILABLE, Some("sqlite")));
    assert_eq!(down.json["status"], "unavailable");
}

async fn the_openapi_document_parses_and_lists_every_route_served(store: Backend) {
    let api = Api::new(store).await;
    let reply = api.get("/api/v1/openapi.json", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.content_type().starts_with("application/json"));
    let doc = reply.json;
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")), "{}", doc["openapi"]);
    assert_eq!(doc, serde_json::to_value(haven_web::api::openapi()).unwrap(), "served as built");

    let mut listed = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            listed.insert((path.clone(), method.clone()));
            let open = matches!(path.as_str(), "/healthz" | "/api/v1/openapi.json");
            let security = operation["security"].to_string();
            assert_eq!(security.contains("bearer"), !open, "{method} {path}: {security}");
            assert!(operation["responses"].as_object().is_some_and(|r| !r.is_empty()), "{method} {path}");
        }
    }
    let expected: BTreeSet<(String, String)> = [
        ("/api/v1/people", "get"),
        ("/api/v1/people", "post"),
        ("/api/v1/people/{id}", "get"),
        ("/api/v1/people/{id}", "patch"),
        ("/api/v1/audit", "get"),
        ("/api/v1/openapi.json", "get"),
        ("/healthz", "get"),
    ]
    .into_iter()
    .map(|(p, m)| (p.to_owned(), m.to_owned()))
    .collect();
    assert_eq!(listed, expected);
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    for schema in ["Problem", "FieldProblem", "PersonResponse", "CreatePersonRequest", "UpdatePersonRequest"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
    let required = |schema: &str| doc["components"]["schemas"][schema]["required"].clone();
    assert_eq!(required("CreatePersonRequest"), json!(["given_name", "family_name", "sex"]));
    assert_eq!(required("UpdatePersonRequest"), json!(["version"]));

    // Every listed operation is served (it answers with something other than "no such route").
    for (path, method) in &listed {
        let path = path.replace("{id}", &api.sian.to_string());
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let r = Api::request(method.clone(), &path, None).header(header::CONTENT_TYPE, "application/json");
        let reply = api.send(r.body(Body::from("{}")).unwrap()).await;
        assert!(
            ![StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&reply.status),
            "{method} {path}: {}",
            reply.status
        );
    }
    api.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Every test above runs on both stores: the API must answer alike whichever one is behind it.

macro_rules! on_both_stores {
    ($($test:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $test() {
                    super::$test(super::Backend::Sqlite).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $test() {
                    super::$test(super::Backend::Postgres).await;
                }
            )+
        }
    };
}

on_both_stores!(
    without_a_valid_bearer_token_every_api_call_is_401_with_a_challenge,
    the_api_itself_answers_a_post_or_patch_without_any_authorization_header_with_401,
    a_signed_in_browser_session_cookie_does_not_open_the_api,
    create_then_read_then_patch_then_a_stale_patch_is_refused,
    a_patch_must_carry_a_version_and_valid_values_or_nothing_is_written,
    bad_input_names_the_field_and_writes_nothing,
    a_20_mb_body_is_refused_with_413_without_being_read,
    ids_that_are_malformed_or_unknown_are_400_and_404,
    search_finds_by_name_date_of_birth_and_reference_and_checks_its_parameters,
    a_person_of_another_agency_is_hidden_until_an_agreement_is_in_force,
    the_audit_endpoint_shows_creation_and_views_to_supervisors_and_admins_only,
    every_route_for_every_role_answers_as_the_policy_says,
    health_names_the_store,
    the_health_handler_answers_503_with_its_json_when_the_store_does_not_answer,
    the_openapi_document_parses_and_lists_every_route_served,
);
