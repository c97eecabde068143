//! `POST /api/v1/missing-episodes/{id}/return`: records that a missing child was found or came
//! back. It starts the return home interview's clock.

use super::access::EpisodePath;
use super::report::NOT_RECORDED;
use super::{EpisodeResponse, optional_time, text, time};
use crate::AppState;
use crate::api::access::{agency_codes, caller};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::State;
use haven_app::Written;
use haven_domain::missing::input::ReturnInput;
use serde::Deserialize;
use utoipa::ToSchema;

const PURPOSE: &str = "POST /api/v1/missing-episodes/{id}/return";

/// Found and returned. Only `returned_at` is required.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ReturnRequest {
    /// The `version` of the episode this was recorded from; when sent, a stale one is refused
    /// with 409.
    pub version: Option<i64>,
    /// When the child was found or came back, RFC 3339: not before they were last seen or
    /// reported, not in the future.
    #[schema(required = true, example = "2026-11-24T08:30:00Z")]
    pub returned_at: Option<String>,
    /// Where the child was found; `"not recorded"` when left out.
    #[schema(example = "A flat in Pontypridd")]
    pub found_where: Option<String>,
    /// By whom the child was found, or to whom they returned.
    pub found_by: Option<String>,
    pub with_whom: Option<String>,
    /// Injuries or harm seen.
    pub harm_seen: Option<String>,
    /// Whether the child disclosed anything.
    pub disclosed: Option<bool>,
    pub found_in_other_force_area: Option<bool>,
    /// When the police prevention interview (safe and well check) was held, RFC 3339.
    pub prevention_interview_at: Option<String>,
    pub prevention_interview_notes: Option<String>,
}

/// Records the return of a missing child.
#[utoipa::path(
    post,
    path = "/api/v1/missing-episodes/{id}/return",
    tag = "missing",
    params(("id" = uuid::Uuid, Path, description = "The episode's id")),
    request_body = ReturnRequest,
    responses(
        (status = 200, description = "The episode as returned, with its new version and `rhi_due_at`",
            body = EpisodeResponse),
        (status = 400, description = "Malformed id or JSON, an unknown field or a wrong type",
            body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such episode", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The episode changed since `version`; nothing written",
            body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body over 1 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused (returned before reported or last seen, in the future, \
            already returned); nothing written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(episode_id = %id))]
pub async fn record_return(
    State(state): State<AppState>,
    user: ApiUser,
    EpisodePath(id): EpisodePath,
    body: JsonBytes,
) -> ApiResult<Json<EpisodeResponse>> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let request: ReturnRequest = parse(&body.0)?;
    let input = ReturnInput {
        returned_at: time(request.returned_at.as_deref()),
        found_where: request.found_where.as_deref().unwrap_or(NOT_RECORDED),
        found_by: text(&request.found_by),
        with_whom: text(&request.with_whom),
        harm_seen: text(&request.harm_seen),
        disclosed: request.disclosed.unwrap_or(false),
        found_in_other_force_area: request.found_in_other_force_area.unwrap_or(false),
        prevention_interview_at: optional_time(request.prevention_interview_at.as_deref()),
        prevention_interview_notes: text(&request.prevention_interview_notes),
    };
    let Written { episode, view, rules } =
        caller.record_return(id, request.version, &input, state.install_rules(), PURPOSE).await?;
    Ok(Json(EpisodeResponse::new(episode, view, &agency_codes(store).await?, &rules)))
}
