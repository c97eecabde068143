//! `GET` and `POST /api/v1/people/{id}/markers`: a person's warning markers as far as the
//! caller's agency sees them, and a new one.

use super::{MarkerRequest, MarkerResponse};
use crate::AppState;
use crate::api::access::{PersonPath, agency_codes, caller, uk_today};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

/// A person's markers, open and ended, newest start first, as far as the caller sees them.
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}/markers",
    tag = "markers",
    params(("id" = uuid::Uuid, Path, description = "The person's id")),
    responses(
        (status = 200, description = "The markers the caller may see", body = [MarkerResponse]),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(person_id = %id))]
pub async fn list_person_markers(
    State(state): State<AppState>,
    user: ApiUser,
    PersonPath(id): PersonPath,
) -> ApiResult<Json<Vec<MarkerResponse>>> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let found = caller.person_markers(id, "GET /api/v1/people/{id}/markers").await?;
    let codes = agency_codes(store).await?;
    let today = uk_today();
    Ok(Json(found.markers.into_iter().map(|m| MarkerResponse::new(m, &codes, today)).collect()))
}

/// Raises a marker on a person. On a child it is `pending` until a supervisor approves it.
#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/markers",
    tag = "markers",
    params(("id" = uuid::Uuid, Path, description = "The person's id")),
    request_body = MarkerRequest,
    responses(
        (status = 201, description = "The marker as raised", body = MarkerResponse),
        (status = 400, description = "Malformed id or JSON, an unknown field or a wrong type",
            body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused by field (`marker_type: under-age-of-criminal-responsibility`, \
            `review_on: review-more-than-12-months`…); nothing written",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(person_id = %id))]
pub async fn raise_person_marker(
    State(state): State<AppState>,
    user: ApiUser,
    PersonPath(id): PersonPath,
    body: JsonBytes,
) -> ApiResult<(StatusCode, Json<MarkerResponse>)> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let request: MarkerRequest = parse(&body.0)?;
    let m = caller.raise_person_marker(id, &request.form(), "POST /api/v1/people/{id}/markers").await?;
    Ok((StatusCode::CREATED, Json(MarkerResponse::new(m, &agency_codes(store).await?, uk_today()))))
}
