//! `PATCH /api/v1/disruptions/{id}`: the recording agency changes a disruption's outcome.

use super::{DisruptionResponse, area_codes, text as t};
use crate::AppState;
use crate::api::access::{agency_codes, caller, uk_today};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use crate::api::markers::IdPath;
use axum::Json;
use axum::extract::State;
use haven_domain::disruption::OutcomeInput;
use haven_domain::ids::DisruptionId;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeRequest {
    /// The `version` of the disruption as read.
    #[serde(default)]
    pub version: Option<i64>,
    /// `ongoing`, `completed`, `breached`, `refused`, `withdrawn` or `no_further_action`.
    #[serde(default)]
    #[schema(required = true, example = "breached")]
    pub outcome: Option<String>,
    #[serde(default)]
    #[schema(example = "Seen with the child at the station on 1 December; arrested")]
    pub outcome_note: Option<String>,
}

/// Changes the outcome of a disruption the caller's agency recorded.
#[utoipa::path(
    patch,
    path = "/api/v1/disruptions/{id}",
    tag = "disruption",
    params(("id" = uuid::Uuid, Path, description = "The disruption's id")),
    request_body = OutcomeRequest,
    responses(
        (status = 200, description = "The disruption as changed", body = DisruptionResponse),
        (status = 400, description = "Malformed id or JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Another agency's disruption, or a role that may not",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such disruption", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The disruption changed since `version`",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused by field (`outcome: unknown-code`, `outcome: unchanged`); \
            nothing written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(disruption_id = %id.0))]
pub async fn update_outcome(
    State(state): State<AppState>,
    user: ApiUser,
    IdPath(id): IdPath<DisruptionId>,
    body: JsonBytes,
) -> ApiResult<Json<DisruptionResponse>> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let r: OutcomeRequest = parse(&body.0)?;
    let input = OutcomeInput { outcome: t(&r.outcome), outcome_note: t(&r.outcome_note) };
    caller.update_disruption_outcome(id, r.version, &input, "PATCH /api/v1/disruptions/{id}").await?;
    let row = caller.disruption(id, "PATCH /api/v1/disruptions/{id}").await?;
    let (codes, areas) = (agency_codes(store).await?, area_codes(store).await?);
    Ok(Json(DisruptionResponse::new(row, &codes, &areas, uk_today())))
}
