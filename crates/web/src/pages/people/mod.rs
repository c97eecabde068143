//! People: `/people` (search), `/people/new` (add), `/people/{id}` (view) and
//! `/people/{id}/edit` (change). Every read of a person goes through the access policy first,
//! and is audited by the store.

pub mod audit;
mod create;
mod edit;
mod form;
mod new;
mod search;
mod show;
mod update;

pub use form::normalise_date;

use crate::error::AppError;
use crate::session::CurrentSession;
use crate::state::AppState;
use axum::Router;
use axum::routing::get;
use haven_app::{Caller, PersonAccess};
use haven_domain::ids::PersonId;
use haven_domain::policy::Action;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/people", get(search::search))
        .route("/people/new", get(new::show).post(create::create))
        .route("/people/{id}", get(show::show))
        .route("/people/{id}/edit", get(edit::show).post(update::update))
        .route("/people/{id}/audit", get(audit::show))
}

/// The signed-in user with what their agency may see today.
pub async fn caller<'a>(state: &'a AppState, session: &'a CurrentSession) -> Result<Caller<'a>, AppError> {
    Ok(Caller::load(state.store.as_ref(), &session.user).await?)
}

/// A person id from the path; anything that is not an id is a page that does not exist.
pub fn parse_id(raw: &str) -> Result<PersonId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// Decides `action` on person `id` for the signed-in user: an unknown person and one the user
/// may not see are both a page that does not exist (the second audited).
pub async fn authorise(
    caller: &Caller<'_>,
    id: PersonId,
    action: Action,
    purpose: &str,
) -> Result<PersonAccess, AppError> {
    Ok(caller.person(id, action, purpose).await?)
}
