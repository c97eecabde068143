//! `POST /people/new`: adds a person recorded by the user's agency (optionally under its own
//! reference). Problems are shown with the GOV.UK error summary, the input kept, nothing
//! written.

use super::form::PersonInput;
use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, attach_errors, render};
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use haven_domain::audit::{AuditAction, AuditEvent};
use haven_domain::person::Person;
use haven_domain::policy::{Action, Decision, Target, can};
use haven_domain::text::{Reference, clean_optional};
use haven_domain::{FieldError, Invalid};
use haven_store::StoreError;

#[tracing::instrument(skip_all)]
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Form(input): Form<PersonInput>,
) -> Result<Response, AppError> {
    let actor = session.actor();
    if let Decision::Deny(reason) = can(&actor, Action::CreatePerson, Target::Service) {
        return Err(AppError::Forbidden(reason));
    }
    let parsed = input.to_person_form().parse(super::super::today_uk(), None, None);
    let reference = match clean_optional(&input.reference, Reference::MAX)
        .and_then(|r| r.map(|r| Reference::parse(&r)).transpose())
    {
        Ok(r) => Ok(r),
        Err(code) => Err(FieldError::new("reference", code)),
    };
    let (details, reference) = match (parsed, reference) {
        (Ok(d), Ok(r)) => (d, r),
        (d, r) => {
            let mut errors = d.err().unwrap_or_default();
            if let Err(e) = r {
                errors.0.push(e);
            }
            return invalid(ctx, &input, &errors);
        }
    };
    let now = Utc::now();
    let person = Person::new(details, actor.agency_id, reference, now);
    let event =
        AuditEvent::by(actor, session.user.username.as_str(), AuditAction::PersonCreate, "POST /people/new", now)
            .person(person.id);
    match state.store.create_person(&person, &event).await {
        Ok(()) => Ok(Redirect::to(&format!("/people/{}", person.id)).into_response()),
        Err(StoreError::Duplicate { field }) => {
            let field = if field.contains("reference") { "reference" } else { field };
            invalid(ctx, &input, &Invalid::one(field, "duplicate"))
        }
        Err(e) => Err(e.into()),
    }
}

fn invalid(ctx: PageCtx, input: &PersonInput, errors: &Invalid) -> Result<Response, AppError> {
    let mut page = super::new::page(ctx, input);
    page.errors = attach_errors(page.ctx.lang, &mut page.fields, &errors.0);
    render(StatusCode::UNPROCESSABLE_ENTITY, &page)
}
