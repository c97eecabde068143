//! The test harness for the pages: the real router on a fresh SQLite store in a temp dir,
//! with three agencies, a user of every role, and a few people, all written through the
//! store. Requests go in-process with `tower::ServiceExt::oneshot`.

#![expect(clippy::unwrap_used, reason = "test set-up fails loudly at the first surprise, helpers included")]

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, Response, StatusCode, header};
use chrono::{NaiveDate, Utc};
use haven_domain::agency::{Agency, AgencyCode, AgencyKind};
use haven_domain::audit::{AuditAction, AuditEvent};
use haven_domain::ids::{AgencyId, AgreementId, PersonId, UserId};
use haven_domain::person::{Person, PersonForm};
use haven_domain::sharing::Agreement;
use haven_domain::signin::SignInMethod;
use haven_domain::text::Reference;
use haven_domain::user::{Role, User, Username};
use haven_store::{SessionRecord, Store};
use haven_store_sqlite::SqliteStore;
use haven_web::auth::token::{generate_secret, hash_secret};
use haven_web::{AppState, WebConfig, app};
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use tower::ServiceExt;

/// Every user's password in the tests.
pub const PASSWORD: &str = "correct horse battery staple";

/// Hashing is slow on purpose: hash once for the whole test binary.
fn password_hash() -> String {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| haven_web::auth::password::hash(PASSWORD).unwrap()).clone()
}

pub struct TestApp {
    pub router: Router,
    pub store: Arc<dyn Store>,
    /// Our agency (South Wales Police). It shares with a council under an agreement in force;
    /// a third agency (another force) is outside any agreement.
    pub police: AgencyId,
    /// Held by the police, reference `CRN-2026/0001`.
    pub sian: PersonId,
    /// Held by the council only (visible to the police through the agreement).
    pub cerys: PersonId,
    /// Held by the other force only (invisible to the police).
    pub tomos: PersonId,
    pub address: SocketAddr,
    _dir: tempfile::TempDir,
}

/// A signed-in browser: its cookie header and the session's CSRF token.
#[derive(Clone, Debug)]
pub struct Browser {
    pub cookie: String,
    pub csrf: String,
}

pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn agency(name: &str, code: &str, kind: AgencyKind) -> Agency {
    Agency { id: AgencyId::new(), code: AgencyCode::parse(code).unwrap(), name: name.into(), kind, area_id: None }
}

pub fn person_form(given: &str, family: &str, dob: &str, sex: &str) -> PersonForm {
    PersonForm {
        given_name: given.into(),
        family_name: family.into(),
        date_of_birth: Some(dob.into()),
        sex: sex.into(),
        ..PersonForm::default()
    }
}

fn system(action: AuditAction) -> AuditEvent {
    AuditEvent::system("test", action, "test setup", Utc::now())
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with_config(WebConfig::default()).await
    }

    pub async fn with_config(config: WebConfig) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn Store> = Arc::new(SqliteStore::open(dir.path()).await.unwrap());

        let police = agency("South Wales Police", "SWP", AgencyKind::Police);
        let council = agency("Cardiff Children's Services", "CARDIFF-CS", AgencyKind::LocalAuthority);
        let other = agency("Dyfed-Powys Police", "DPP", AgencyKind::Police);
        for a in [&police, &council, &other] {
            store.create_agency(a, &system(AuditAction::AgencyCreate)).await.unwrap();
        }
        let agreement = Agreement {
            id: AgreementId::new(),
            name: "Missing children ISP".into(),
            purpose: "safeguarding".into(),
            members: vec![police.id, council.id],
            grants: Agreement::share_everything(),
            starts_on: today() - chrono::Duration::days(30),
            ends_on: None,
            review_on: None,
        };
        store.create_agreement(&agreement, &system(AuditAction::AgreementCreate)).await.unwrap();

        let hash = password_hash();
        for role in Role::ALL {
            let user = User {
                id: UserId::new(),
                username: Username::parse(role.code()).unwrap(),
                display_name: format!("Test {}", role.code()),
                agency_id: police.id,
                role: *role,
                disabled: false,
                identity: None,
            };
            store.create_user(&user, &hash, &system(AuditAction::UserCreate)).await.unwrap();
            // A new account must change its administrator-chosen password; these have.
            store.set_password(user.id, &hash, &system(AuditAction::UserPasswordSet)).await.unwrap();
        }
        let extra = [
            ("disabled.user", police.id, Role::Practitioner, true),
            ("dpp.officer", other.id, Role::Practitioner, false),
            // Still has the password an administrator chose.
            ("new.starter", police.id, Role::Practitioner, false),
        ];
        for (name, agency_id, role, disabled) in extra {
            let user = User {
                id: UserId::new(),
                username: Username::parse(name).unwrap(),
                display_name: name.into(),
                agency_id,
                role,
                disabled,
                identity: None,
            };
            store.create_user(&user, &hash, &system(AuditAction::UserCreate)).await.unwrap();
            if name != "new.starter" {
                store.set_password(user.id, &hash, &system(AuditAction::UserPasswordSet)).await.unwrap();
            }
        }

        let now = Utc::now();
        let mut ids = Vec::new();
        for (form, holder, reference) in [
            (person_form("Siân", "Evans", "2011-02-28", "female"), police.id, Some("CRN-2026/0001")),
            (person_form("Cerys", "Morgan", "2012-06-01", "female"), council.id, None),
            (person_form("Tomos", "Jones", "2010-09-15", "male"), other.id, Some("DPP-77")),
        ] {
            let details = form.parse(today(), None, None).unwrap();
            let reference = reference.map(|r| Reference::parse(r).unwrap());
            let person = Person::new(details, holder, reference, now);
            store.create_person(&person, &system(AuditAction::PersonCreate).person(person.id)).await.unwrap();
            ids.push(person.id);
        }

        let address: SocketAddr = "192.0.2.10:50000".parse().unwrap();
        TestApp {
            router: app(AppState::new(store.clone(), config)),
            store,
            police: police.id,
            sian: ids[0],
            cerys: ids[1],
            tomos: ids[2],
            address,
            _dir: dir,
        }
    }

    /// Sends a request as if from `self.address`.
    pub async fn send(&self, mut request: Request<Body>) -> Response<Body> {
        request.extensions_mut().insert(ConnectInfo(self.address));
        self.router.clone().oneshot(request).await.unwrap()
    }

    pub async fn get(&self, path: &str, browser: Option<&Browser>) -> Response<Body> {
        let mut r = Request::get(path).header(header::HOST, "haven.test");
        if let Some(b) = browser {
            r = r.header(header::COOKIE, &b.cookie);
        }
        self.send(r.body(Body::empty()).unwrap()).await
    }

    /// Posts a form as a same-origin browser would.
    pub async fn post(&self, path: &str, cookie: &str, fields: &[(&str, &str)]) -> Response<Body> {
        self.post_with(path, cookie, fields, &[("sec-fetch-site", "same-origin")]).await
    }

    pub async fn post_with(
        &self,
        path: &str,
        cookie: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Response<Body> {
        let mut r = Request::post(path)
            .header(header::HOST, "haven.test")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if !cookie.is_empty() {
            r = r.header(header::COOKIE, cookie);
        }
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        let body = serde_urlencoded::to_string(fields).unwrap();
        self.send(r.body(Body::from(body)).unwrap()).await
    }

    /// A session for `username` made directly in the store (fast: no password hashing).
    pub async fn browser(&self, username: &str) -> Browser {
        self.browser_expiring(username, chrono::Duration::minutes(30)).await
    }

    /// A session that ends `expires_in` from now (negative: already ended).
    pub async fn browser_expiring(&self, username: &str, expires_in: chrono::Duration) -> Browser {
        let (user, _) = self.store.user_with_credentials(&Username::parse(username).unwrap()).await.unwrap().unwrap();
        let secret = generate_secret();
        let now = Utc::now();
        let record = SessionRecord {
            id_hash: hash_secret(&secret),
            user_id: user.id,
            csrf_token: generate_secret(),
            created_at: now,
            expires_at: now + expires_in,
            method: SignInMethod::Password,
        };
        let event = AuditEvent::by(user.actor(), username, AuditAction::SignIn, "test", now);
        self.store.create_session(&record, &event).await.unwrap();
        Browser { cookie: format!("haven_session={secret}"), csrf: record.csrf_token }
    }

    /// Signs in through the real pages: fetches the form (and its double-submit cookie),
    /// then posts the username and password. Returns the POST's response and the form cookie.
    pub async fn sign_in(&self, username: &str, password: &str, extra_cookie: &str) -> Response<Body> {
        self.sign_in_full(username, password, extra_cookie, &[]).await
    }

    /// Signs in with extra form fields (`next`).
    pub async fn sign_in_with(&self, username: &str, password: &str, extra: &[(&str, &str)]) -> Response<Body> {
        self.sign_in_full(username, password, "", extra).await
    }

    async fn sign_in_full(
        &self,
        username: &str,
        password: &str,
        extra_cookie: &str,
        extra: &[(&str, &str)],
    ) -> Response<Body> {
        let form = self.get("/sign-in", None).await;
        assert_eq!(form.status(), StatusCode::OK);
        let signin_cookie = cookie_pair(form.headers(), "haven_signin_csrf").unwrap();
        let token = signin_cookie.split_once('=').unwrap().1.to_owned();
        let cookie = if extra_cookie.is_empty() { signin_cookie } else { format!("{signin_cookie}; {extra_cookie}") };
        let mut fields = vec![("csrf_token", token.as_str()), ("username", username), ("password", password)];
        fields.extend_from_slice(extra);
        self.post("/sign-in", &cookie, &fields).await
    }

    /// Every audit event about a person, newest first.
    pub async fn trail(&self, id: PersonId) -> Vec<AuditEvent> {
        self.store.person_audit(id, 1000).await.unwrap()
    }

    /// A person's version and given name, read without going through the pages.
    pub async fn person(&self, id: PersonId) -> Person {
        self.store.person(id, &system(AuditAction::PersonView).person(id)).await.unwrap()
    }
}

/// `name=value` of a cookie set by a response, if it sets one.
pub fn cookie_pair(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap_or_default().to_owned())
}

/// The whole `Set-Cookie` line for a cookie.
pub fn set_cookie_line(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

pub async fn text(response: Response<Body>) -> String {
    let bytes = to_bytes(response.into_body(), 16 * 1024 * 1024).await.unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

pub fn location(response: &Response<Body>) -> String {
    response.headers().get(header::LOCATION).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

/// `plain` as askama escapes it in HTML, to look for text that has apostrophes or brackets.
pub fn esc(plain: &str) -> String {
    plain.replace('&', "&#38;").replace('<', "&#60;").replace('>', "&#62;").replace('"', "&#34;").replace('\'', "&#39;")
}

/// The page without its per-request secrets (the CSRF token), to compare two pages.
pub fn without_tokens(html: &str) -> String {
    html.lines().filter(|l| !l.contains("name=\"csrf_token\"")).collect::<Vec<_>>().join("\n")
}

impl TestApp {
    /// The directory of the test's SQLite store, for a test that reads a table the port has no
    /// reader for (the audit events of a listing, which name no person).
    #[allow(dead_code, reason = "only some of the test binaries that share the harness read the database")]
    pub fn data_dir(&self) -> &std::path::Path {
        self._dir.path()
    }
}
