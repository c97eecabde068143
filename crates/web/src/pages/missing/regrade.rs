//! `POST /missing/{id}/grade`: a new grade for an open episode, with its own rationale. Kept
//! beside every earlier grade with who and when; a high grade puts the episode at the top of
//! the supervisors' alerts on the board. A stale form (someone regraded first) writes nothing.

use super::episode::{Posted, page};
use super::{acting, authorise_episode, event, form_version, rules};
use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, render};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_domain::audit::AuditAction;
use haven_domain::missing::episode::GradingInput;
use haven_domain::missing::input::parse_regrade;
use haven_domain::policy::Action;
use haven_store::StoreError;
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
    let (id, person, _) = authorise_episode(&state, &session, &raw, Action::Regrade, purpose).await?;
    let version = form_version(&posted)?;
    let field = |name: &str| posted.get(name).map(String::as_str).unwrap_or("");
    let read = event(&session, AuditAction::EpisodeView, purpose).person(person);
    let episode = state.store.episode(id, &read).await?;
    let rules = rules(&state);
    let input = GradingInput { grade: field("risk_grade"), rationale: field("risk_rationale"), answers: &[] };
    let refused = |errors, conflict| Posted { regrade: posted.clone(), errors, conflict, ..Posted::default() };
    let grading = match parse_regrade(&episode, &input, acting(&session, &rules)) {
        Ok(g) => g,
        Err(errors) => {
            let page = page(&state, ctx, &session, &raw, purpose, refused(errors.0, false)).await?;
            return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let audit = event(&session, AuditAction::EpisodeRegrade, purpose)
        .person(person)
        .detail(format!("episode:{id} grade:{}", grading.grade.code()));
    match state.store.regrade(id, version, &grading, &audit).await {
        Ok(_) => Ok(Redirect::to(&format!("/missing/{id}")).into_response()),
        Err(StoreError::Conflict) => {
            let page = page(&state, ctx, &session, &raw, purpose, refused(Vec::new(), true)).await?;
            render(StatusCode::CONFLICT, &page)
        }
        Err(e) => Err(e.into()),
    }
}
