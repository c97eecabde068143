//! `POST /api/v1/missing-episodes/{id}/rhi`: records the return home interview of a returned
//! episode: held, declined or not possible (with its reason), and what the child said. The
//! provider records it without seeing the police's grading or intelligence.

use super::access::EpisodePath;
use super::{EpisodeResponse, optional_time, text, time};
use crate::AppState;
use crate::api::access::{agency_codes, caller};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::State;
use haven_app::Written;
use haven_domain::missing::input::RhiInput;
use serde::Deserialize;
use utoipa::ToSchema;

const PURPOSE: &str = "POST /api/v1/missing-episodes/{id}/rhi";

/// A return home interview. `outcome` and `held_at` are required; a declined or impossible
/// interview needs its `reason`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct RhiRequest {
    /// The `version` of the episode this was recorded from; when sent, a stale one is refused
    /// with 409.
    pub version: Option<i64>,
    /// `held`, `declined` or `not_possible`.
    #[schema(required = true, example = "held")]
    pub outcome: Option<String>,
    /// Why it was declined or not possible.
    pub reason: Option<String>,
    /// When it was held (or the offer refused), RFC 3339: after the return, not in the future.
    #[schema(required = true, example = "2026-11-25T16:00:00Z")]
    pub held_at: Option<String>,
    /// The code of the agency that held it; the caller's agency when left out.
    #[schema(example = "BARNARDOS-RHI")]
    pub held_by: Option<String>,
    /// Held face to face (only a held interview counts).
    pub in_person: Option<bool>,
    pub non_uniformed_officer_present: Option<bool>,
    /// Where the child was, and with whom.
    pub where_and_with_whom: Option<String>,
    pub push_factors: Option<String>,
    pub pull_factors: Option<String>,
    pub disclosures: Option<String>,
    pub harm: Option<String>,
    pub exploitation_indicators: Option<String>,
    /// What the child wants, in their words.
    pub child_wants: Option<String>,
    /// When what was learnt was shared back, RFC 3339.
    pub information_shared_at: Option<String>,
    pub follow_up_actions: Option<String>,
    /// Who offered the interview (name and role): required.
    #[schema(required = true, example = "Sam Price, Pathways return interview worker")]
    pub offered_by: Option<String>,
    /// Whether the interviewer was independent of the child's care and of the police:
    /// required when `held`.
    pub interviewer_independent: Option<bool>,
    /// The child's consent to share what they said: `given`, `refused` or `not_asked`;
    /// required when `held`.
    #[schema(example = "given")]
    pub consent_to_share: Option<String>,
}

/// Records the return home interview of a returned episode.
#[utoipa::path(
    post,
    path = "/api/v1/missing-episodes/{id}/rhi",
    tag = "missing",
    params(("id" = uuid::Uuid, Path, description = "The episode's id")),
    request_body = RhiRequest,
    responses(
        (status = 200, description = "The episode with its RHI and new version, redacted to the caller's view",
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
        (status = 422, description = "Values refused (the child has not returned, held before the return, \
            a refusal without its reason, an RHI already recorded); nothing written",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(episode_id = %id))]
pub async fn record_rhi(
    State(state): State<AppState>,
    user: ApiUser,
    EpisodePath(id): EpisodePath,
    body: JsonBytes,
) -> ApiResult<Json<EpisodeResponse>> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let request: RhiRequest = parse(&body.0)?;
    let input = RhiInput {
        outcome: text(&request.outcome),
        offered_by: text(&request.offered_by),
        interviewer_independent: request.interviewer_independent,
        consent_to_share: text(&request.consent_to_share),
        reason: text(&request.reason),
        held_at: time(request.held_at.as_deref()),
        held_by: None,
        in_person: request.in_person.unwrap_or(false),
        non_uniformed_officer_present: request.non_uniformed_officer_present.unwrap_or(false),
        where_and_with_whom: text(&request.where_and_with_whom),
        push_factors: text(&request.push_factors),
        pull_factors: text(&request.pull_factors),
        disclosures: text(&request.disclosures),
        harm: text(&request.harm),
        exploitation_indicators: text(&request.exploitation_indicators),
        child_wants: text(&request.child_wants),
        information_shared_at: optional_time(request.information_shared_at.as_deref()),
        follow_up_actions: text(&request.follow_up_actions),
    };
    let held_by = request.held_by.as_deref();
    let Written { episode, view, rules } =
        caller.record_rhi(id, request.version, &input, held_by, state.install_rules(), PURPOSE).await?;
    Ok(Json(EpisodeResponse::new(episode, view, &agency_codes(store).await?, &rules)))
}
