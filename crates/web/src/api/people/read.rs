//! `GET /api/v1/people/{id}`: a person's record, if the caller's agency may see it. The read is
//! audited in the same transaction; a refusal is audited too.

use super::PersonResponse;
use crate::AppState;
use crate::api::access::{PersonPath, caller};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use axum::Json;
use axum::extract::State;

const PURPOSE: &str = "GET /api/v1/people/{id}";

/// A person's record: details, aliases, the agencies that hold a record and the version.
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}",
    tag = "people",
    params(("id" = uuid::Uuid, Path, description = "The person's id")),
    responses(
        (status = 200, description = "The person", body = PersonResponse),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(person_id = %id))]
pub async fn get_person(
    State(state): State<AppState>,
    user: ApiUser,
    PersonPath(id): PersonPath,
) -> ApiResult<Json<PersonResponse>> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let (person, _) = caller.read_person(id, PURPOSE).await?;
    Ok(Json(PersonResponse::render(store, person).await?))
}
