//! People: `/people` (search), `/people/new` (add), `/people/{id}` (view) and
//! `/people/{id}/edit` (change). Every read of a person goes through the access policy first,
//! and is audited by the store.

mod audit;
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
use chrono::Utc;
use haven_domain::audit::{AuditAction, AuditEvent};
use haven_domain::ids::{AgencyId, PersonId};
use haven_domain::policy::{Action, Decision, Target, can};
use haven_domain::sharing::partners;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/people", get(search::search))
        .route("/people/new", get(new::show).post(create::create))
        .route("/people/{id}", get(show::show))
        .route("/people/{id}/edit", get(edit::show).post(update::update))
        .route("/people/{id}/audit", get(audit::show))
}

/// The agencies whose records the user's agency may see today.
pub async fn visible_to(state: &AppState, session: &CurrentSession) -> Result<Vec<AgencyId>, AppError> {
    let agreements = state.store.agreements().await?;
    Ok(partners(session.user.agency_id, &agreements, super::today_uk()))
}

/// A person id from the path; anything that is not an id is a page that does not exist.
pub fn parse_id(raw: &str) -> Result<PersonId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// Decides `action` on person `id` for the signed-in user. A refusal is audited (who tried to
/// reach which record, and why they could not) and becomes a 403; an unknown person a 404.
pub async fn authorise(
    state: &AppState,
    session: &CurrentSession,
    id: PersonId,
    action: Action,
    purpose: &str,
) -> Result<(Vec<AgencyId>, Vec<AgencyId>), AppError> {
    let actor = session.actor();
    // Ids are random (UUID v7), so a 404 for an unknown id tells a user nothing useful.
    let holders = state.store.person_holders(id).await?;
    let partners = visible_to(state, session).await?;
    match can(&actor, action, Target::Person { holders: &holders, partners: &partners }) {
        Decision::Allow => Ok((holders, partners)),
        Decision::Deny(reason) => {
            let event =
                AuditEvent::by(actor, session.user.username.as_str(), audit_action(action), purpose, Utc::now())
                    .person(id)
                    .detail(format!("denied:{reason}"));
            state.store.append_audit(&event).await?;
            Err(AppError::Forbidden(reason))
        }
    }
}

fn audit_action(action: Action) -> AuditAction {
    match action {
        Action::EditPerson => AuditAction::PersonUpdate,
        Action::ViewPersonAudit => AuditAction::AuditView,
        _ => AuditAction::PersonView,
    }
}
