//! What every action shares: today's date, the access decision for a person (through
//! `haven_domain::policy::can`, the one policy function), and the auditing of refusals.

use super::auth::ApiUser;
use super::error::{ApiError, ApiResult};
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use haven_domain::agency::AgencyCode;
use haven_domain::audit::AuditAction;
use haven_domain::ids::{AgencyId, PersonId};
use haven_domain::policy::{Action, Decision, Target, can};
use haven_domain::sharing;
use haven_store::Store;
use std::collections::HashMap;

pub use crate::clock::{now, uk_today};

/// Every agency's code by id, to show agencies as their codes.
pub async fn agency_codes(store: &dyn Store) -> ApiResult<HashMap<AgencyId, AgencyCode>> {
    Ok(store.agencies().await?.into_iter().map(|a| (a.id, a.code)).collect())
}

/// The agencies whose records the caller's agency may see today.
pub async fn partners(store: &dyn Store, user: &ApiUser) -> ApiResult<Vec<AgencyId>> {
    Ok(sharing::partners(user.actor().agency_id, &store.agreements().await?, uk_today()))
}

/// Parses a person id from the path or a query parameter, naming `field` when it is malformed.
pub fn person_id(raw: &str, field: &str) -> ApiResult<PersonId> {
    raw.parse::<PersonId>().map_err(|code| ApiError::bad_field(field, code))
}

/// Refuses a request that is not for the caller's role at all (a search, a new record).
pub fn authorise_service(user: &ApiUser, action: Action) -> ApiResult<()> {
    match can(&user.actor(), action, Target::Service) {
        Decision::Allow => Ok(()),
        Decision::Deny(reason) => {
            tracing::info!(?action, reason, "api request refused by policy");
            Err(ApiError::Forbidden(reason))
        }
    }
}

/// Decides `action` on a person: `NotFound` for an unknown person, `Forbidden` when the policy
/// says no. A refusal is audited on the person's trail (`audit_action`, purpose, `denied:
/// <reason>`), so that attempts to look are seen as well as looks.
pub async fn authorise_person(
    store: &dyn Store,
    user: &ApiUser,
    id: PersonId,
    action: Action,
    audit_action: AuditAction,
    purpose: &str,
) -> ApiResult<()> {
    let holders = store.person_holders(id).await?;
    let partners = partners(store, user).await?;
    match can(&user.actor(), action, Target::Person { holders: &holders, partners: &partners }) {
        Decision::Allow => Ok(()),
        Decision::Deny(reason) => {
            let event = user.event(audit_action, purpose).person(id).detail(format!("denied: {reason}"));
            if let Err(e) = store.append_audit(&event).await {
                // The refusal stands whether or not it could be recorded.
                tracing::error!(error = %e, "could not audit a refused request");
            }
            tracing::info!(?action, reason, "api request refused by policy");
            Err(ApiError::Forbidden(reason))
        }
    }
}

/// The `{id}` of a person's path, parsed; a malformed id is `{field: "id", code: "not-an-id"}`.
#[derive(Debug, Clone, Copy)]
pub struct PersonPath(pub PersonId);

impl<S: Send + Sync> FromRequestParts<S> for PersonPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::bad_field("id", "not-an-id"))?;
        person_id(&raw, "id").map(Self)
    }
}
