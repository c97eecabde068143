//! `POST /missing/{id}/notes`: an action, enquiry, sighting, linked person or place, a
//! notification (to children's services, the placing or host authority, the school) with when
//! it was sent, or a supervisor's or inspector's review. Notes only accumulate.

use super::episode::{Posted, page};
use super::{acting, authorise_episode, event, parse_time, rules};
use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, render};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_domain::audit::AuditAction;
use haven_domain::missing::input::{NoteInput, parse_note};
use haven_domain::missing::record::NoteKind;
use haven_domain::policy::Action;
use std::collections::HashMap;

#[tracing::instrument(skip_all)]
pub async fn add(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let purpose = "POST /missing/{id}/notes";
    let field = |name: &str| posted.get(name).map(String::as_str).unwrap_or("");
    // Who may add a note depends on its kind; a kind that does not parse is only seen, and
    // refused by the note's own checks below.
    let action = NoteKind::parse(field("kind")).map_or(Action::ViewEpisodes, Action::AddNote);
    let (id, person, _) = authorise_episode(&state, &session, &raw, action, purpose).await?;
    let read = event(&session, AuditAction::EpisodeView, purpose).person(person);
    let episode = state.store.episode(id, &read).await?;
    let rules = rules(&state);
    let input = NoteInput {
        kind: field("kind"),
        at: parse_time(field("at")),
        text: field("text"),
        person_id: None,
        location_id: None,
        recipient: field("recipient"),
    };
    let note = match parse_note(&episode, &input, acting(&session, &rules)) {
        Ok(n) => n,
        Err(errors) => {
            let posted = Posted { note: posted.clone(), errors: errors.0, ..Posted::default() };
            let page = page(&state, ctx, &session, &raw, purpose, posted).await?;
            return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let audit = event(&session, AuditAction::EpisodeNote, purpose)
        .person(person)
        .detail(format!("episode:{id} note:{}", note.kind.code()));
    state.store.add_episode_note(id, &note, &audit).await?;
    Ok(Redirect::to(&format!("/missing/{id}#timeline")).into_response())
}
