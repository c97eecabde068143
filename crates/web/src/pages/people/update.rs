//! `POST /people/{id}/edit`: saves changed details if nobody else saved since the user opened
//! the form (the version in the hidden field). A stale save writes nothing, says so, and keeps
//! the user's input.

use super::form::PersonInput;
use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, attach_errors, render};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use haven_domain::audit::{AuditAction, AuditEvent};
use haven_domain::policy::Action;
use haven_store::StoreError;

#[tracing::instrument(skip_all, fields(person_id = %id))]
pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
    Form(input): Form<PersonInput>,
) -> Result<Response, AppError> {
    let id = super::parse_id(&id)?;
    let purpose = "POST /people/{id}/edit";
    super::authorise(&super::caller(&state, &session).await?, id, Action::EditPerson, purpose).await?;
    let Ok(version) = input.version.trim().parse::<i64>() else {
        return Err(AppError::BadRequest);
    };
    let actor = session.actor();
    let username = session.user.username.as_str();
    // The form does not show the placing and host authorities: keep the record's.
    let event = AuditEvent::by(actor, username, AuditAction::PersonView, purpose, Utc::now()).person(id);
    let current = state.store.person(id, &event).await?;
    let parsed = input.to_person_form().parse(
        super::super::today_uk(),
        current.details.placing_authority,
        current.details.host_authority,
    );
    let details = match parsed {
        Ok(d) => d,
        Err(errors) => {
            let mut page = super::edit::page(ctx, id, &input);
            page.errors = attach_errors(page.ctx.lang, &mut page.fields, &errors.0);
            return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let event = AuditEvent::by(actor, username, AuditAction::PersonUpdate, purpose, Utc::now()).person(id);
    match state.store.update_person(id, version, &details, &event).await {
        Ok(_) => Ok(Redirect::to(&format!("/people/{id}")).into_response()),
        Err(StoreError::Conflict) => {
            let mut page = super::edit::page(ctx, id, &input);
            page.conflict = true;
            render(StatusCode::CONFLICT, &page)
        }
        Err(e) => Err(e.into()),
    }
}
