//! `GET /api/v1/disruptions?person=&location=&area=&four_p=&tactic=&from=&to=`: disruption
//! as far as the caller's agency sees it.

use super::{DisruptionResponse, area_codes};
use crate::AppState;
use crate::api::access::{agency_codes, caller, uk_today};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use crate::api::query::QueryParams;
use axum::Json;
use axum::extract::State;
use haven_app::disruption::DisruptionFilter;
use serde::Deserialize;
use utoipa::IntoParams;

/// What to list: every part optional, combined with AND.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "documents the parameters; QueryParams reads them")]
pub struct DisruptionParams {
    /// A person's id: disruption against them, or protecting them.
    person: Option<uuid::Uuid>,
    /// A place's id.
    location: Option<uuid::Uuid>,
    /// An area's code.
    area: Option<String>,
    /// `prepare`, `prevent`, `protect` or `pursue`.
    four_p: Option<String>,
    /// A tactic's code (`cawn`, `closure_order`…).
    tactic: Option<String>,
    /// Done on or after, `YYYY-MM-DD`.
    from: Option<chrono::NaiveDate>,
    /// Done on or before, `YYYY-MM-DD`.
    to: Option<chrono::NaiveDate>,
}

/// Lists disruption, newest done first, as far as the caller sees it.
#[utoipa::path(
    get,
    path = "/api/v1/disruptions",
    tag = "disruption",
    params(DisruptionParams),
    responses(
        (status = 200, description = "The disruptions the caller may see", body = [DisruptionResponse]),
        (status = 400, description = "An unknown or repeated parameter",
            body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's role may not read disruption",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person or place", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A filter refused by field (`from: date-format`, `area: unknown-area`…)",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all)]
pub async fn list_disruptions(
    State(state): State<AppState>,
    user: ApiUser,
    params: QueryParams,
) -> ApiResult<Json<Vec<DisruptionResponse>>> {
    params.only(&["person", "location", "area", "four_p", "tactic", "from", "to"])?;
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let p = |name| params.get(name).unwrap_or("");
    let filter = DisruptionFilter {
        person: p("person"),
        location: p("location"),
        area: p("area"),
        four_p: p("four_p"),
        tactic: p("tactic"),
        from: p("from"),
        to: p("to"),
    };
    let rows = caller.disruptions(&filter, "GET /api/v1/disruptions").await?;
    let (codes, areas, today) = (agency_codes(store).await?, area_codes(store).await?, uk_today());
    Ok(Json(rows.into_iter().map(|r| DisruptionResponse::new(r, &codes, &areas, today)).collect()))
}
