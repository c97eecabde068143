//! `POST /people/new`: adds a person recorded by the user's agency (optionally under its own
//! reference). Problems are shown with the GOV.UK error summary, the input kept, nothing
//! written.

use super::form::PersonInput;
use crate::error::{AppError, Outcome};
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, attach_errors, render};
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_app::NewPerson;
use haven_domain::Invalid;

#[tracing::instrument(skip_all)]
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Form(input): Form<PersonInput>,
) -> Result<Response, AppError> {
    let caller = super::caller(&state, &session).await?;
    let new = NewPerson {
        form: input.to_person_form(),
        reference: &input.reference,
        placing_authority: "",
        host_authority: "",
    };
    match Outcome::of(caller.create_person(&new, "POST /people/new").await)? {
        Outcome::Done(person) => Ok(Redirect::to(&format!("/people/{}", person.id)).into_response()),
        Outcome::Invalid(errors) => invalid(ctx, &input, &errors),
        // A new record has no version to conflict with.
        Outcome::Conflict => Err(AppError::BadRequest),
    }
}

fn invalid(ctx: PageCtx, input: &PersonInput, errors: &Invalid) -> Result<Response, AppError> {
    let mut page = super::new::page(ctx, input);
    page.errors = attach_errors(page.ctx.lang, &mut page.fields, &errors.0);
    render(StatusCode::UNPROCESSABLE_ENTITY, &page)
}
