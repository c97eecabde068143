//! `POST /api/v1/markers/{id}/approve`: a supervisor approves a marker on a child: one of any
//! agency that sees it, never the user who raised it.

use super::{IdPath, MarkerResponse};
use crate::AppState;
use crate::api::access::{agency_codes, caller, uk_today};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::State;
use haven_domain::ids::MarkerId;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApproveRequest {
    /// The `version` of the marker as read: a marker changed since is a 409.
    #[serde(default)]
    pub version: Option<i64>,
}

/// Approves a pending marker on a child.
#[utoipa::path(
    post,
    path = "/api/v1/markers/{id}/approve",
    tag = "markers",
    params(("id" = uuid::Uuid, Path, description = "The marker's id")),
    request_body = ApproveRequest,
    responses(
        (status = 200, description = "The marker, now active", body = MarkerResponse),
        (status = 400, description = "Malformed id or JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a supervisor or inspector",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such marker", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The marker changed since `version`",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`marker`: `approver-is-raiser`, `already-approved`, `approval-not-needed`, \
            `marker-ended`; nothing written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(marker_id = %id.0))]
pub async fn approve_marker(
    State(state): State<AppState>,
    user: ApiUser,
    IdPath(id): IdPath<MarkerId>,
    body: JsonBytes,
) -> ApiResult<Json<MarkerResponse>> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let request: ApproveRequest = if body.0.is_empty() { ApproveRequest { version: None } } else { parse(&body.0)? };
    let m = caller.approve_marker(id, request.version, "POST /api/v1/markers/{id}/approve").await?;
    Ok(Json(MarkerResponse::new(m, &agency_codes(store).await?, uk_today())))
}
