//! `POST /sign-out`: ends the session (deleted from the store, audited) and clears the cookie.

use crate::error::AppError;
use crate::session::{SESSION_COOKIE, SignedIn, clear_cookie};
use crate::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use haven_domain::audit::{AuditAction, AuditEvent, SubjectKind};

#[tracing::instrument(skip_all)]
pub async fn sign_out(State(state): State<AppState>, SignedIn(session): SignedIn) -> Result<Response, AppError> {
    let event = AuditEvent::by(
        session.actor(),
        session.user.username.as_str(),
        AuditAction::SignOut,
        "POST /sign-out",
        Utc::now(),
    )
    .subject(SubjectKind::User, session.user.id.0);
    state.store.delete_session(&session.record.id_hash, &event).await?;
    let mut response = Redirect::to("/sign-in?signed_out=1").into_response();
    response.headers_mut().append(header::SET_COOKIE, clear_cookie(SESSION_COOKIE, state.config.secure_cookies));
    Ok(response)
}
