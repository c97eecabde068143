//! `GET /api/v1/audit/agency`: what the users of the admin's own agency did, newest first — to
//! investigate misuse without reading any record. An admin never sees another agency's users'
//! events. Reading the trail is itself audited.

use super::list::AuditEventResponse;
use crate::AppState;
use crate::api::access::{agency_codes, caller};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiError, ApiResult, Problem};
use crate::api::query::QueryParams;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

const PURPOSE: &str = "GET /api/v1/audit/agency";
const DEFAULT_LIMIT: u32 = 200;
const MAX_LIMIT: u32 = 1000;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "documents the parameters; QueryParams reads them")]
pub struct AgencyAuditParams {
    /// How many events, newest first (default 200).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AgencyTrailResponse {
    /// The agency's code.
    pub agency: String,
    /// Newest first.
    pub events: Vec<AuditEventResponse>,
}

/// What the users of the caller's agency did.
#[utoipa::path(
    get,
    path = "/api/v1/audit/agency",
    tag = "audit",
    params(AgencyAuditParams),
    responses(
        (status = 200, description = "The agency's trail, newest first", body = AgencyTrailResponse),
        (status = 400, description = "An unknown parameter or a limit out of range",
            body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all)]
pub async fn agency_audit(
    State(state): State<AppState>,
    user: ApiUser,
    params: QueryParams,
) -> ApiResult<Json<AgencyTrailResponse>> {
    params.only(&["limit"])?;
    let mut problems = Vec::new();
    let limit = params.limit(DEFAULT_LIMIT, MAX_LIMIT, &mut problems);
    if !problems.is_empty() {
        return Err(ApiError::BadRequest(problems));
    }
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let events = caller.agency_trail(limit, PURPOSE).await?;
    let codes = agency_codes(store).await?;
    let agency = codes.get(&caller.sharing().agency()).map(|c| c.as_str().to_owned()).unwrap_or_default();
    let events = events.into_iter().map(|e| AuditEventResponse::new(e, &codes)).collect();
    Ok(Json(AgencyTrailResponse { agency, events }))
}
