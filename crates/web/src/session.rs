//! Browser sessions, kept in the database ([`haven_store::SessionStore`]). The cookie holds a
//! random secret; the store holds only its hash. A session ends after
//! `config.session_idle_minutes` without use, and is extended each time it is used.

use crate::auth::token::{generate_secret, hash_secret};
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum_extra::extract::cookie::Cookie;
use chrono::{DateTime, Duration, Utc};
use haven_domain::audit::{AuditAction, AuditEvent, Detail, SubjectKind};
use haven_domain::signin::SignInMethod;
use haven_domain::user::{Actor, User};
use haven_store::SessionRecord;
use std::convert::Infallible;
use std::net::SocketAddr;

/// The session cookie: a random secret, HttpOnly, SameSite=Lax.
pub const SESSION_COOKIE: &str = "haven_session";
/// The sign-in form's double-submit CSRF cookie (there is no session yet to hold a token).
pub const SIGNIN_CSRF_COOKIE: &str = "haven_signin_csrf";

/// The signed-in user's live session, put in the request's extensions by the context
/// middleware when the cookie names one.
#[derive(Debug, Clone)]
pub struct CurrentSession {
    pub record: SessionRecord,
    pub user: User,
    /// The account still has a password someone else chose (a new account, a reset): every
    /// page but the change-password page and sign-out sends the user to change it.
    pub must_change_password: bool,
}

impl CurrentSession {
    pub fn actor(&self) -> Actor {
        self.user.actor()
    }
}

/// The value of a cookie in a request's headers.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| Cookie::parse(pair.trim().to_owned()).ok())
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// A `Set-Cookie` value for one of haven's cookies: HttpOnly, SameSite=Lax, Path=/, Secure
/// when the service runs behind HTTPS. `max_age` (seconds) of `None` makes a cookie that ends
/// with the browser. Values are haven's own (URL-safe secrets, language codes).
pub fn set_cookie(name: &str, value: &str, secure: bool, max_age: Option<i64>) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let max_age = max_age.map(|s| format!("; Max-Age={s}")).unwrap_or_default();
    HeaderValue::from_str(&format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax{secure}{max_age}"))
        .unwrap_or_else(|_| HeaderValue::from_static("haven_invalid=; Max-Age=0"))
}

/// A `Set-Cookie` value that deletes a cookie.
pub fn clear_cookie(name: &str, secure: bool) -> HeaderValue {
    set_cookie(name, "", secure, Some(0))
}

/// Finds the live session named by the request's cookie, extending it when it is used. Store
/// failures are logged and treated as "no session": the user is asked to sign in again.
pub async fn load(state: &AppState, headers: &HeaderMap, now: DateTime<Utc>) -> Option<CurrentSession> {
    let secret = cookie_value(headers, SESSION_COOKIE)?;
    let id_hash = hash_secret(&secret);
    let (record, user) = match state.store.session(&id_hash, now).await {
        Ok(found) => found?,
        Err(e) => {
            tracing::error!(error = %e, "could not read a session");
            return None;
        }
    };
    let idle = Duration::minutes(state.config.session_idle_minutes);
    let new_expiry = now + idle;
    // Extend at most once a minute, so that a page with many requests writes once.
    if new_expiry - record.expires_at >= Duration::minutes(1)
        && let Err(e) = state.store.extend_session(&id_hash, new_expiry).await
    {
        tracing::error!(error = %e, "could not extend a session");
    }
    // A session begun at the identity provider is not sent to change a password: the user may
    // never use one (a one-time password stays owed at password sign-in).
    let must_change_password = match state.store.user_with_credentials(&user.username).await {
        Ok(found) => record.method == SignInMethod::Password && found.is_some_and(|(_, c)| c.must_change_password),
        Err(e) => {
            tracing::error!(error = %e, "could not read whether a password must change");
            return None;
        }
    };
    Some(CurrentSession { record, user, must_change_password })
}

/// A new session for `user`, who proved who they are by `method`: the cookie's secret
/// (returned) and the record to store.
pub fn new_session(
    user: &User,
    now: DateTime<Utc>,
    idle_minutes: i64,
    method: SignInMethod,
) -> (String, SessionRecord) {
    let secret = generate_secret();
    let record = SessionRecord {
        id_hash: hash_secret(&secret),
        user_id: user.id,
        csrf_token: generate_secret(),
        created_at: now,
        expires_at: now + Duration::minutes(idle_minutes),
        method,
    };
    (secret, record)
}

/// Begins a session for `user`, who has just proved who they are by `method` (the sign-in
/// itself is already recorded): the browser's old session, if any, ends, so that a session
/// fixed before sign-in is worth nothing; the new one is stored with its audit event. Returns
/// the session cookie to set. The same for every way of signing in: one cookie, one lifetime.
pub async fn begin(
    state: &AppState,
    user: &User,
    label: &str,
    purpose: &str,
    method: SignInMethod,
    previous: Option<&CurrentSession>,
    now: DateTime<Utc>,
) -> Result<HeaderValue, AppError> {
    if let Some(old) = previous {
        let event = AuditEvent::by(old.actor(), old.user.username.as_str(), AuditAction::SignOut, purpose, now)
            .detail(Detail::Code("replaced-at-sign-in"));
        state.store.delete_session(&old.record.id_hash, &event).await?;
    }
    let (secret, record) = new_session(user, now, state.config.session_idle_minutes, method);
    let detail = match method {
        SignInMethod::Password => Detail::Code("session-created"),
        other => Detail::SignInWith { method: other, code: "session-created" },
    };
    let event = AuditEvent::by(user.actor(), label, AuditAction::SignIn, purpose, now)
        .subject(SubjectKind::User, user.id.0)
        .detail(detail);
    state.store.create_session(&record, &event).await?;
    Ok(set_cookie(SESSION_COOKIE, &secret, state.config.secure_cookies, None))
}

/// The client's address as the server saw it (the peer of the TCP connection). Behind a
/// reverse proxy this is the proxy: throttling by address then counts the proxy's traffic.
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        let forwarded = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
        let ip = peer.map(|p| crate::client_address::client_address(p, forwarded, &state.config.trusted_proxies));
        Ok(ClientAddress(ip.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())))
    }
}

/// The only pages open to a user who must change their password first.
pub const PASSWORD_CHANGE_PATHS: &[&str] = &["/account/password", "/sign-out"];

/// Extractor for pages that need a signed-in user: without a session, the user is sent to
/// the sign-in page.
#[derive(Debug, Clone)]
pub struct SignedIn(pub CurrentSession);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &AppState) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<CurrentSession>() {
            Some(s) if s.must_change_password && !PASSWORD_CHANGE_PATHS.contains(&parts.uri.path()) => {
                Err(AppError::PasswordChangeRequired)
            }
            Some(s) => Ok(SignedIn(s.clone())),
            None => {
                // Come back to the page after signing in (pages only: a form post is not replayed).
                let next = (parts.method == Method::GET)
                    .then(|| parts.uri.path_and_query().map(|p| p.as_str().to_owned()))
                    .flatten();
                Err(AppError::SignInRequired(next))
            }
        }
    }
}

/// `next` when it is a path on this site (`/people/…`), never another site (`//evil.example`,
/// `https://…`, `/\evil.example`), so that the sign-in page cannot be used to send people away.
pub fn safe_next(next: &str) -> Option<&str> {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && next.len() <= 2000
        && next.chars().all(|c| c.is_ascii_graphic());
    local.then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next("/people/1?lang=cy"), Some("/people/1?lang=cy"));
        for bad in ["//evil.example", "https://evil.example", "/\\evil.example", "people", "/a b", ""] {
            assert_eq!(safe_next(bad), None, "{bad}");
        }
    }
}
