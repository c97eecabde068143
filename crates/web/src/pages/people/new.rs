//! `GET /people/new`: the empty "add a person" form.

use super::form::{FormPage, PersonInput};
use crate::error::AppError;
use crate::session::SignedIn;
use crate::views::{PageCtx, render};
use axum::http::StatusCode;
use axum::response::Response;
use haven_domain::policy::{Action, Decision, Target, can};

/// The page, empty or as the user filled it.
pub fn page(ctx: PageCtx, input: &PersonInput) -> FormPage {
    FormPage {
        title: ctx.t("create-title"),
        button: ctx.t("create-button"),
        action: "/people/new".to_owned(),
        back: "/people".to_owned(),
        version: None,
        fields: input.fields(&ctx, true),
        errors: Vec::new(),
        conflict: false,
        ctx,
    }
}

#[tracing::instrument(skip_all)]
pub async fn show(ctx: PageCtx, SignedIn(session): SignedIn) -> Result<Response, AppError> {
    if let Decision::Deny(reason) = can(&session.actor(), Action::CreatePerson, Target::Service) {
        return Err(AppError::Forbidden(reason));
    }
    render(StatusCode::OK, &page(ctx, &PersonInput::default()))
}
