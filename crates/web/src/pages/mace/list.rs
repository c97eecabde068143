//! `GET /mace`: the meetings the user's agency is part of, newest first, with the way to
//! convene one and to the action register.

use crate::error::AppError;
use crate::pages::people::caller;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use haven_domain::mace::access::may_convene;
use haven_domain::policy::Decision;

#[derive(Debug)]
pub struct MeetingRow {
    pub href: String,
    pub when: String,
    pub area: String,
    pub chair: String,
}

#[derive(Debug, Template)]
#[template(path = "mace/list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<MeetingRow>,
    may_convene: bool,
}

#[tracing::instrument(skip_all)]
pub async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
) -> Result<Response, AppError> {
    let caller = caller(&state, &session).await?;
    let (meetings, areas) = caller.meetings(None, "GET /mace").await?;
    let rows = meetings
        .iter()
        .map(|m| MeetingRow {
            href: format!("/mace/meetings/{}", m.id),
            when: ctx.time(&m.starts_at),
            area: areas.iter().find(|a| a.id == m.area_id).map(|a| a.name.clone()).unwrap_or_default(),
            chair: m.chair.name.clone(),
        })
        .collect();
    let may_convene = may_convene(&session.user.actor()) == Decision::Allow;
    render(StatusCode::OK, &ListPage { ctx, rows, may_convene })
}
