//! `/api/v1/admin/areas`, `/agencies`, `/agreements`: the install's own administration, for its
//! administrator (`system_admin`).

use super::operator;
use crate::AppState;
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use haven_app::admin::NewAgreement;
use haven_domain::sharing::Agreement;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A new area or agency.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct NewPlaceRequest {
    #[schema(required = true, example = "CARDIFF")]
    pub code: String,
    #[schema(required = true, example = "Cardiff")]
    pub name: String,
    /// An area: `bcu` or `local_authority`. An agency: `police`, `local_authority`, `health`,
    /// `education`, `rhi_provider`, `youth_justice` or `commissioner`.
    #[schema(required = true, example = "local_authority")]
    pub kind: String,
    /// An agency's area, by its code.
    pub area: String,
}

/// What was made.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MadeResponse {
    pub id: Uuid,
    pub code: String,
}

/// A new agreement: each class is shared with each kind of member agency.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct NewAgreementRequest {
    #[schema(required = true)]
    pub name: String,
    #[schema(required = true)]
    pub purpose: String,
    /// Member agencies' codes (at least two).
    #[schema(required = true, example = json!(["SWP", "CARDIFF-CS"]))]
    pub members: Vec<String>,
    #[schema(required = true, example = json!(["identity", "episode_summary"]))]
    pub classes: Vec<String>,
    #[schema(required = true, example = json!(["police", "local_authority"]))]
    pub to: Vec<String>,
    /// `cohort` (default) or `own_cases`.
    pub scope: String,
    /// `all` (default), or role codes joined by commas.
    pub roles: String,
    #[schema(required = true, example = "2026-12-01")]
    pub starts_on: String,
    pub ends_on: String,
    pub review_on: String,
}

/// An agreement as listed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgreementResponse {
    pub id: Uuid,
    pub name: String,
    pub purpose: String,
    pub members: Vec<Uuid>,
    /// `class -> kind (scope; roles)`.
    pub grants: Vec<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
}

impl From<Agreement> for AgreementResponse {
    fn from(a: Agreement) -> Self {
        Self {
            id: a.id.0,
            name: a.name,
            purpose: a.purpose,
            members: a.members.iter().map(|m| m.0).collect(),
            grants: a
                .grants
                .iter()
                .map(|g| format!("{} -> {} ({}; {})", g.class, g.to, g.scope, g.roles.code()))
                .collect(),
            starts_on: a.starts_on,
            ends_on: a.ends_on,
            review_on: a.review_on,
        }
    }
}

const REFUSED: &str = "Not the install's administrator";

/// Adds an area.
#[utoipa::path(post, path = "/api/v1/admin/areas", tag = "admin", request_body = NewPlaceRequest,
    responses(
        (status = 201, description = "The area", body = MadeResponse),
        (status = 400, description = "Malformed JSON or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = REFUSED, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused; nothing written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn create_area(
    State(state): State<AppState>,
    user: ApiUser,
    body: JsonBytes,
) -> ApiResult<(StatusCode, Json<MadeResponse>)> {
    let r: NewPlaceRequest = parse(&body.0)?;
    let area = operator(&state, &user).create_area(&r.code, &r.name, &r.kind, "POST /api/v1/admin/areas").await?;
    Ok((StatusCode::CREATED, Json(MadeResponse { id: area.id.0, code: area.code.to_string() })))
}

/// Adds an agency.
#[utoipa::path(post, path = "/api/v1/admin/agencies", tag = "admin", request_body = NewPlaceRequest,
    responses(
        (status = 201, description = "The agency", body = MadeResponse),
        (status = 400, description = "Malformed JSON or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = REFUSED, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused; nothing written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn create_agency(
    State(state): State<AppState>,
    user: ApiUser,
    body: JsonBytes,
) -> ApiResult<(StatusCode, Json<MadeResponse>)> {
    let r: NewPlaceRequest = parse(&body.0)?;
    let purpose = "POST /api/v1/admin/agencies";
    let agency = operator(&state, &user).create_agency(&r.code, &r.name, &r.kind, &r.area, purpose).await?;
    Ok((StatusCode::CREATED, Json(MadeResponse { id: agency.id.0, code: agency.code.to_string() })))
}

/// Every sharing agreement, in force or not.
#[utoipa::path(get, path = "/api/v1/admin/agreements", tag = "admin",
    responses(
        (status = 200, description = "The agreements", body = [AgreementResponse]),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = REFUSED, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn list_agreements(State(state): State<AppState>, user: ApiUser) -> ApiResult<Json<Vec<AgreementResponse>>> {
    let agreements = operator(&state, &user).agreements().await?;
    Ok(Json(agreements.into_iter().map(AgreementResponse::from).collect()))
}

/// Adds a sharing agreement.
#[utoipa::path(post, path = "/api/v1/admin/agreements", tag = "admin", request_body = NewAgreementRequest,
    responses(
        (status = 201, description = "The agreement", body = AgreementResponse),
        (status = 400, description = "Malformed JSON or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = REFUSED, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused (backward or overlapping dates, an unknown member…); nothing written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn create_agreement(
    State(state): State<AppState>,
    user: ApiUser,
    body: JsonBytes,
) -> ApiResult<(StatusCode, Json<AgreementResponse>)> {
    let r: NewAgreementRequest = parse(&body.0)?;
    let new = NewAgreement {
        name: &r.name,
        purpose: &r.purpose,
        members: r.members.iter().map(String::as_str).collect(),
        classes: r.classes.iter().map(String::as_str).collect(),
        to: r.to.iter().map(String::as_str).collect(),
        scope: if r.scope.trim().is_empty() { "cohort" } else { &r.scope },
        roles: &r.roles,
        starts_on: &r.starts_on,
        ends_on: &r.ends_on,
        review_on: &r.review_on,
    };
    let a = operator(&state, &user).create_agreement(&new, "POST /api/v1/admin/agreements").await?;
    Ok((StatusCode::CREATED, Json(a.into())))
}
