//! `POST /api/v1/nrm/{id}/decisions`: a reasonable- or conclusive-grounds decision on a
//! referral the caller's agency recorded. No decision is dated before the referral; a
//! conclusive one follows a positive reasonable one and is not dated before it.

use super::text as t;
use super::{IdPath, NrmResponse};
use crate::AppState;
use crate::api::access::{agency_codes, caller, uk_today};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::State;
use haven_app::markers::DecisionForm;
use haven_domain::ids::NrmId;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    /// The `version` of the referral as read.
    #[serde(default)]
    pub version: Option<i64>,
    /// `reasonable_grounds` or `conclusive_grounds`.
    #[serde(default)]
    #[schema(required = true, example = "reasonable_grounds")]
    pub stage: Option<String>,
    /// `positive` or `negative`.
    #[serde(default)]
    #[schema(required = true, example = "positive")]
    pub outcome: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    #[schema(required = true, example = "2026-11-20")]
    pub decided_on: Option<String>,
}

/// Records a decision on a referral.
#[utoipa::path(
    post,
    path = "/api/v1/nrm/{id}/decisions",
    tag = "nrm",
    params(("id" = uuid::Uuid, Path, description = "The referral's id")),
    request_body = DecisionRequest,
    responses(
        (status = 200, description = "The referral with its decision", body = NrmResponse),
        (status = 400, description = "Malformed id or JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Another agency's referral, or a role that may not",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such referral", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The referral changed since `version`",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused by field (`decided_on: decision-before-referral`, \
            `decided_on: conclusive-before-reasonable`, `stage: needs-reasonable-grounds`…); nothing written",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(nrm_id = %id.0))]
pub async fn decide_nrm(
    State(state): State<AppState>,
    user: ApiUser,
    IdPath(id): IdPath<NrmId>,
    body: JsonBytes,
) -> ApiResult<Json<NrmResponse>> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let r: DecisionRequest = parse(&body.0)?;
    let form = DecisionForm { stage: t(&r.stage), outcome: t(&r.outcome), decided_on: t(&r.decided_on) };
    let referral = caller.decide_nrm(id, r.version, &form, "POST /api/v1/nrm/{id}/decisions").await?;
    Ok(Json(NrmResponse::new(referral, &agency_codes(store).await?, uk_today())))
}
