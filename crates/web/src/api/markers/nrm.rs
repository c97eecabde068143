//! `GET` and `POST /api/v1/people/{id}/nrm`: a child's National Referral Mechanism referrals
//! as far as the caller's agency sees them, and a new referral.

use super::NrmResponse;
use super::text as t;
use crate::AppState;
use crate::api::access::{PersonPath, agency_codes, caller, uk_today};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use haven_app::markers::ReferralForm;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralRequest {
    /// The first responder organisation: `police`, `local_authority`, `home_office`,
    /// `national_crime_agency`, `glaa`, `salvation_army`, `migrant_help`, `medaille_trust`,
    /// `kalayaan`, `barnardos`, `unseen`, `nspcc`, `bawso`, `new_pathways`, `refugee_council`.
    #[serde(default)]
    #[schema(required = true, example = "local_authority")]
    pub first_responder: Option<String>,
    /// Which office or team referred (optional).
    #[serde(default)]
    pub first_responder_note: Option<String>,
    /// `YYYY-MM-DD`, not in the future; the person must be a child that day.
    #[serde(default)]
    #[schema(required = true, example = "2026-11-02")]
    pub referred_on: Option<String>,
    /// `cce`, `cse`, `labour` or `other`.
    #[serde(default)]
    #[schema(required = true, example = "cce")]
    pub exploitation: Option<String>,
}

/// A child's NRM referrals, newest first, with the days each decision took.
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}/nrm",
    tag = "nrm",
    params(("id" = uuid::Uuid, Path, description = "The person's id")),
    responses(
        (status = 200, description = "The referrals the caller may see", body = [NrmResponse]),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(person_id = %id))]
pub async fn list_nrm(
    State(state): State<AppState>,
    user: ApiUser,
    PersonPath(id): PersonPath,
) -> ApiResult<Json<Vec<NrmResponse>>> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let (referrals, _) = caller.person_nrm(id, "GET /api/v1/people/{id}/nrm").await?;
    let codes = agency_codes(store).await?;
    let today = uk_today();
    Ok(Json(referrals.into_iter().map(|r| NrmResponse::new(r, &codes, today)).collect()))
}

/// Records a child's NRM referral.
#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/nrm",
    tag = "nrm",
    params(("id" = uuid::Uuid, Path, description = "The person's id")),
    request_body = ReferralRequest,
    responses(
        (status = 201, description = "The referral as recorded", body = NrmResponse),
        (status = 400, description = "Malformed id or JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused by field (`person_id: not-a-child`, \
            `referred_on: date-in-future`…); nothing written",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(person_id = %id))]
pub async fn refer_nrm(
    State(state): State<AppState>,
    user: ApiUser,
    PersonPath(id): PersonPath,
    body: JsonBytes,
) -> ApiResult<(StatusCode, Json<NrmResponse>)> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let r: ReferralRequest = parse(&body.0)?;
    let form = ReferralForm {
        first_responder: t(&r.first_responder),
        first_responder_note: t(&r.first_responder_note),
        referred_on: t(&r.referred_on),
        exploitation: t(&r.exploitation),
    };
    let referral = caller.refer_nrm(id, &form, "POST /api/v1/people/{id}/nrm").await?;
    Ok((StatusCode::CREATED, Json(NrmResponse::new(referral, &agency_codes(store).await?, uk_today()))))
}
