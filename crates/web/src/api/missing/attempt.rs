//! `POST /api/v1/missing-episodes/{id}/rhi-attempts`: a step towards the return home interview
//! (the case allocated to a worker, a call, a visit, a message, a letter), by those who may
//! record the interview, while it is owed.

use super::access::EpisodePath;
use super::{text, time};
use crate::AppState;
use crate::api::access::caller;
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use haven_domain::missing::input::AttemptInput;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

const PURPOSE: &str = "POST /api/v1/missing-episodes/{id}/rhi-attempts";

/// A step towards the interview.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct AttemptRequest {
    /// `allocated`, `phone`, `visit`, `message` or `letter`.
    #[schema(required = true, example = "phone")]
    pub step: Option<String>,
    /// When, RFC 3339: after the return, not in the future.
    #[schema(required = true, example = "2026-11-24T10:00:00Z")]
    pub at: Option<String>,
    /// The worker allocated, or who tried (name and role).
    #[schema(required = true, example = "Sam Price, return interview worker")]
    pub worker: Option<String>,
    /// What happened.
    #[schema(example = "No answer; voicemail left")]
    pub note: Option<String>,
}

/// The step as recorded, with the episode's new version.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AttemptResponse {
    pub episode_id: Uuid,
    pub version: i64,
    pub step: String,
    pub at: DateTime<Utc>,
    pub worker: String,
    pub note: String,
    pub recorded_by: Option<Uuid>,
    pub recorded_at: DateTime<Utc>,
}

/// Records a step towards the return home interview of a returned episode.
#[utoipa::path(
    post,
    path = "/api/v1/missing-episodes/{id}/rhi-attempts",
    tag = "missing",
    params(("id" = uuid::Uuid, Path, description = "The episode's id")),
    request_body = AttemptRequest,
    responses(
        (status = 201, description = "Recorded", body = AttemptResponse),
        (status = 400, description = "Malformed id or JSON, an unknown field or a wrong type",
            body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such episode", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The interview was recorded meanwhile; nothing written",
            body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body over 1 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused (the child has not returned, a time before the return or \
            in the future, no worker, an unknown step, the interview already recorded); nothing written",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(episode_id = %id))]
pub async fn add_attempt(
    State(state): State<AppState>,
    user: ApiUser,
    EpisodePath(id): EpisodePath,
    body: JsonBytes,
) -> ApiResult<Response> {
    let caller = caller(state.store.as_ref(), &user).await?;
    let request: AttemptRequest = parse(&body.0)?;
    let input = AttemptInput {
        step: text(&request.step),
        at: time(request.at.as_deref()),
        worker: text(&request.worker),
        note: text(&request.note),
    };
    let (written, a) = caller.log_rhi_attempt(id, &input, state.install_rules(), PURPOSE).await?;
    let body = AttemptResponse {
        episode_id: id.0,
        version: written.episode.version,
        step: a.step.code().to_owned(),
        at: a.at,
        worker: a.worker,
        note: a.note,
        recorded_by: a.recorded_by.map(|u| u.0),
        recorded_at: a.recorded_at,
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}
