//! `GET` and `POST /api/v1/locations/{id}/markers`: a place's warning markers as far as the
//! caller's agency sees them (a partner's only under a grant about the whole cohort), and a new
//! one (a cuckooed address, a place of concern).

use super::{IdPath, MarkerRequest, MarkerResponse};
use crate::AppState;
use crate::api::access::{agency_codes, caller, uk_today};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use haven_domain::ids::LocationId;

/// A place's markers, open and ended, newest start first, as far as the caller sees them.
#[utoipa::path(
    get,
    path = "/api/v1/locations/{id}/markers",
    tag = "markers",
    params(("id" = uuid::Uuid, Path, description = "The location's id")),
    responses(
        (status = 200, description = "The markers the caller may see", body = [MarkerResponse]),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such location", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(location_id = %id.0))]
pub async fn list_location_markers(
    State(state): State<AppState>,
    user: ApiUser,
    IdPath(id): IdPath<LocationId>,
) -> ApiResult<Json<Vec<MarkerResponse>>> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let (_, markers) = caller.location_markers(id, "GET /api/v1/locations/{id}/markers").await?;
    let codes = agency_codes(store).await?;
    let today = uk_today();
    Ok(Json(markers.into_iter().map(|m| MarkerResponse::new(m, &codes, today)).collect()))
}

/// Raises a marker on a place.
#[utoipa::path(
    post,
    path = "/api/v1/locations/{id}/markers",
    tag = "markers",
    params(("id" = uuid::Uuid, Path, description = "The location's id")),
    request_body = MarkerRequest,
    responses(
        (status = 201, description = "The marker as raised", body = MarkerResponse),
        (status = 400, description = "Malformed id or JSON, an unknown field or a wrong type",
            body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such location", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused by field; nothing written",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(location_id = %id.0))]
pub async fn raise_location_marker(
    State(state): State<AppState>,
    user: ApiUser,
    IdPath(id): IdPath<LocationId>,
    body: JsonBytes,
) -> ApiResult<(StatusCode, Json<MarkerResponse>)> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let request: MarkerRequest = parse(&body.0)?;
    let m = caller.raise_location_marker(id, &request.form(), "POST /api/v1/locations/{id}/markers").await?;
    Ok((StatusCode::CREATED, Json(MarkerResponse::new(m, &agency_codes(store).await?, uk_today()))))
}
