//! `POST /missing/{id}/grade`: a new grade for an open episode, with its own rationale. Kept
//! beside every earlier grade with who and when; a high grade puts the episode at the top of
//! the supervisors' alerts on the board. A stale form (someone regraded first) writes nothing.

use super::episode::{Posted, page};
use super::form_version;
use crate::error::{AppError, Outcome};
use crate::pages::people::caller;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, render};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_domain::ids::EpisodeId;
use haven_domain::missing::episode::{GradingInput, RISK_QUESTIONS};
use std::collections::HashMap;

#[tracing::instrument(skip_all)]
pub async fn regrade(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let purpose = "POST /missing/{id}/grade";
    let id: EpisodeId = raw.parse().map_err(|_| AppError::NotFound)?;
    let version = form_version(&posted)?;
    let field = |name: &str| posted.get(name).map(String::as_str).unwrap_or("");
    // The questions of the questionnaire the form asked (those still unanswered), as answered.
    let answers: Vec<(String, String)> = RISK_QUESTIONS
        .iter()
        .filter(|q| !field(q).trim().is_empty())
        .map(|q| ((*q).to_owned(), field(q).to_owned()))
        .collect();
    let input = GradingInput {
        grade: field("risk_grade"),
        rationale: field("risk_rationale"),
        answers: &answers,
        naira_reason: field("naira_reason"),
    };
    let caller = caller(&state, &session).await?;
    let refused = |errors, conflict| Posted { regrade: posted.clone(), errors, conflict, ..Posted::default() };
    let (status, posted) = match Outcome::of(caller.regrade(id, version, &input, state.install_rules(), purpose).await)?
    {
        Outcome::Done(_) => return Ok(Redirect::to(&format!("/missing/{id}")).into_response()),
        Outcome::Invalid(errors) => (StatusCode::UNPROCESSABLE_ENTITY, refused(errors.0, false)),
        Outcome::Conflict => (StatusCode::CONFLICT, refused(Vec::new(), true)),
    };
    render(status, &page(&state, ctx, &session, &raw, purpose, posted).await?)
}
