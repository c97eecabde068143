//! `POST /sign-in`: a username and password, checked by `haven_app::auth::signin` (throttled,
//! backed off, audited, never saying whether the username exists). On success the session id is
//! new (any session the browser had is ended), so a session fixed before sign-in is worth
//! nothing, and the browser keeps the device cookie that spares it the backoff next time.

use super::new::SignInPage;
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
use haven_app::auth::signin::{Attempt, Checked, check_password};
use haven_domain::signin::SignInMethod;
use serde::Deserialize;

const PURPOSE: &str = "POST /sign-in";

/// The cookie that marks a browser this account signed in on (`haven_app::auth::device`), and
/// how long it is kept.
pub const DEVICE_COOKIE: &str = "haven_device";
const DEVICE_DAYS: i64 = 90;

#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
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
    let now = Utc::now();
    let kept = cookie_value(&headers, DEVICE_COOKIE);
    let attempt = Attempt {
        username: &form.username,
        password: form.password.clone(),
        address: &address,
        device: kept.as_deref(),
        purpose: PURPOSE,
        now,
    };
    let (user, must_change_password, device_proof, label) = match check_password(state.store.as_ref(), attempt).await? {
        Checked::SignedIn { user, must_change_password, device_proof, label } => {
            (user, must_change_password, device_proof, label)
        }
        Checked::Throttled { wait } => {
            // Whole seconds, rounded up: a client that waits this long is not refused again.
            return Err(AppError::TooManyRequests(wait.map(|w| (w.num_milliseconds() + 999) / 1000)));
        }
        Checked::Refused => {
            let token = cookie_value(&headers, SIGNIN_CSRF_COOKIE).unwrap_or_default();
            let message = ctx.t("sign-in-failed");
            let mut page = SignInPage::new(ctx, token, &form.username, state.config.oidc.as_ref());
            page.next = safe_next(&form.next).unwrap_or_default().to_owned();
            page.errors = vec![ErrorItem { field: "username".to_owned(), message: message.clone() }];
            if let Some(f) = page.fields.first_mut() {
                f.error = Some(message);
            }
            return render(StatusCode::UNAUTHORIZED, &page);
        }
    };

    // A new session id at every sign-in; the browser's old one (if any) ends.
    let previous = previous.map(|Extension(old)| old);
    let cookie = begin(&state, &user, &label, PURPOSE, SignInMethod::Password, previous.as_ref(), now).await?;

    let secure = state.config.secure_cookies;
    // An account whose password someone else chose changes it first.
    let to = if must_change_password { "/account/password" } else { safe_next(&form.next).unwrap_or("/") };
    let mut response = Redirect::to(to).into_response();
    let h = response.headers_mut();
    h.append(header::SET_COOKIE, cookie);
    h.append(header::SET_COOKIE, clear_cookie(SIGNIN_CSRF_COOKIE, secure));
    h.append(header::SET_COOKIE, set_cookie(DEVICE_COOKIE, &device_proof, secure, Some(DEVICE_DAYS * 24 * 3600)));
    Ok(response)
}
