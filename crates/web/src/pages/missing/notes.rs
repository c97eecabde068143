//! `POST /missing/{id}/notes`: an action, enquiry, sighting, linked person or place, a
//! notification (to children's services, the placing or host authority, the school) with when
//! it was sent, or a supervisor's or inspector's review. Notes only accumulate.

use super::episode::{Posted, page};
use super::parse_time;
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
use haven_domain::missing::input::NoteInput;
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
    let id: EpisodeId = raw.parse().map_err(|_| AppError::NotFound)?;
    let field = |name: &str| posted.get(name).map(String::as_str).unwrap_or("");
    let input = NoteInput {
        kind: field("kind"),
        at: parse_time(field("at")),
        text: field("text"),
        person_id: None,
        location_id: None,
        recipient: field("recipient"),
        next_review_at: match field("next_review_at").trim() {
            "" => None,
            raw => Some(parse_time(raw)),
        },
    };
    let caller = caller(&state, &session).await?;
    let errors = match Outcome::of(caller.add_note(id, &input, state.install_rules(), purpose).await)? {
        Outcome::Done(_) => return Ok(Redirect::to(&format!("/missing/{id}#timeline")).into_response()),
        Outcome::Invalid(errors) => errors.0,
        // Notes only accumulate: nothing to conflict with.
        Outcome::Conflict => Vec::new(),
    };
    let posted = Posted { note: posted.clone(), errors, ..Posted::default() };
    render(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, ctx, &session, &raw, purpose, posted).await?)
}
