//! `GET /api/v1/markers/overdue`: open markers whose review date has passed, of every agency
//! that shares its markers with the caller's, the most overdue first.

use super::MarkerResponse;
use crate::AppState;
use crate::api::access::{agency_codes, caller, uk_today};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OverdueMarker {
    /// The person's name, or the place's name or address.
    pub subject: String,
    pub marker: MarkerResponse,
}

/// Markers whose review is overdue today.
#[utoipa::path(
    get,
    path = "/api/v1/markers/overdue",
    tag = "markers",
    responses(
        (status = 200, description = "Overdue markers the caller may see, most overdue first", body = [OverdueMarker]),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A role that does not see case records",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all)]
pub async fn overdue_markers(State(state): State<AppState>, user: ApiUser) -> ApiResult<Json<Vec<OverdueMarker>>> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let listed = caller.overdue_markers("GET /api/v1/markers/overdue").await?;
    let codes = agency_codes(store).await?;
    let today = uk_today();
    Ok(Json(
        listed
            .into_iter()
            .map(|row| OverdueMarker { subject: row.label, marker: MarkerResponse::new(row.marker, &codes, today) })
            .collect(),
    ))
}
