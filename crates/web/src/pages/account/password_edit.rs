//! `GET /account/password`: the change-password form.

use crate::error::AppError;
use crate::session::SignedIn;
use crate::views::{ErrorItem, Field, PageCtx, render};
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;

#[derive(Debug, Template)]
#[template(path = "account/password.html")]
pub struct PasswordPage {
    pub ctx: PageCtx,
    pub fields: Vec<Field>,
    pub errors: Vec<ErrorItem>,
    /// The account's password was chosen by someone else and must change now.
    pub required: bool,
}

impl PasswordPage {
    pub fn new(ctx: PageCtx, required: bool) -> Self {
        let min = crate::auth::password::MIN_LENGTH.to_string();
        let fields = vec![
            Field::text("current_password", ctx.t("password-current"), "", "").password("current-password"),
            Field::text("new_password", ctx.t("password-new"), "", "")
                .hint(ctx.t1("password-new-hint", "min", &min))
                .password("new-password"),
            Field::text("confirm_password", ctx.t("password-confirm"), "", "").password("new-password"),
        ];
        Self { ctx, fields, errors: Vec::new(), required }
    }
}

#[tracing::instrument(skip_all)]
pub async fn show(ctx: PageCtx, SignedIn(session): SignedIn) -> Result<Response, AppError> {
    render(StatusCode::OK, &PasswordPage::new(ctx, session.must_change_password))
}
