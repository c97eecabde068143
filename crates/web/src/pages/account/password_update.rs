//! `POST /account/password`: checks the current password (throttled like sign-in, so a
//! borrowed session cannot be used to guess it), then stores the new one's hash.

use super::password_edit::PasswordPage;
use crate::auth::password::{hash_blocking, verify_blocking};
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

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
    confirm_password: String,
}

/// The problems with a new password that can be seen without the current one: the rules of
/// `haven_app::auth::password::check_new` (long, not the username, not a common password).
pub fn check_new(form: &PasswordForm, username: &str, display_name: &str) -> Invalid {
    let mut errors = Invalid::default();
    if form.current_password.is_empty() {
        errors.push("current_password", "required");
    }
    if form.new_password.is_empty() {
        errors.push("new_password", "required");
    } else if form.new_password == form.current_password {
        errors.push("new_password", "password-unchanged");
    } else if let Err(code) = crate::auth::password::check_new(&form.new_password, username, display_name) {
        errors.push("new_password", code);
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
    let errors = check_new(&form, session.user.username.as_str(), &session.user.display_name);
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
        return Err(AppError::TooManyRequests(None));
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
    // Whoever else holds a session of theirs (a borrowed or stolen one) is signed out.
    store.end_other_sessions(user.id, &session.record.id_hash).await?;
    Ok(Redirect::to("/?password_changed=1").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(current: &str, new: &str, confirm: &str) -> PasswordForm {
        PasswordForm { current_password: current.into(), new_password: new.into(), confirm_password: confirm.into() }
    }

    fn codes(f: &PasswordForm) -> Vec<(String, &'static str)> {
        check_new(f, "j.evans", "Jane Evans").0.into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn a_new_password_must_be_long_new_and_typed_twice_alike() {
        let long = "a long enough passphrase";
        assert!(codes(&form("old one", long, long)).is_empty());
        assert_eq!(codes(&form("old", "short", "short")), [("new_password".into(), "password-too-short")]);
        assert_eq!(codes(&form(long, long, long)), [("new_password".into(), "password-unchanged")]);
        assert_eq!(codes(&form("old", long, "other")), [("confirm_password".into(), "password-mismatch")]);
        let huge = "x".repeat(crate::auth::password::MAX_LENGTH + 1);
        assert_eq!(codes(&form("old", &huge, &huge)), [("new_password".into(), "password-too-long")]);
        assert_eq!(codes(&form("", "", "")).len(), 3);
        assert_eq!(
            codes(&form("old", "password1234", "password1234")),
            [("new_password".into(), "password-too-common")]
        );
        let named = "j.evans-is-my-name";
        assert_eq!(codes(&form("old", named, named)), [("new_password".into(), "password-has-username")]);
    }
}
