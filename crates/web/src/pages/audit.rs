//! `GET /audit`: what the users of the admin's own agency did, newest first — sign-ins, searches,
//! views and changes, with the record's id but never its details — so that an admin can look
//! into misuse without reading any record. Looking is itself recorded.

use crate::error::AppError;
use crate::pages::people::audit::{AccessRow, rows};
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use haven_domain::ids::AgencyId;
use std::collections::HashMap;

/// How many events the page shows.
const LIMIT: u32 = 500;

pub fn router() -> Router<AppState> {
    Router::new().route("/audit", get(show))
}

#[derive(Debug, Template)]
#[template(path = "audit/agency.html")]
struct AgencyAuditPage {
    ctx: PageCtx,
    agency: String,
    /// Each event with the person it is about, if any.
    rows: Vec<(AccessRow, String)>,
}

#[tracing::instrument(skip_all)]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
) -> Result<Response, AppError> {
    let caller = super::people::caller(&state, &session).await?;
    let trail = caller.agency_trail(LIMIT, "GET /audit").await?;
    let agencies: HashMap<AgencyId, String> =
        state.store.agencies().await?.into_iter().map(|a| (a.id, a.name)).collect();
    let agency = agencies.get(&caller.sharing().agency()).cloned().unwrap_or_default();
    let people = trail.iter().map(|e| e.person_id.map(|p| p.to_string()).unwrap_or_default());
    let rows = rows(&ctx, &trail, &agencies).into_iter().zip(people).collect();
    render(StatusCode::OK, &AgencyAuditPage { ctx, agency, rows })
}
