//! `GET /`: the home page. Signed-in users see what their role lets them do; others go to
//! the sign-in page.

use crate::AppState;
use crate::error::AppError;
use crate::session::SignedIn;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(show))
}

#[derive(Debug, Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: PageCtx,
    name: String,
    role: String,
    password_changed: bool,
    /// Each area's code and name, for the install's administrator: its missing-episode rules.
    areas: Vec<(String, String)>,
}

#[derive(Debug, serde::Deserialize)]
struct HomeQuery {
    #[serde(default)]
    password_changed: Option<String>,
}

#[tracing::instrument(skip_all)]
async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Query(q): Query<HomeQuery>,
) -> Result<Response, AppError> {
    let role = ctx.label("role", session.user.role.code());
    let areas = if ctx.can_manage_install {
        state.store.areas().await?.into_iter().map(|a| (a.code.to_string(), a.name)).collect()
    } else {
        Vec::new()
    };
    let page = HomePage {
        name: session.user.display_name.clone(),
        role,
        password_changed: q.password_changed.is_some(),
        areas,
        ctx,
    };
    render(StatusCode::OK, &page)
}
