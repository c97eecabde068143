//! `POST /account/password`: checks the current password (throttled like sign-in, so a
//! borrowed session cannot be used to guess it), then stores the new one's hash.

use super::password_edit::PasswordPage;
use crate::auth::password::{MIN_LENGTH, hash_blocking, verify_blocking};
use crate::error::AppError;
use crate::session::{ClientAddress, SignedIn};
use crate::state::AppState;
use crate::views::{PageCtx, attach_errors, render};
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use haven_domain::Invalid;
use haven_domain::audit::{AuditAction, AuditEvent, Detail, SubjectKind};
use haven_domain::signin::{may_attempt, window_start};
use serde::Deserialize;

const PURPOSE: &str = "POST /account/password";

/// The longest password accepted: long passphrases are welcome, megabytes are not.
pub const MAX_LENGTH: usize = 256;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
    confirm_password: String,
}

/// The problems with a new password that can be seen without the current one.
pub fn check_new(form: &PasswordForm) -> Invalid {
    let mut errors = Invalid::default();
    if form.current_password.is_empty() {
        errors.push("current_password", "required");
    }
    let length = form.new_password.chars().count();
    if form.new_password.is_empty() {
        errors.push("new_password", "required");
    } else if length < MIN_LENGTH {
        errors.push("new_password", "password-too-short");
    } else if length > MAX_LENGTH {
        errors.push("new_password", "password-too-long");
    } else if form.new_password == form.current_password {
        errors.push("new_password", "password-unchanged");
    }
    if form.confirm_password.is_empty() {
        errors.push("confirm_password", "required");
    } else if form.confirm_password != form.new_password {
        errors.push("confirm_password", "password-mismatch");
    }
    errors
}

fn invalid(ctx: PageCtx, required: bool, errors: &Invalid, status: StatusCode) -> Result<Response, AppError> {
    let mut page = PasswordPage::new(ctx, required);
    page.errors = attach_errors(page.ctx.lang, &mut page.fields, &errors.0);
    render(status, &page)
}

#[tracing::instrument(skip_all)]
pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    ClientAddress(address): ClientAddress,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let store = &state.store;
    let required = session.must_change_password;
    let errors = check_new(&form);
    if !errors.is_empty() {
        return invalid(ctx, required, &errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let user = &session.user;
    let username = user.username.as_str();
    let now = Utc::now();
    let (account, from_address) = store.recent_sign_in_failures(username, &address, window_start(now)).await?;
    if let Err(reason) = may_attempt(account, from_address) {
        let event = AuditEvent::by(session.actor(), username, AuditAction::SignInFailed, PURPOSE, now)
            .subject(SubjectKind::User, user.id.0)
            .detail(Detail::PasswordChange(reason));
        store.append_audit(&event).await?;
        return Err(AppError::TooManyRequests);
    }
    let Some((_, credentials)) = store.user_with_credentials(&user.username).await? else {
        return Err(AppError::SignInRequired(None));
    };
    if !verify_blocking(form.current_password.clone(), credentials.password_hash).await {
        let event = AuditEvent::by(session.actor(), username, AuditAction::SignInFailed, PURPOSE, now)
            .subject(SubjectKind::User, user.id.0)
            .detail(Detail::PasswordChange("wrong-password"));
        store.record_sign_in(username, &address, false, &event).await?;
        return invalid(ctx, required, &Invalid::one("current_password", "password-wrong"), StatusCode::UNAUTHORIZED);
    }
    let hash = hash_blocking(form.new_password.clone()).await?;
    let event = AuditEvent::by(session.actor(), username, AuditAction::UserPasswordSet, PURPOSE, now)
        .subject(SubjectKind::User, user.id.0);
    store.set_password(user.id, &hash, &event).await?;
    Ok(Redirect::to("/?password_changed=1").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(current: &str, new: &str, confirm: &str) -> PasswordForm {
        PasswordForm { current_password: current.into(), new_password: new.into(), confirm_password: confirm.into() }
    }

    fn codes(f: &PasswordForm) -> Vec<(String, &'static str)> {
        check_new(f).0.into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn a_new_password_must_be_long_new_and_typed_twice_alike() {
        let long = "a long enough passphrase";
        assert!(codes(&form("old one", long, long)).is_empty());
        assert_eq!(codes(&form("old", "short", "short")), [("new_password".into(), "password-too-short")]);
        assert_eq!(codes(&form(long, long, long)), [("new_password".into(), "password-unchanged")]);
        assert_eq!(codes(&form("old", long, "other")), [("confirm_password".into(), "password-mismatch")]);
        let huge = "x".repeat(MAX_LENGTH + 1);
        assert_eq!(codes(&form("old", &huge, &huge)), [("new_password".into(), "password-too-long")]);
        assert_eq!(codes(&form("", "", "")).len(), 3);
    }
}
