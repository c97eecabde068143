//! `GET /people/new`: the empty "add a person" form.

use super::form::{FormPage, PersonInput};
use crate::error::AppError;
use crate::session::SignedIn;
use crate::views::{PageCtx, render};
use axum::http::StatusCode;
use axum::response::Response;
use haven_domain::policy::Action;

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
    haven_app::for_role(&session.actor(), Action::CreatePerson)?;
    render(StatusCode::OK, &page(ctx, &PersonInput::default()))
}
