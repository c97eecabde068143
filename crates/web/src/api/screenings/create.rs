//! `POST /api/v1/people/{id}/screenings`: screens a child for exploitation.

use super::{AnswerBody, ScreeningResponse};
use crate::AppState;
use crate::api::access::{PersonPath, caller};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiError, ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use haven_domain::screening::ScreeningInput;
use serde::Deserialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

const PURPOSE: &str = "POST /api/v1/people/{id}/screenings";

/// A screening: the answers, and the practitioner's tier when it differs from the tool's.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ScreeningRequest {
    /// The tool version answered; the version in force when left out. A retired version is
    /// refused (`retired-tool-version`).
    pub tool_version: Option<u32>,
    /// Indicator code → answer. At least one answered `present` or `absent`; an unknown code
    /// is `unknown-indicator`.
    #[schema(required = true)]
    pub answers: BTreeMap<String, AnswerBody>,
    /// The practitioner's professional judgement: `green`, `amber` or `red`; the tool's tier
    /// when left out. Lower than the tool's needs a `reason` (`lowered-without-reason`).
    #[schema(example = "red")]
    pub tier: Option<String>,
    /// Why the tier differs from the tool's.
    pub reason: Option<String>,
}

/// Screens a child: practitioners and supervisors of an agency that sees the child.
#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/screenings",
    tag = "screening",
    params(("id" = uuid::Uuid, Path, description = "The child's id")),
    request_body = ScreeningRequest,
    responses(
        (status = 201, description = "Screened: the score, tier, reasons and what is due",
            body = ScreeningResponse,
            headers(("Location" = String, description = "`/api/v1/people/{id}/screenings`"))),
        (status = 400, description = "Malformed JSON, an unknown field or a wrong type",
            body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused (an unknown indicator or answer, a retired tool version, \
            a tier lowered without a reason); nothing written",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(person_id = %id))]
pub async fn screen_child(
    State(state): State<AppState>,
    user: ApiUser,
    PersonPath(id): PersonPath,
    body: JsonBytes,
) -> ApiResult<Response> {
    let caller = caller(state.store.as_ref(), &user).await?;
    let request: ScreeningRequest = parse(&body.0)?;
    let input = ScreeningInput {
        tool_version: request.tool_version,
        answers: request.answers.iter().map(|(code, a)| (code.as_str(), a.answer.as_str(), a.note.as_str())).collect(),
        tier: request.tier.as_deref(),
        reason: request.reason.as_deref().unwrap_or(""),
    };
    let tools = &state.config.screening_tools;
    let screened = caller.screen_child(id, &input, tools, PURPOSE).await?;
    let location = HeaderValue::try_from(format!("/api/v1/people/{id}/screenings")).map_err(ApiError::internal)?;
    let body = ScreeningResponse::new(screened.screening, tools);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(body)).into_response())
}
