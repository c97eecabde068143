//! Who may do what to a child's episodes: `haven_app` decides (the owner's sharing, the caller's
//! kind of agency and role) and audits refusals; here only the API's own ids and events.

use crate::api::auth::ApiUser;
use crate::api::error::{ApiError, ApiResult};
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use haven_app::{Caller, EpisodeAccess, PersonAccess};
use haven_domain::audit::{AuditAction, AuditEvent, SubjectKind};
use haven_domain::ids::{EpisodeId, PersonId};
use haven_domain::policy::Action;

/// Decides `action` on a child's episodes as a whole (the summary, a new report).
pub async fn authorise_child(
    caller: &Caller<'_>,
    person: PersonId,
    action: Action,
    purpose: &str,
) -> ApiResult<PersonAccess> {
    Ok(caller.child(person, action, purpose).await?)
}

/// Decides `action` on one episode: `NotFound` for an unknown episode and for one the caller
/// may not see.
pub async fn authorise_episode(
    caller: &Caller<'_>,
    id: EpisodeId,
    action: Action,
    purpose: &str,
) -> ApiResult<EpisodeAccess> {
    Ok(caller.episode(id, action, purpose).await?)
}

/// An audit event about an episode, on its child's trail.
pub fn episode_event(
    user: &ApiUser,
    action: AuditAction,
    purpose: &str,
    person: PersonId,
    id: EpisodeId,
) -> AuditEvent {
    user.event(action, purpose).person(person).subject(SubjectKind::Episode, id.0)
}

/// The `{id}` of an episode's path, parsed; a malformed id is `{field: "id", code: "not-an-id"}`.
#[derive(Debug, Clone, Copy)]
pub struct EpisodePath(pub EpisodeId);

impl<S: Send + Sync> FromRequestParts<S> for EpisodePath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::bad_field("id", "not-an-id"))?;
        raw.parse::<EpisodeId>().map(Self).map_err(|code| ApiError::bad_field("id", code))
    }
}
