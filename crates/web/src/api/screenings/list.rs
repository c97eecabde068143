//! `GET /api/v1/people/{id}/screenings`: a child's screenings that the caller may see.

use super::ScreeningResponse;
use crate::AppState;
use crate::api::access::{PersonPath, caller};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use axum::Json;
use axum::extract::State;

const PURPOSE: &str = "GET /api/v1/people/{id}/screenings";

/// A child's screenings, newest first: their own agency's, and partners' where an agreement
/// shares `exploitation_screening` with the caller's (audited).
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}/screenings",
    tag = "screening",
    params(("id" = uuid::Uuid, Path, description = "The child's id")),
    responses(
        (status = 200, description = "The screenings the caller may see", body = Vec<ScreeningResponse>),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(person_id = %id))]
pub async fn list_screenings(
    State(state): State<AppState>,
    user: ApiUser,
    PersonPath(id): PersonPath,
) -> ApiResult<Json<Vec<ScreeningResponse>>> {
    let caller = caller(state.store.as_ref(), &user).await?;
    let (screenings, _) = caller.child_screenings(id, PURPOSE).await?;
    let tools = &state.config.screening_tools;
    Ok(Json(screenings.into_iter().map(|s| ScreeningResponse::new(s, tools)).collect()))
}
