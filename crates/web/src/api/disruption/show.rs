//! `GET /api/v1/disruptions/{id}`: one disruption, if the caller's agency sees it.

use super::{DisruptionResponse, area_codes};
use crate::AppState;
use crate::api::access::{agency_codes, caller, uk_today};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use crate::api::markers::IdPath;
use axum::Json;
use axum::extract::State;
use haven_domain::ids::DisruptionId;

/// One disruption.
#[utoipa::path(
    get,
    path = "/api/v1/disruptions/{id}",
    tag = "disruption",
    params(("id" = uuid::Uuid, Path, description = "The disruption's id")),
    responses(
        (status = 200, description = "The disruption", body = DisruptionResponse),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's role may not read disruption",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such disruption, or one not shared with the caller",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(disruption_id = %id.0))]
pub async fn show_disruption(
    State(state): State<AppState>,
    user: ApiUser,
    IdPath(id): IdPath<DisruptionId>,
) -> ApiResult<Json<DisruptionResponse>> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let row = caller.disruption(id, "GET /api/v1/disruptions/{id}").await?;
    let (codes, areas) = (agency_codes(store).await?, area_codes(store).await?);
    Ok(Json(DisruptionResponse::new(row, &codes, &areas, uk_today())))
}
