//! `GET /markers/overdue`: open warning markers whose review date has passed, of every agency
//! that shares its markers with the user's, the most overdue first.

use crate::error::AppError;
use crate::pages::people::caller;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use haven_domain::marker::MarkerSubject;
use std::collections::HashMap;

#[derive(Debug)]
pub struct OverdueRow {
    pub subject: String,
    /// The person's page, for a marker on a person.
    pub href: Option<String>,
    pub marker_type: String,
    pub status: String,
    pub review_on: String,
    pub owner: String,
}

#[derive(Debug, Template)]
#[template(path = "markers/overdue.html")]
struct OverduePage {
    ctx: PageCtx,
    rows: Vec<OverdueRow>,
}

#[tracing::instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
) -> Result<Response, AppError> {
    let caller = caller(&state, &session).await?;
    let listed = caller.overdue_markers("GET /markers/overdue").await?;
    let agencies: HashMap<_, _> = state.store.agencies().await?.into_iter().map(|a| (a.id, a.name)).collect();
    let rows = listed
        .into_iter()
        .map(|row| {
            let m = row.marker;
            OverdueRow {
                subject: row.label,
                href: match m.subject {
                    MarkerSubject::Person(p) => Some(format!("/people/{p}#markers")),
                    MarkerSubject::Location(_) => None,
                },
                marker_type: ctx.label("marker-type", m.marker_type.code()),
                status: ctx.label("marker-status", m.status().code()),
                review_on: ctx.date(&m.review_on),
                owner: agencies.get(&m.owner).cloned().unwrap_or_default(),
            }
        })
        .collect();
    render(StatusCode::OK, &OverduePage { ctx, rows })
}
