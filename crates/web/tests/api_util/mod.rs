//! The harness of the API tests, shared by `tests/api.rs` and `tests/api_missing.rs`: the real
//! application (`haven_web::app`) on a fresh store, agencies, users and tokens written through
//! the store, requests sent in-process with `tower::ServiceExt::oneshot`. Every test runs twice
//! (see [`on_both_stores`]): on SQLite in a temp dir, and on a fresh PostgreSQL database on the
//! server named by `HAVEN_TEST_DATABASE_URL` (as the store conformance suite does, the
//! PostgreSQL half fails when it is not set).

use axum::Router;
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use chrono::{Duration, NaiveDate, Utc};
use haven_domain::agency::{Agency, AgencyCode, AgencyKind};
use haven_domain::audit::{AuditAction, AuditEvent};
use haven_domain::ids::{AgencyId, AgreementId, PersonId, TokenId, UserId};
use haven_domain::person::{Person, PersonForm};
use haven_domain::sharing::Agreement;
use haven_domain::text::Reference;
use haven_domain::user::{Actor, Role, User, Username};
use haven_store::{ApiToken, PersonQuery, Store};
use haven_store_postgres::PostgresStore;
use haven_store_sqlite::SqliteStore;
use haven_web::auth::token::{generate_api_token, hash_secret};
use haven_web::{AppState, WebConfig, app};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use tower::ServiceExt;

pub const PROBLEM_JSON: &str = "application/problem+json";

#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database behind a test's store, kept to close it or drop it.
pub enum Db {
    Sqlite { pool: sqlx::SqlitePool, _dir: tempfile::TempDir },
    Postgres { pool: sqlx::PgPool, admin_url: String, name: String },
}

impl Db {
    pub async fn open(backend: Backend) -> (Arc<dyn Store>, Db) {
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
pub fn with_database(url: &str, name: &str) -> String {
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

pub struct Api {
    pub router: Router,
    /// The API's router alone, without the layers of the pages around it.
    pub api_only: Router,
    pub store: Arc<dyn Store>,
    pub db: Db,
    pub police: AgencyId,
    pub other_force: AgencyId,
    /// A token per role, every user at the police.
    pub tokens: HashMap<Role, String>,
    pub actors: HashMap<Role, Actor>,
    /// A practitioner of the other force.
    pub dpp_token: String,
    pub disabled_token: String,
    /// Held by the police, reference `CRN-2026/0001`.
    pub sian: PersonId,
    /// Held by the council, which shares with the police under an agreement in force.
    pub cerys: PersonId,
    /// Held by the other force only, which shares with nobody.
    pub tomos: PersonId,
}

pub fn system(action: AuditAction) -> AuditEvent {
    AuditEvent::system("test", action, "test setup", Utc::now())
}

pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&chrono_tz::Europe::London).date_naive()
}

pub fn agency(name: &str, code: &str, kind: AgencyKind) -> Agency {
    Agency { id: AgencyId::new(), code: AgencyCode::parse(code).unwrap(), name: name.into(), kind, area_id: None }
}

/// The body a client sends to create a person, before the test changes one thing.
pub fn new_person() -> Value {
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

pub fn without_reference() -> Value {
    let mut body = new_person();
    body.as_object_mut().unwrap().remove("reference");
    body
}

/// A stream of `chunks` chunks of 1 MiB that counts how many were pulled, and declares no length.
pub struct Counted {
    pub left: usize,
    pub pulled: Arc<AtomicUsize>,
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

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub json: Value,
}

impl Reply {
    /// The `(field, code)` pairs of a problem body.
    pub fn problems(&self) -> Vec<(Option<String>, String)> {
        self.json["errors"]
            .as_array()
            .unwrap_or(&Vec::new())
            .iter()
            .map(|e| (e["field"].as_str().map(str::to_owned), e["code"].as_str().unwrap_or("").to_owned()))
            .collect()
    }

    pub fn has_problem(&self, field: Option<&str>, code: &str) -> bool {
        self.problems().iter().any(|(f, c)| f.as_deref() == field && c == code)
    }

    pub fn content_type(&self) -> &str {
        self.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// Asserts a problem body with this status, and returns it for more checks.
    pub fn problem(self, status: StatusCode) -> Self {
        assert_eq!(self.status, status, "{}", self.json);
        assert_eq!(self.content_type(), PROBLEM_JSON);
        assert_eq!(self.json["status"], status.as_u16());
        assert!(self.json["type"].as_str().is_some_and(|t| t.starts_with("urn:haven:problem:")), "{}", self.json);
        assert!(self.json["title"].is_string() && self.json["detail"].is_string(), "{}", self.json);
        self
    }
}

impl Api {
    pub async fn new(backend: Backend) -> Api {
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
            grants: Agreement::share_everything(),
            starts_on: today() - Duration::days(30),
            ends_on: None,
            review_on: None,
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
    pub async fn close_store(&self) {
        match &self.db {
            Db::Sqlite { pool, .. } => pool.close().await,
            Db::Postgres { pool, .. } => pool.close().await,
        }
    }

    /// Drops a PostgreSQL test database (a failed test leaves its database behind to look at).
    pub async fn finish(self) {
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
    pub async fn user(
        store: &Arc<dyn Store>,
        name: &str,
        agency: AgencyId,
        role: Role,
        disabled: bool,
    ) -> (User, String) {
        let user = User {
            id: UserId::new(),
            username: Username::parse(name).unwrap(),
            display_name: name.into(),
            agency_id: agency,
            role,
            disabled,
            identity: None,
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
            expires_at: None,
            revoked: false,
        };
        store.create_token(&token, &system(AuditAction::TokenIssue)).await.unwrap();
        (user, secret)
    }

    pub fn token(&self, role: Role) -> &str {
        &self.tokens[&role]
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        Self::send_to(&self.router, request).await
    }

    pub async fn send_to(router: &Router, mut request: Request<Body>) -> Reply {
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

    pub fn request(method: Method, path: &str, token: Option<&str>) -> axum::http::request::Builder {
        let mut r = Request::builder().method(method).uri(path).header(header::HOST, "haven.test");
        if let Some(t) = token {
            r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        r
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.send(Self::request(Method::GET, path, token).body(Body::empty()).unwrap()).await
    }

    pub async fn send_json(&self, method: Method, path: &str, token: Option<&str>, body: &str) -> Reply {
        let r = Self::request(method, path, token).header(header::CONTENT_TYPE, "application/json");
        self.send(r.body(Body::from(body.to_owned())).unwrap()).await
    }

    pub async fn post(&self, token: Option<&str>, body: &Value) -> Reply {
        self.send_json(Method::POST, "/api/v1/people", token, &body.to_string()).await
    }

    pub async fn patch(&self, id: &str, token: Option<&str>, body: &Value) -> Reply {
        self.send_json(Method::PATCH, &format!("/api/v1/people/{id}"), token, &body.to_string()).await
    }

    /// How many people the store holds, and whether any is called `family`: what an invalid
    /// request must leave unchanged.
    pub async fn footprint(&self, family: &str) -> (u64, usize) {
        let query = PersonQuery { name: Some(family.into()), ..PersonQuery::default() };
        let found =
            self.store.search_people(&query, &[self.police], 100, &system(AuditAction::PersonSearch)).await.unwrap();
        (self.store.count_people().await.unwrap(), found.len())
    }

    pub async fn version(&self, id: PersonId) -> i64 {
        self.store.person(id, &system(AuditAction::PersonView).person(id)).await.unwrap().version
    }

    pub async fn trail(&self, id: PersonId) -> Vec<AuditEvent> {
        self.store.person_audit(id, 1000).await.unwrap()
    }
}

/// Runs each named `async fn(Backend)` as two tests, on SQLite and on PostgreSQL: the API must
/// answer alike whichever store is behind it. (`#[macro_use] mod api_util;` brings it in.)
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
