//! `GET /people/{id}/edit`: the "change details" form, filled from the record, carrying the
//! version it was read at.

use super::form::{FormPage, PersonInput};
use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, render};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use haven_domain::audit::{AuditAction, AuditEvent};
use haven_domain::ids::PersonId;
use haven_domain::policy::Action;

/// The page, as read or as the user filled it.
pub fn page(ctx: PageCtx, id: PersonId, input: &PersonInput) -> FormPage {
    FormPage {
        title: ctx.t("edit-title"),
        button: ctx.t("edit-button"),
        action: format!("/people/{id}/edit"),
        back: format!("/people/{id}"),
        version: Some(input.version.clone()),
        fields: input.fields(&ctx, false),
        errors: Vec::new(),
        conflict: false,
        ctx,
    }
}

#[tracing::instrument(skip_all, fields(person_id = %id))]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = super::parse_id(&id)?;
    let purpose = "GET /people/{id}/edit";
    super::authorise(&super::caller(&state, &session).await?, id, Action::EditPerson, purpose).await?;
    let event =
        AuditEvent::by(session.actor(), session.user.username.as_str(), AuditAction::PersonView, purpose, Utc::now())
            .person(id);
    let person = state.store.person(id, &event).await?;
    let input = PersonInput::from_details(&person.details, person.version);
    render(StatusCode::OK, &page(ctx, id, &input))
}
