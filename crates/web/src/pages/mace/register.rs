//! `GET /mace/actions?view=mine|agency|overdue|all`: the user's agency's part of the action
//! register: live actions owned by the user by name, all the agency's live ones, those past
//! their due date, or every one including done and closed.

use super::meeting::{ActionView, action_view};
use crate::error::AppError;
use crate::pages::people::caller;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use haven_app::mace::Register;
use std::collections::HashMap;

#[derive(Debug, Template)]
#[template(path = "mace/register.html")]
struct RegisterPage {
    ctx: PageCtx,
    title: String,
    views: Vec<(String, String, bool)>,
    actions: Vec<ActionView>,
}

#[tracing::instrument(skip_all)]
pub async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let chosen = query.get("view").map(String::as_str).unwrap_or("mine");
    let chosen = if chosen.is_empty() { "mine" } else { chosen };
    let view = Register::parse(chosen).ok_or(AppError::BadRequest)?;
    let caller = caller(&state, &session).await?;
    let found = caller.mace_register(view, "GET /mace/actions").await?;
    let agencies = state.store.agencies().await?;
    let name = |id| agencies.iter().find(|a| a.id == id).map(|a| a.name.clone()).unwrap_or_default();
    let actions = found.iter().map(|a| action_view(&ctx, &name, a)).collect();
    let views = Register::CODES
        .iter()
        .map(|v| (format!("/mace/actions?view={v}"), ctx.t(&format!("mace-register-{v}")), *v == chosen))
        .collect();
    render(StatusCode::OK, &RegisterPage { title: ctx.t(&format!("mace-register-{chosen}")), views, actions, ctx })
}
