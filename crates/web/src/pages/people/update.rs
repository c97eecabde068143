//! `POST /people/{id}/edit`: saves changed details if nobody else saved since the user opened
//! the form (the version in the hidden field). A stale save writes nothing, says so, and keeps
//! the user's input.

use super::form::PersonInput;
use crate::error::{AppError, Outcome};
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, attach_errors, render};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_app::PersonChange;

#[tracing::instrument(skip_all, fields(person_id = %id))]
pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
    Form(input): Form<PersonInput>,
) -> Result<Response, AppError> {
    let id = super::parse_id(&id)?;
    let Ok(version) = input.version.trim().parse::<i64>() else {
        return Err(AppError::BadRequest);
    };
    let caller = super::caller(&state, &session).await?;
    // The form does not show the placing and host authorities: the record's are kept.
    let apply = |_| PersonChange { form: input.to_person_form(), placing_authority: None, host_authority: None };
    let (status, errors, conflict) =
        match Outcome::of(caller.update_person(id, version, &apply, "POST /people/{id}/edit").await)? {
            Outcome::Done(_) => return Ok(Redirect::to(&format!("/people/{id}")).into_response()),
            Outcome::Invalid(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors.0, false),
            Outcome::Conflict => (StatusCode::CONFLICT, Vec::new(), true),
        };
    let mut page = super::edit::page(ctx, id, &input);
    page.errors = attach_errors(page.ctx.lang, &mut page.fields, &errors);
    page.conflict = conflict;
    render(status, &page)
}
