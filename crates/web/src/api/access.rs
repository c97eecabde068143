//! What every action shares: the caller (through `haven_app`, where every adapter meets the one
//! policy function and refusals are audited) and the parsing of ids.

use super::auth::ApiUser;
use super::error::{ApiError, ApiResult};
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use haven_app::Caller;
use haven_domain::agency::AgencyCode;
use haven_domain::ids::{AgencyId, PersonId};
use haven_store::Store;
use std::collections::HashMap;

pub use crate::clock::{now, uk_today};

/// Every agency's code by id, to show agencies as their codes.
pub async fn agency_codes(store: &dyn Store) -> ApiResult<HashMap<AgencyId, AgencyCode>> {
    Ok(store.agencies().await?.into_iter().map(|a| (a.id, a.code)).collect())
}

/// The caller with what their agency may see today.
pub async fn caller<'a>(store: &'a dyn Store, user: &'a ApiUser) -> ApiResult<Caller<'a>> {
    Ok(Caller::load(store, &user.0).await?)
}

/// Parses a person id from the path or a query parameter, naming `field` when it is malformed.
pub fn person_id(raw: &str, field: &str) -> ApiResult<PersonId> {
    raw.parse::<PersonId>().map_err(|code| ApiError::bad_field(field, code))
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
