//! `POST /api/v1/missing-episodes/{id}/grade`: regrades an open episode. Every grading is kept
//! with who, when and why; the body names the version it was made from.

use super::access::EpisodePath;
use super::{EpisodeResponse, text};
use crate::AppState;
use crate::api::access::{agency_codes, caller};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::State;
use haven_app::Written;
use haven_domain::missing::episode::GradingInput;
use serde::Deserialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

const PURPOSE: &str = "POST /api/v1/missing-episodes/{id}/grade";

/// A new grade for an open episode.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegradeRequest {
    /// The `version` of the episode the grade was decided on.
    pub version: i64,
    /// `high`, `medium` or `low` (`naira` only where the force has switched it on).
    #[serde(default)]
    #[schema(required = true, example = "medium")]
    pub risk_grade: Option<String>,
    /// Why: required for every grading.
    #[serde(default)]
    #[schema(required = true, example = "Seen on CCTV with her sister; no longer with the older male")]
    pub risk_rationale: Option<String>,
    /// Risk questionnaire answers: question code → `yes`, `no` or `not_known`.
    #[serde(default)]
    pub answers: Option<BTreeMap<String, String>>,
    /// With `naira` for a child with exploitation concerns or a repeat-missing flag: why
    /// deferring the response is safe (required then); ignored with other grades.
    #[serde(default)]
    pub naira_reason: Option<String>,
}

/// Regrades an open episode if it is still at `version`.
#[utoipa::path(
    post,
    path = "/api/v1/missing-episodes/{id}/grade",
    tag = "missing",
    params(("id" = uuid::Uuid, Path, description = "The episode's id")),
    request_body = RegradeRequest,
    responses(
        (status = 200, description = "The episode as regraded, with its new version", body = EpisodeResponse),
        (status = 400, description = "Malformed id or JSON, an unknown field or a wrong type",
            body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such episode", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The episode changed since `version`; nothing written",
            body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body over 1 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused (a grade without rationale, a returned episode, NAIRA \
            without its reason for a child with concerns); \
            nothing written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(episode_id = %id))]
pub async fn regrade_episode(
    State(state): State<AppState>,
    user: ApiUser,
    EpisodePath(id): EpisodePath,
    body: JsonBytes,
) -> ApiResult<Json<EpisodeResponse>> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let request: RegradeRequest = parse(&body.0)?;
    let answers: Vec<(String, String)> = request.answers.clone().unwrap_or_default().into_iter().collect();
    let input = GradingInput {
        grade: text(&request.risk_grade),
        rationale: text(&request.risk_rationale),
        answers: &answers,
        naira_reason: text(&request.naira_reason),
    };
    let Written { episode, view, rules } =
        caller.regrade(id, request.version, &input, state.install_rules(), PURPOSE).await?;
    Ok(Json(EpisodeResponse::new(episode, view, &agency_codes(store).await?, &rules)))
}
