//! `GET /sign-in`: the sign-in form. There is no session yet to hold a CSRF token, so the form
//! carries a double-submit token that is also set as a cookie.

use crate::auth::token::generate_secret;
use crate::error::AppError;
use crate::session::{SIGNIN_CSRF_COOKIE, cookie_value, safe_next, set_cookie};
use crate::state::AppState;
use crate::views::{ErrorItem, Field, PageCtx, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Debug, Template)]
#[template(path = "sign_in.html")]
pub struct SignInPage {
    pub ctx: PageCtx,
    pub csrf_token: String,
    pub fields: Vec<Field>,
    pub errors: Vec<ErrorItem>,
    pub signed_out: bool,
    /// Where to go after signing in (a local path), carried in a hidden field.
    pub next: String,
    /// What the organisation's identity provider is called, when sign-in through it is on.
    pub oidc_name: Option<String>,
}

impl SignInPage {
    pub fn new(ctx: PageCtx, csrf_token: String, username: &str, oidc: Option<&crate::oidc::Provider>) -> Self {
        let fields = vec![
            Field::text("username", ctx.t("sign-in-username"), username, "govuk-!-width-one-half")
                .autocomplete("username"),
            Field::text("password", ctx.t("sign-in-password"), "", "").password("current-password"),
        ];
        let oidc_name = oidc.map(|p| p.name().to_owned());
        Self { ctx, csrf_token, fields, errors: Vec::new(), signed_out: false, next: String::new(), oidc_name }
    }

    /// The address of the button that signs in at the identity provider, with `next`.
    pub fn oidc_href(&self) -> String {
        if self.next.is_empty() {
            "/sign-in/oidc".to_owned()
        } else {
            let next: String = serde_urlencoded::to_string([("next", self.next.as_str())]).unwrap_or_default();
            format!("/sign-in/oidc?{next}")
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct SignInQuery {
    #[serde(default)]
    signed_out: Option<String>,
    #[serde(default)]
    next: Option<String>,
}

/// The sign-in form's token: the cookie's when the browser already has one (two tabs), else new.
pub fn signin_token(headers: &HeaderMap) -> (String, bool) {
    match cookie_value(headers, SIGNIN_CSRF_COOKIE).filter(|t| t.len() >= 32) {
        Some(t) => (t, false),
        None => (generate_secret(), true),
    }
}

#[tracing::instrument(skip_all)]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<SignInQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if ctx.user.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    let (token, fresh) = signin_token(&headers);
    let mut page = SignInPage::new(ctx, token.clone(), "", state.config.oidc.as_ref());
    page.signed_out = query.signed_out.is_some();
    page.next = query.next.as_deref().and_then(safe_next).unwrap_or_default().to_owned();
    let mut response = render(StatusCode::OK, &page)?;
    if fresh {
        response
            .headers_mut()
            .append(header::SET_COOKIE, set_cookie(SIGNIN_CSRF_COOKIE, &token, state.config.secure_cookies, None));
    }
    Ok(response)
}
