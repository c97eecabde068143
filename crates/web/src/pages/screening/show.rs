//! `GET /people/{id}/screenings/{screening}`: one screening's result: the score and tier, the
//! indicators behind it in words, the practitioner's judgement and its reason, and what is due.
//! A screening the user may not see is a page that does not exist.

use super::ResultView;
use crate::error::AppError;
use crate::pages::people::{caller, parse_id};
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use haven_domain::audit::AuditAction;
use haven_domain::ids::ScreeningId;

#[derive(Debug, Template)]
#[template(path = "screening/result.html")]
struct ResultPage {
    ctx: PageCtx,
    person_id: String,
    person_name: String,
    result: ResultView,
}

#[tracing::instrument(skip_all)]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path((raw, screening)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let purpose = "GET /people/{id}/screenings/{screening}";
    let person_id = parse_id(&raw)?;
    let screening: uuid::Uuid = screening.parse().map_err(|_| AppError::NotFound)?;
    let caller = caller(&state, &session).await?;
    let found = caller.read_screening(person_id, ScreeningId(screening), purpose).await?;
    let read = caller.event(AuditAction::PersonView, purpose).person(person_id);
    let person = state.store.person(person_id, &read).await?;
    let tools = &state.config.screening_tools;
    let page = ResultPage {
        person_id: person_id.to_string(),
        person_name: person.details.full_name(),
        result: ResultView::new(&ctx, &found, tools.version(found.tool_version)),
        ctx,
    };
    render(StatusCode::OK, &page)
}
