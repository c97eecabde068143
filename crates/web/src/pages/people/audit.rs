//! `GET /people/{id}/audit`: who has seen or changed a person's record, for supervisors (of
//! people they may see) and administrators (who may investigate misuse of any record but never
//! read the record itself: this page shows the trail only, not the person's details). Looking
//! at the trail is itself recorded.

use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use haven_domain::audit::AuditEvent;
use haven_domain::ids::{AgencyId, PersonId};
use std::collections::HashMap;

/// How many events the page shows.
const LIMIT: u32 = 200;

#[derive(Debug)]
pub struct AccessRow {
    pub when: String,
    pub who: String,
    pub agency: String,
    pub what: String,
    pub purpose: String,
    pub detail: String,
}

#[derive(Debug, Template)]
#[template(path = "people/audit.html")]
struct AuditPage {
    ctx: PageCtx,
    id: PersonId,
    rows: Vec<AccessRow>,
}

/// The trail as rows a person can read, newest first.
pub fn rows(ctx: &PageCtx, trail: &[AuditEvent], agencies: &HashMap<AgencyId, String>) -> Vec<AccessRow> {
    trail
        .iter()
        .map(|e| AccessRow {
            when: ctx.time(&e.at),
            who: e.actor_label.clone(),
            agency: e
                .actor
                .map(|a| agencies.get(&a.agency_id).cloned().unwrap_or_else(|| a.agency_id.to_string()))
                .unwrap_or_else(|| ctx.t("audit-system")),
            what: if e.is_refusal() { ctx.t("audit-denied") } else { ctx.label("audit", e.action.code()) },
            purpose: e.purpose.clone(),
            detail: e.detail.clone().unwrap_or_default(),
        })
        .collect()
}

#[tracing::instrument(skip_all, fields(person_id = %id))]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = super::parse_id(&id)?;
    let purpose = "GET /people/{id}/audit";
    let caller = super::caller(&state, &session).await?;
    let trail = caller.person_trail(id, LIMIT, purpose).await?;
    let agencies: HashMap<AgencyId, String> =
        state.store.agencies().await?.into_iter().map(|a| (a.id, a.name)).collect();
    let rows = rows(&ctx, &trail, &agencies);
    render(StatusCode::OK, &AuditPage { ctx, id, rows })
}
