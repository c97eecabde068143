//! `/api/v1/admin/areas/{code}/population`: an area's child population, for the rates of the
//! figures for boards, for the install's administrator (`system_admin`): every version, and a
//! new one. The counts are keyed by group (`total`, `sex.female`, `age.13_to_15`,
//! `ethnicity.white`), so a refusal names the count to change. Each call is
//! `haven_app::population`'s action, as the command line's `haven admin set-population`.

use super::operator;
use crate::AppState;
use crate::api::auth::ApiUser;
use crate::api::error::{ApiError, ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::{Path, State};
use chrono::{DateTime, NaiveDate, Utc};
use haven_app::Failure;
use haven_app::population::PopulationChange;
use haven_domain::figures::PopulationVersion;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A new version of an area's child population.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetPopulationRequest {
    /// Where the numbers come from.
    #[schema(example = "ONS mid-2024 population estimates")]
    pub source: String,
    /// The date they are as of, `YYYY-MM-DD`; not after today.
    #[schema(example = "2024-06-30")]
    pub as_of: String,
    /// The area's children aged 0–17 by group: `total` (required), `sex.female`, `sex.male`,
    /// `age.under_10`, `age.10_to_12`, `age.13_to_15`, `age.16_to_17`, `ethnicity.asian`,
    /// `ethnicity.black`, `ethnicity.mixed`, `ethnicity.white`, `ethnicity.other`. Whole numbers
    /// from 0; a group left out has no rate. Each is refused by its name: not a number, negative,
    /// too large, an unknown group, or more than the total (a breakdown adding up to more than
    /// the total is refused by its name, `sex`).
    #[schema(value_type = Object, example = json!({"total": 61234, "sex.female": 29800, "sex.male": 31434}))]
    pub counts: BTreeMap<String, serde_json::Value>,
}

/// One version of an area's child population.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PopulationResponse {
    #[schema(example = "CARDIFF")]
    pub area: String,
    pub number: i64,
    pub source: String,
    pub as_of: NaiveDate,
    pub saved_at: DateTime<Utc>,
    /// Who saved it: a username, or `cli`.
    pub saved_by: String,
    /// The children by group, as set.
    #[schema(example = json!({"total": 61234, "sex.female": 29800, "sex.male": 31434}))]
    pub counts: BTreeMap<String, u64>,
}

impl PopulationResponse {
    fn of(area: &str, v: &PopulationVersion) -> Self {
        Self {
            area: area.to_owned(),
            number: v.number,
            source: v.population.source.clone(),
            as_of: v.population.as_of,
            saved_at: v.saved_at,
            saved_by: v.saved_by_label.clone(),
            counts: v.population.counts().into_iter().collect(),
        }
    }
}

/// An unknown area in the path is a resource that does not exist.
fn area_failure(f: Failure) -> ApiError {
    match f {
        Failure::Invalid(e) if e.0.iter().any(|p| p.field == "area") => ApiError::NotFound,
        other => other.into(),
    }
}

const REFUSED: &str = "Not the install's administrator";
const SET: &str = "PUT /api/v1/admin/areas/{code}/population";

/// Every version of an area's child population, the newest (the one the figures use) first;
/// empty while none is set, when the figures show no rates.
#[utoipa::path(get, path = "/api/v1/admin/areas/{code}/population", tag = "admin",
    params(("code" = String, Path, description = "The area's code")),
    responses(
        (status = 200, description = "The versions, newest first", body = [PopulationResponse]),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = REFUSED, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such area", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn show_population(
    State(state): State<AppState>,
    user: ApiUser,
    Path(code): Path<String>,
) -> ApiResult<Json<Vec<PopulationResponse>>> {
    let shown = operator(&state, &user).area_population(&code).await.map_err(area_failure)?;
    let area = shown.area.code.to_string();
    Ok(Json(shown.versions.iter().map(|v| PopulationResponse::of(&area, v)).collect()))
}

/// Saves a new version of an area's child population: the figures' rates are taken against it
/// from now on. Audited (`area.population_set`).
#[utoipa::path(put, path = "/api/v1/admin/areas/{code}/population", tag = "admin", request_body = SetPopulationRequest,
    params(("code" = String, Path, description = "The area's code")),
    responses(
        (status = 200, description = "The version saved", body = PopulationResponse),
        (status = 400, description = "Malformed JSON or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = REFUSED, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such area", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another version was saved at the same moment; nothing written", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused, each named (`source`, `as_of`, `sex.female`, `sex`); nothing written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn set_population(
    State(state): State<AppState>,
    user: ApiUser,
    Path(code): Path<String>,
    body: JsonBytes,
) -> ApiResult<Json<PopulationResponse>> {
    let op = operator(&state, &user);
    // Authorised (and the area found) before the body is read: a caller who may not set it
    // learns nothing from how their body is refused.
    let shown = op.area_population(&code).await.map_err(area_failure)?;
    let r: SetPopulationRequest = parse(&body.0)?;
    // Every value as typed, a number or a string alike, so that each is refused by its name.
    let counts: Vec<(String, String)> =
        r.counts.iter().map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_owned))).collect();
    let change = PopulationChange { source: &r.source, as_of: &r.as_of, counts: &counts };
    let saved = op.set_area_population(&code, &change, SET).await.map_err(area_failure)?;
    Ok(Json(PopulationResponse::of(shown.area.code.as_str(), &saved)))
}
