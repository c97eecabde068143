//! One child across agencies: the review queue of possible links that an import could not
//! decide (`/link/reviews`), each shown side by side with every field's part in the match, and
//! the agencies' own records of a person (`/people/{id}/source-records`) with unlink. Linking,
//! rejecting and unlinking are edits of the people concerned: the policy decides them as such,
//! and every one is audited and can be undone (a source record is never deleted).

mod records;
mod reviews;
mod waterfall;

use crate::error::AppError;
use crate::session::CurrentSession;
use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};
use haven_app::Caller;
use haven_domain::ids::PersonId;
use haven_domain::policy::{Action, Target};
use haven_store::LinkReview;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/link/reviews", get(reviews::list))
        .route("/link/reviews/{id}", get(reviews::show).post(reviews::decide))
        .route("/people/{id}/source-records", get(records::list))
        .route("/source-records/{id}/unlink", post(records::unlink))
        .route("/source-records/{id}/link", post(records::link))
}

/// Whether the user may change `person`'s record (and so move agencies' records to or from it).
pub async fn may_edit(caller: &Caller<'_>, person: PersonId) -> Result<bool, AppError> {
    let holders = caller.store().person_holders(person).await?;
    Ok(caller.may(Action::EditPerson, Target::Person { holders: &holders, sharing: caller.sharing() }))
}

/// Whether the user may change every person a review concerns: the candidate, and the person
/// the agency's record belongs to now.
pub async fn may_edit_both(caller: &Caller<'_>, r: &LinkReview) -> Result<Option<PersonId>, AppError> {
    for person in std::iter::once(r.candidate.id).chain(r.source.person_id) {
        if !may_edit(caller, person).await? {
            return Ok(Some(person));
        }
    }
    Ok(None)
}

/// Refuses a user whose role may not change records at all.
pub fn may_change_records(session: &CurrentSession) -> Result<(), AppError> {
    Ok(haven_app::for_role(&session.actor(), Action::CreatePerson)?)
}
