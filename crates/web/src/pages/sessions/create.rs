//! `POST /sign-in`: checks a username and password. Throttled per account and per address, and
//! backed off per account from everywhere except a browser it signed in on before
//! (`haven_domain::signin`); every attempt is audited; the error never says whether the
//! username exists; disabled accounts cannot sign in. On success the session id is new (any
//! session the browser had is ended), so a session fixed before sign-in is worth nothing.

use super::new::SignInPage;
use crate::auth::password::verify_blocking;
use crate::error::AppError;
use crate::session::ClientAddress;
use crate::session::{CurrentSession, SIGNIN_CSRF_COOKIE, begin, clear_cookie, cookie_value, safe_next, set_cookie};
use crate::state::AppState;
use crate::views::{ErrorItem, PageCtx, render};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::Utc;
use haven_app::auth::device;
use haven_domain::audit::{AuditAction, AuditEvent, Detail, SubjectKind};
use haven_domain::signin::{SignInMethod, backoff, may_attempt, window_start};
use haven_domain::user::Username;
use serde::Deserialize;

const PURPOSE: &str = "POST /sign-in";

/// The cookie that marks a browser this account signed in on (`haven_app::auth::device`), and
/// how long it is kept.
pub const DEVICE_COOKIE: &str = "haven_device";
const DEVICE_DAYS: i64 = 90;

/// A valid argon2id hash (of a random password nobody knows) with haven's parameters, checked
/// when the username does not exist, so that an unknown name takes as long as a wrong password.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Zq2t8bXq7H3JvN6JYl0lJ1oC4H7m3l9xq8b0m5wQ2kE";

#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// What the attempt is recorded under: the normalised username when it is one, else a
/// bounded copy of what was typed (it may be a mistyped password, so never more than that).
fn attempted_name(raw: &str) -> String {
    match Username::parse(raw) {
        Ok(u) => u.as_str().to_owned(),
        Err(_) => raw.trim().chars().take(64).collect(),
    }
}

#[tracing::instrument(skip_all)]
pub async fn sign_in(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    previous: Option<Extension<CurrentSession>>,
    Form(form): Form<SignInForm>,
) -> Result<Response, AppError> {
    let store = &state.store;
    let now = Utc::now();
    let name = attempted_name(&form.username);
    let label = if name.is_empty() { "unknown".to_owned() } else { name.clone() };

    let found = match Username::parse(&form.username) {
        Ok(username) => store.user_with_credentials(&username).await?,
        Err(_) => None,
    };
    let since = window_start(now);
    let (account_failures, address_failures) = store.recent_sign_in_failures(&name, &address, since).await?;
    let (anywhere, last_failure) = store.account_failures(&name, since).await?;
    // A browser this account signed in on before is spared the backoff (never an unknown name).
    let known_device = match (cookie_value(&headers, DEVICE_COOKIE), &found) {
        (Some(kept), Some((_, credentials))) => device::is_known(&kept, &name, &credentials.password_hash),
        _ => false,
    };
    let refused = match may_attempt(account_failures, address_failures) {
        Err(reason) => Some((reason, None)),
        Ok(()) => backoff(anywhere, last_failure, known_device, now).map(|wait| ("account-backoff", Some(wait))),
    };
    if let Some((reason, wait)) = refused {
        let event = AuditEvent::system(&label, AuditAction::SignInFailed, PURPOSE, now).detail(Detail::Code(reason));
        store.append_audit(&event).await?;
        let mut response = AppError::TooManyRequests.into_response();
        let seconds = wait.map(|w| (w.num_milliseconds() + 999) / 1000);
        if let Some(Ok(v)) = seconds.map(|s| header::HeaderValue::from_str(&s.to_string())) {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return Ok(response);
    }
    let (hash, user) = match &found {
        Some((user, credentials)) => (credentials.password_hash.clone(), Some(user)),
        None => (DUMMY_HASH.to_owned(), None),
    };
    let password_ok = verify_blocking(form.password.clone(), hash).await;
    let reason = match user {
        None => Some("unknown-user"),
        Some(u) if u.disabled => Some("disabled"),
        Some(_) if !password_ok => Some("wrong-password"),
        Some(_) => None,
    };

    let (Some(user), None) = (user, reason) else {
        let mut event = AuditEvent::system(&label, AuditAction::SignInFailed, PURPOSE, now)
            .detail(Detail::Code(reason.unwrap_or("failed")));
        if let Some(u) = user {
            event = event.subject(SubjectKind::User, u.id.0);
        }
        store.record_sign_in(&name, &address, false, &event).await?;
        let token = cookie_value(&headers, SIGNIN_CSRF_COOKIE).unwrap_or_default();
        let message = ctx.t("sign-in-failed");
        let mut page = SignInPage::new(ctx, token, &form.username, state.config.oidc.as_ref());
        page.next = safe_next(&form.next).unwrap_or_default().to_owned();
        page.errors = vec![ErrorItem { field: "username".to_owned(), message: message.clone() }];
        if let Some(f) = page.fields.first_mut() {
            f.error = Some(message);
        }
        return render(StatusCode::UNAUTHORIZED, &page);
    };

    let actor = user.actor();
    let event = AuditEvent::by(actor, &label, AuditAction::SignIn, PURPOSE, now).subject(SubjectKind::User, user.id.0);
    store.record_sign_in(&name, &address, true, &event).await?;

    // A new session id at every sign-in; the browser's old one (if any) ends.
    let previous = previous.map(|Extension(old)| old);
    let cookie = begin(&state, user, &label, PURPOSE, SignInMethod::Password, previous.as_ref(), now).await?;

    let secure = state.config.secure_cookies;
    // An account whose password someone else chose changes it first.
    let must_change = found.as_ref().is_some_and(|(_, c)| c.must_change_password);
    let to = if must_change { "/account/password" } else { safe_next(&form.next).unwrap_or("/") };
    let mut response = Redirect::to(to).into_response();
    let h = response.headers_mut();
    h.append(header::SET_COOKIE, cookie);
    h.append(header::SET_COOKIE, clear_cookie(SIGNIN_CSRF_COOKIE, secure));
    if let Some((_, credentials)) = &found {
        let kept = device::proof(&name, &credentials.password_hash);
        h.append(header::SET_COOKIE, set_cookie(DEVICE_COOKIE, &kept, secure, Some(DEVICE_DAYS * 24 * 3600)));
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_hash_is_a_real_argon2id_hash_so_unknown_names_cost_the_same() {
        let parsed = argon2::password_hash::phc::PasswordHash::new(DUMMY_HASH);
        assert!(parsed.is_ok(), "{parsed:?}");
        assert!(!crate::auth::password::verify("", DUMMY_HASH));
    }

    #[test]
    fn attempts_are_recorded_under_a_bounded_name() {
        assert_eq!(attempted_name(" J.Evans "), "j.evans");
        assert_eq!(attempted_name(&"x ".repeat(100)).chars().count(), 64);
    }
}
