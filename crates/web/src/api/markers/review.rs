//! `POST /api/v1/markers/{id}/review`: the marker's own agency keeps it (with the next review
//! date: within 12 months for a child) or ends it.

use super::text as t;
use super::{IdPath, MarkerResponse};
use crate::AppState;
use crate::api::access::{agency_codes, caller, uk_today};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::State;
use haven_app::markers::ReviewForm;
use haven_domain::ids::MarkerId;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRequest {
    /// The `version` of the marker as read.
    #[serde(default)]
    pub version: Option<i64>,
    /// `keep` or `end`.
    #[serde(default)]
    #[schema(required = true, example = "keep")]
    pub outcome: Option<String>,
    /// `YYYY-MM-DD`; absent is today.
    #[serde(default)]
    pub reviewed_on: Option<String>,
    /// `YYYY-MM-DD`, required to keep the marker, absent to end it.
    #[serde(default)]
    #[schema(example = "2027-05-01")]
    pub next_review_on: Option<String>,
    #[serde(default)]
    #[schema(required = true, example = "Still seen with the same group; MACE agreed to keep it")]
    pub note: Option<String>,
}

/// Reviews a marker the caller's agency owns.
#[utoipa::path(
    post,
    path = "/api/v1/markers/{id}/review",
    tag = "markers",
    params(("id" = uuid::Uuid, Path, description = "The marker's id")),
    request_body = ReviewRequest,
    responses(
        (status = 200, description = "The marker as reviewed", body = MarkerResponse),
        (status = 400, description = "Malformed id or JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Another agency's marker, or a role that may not",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such marker", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The marker changed since `version`",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused by field (`next_review_on: review-more-than-12-months`…); \
            nothing written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(marker_id = %id.0))]
pub async fn review_marker(
    State(state): State<AppState>,
    user: ApiUser,
    IdPath(id): IdPath<MarkerId>,
    body: JsonBytes,
) -> ApiResult<Json<MarkerResponse>> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let r: ReviewRequest = parse(&body.0)?;
    let form = ReviewForm {
        outcome: t(&r.outcome),
        reviewed_on: t(&r.reviewed_on),
        next_review_on: t(&r.next_review_on),
        note: t(&r.note),
    };
    let m = caller.review_marker(id, r.version, &form, "POST /api/v1/markers/{id}/review").await?;
    Ok(Json(MarkerResponse::new(m, &agency_codes(store).await?, uk_today())))
}
