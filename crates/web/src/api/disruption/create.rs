//! `POST /api/v1/disruptions`: records disruption against a person or a place.

use super::{DisruptionResponse, area_codes, text as t};
use crate::AppState;
use crate::api::access::{agency_codes, caller, uk_today};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use haven_app::disruption::DisruptionForm;
use haven_store::DisruptionListed;
use serde::Deserialize;
use utoipa::ToSchema;

/// A new disruption: against a person (`person_id`) or a place (`location_id`), not both.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisruptionRequest {
    /// The code of the area it was done in.
    #[serde(default)]
    #[schema(required = true, example = "MOR-N")]
    pub area: Option<String>,
    #[serde(default)]
    pub person_id: Option<String>,
    #[serde(default)]
    pub location_id: Option<String>,
    /// The child it protects: required for a CAWN.
    #[serde(default)]
    pub child_id: Option<String>,
    /// The MACE meeting that agreed it.
    #[serde(default)]
    pub meeting_id: Option<String>,
    /// The action on the MACE register it carries out (its meeting is taken from it).
    #[serde(default)]
    pub action_id: Option<String>,
    /// `prepare`, `prevent`, `protect` or `pursue`; absent is the tactic's usual one.
    #[serde(default)]
    #[schema(example = "pursue")]
    pub four_p: Option<String>,
    /// `cawn`, `shpo`, `sro`, `stpo`, `stro`, `injunction`, `stop_and_search`, `arrest`,
    /// `financial`, `diversion_referral` (people); `closure_order`, `premises_visit`,
    /// `licensing_review`, `premises_warning`, `drugs_warrant` (places); `cuckooing_visit`,
    /// `line_closure`, `community_protection`, `other` (either).
    #[serde(default)]
    #[schema(required = true, example = "cawn")]
    pub tactic: Option<String>,
    /// `YYYY-MM-DD`, not in the future.
    #[serde(default)]
    #[schema(required = true, example = "2026-11-20")]
    pub done_on: Option<String>,
    /// `YYYY-MM-DD`: required for a notice or order (CAWN, orders, injunctions, closures…),
    /// refused for a tactic that is neither.
    #[serde(default)]
    #[schema(example = "2026-11-20")]
    pub issued_on: Option<String>,
    /// `YYYY-MM-DD`, after `issued_on`: required for a CAWN, optional for an order.
    #[serde(default)]
    #[schema(example = "2027-11-20")]
    pub expires_on: Option<String>,
    /// `ongoing`, `completed`, `breached`, `refused`, `withdrawn` or `no_further_action`.
    #[serde(default)]
    #[schema(required = true, example = "ongoing")]
    pub outcome: Option<String>,
    /// What came of it; required for `other`.
    #[serde(default)]
    pub outcome_note: Option<String>,
    #[serde(default)]
    #[schema(required = true, example = "PC 1234 Rees")]
    pub officer_name: Option<String>,
    /// The code of the officer's agency; absent is the caller's own.
    #[serde(default)]
    pub officer_agency: Option<String>,
}

/// Records a disruption. The recording agency owns it; partners see it under agreements that
/// share the `disruption` class.
#[utoipa::path(
    post,
    path = "/api/v1/disruptions",
    tag = "disruption",
    request_body = DisruptionRequest,
    responses(
        (status = 201, description = "The disruption as recorded", body = DisruptionResponse),
        (status = 400, description = "Malformed JSON, an unknown field or a wrong type",
            body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy (a role or an agency that does not record \
            disruption)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person or place", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused by field (`expires_on: expires-before-issued`, \
            `issued_on: required-for-tactic`, `tactic: unknown-code`, `subject: required`…); nothing written",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all)]
pub async fn record_disruption(
    State(state): State<AppState>,
    user: ApiUser,
    body: JsonBytes,
) -> ApiResult<(StatusCode, Json<DisruptionResponse>)> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let r: DisruptionRequest = parse(&body.0)?;
    let form = DisruptionForm {
        area: t(&r.area),
        person: t(&r.person_id),
        location: t(&r.location_id),
        child: t(&r.child_id),
        meeting: t(&r.meeting_id),
        action: t(&r.action_id),
        four_p: t(&r.four_p),
        tactic: t(&r.tactic),
        done_on: t(&r.done_on),
        issued_on: t(&r.issued_on),
        expires_on: t(&r.expires_on),
        outcome: t(&r.outcome),
        outcome_note: t(&r.outcome_note),
        officer_name: t(&r.officer_name),
        officer_agency: t(&r.officer_agency),
    };
    let d = caller.record_disruption(&form, "POST /api/v1/disruptions").await?;
    // Read back as the caller sees it (names and holders), the read audited.
    let row = caller.disruption(d.id, "POST /api/v1/disruptions").await.unwrap_or_else(|_| DisruptionListed {
        disruption: d,
        holders: Vec::new(),
        child_holders: Vec::new(),
        label: String::new(),
        child_label: None,
    });
    let (codes, areas) = (agency_codes(store).await?, area_codes(store).await?);
    Ok((StatusCode::CREATED, Json(DisruptionResponse::new(row, &codes, &areas, uk_today()))))
}
