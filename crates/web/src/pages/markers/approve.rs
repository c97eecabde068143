//! `POST /markers/{id}/approve`: a supervisor approves a child's marker (the button on the
//! child's page); back to the page it was pressed on. A refusal the button would not offer (the
//! raiser approving their own) is a page saying why.

use crate::error::{AppError, Outcome};
use crate::pages::people::caller;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{ErrorTemplate, PageCtx, render};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_domain::ids::MarkerId;
use haven_domain::marker::MarkerSubject;
use std::collections::HashMap;

#[tracing::instrument(skip_all)]
pub async fn approve(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let id: MarkerId = raw.parse().map_err(|_| AppError::NotFound)?;
    let version = posted.get("version").and_then(|v| v.parse::<i64>().ok());
    let caller = caller(&state, &session).await?;
    let back = |subject: MarkerSubject| match subject {
        MarkerSubject::Person(p) => format!("/people/{p}#markers"),
        MarkerSubject::Location(_) => "/markers/overdue".to_owned(),
    };
    match Outcome::of(caller.approve_marker(id, version, "POST /markers/{id}/approve").await)? {
        Outcome::Done(m) => Ok(Redirect::to(&back(m.subject)).into_response()),
        Outcome::Invalid(errors) => {
            let text = errors.0.iter().map(|e| ctx.lang.field_error(&e.field, e.code)).collect::<Vec<_>>().join(" ");
            let page = ErrorTemplate { title: ctx.t("markers-approve-button"), text, ctx };
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        // Approved or changed by someone else first: the page shows it as it is now.
        Outcome::Conflict => match state.store.marker(id).await? {
            Some(m) => Ok(Redirect::to(&back(m.subject)).into_response()),
            None => Err(AppError::NotFound),
        },
    }
}
