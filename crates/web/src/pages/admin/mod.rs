//! Administration pages: an agency's users and their API tokens, for its admin (every agency's
//! for the install's administrator); the install's agreements and each area's missing-episode
//! rules, for its administrator. Each form is `haven_app::admin`'s action, as the API's and
//! the command line's; a new password or token is shown once, on the page that made it.

mod agreements;
mod install;
mod places;
mod rules;
mod table;
mod tokens;
mod users;

use crate::error::AppError;
use crate::session::CurrentSession;
use crate::state::AppState;
use crate::views::{Field, FormPage, PageCtx, attach_errors};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use haven_app::Failure;
use haven_app::admin::Operator;
use haven_domain::{FieldError, Invalid};

/// The largest file of places the browser may send: 10,000 rows (`haven_app::places`' limit)
/// of a few hundred bytes each.
const PLACES_UPLOAD_LIMIT: usize = 8 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    let upload = DefaultBodyLimit::max(PLACES_UPLOAD_LIMIT);
    Router::new()
        .route("/admin/areas", get(install::areas))
        .route("/admin/areas/new", get(install::new_area).post(install::create_area))
        .route("/admin/agencies", get(install::agencies))
        .route("/admin/agencies/new", get(install::new_agency).post(install::create_agency))
        .route("/admin/agreements", get(agreements::list))
        .route("/admin/agreements/new", get(agreements::new_form).post(agreements::create))
        .route("/admin/locations", get(places::locations))
        .route("/admin/locations/new", get(places::new_location).post(places::create_location))
        .route("/admin/placements/new", get(places::new_placement).post(places::create_placement))
        .route("/admin/places/import", get(places::import_form).post(places::import).layer(upload))
        .route("/admin/areas/{code}/rules", get(rules::show).post(rules::save))
        .route("/admin/users", get(users::list))
        .route("/admin/users/new", get(users::new_form).post(users::create))
        .route("/admin/users/{username}", get(users::show).post(users::change))
        .route("/admin/users/{username}/password-reset", post(users::reset_password))
        .route("/admin/users/{username}/tokens", post(tokens::issue))
        .route("/admin/users/{username}/tokens/{id}/revoke", post(tokens::revoke))
}

fn operator<'a>(state: &'a AppState, session: &CurrentSession) -> Operator<'a> {
    Operator::user(state.store.as_ref(), &session.user)
}

/// A failure that is no form's to show: a user the admin may not manage is a page that does
/// not exist, as for a name no one has.
fn not_a_form(f: Failure) -> AppError {
    match f {
        Failure::Invalid(e) if e.0.iter().any(|p| p.field == "username" && p.code == "unknown-user") => {
            AppError::NotFound
        }
        Failure::Invalid(_) | Failure::Conflict => AppError::BadRequest,
        Failure::NotFound => AppError::NotFound,
        Failure::Forbidden(reason) => AppError::Forbidden(reason),
        Failure::Store(e) => e.into(),
    }
}

/// Splits a failure into the problems a form shows again, or an error page.
fn form_problems(f: Failure) -> Result<haven_domain::Invalid, AppError> {
    match f {
        Failure::Invalid(e) if !e.0.iter().any(|p| p.code == "unknown-user") => Ok(e),
        other => Err(not_a_form(other)),
    }
}

/// A create form's POST: on success the way to `next`; problems with the values, for the form
/// to show again; anything else an error page.
fn posted<T>(made: Result<T, Failure>, next: impl FnOnce(&T) -> String) -> Result<Result<Response, Invalid>, AppError> {
    match made {
        Ok(t) => Ok(Ok(Redirect::to(&next(&t)).into_response())),
        Err(f) => form_problems(f).map(Err),
    }
}

/// One of administration's forms, titled (and its button labelled) by `title_key`, with the
/// problems of a post attached to its fields.
fn form(
    ctx: PageCtx,
    title_key: &str,
    action: &str,
    back: &str,
    mut fields: Vec<Field>,
    errors: &[FieldError],
) -> FormPage {
    let errors = attach_errors(ctx.lang, &mut fields, errors);
    FormPage {
        title: ctx.t(title_key),
        button: ctx.t(&format!("{title_key}-button")),
        action: action.into(),
        back: back.into(),
        version: None,
        fields,
        errors,
        conflict: false,
        ctx,
    }
}

/// The select of the install's areas, "None" first, for a form's `area` field.
async fn area_select(
    state: &AppState,
    ctx: &PageCtx,
    session: &CurrentSession,
    value: &str,
) -> Result<Field, AppError> {
    let areas: Vec<(String, String)> = operator(state, session)
        .areas()
        .await
        .map_err(not_a_form)?
        .into_iter()
        .map(|a| (a.code.to_string(), a.name))
        .collect();
    let mut choices: Vec<(&str, String)> = vec![("", ctx.t("admin-no-area"))];
    choices.extend(areas.iter().map(|(c, n)| (c.as_str(), n.clone())));
    Ok(Field::choose("area", ctx.t("admin-area"), value, crate::views::FieldKind::Select, &choices))
}
