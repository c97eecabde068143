//! `POST /admin/users/{username}/tokens`: a named token that expires, shown once;
//! `POST /admin/users/{username}/tokens/{id}/revoke`: it opens nothing from now on.

use super::users::{SecretPage, user_page};
use super::{form_problems, not_a_form, operator};
use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, render};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;

#[tracing::instrument(skip_all)]
pub async fn issue(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(username): Path<String>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let v = |name: &str| posted.get(name).map(String::as_str).unwrap_or("");
    let purpose = "POST /admin/users/{username}/tokens";
    match operator(&state, &session).issue_token(&username, v("name"), v("expires_on"), purpose).await {
        Ok((token, secret)) => {
            let page = SecretPage {
                title: ctx.t("admin-token-done"),
                text: ctx.t1("admin-token-once", "name", &token.name),
                secret,
                back: format!("/admin/users/{username}"),
                ctx,
            };
            render(StatusCode::CREATED, &page)
        }
        Err(f) => {
            let errors = form_problems(f)?;
            let page = user_page(&state, ctx, &session, &username, &posted, &errors.0).await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

#[tracing::instrument(skip_all)]
pub async fn revoke(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path((username, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let purpose = "POST /admin/users/{username}/tokens/{id}/revoke";
    match operator(&state, &session).revoke_token(&username, &id, purpose).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/users/{username}")).into_response()),
        // A token this user does not have is a page that does not exist.
        Err(haven_app::Failure::Invalid(e)) if e.0.iter().any(|p| p.code == "unknown-token") => Err(AppError::NotFound),
        Err(f) => Err(not_a_form(f)),
    }
}
