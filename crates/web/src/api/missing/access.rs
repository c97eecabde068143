//! Who may do what to a child's episodes, through `haven_domain::policy::can`: the caller's
//! [`EpisodeView`] comes from their agency's kind, need to know from the agencies holding a
//! record of the child and the agreements in force. A refusal is audited on the child's trail.

use crate::api::access::partners;
use crate::api::auth::ApiUser;
use crate::api::error::{ApiError, ApiResult};
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use haven_domain::audit::{AuditAction, AuditEvent, SubjectKind};
use haven_domain::ids::{AgencyId, EpisodeId, PersonId};
use haven_domain::missing::EpisodeView;
use haven_domain::policy::{Action, Decision, Target, can};
use haven_store::{Store, StoreError};

/// What the caller's agency sees of an episode, by its kind (`None`: no episodes at all).
pub async fn caller_view(store: &dyn Store, user: &ApiUser) -> ApiResult<Option<EpisodeView>> {
    let agency = store.agency(user.actor().agency_id).await?;
    Ok(agency.and_then(|a| EpisodeView::for_agency(a.kind)))
}

/// Whether the caller could do `action` to an episode of a child their own agency holds: their
/// role and their agency's kind, decided before a body is read, so that a caller who may not
/// report learns nothing from how their body would be refused.
pub async fn authorise_kind(store: &dyn Store, user: &ApiUser, action: Action) -> ApiResult<()> {
    let view = caller_view(store, user).await?;
    let own = [user.actor().agency_id];
    match can(&user.actor(), action, Target::Episode { holders: &own, partners: &own, view }) {
        Decision::Allow => Ok(()),
        Decision::Deny(reason) => {
            tracing::info!(?action, reason, "api request refused by policy");
            Err(ApiError::Forbidden(reason))
        }
    }
}

/// The agencies holding a record of `person`, or `None` when there is no such person.
pub async fn holders(store: &dyn Store, person: PersonId) -> ApiResult<Option<Vec<AgencyId>>> {
    match store.person_holders(person).await {
        Ok(holders) => Ok(Some(holders)),
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Decides `action` on the episodes of a child held by `holders`; the caller's view when
/// allowed. A refusal is audited as `refused` with `denied: <reason>`.
pub async fn decide(
    store: &dyn Store,
    user: &ApiUser,
    holders: &[AgencyId],
    action: Action,
    refused: AuditEvent,
) -> ApiResult<EpisodeView> {
    let view = caller_view(store, user).await?;
    let partners = partners(store, user).await?;
    match (can(&user.actor(), action, Target::Episode { holders, partners: &partners, view }), view) {
        (Decision::Allow, Some(view)) => Ok(view),
        // The policy allows nothing without a view; refuse rather than guess should it change.
        (Decision::Allow, None) => Err(ApiError::Forbidden("agency-not-permitted")),
        (Decision::Deny(reason), _) => {
            if let Err(e) = store.append_audit(&refused.detail(format!("denied: {reason}"))).await {
                // The refusal stands whether or not it could be recorded.
                tracing::error!(error = %e, "could not audit a refused request");
            }
            tracing::info!(?action, reason, "api request refused by policy");
            Err(ApiError::Forbidden(reason))
        }
    }
}

/// Decides `action` on a child's episodes as a whole (the summary): `NotFound` for an unknown
/// person.
pub async fn authorise_person_episodes(
    store: &dyn Store,
    user: &ApiUser,
    person: PersonId,
    action: Action,
    audit_action: AuditAction,
    purpose: &str,
) -> ApiResult<EpisodeView> {
    let holders = holders(store, person).await?.ok_or(ApiError::NotFound)?;
    decide(store, user, &holders, action, user.event(audit_action, purpose).person(person)).await
}

/// Decides `action` on one episode: `NotFound` for an unknown episode. Returns the child the
/// episode is about and the caller's view.
pub async fn authorise_episode(
    store: &dyn Store,
    user: &ApiUser,
    id: EpisodeId,
    action: Action,
    audit_action: AuditAction,
    purpose: &str,
) -> ApiResult<(PersonId, EpisodeView)> {
    let person = store.episode_person(id).await?.ok_or(ApiError::NotFound)?;
    let holders = holders(store, person).await?.ok_or(ApiError::NotFound)?;
    let refused = episode_event(user, audit_action, purpose, person, id);
    Ok((person, decide(store, user, &holders, action, refused).await?))
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
