//! `GET /api/v1/missing-episodes/{id}`: an episode, cut to what the caller's agency may see.
//! The read is audited in the same transaction; a refusal is audited too.

use super::EpisodeResponse;
use super::access::EpisodePath;
use crate::AppState;
use crate::api::access::agency_codes;
use crate::api::access::caller;
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use axum::Json;
use axum::extract::State;

const PURPOSE: &str = "GET /api/v1/missing-episodes/{id}";

/// An episode: the report, every grading, notes, the return and the return home interview, as
/// far as the caller's agency may see them (`view`).
#[utoipa::path(
    get,
    path = "/api/v1/missing-episodes/{id}",
    tag = "missing",
    params(("id" = uuid::Uuid, Path, description = "The episode's id")),
    responses(
        (status = 200, description = "The episode, redacted to the caller's view", body = EpisodeResponse),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such episode", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(episode_id = %id))]
pub async fn get_episode(
    State(state): State<AppState>,
    user: ApiUser,
    EpisodePath(id): EpisodePath,
) -> ApiResult<Json<EpisodeResponse>> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let (episode, access) = caller.read_episode(id, PURPOSE).await?;
    let rules = state.rules_for(episode.area_id).await?;
    Ok(Json(EpisodeResponse::new(episode, access.view, &agency_codes(store).await?, &rules)))
}
