//! `/admin/users`: the users an admin manages; `/admin/users/new`: add one; `/admin/users/{u}`:
//! change their role or name, disable or enable them, reset their password, and their tokens.

use super::{form_problems, not_a_form, operator};
use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{ErrorItem, Field, FieldKind, FormPage, PageCtx, attach_errors, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_app::admin::UserChange;
use haven_domain::FieldError;
use haven_domain::user::{Role, User};
use std::collections::HashMap;

/// One user in the list.
#[derive(Debug)]
pub struct UserRow {
    pub username: String,
    pub name: String,
    pub role: String,
    pub disabled: bool,
}

#[derive(Debug, Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    ctx: PageCtx,
    rows: Vec<UserRow>,
}

/// One token in a user's list.
#[derive(Debug)]
pub struct TokenRow {
    pub id: String,
    pub name: String,
    pub issued: String,
    pub expires: String,
    pub live: bool,
}

#[derive(Debug, Template)]
#[template(path = "admin/user.html")]
pub struct UserPage {
    pub ctx: PageCtx,
    pub username: String,
    pub name: String,
    pub role: String,
    pub disabled: bool,
    /// The change form.
    pub fields: Vec<Field>,
    /// The token form.
    pub token_fields: Vec<Field>,
    pub errors: Vec<ErrorItem>,
    pub tokens: Vec<TokenRow>,
}

/// A one-time password or a token, shown this once.
#[derive(Debug, Template)]
#[template(path = "admin/secret.html")]
pub struct SecretPage {
    pub ctx: PageCtx,
    pub title: String,
    pub text: String,
    pub secret: String,
    pub back: String,
}

fn roles(ctx: &PageCtx, manager: &User) -> Vec<(&'static str, String)> {
    Role::ALL
        .iter()
        .filter(|r| **r != Role::SystemAdmin || manager.role == Role::SystemAdmin)
        .map(|r| (r.code(), ctx.label("role", r.code())))
        .collect()
}

#[tracing::instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
) -> Result<Response, AppError> {
    let users = operator(&state, &session).users().await.map_err(not_a_form)?;
    let rows = users
        .into_iter()
        .map(|u| UserRow {
            username: u.username.to_string(),
            name: u.display_name,
            role: ctx.label("role", u.role.code()),
            disabled: u.disabled,
        })
        .collect();
    render(StatusCode::OK, &UsersPage { ctx, rows })
}

async fn new_page(
    state: &AppState,
    ctx: PageCtx,
    manager: &User,
    posted: &HashMap<String, String>,
    errors: &[FieldError],
) -> Result<FormPage, AppError> {
    let v = |name: &str| posted.get(name).cloned().unwrap_or_default();
    let agencies: Vec<(String, String)> = state
        .store
        .agencies()
        .await?
        .into_iter()
        .filter(|a| manager.role == Role::SystemAdmin || a.id == manager.agency_id)
        .map(|a| (a.code.to_string(), a.name))
        .collect();
    let agency_choices: Vec<(&str, String)> = agencies.iter().map(|(c, n)| (c.as_str(), n.clone())).collect();
    let mut fields = vec![
        Field::text("username", ctx.t("admin-username"), &v("username"), "govuk-input--width-20")
            .hint(ctx.t("admin-username-hint")),
        Field::text("display_name", ctx.t("admin-display-name"), &v("display_name"), "govuk-!-width-one-half"),
        Field::choose("agency", ctx.t("admin-agency"), &v("agency"), FieldKind::Select, &agency_choices),
        Field::choose("role", ctx.t("admin-role"), &v("role"), FieldKind::Radios, &roles(&ctx, manager)),
    ];
    let errors = attach_errors(ctx.lang, &mut fields, errors);
    Ok(FormPage {
        title: ctx.t("admin-new-user-title"),
        button: ctx.t("admin-new-user-button"),
        action: "/admin/users/new".into(),
        back: "/admin/users".into(),
        version: None,
        fields,
        errors,
        conflict: false,
        ctx,
    })
}

#[tracing::instrument(skip_all)]
pub async fn new_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
) -> Result<Response, AppError> {
    // Only someone who administers users gets the form.
    operator(&state, &session).users().await.map_err(not_a_form)?;
    let posted = HashMap::from([("role".to_owned(), Role::Practitioner.code().to_owned())]);
    render(StatusCode::OK, &new_page(&state, ctx, &session.user, &posted, &[]).await?)
}

#[tracing::instrument(skip_all)]
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let v = |name: &str| posted.get(name).map(String::as_str).unwrap_or("");
    let made = operator(&state, &session)
        .create_user(v("username"), v("agency"), v("role"), v("display_name"), "POST /admin/users/new")
        .await;
    match made {
        Ok(made) => {
            let page = SecretPage {
                title: ctx.t("admin-new-user-done"),
                text: ctx.t1("admin-one-time-password", "username", made.user.username.as_str()),
                secret: made.one_time_password,
                back: format!("/admin/users/{}", made.user.username),
                ctx,
            };
            render(StatusCode::CREATED, &page)
        }
        Err(f) => {
            let errors = form_problems(f)?;
            let page = new_page(&state, ctx, &session.user, &posted, &errors.0).await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

/// The page of one user, with the problems of a form just posted.
pub async fn user_page(
    state: &AppState,
    ctx: PageCtx,
    session: &crate::session::CurrentSession,
    username: &str,
    posted: &HashMap<String, String>,
    errors: &[FieldError],
) -> Result<UserPage, AppError> {
    let op = operator(state, session);
    let purpose = "GET /admin/users/{username}";
    let (user, tokens) = op.account(username, purpose).await.map_err(not_a_form)?;
    let v = |name: &str, default: &str| posted.get(name).cloned().unwrap_or_else(|| default.to_owned());
    let mut all = vec![
        Field::text(
            "display_name",
            ctx.t("admin-display-name"),
            &v("display_name", &user.display_name),
            "govuk-!-width-one-half",
        ),
        Field::choose(
            "role",
            ctx.t("admin-role"),
            &v("role", user.role.code()),
            FieldKind::Radios,
            &roles(&ctx, &session.user),
        ),
        Field::text(
            "identity",
            ctx.t("admin-identity"),
            &v("identity", user.identity.as_ref().map_or("", |i| i.as_str())),
            "govuk-!-width-two-thirds",
        )
        .hint(ctx.t("admin-identity-hint")),
        Field::text("name", ctx.t("admin-token-name"), &v("name", ""), "govuk-!-width-one-half")
            .hint(ctx.t("admin-token-name-hint")),
        Field::text("expires_on", ctx.t("admin-token-expires"), &v("expires_on", ""), "govuk-input--width-10")
            .hint(ctx.t("admin-token-expires-hint")),
    ];
    // One summary for whichever of the page's two forms was posted.
    let summary = attach_errors(ctx.lang, &mut all, errors);
    let token_fields = all.split_off(3);
    let fields = all;
    let tokens = tokens
        .into_iter()
        .map(|t| TokenRow {
            id: t.id.to_string(),
            name: t.name,
            issued: ctx.time(&t.created_at),
            expires: t.expires_at.map_or_else(|| ctx.t("admin-token-never"), |e| ctx.time(&e)),
            live: !t.revoked && t.expires_at.is_none_or(|e| e > crate::clock::now()),
        })
        .collect();
    Ok(UserPage {
        username: user.username.to_string(),
        name: user.display_name.clone(),
        role: ctx.label("role", user.role.code()),
        disabled: user.disabled,
        fields,
        token_fields,
        errors: summary,
        tokens,
        ctx,
    })
}

#[tracing::instrument(skip_all)]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(username): Path<String>,
) -> Result<Response, AppError> {
    render(StatusCode::OK, &user_page(&state, ctx, &session, &username, &HashMap::new(), &[]).await?)
}

/// Changes the role, name or identity at the provider (`save`), or disables or enables the user
/// (`status`).
#[tracing::instrument(skip_all)]
pub async fn change(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(username): Path<String>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let v = |name: &str| posted.get(name).map(String::as_str);
    let change = match v("action") {
        Some("disable") => UserChange { disabled: Some(true), ..UserChange::default() },
        Some("enable") => UserChange { disabled: Some(false), ..UserChange::default() },
        _ => UserChange { role: v("role"), display_name: v("display_name"), disabled: None, identity: v("identity") },
    };
    match operator(&state, &session).change_user(&username, &change, "POST /admin/users/{username}").await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/users/{username}")).into_response()),
        Err(f) => {
            let errors = form_problems(f)?;
            let page = user_page(&state, ctx, &session, &username, &posted, &errors.0).await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

#[tracing::instrument(skip_all)]
pub async fn reset_password(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(username): Path<String>,
) -> Result<Response, AppError> {
    let purpose = "POST /admin/users/{username}/password-reset";
    let secret = operator(&state, &session).reset_password(&username, purpose).await.map_err(not_a_form)?;
    let page = SecretPage {
        title: ctx.t("admin-reset-done"),
        text: ctx.t1("admin-one-time-password", "username", &username),
        secret,
        back: format!("/admin/users/{username}"),
        ctx,
    };
    render(StatusCode::OK, &page)
}
