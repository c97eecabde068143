//! `POST /api/v1/missing-episodes`: reports a child missing, with the first risk grading.
//!
//! A second open episode for the same child is refused with 422 `{field: "person_id", code:
//! "already-missing"}` (a value refused, like the domain's check, not a version conflict: there
//! is no version the client could re-read to succeed). The database holds one open episode per
//! child, so two racing reports cannot both be written.

use super::{EpisodeResponse, text, time};
use crate::AppState;
use crate::api::access::{agency_codes, caller};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiError, ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use haven_app::{Report, Written};
use haven_domain::Invalid;
use haven_domain::ids::{LocationId, PersonId};
use haven_domain::missing::episode::GradingInput;
use serde::Deserialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;
use uuid::Uuid;

const PURPOSE: &str = "POST /api/v1/missing-episodes";

/// Where the child was last seen, when a report does not say: the domain requires a place, and
/// a control room's first call often has none yet.
pub const NOT_RECORDED: &str = "not recorded";

/// A report of a missing child. `person_id`, the two times, the grade and its rationale are
/// required; the rest may follow later.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ReportRequest {
    /// The child's id.
    #[schema(required = true)]
    pub person_id: Option<Uuid>,
    /// When the report was made, RFC 3339; not in the future.
    #[schema(required = true, example = "2026-11-23T21:40:00Z")]
    pub reported_at: Option<String>,
    /// When the child was last seen, RFC 3339; not after `reported_at`.
    #[schema(required = true, example = "2026-11-23T19:15:00Z")]
    pub last_seen_at: Option<String>,
    /// Where the child was last seen; `"not recorded"` when left out.
    #[schema(example = "Outside the children's home")]
    pub last_seen_where: Option<String>,
    /// Who reported: `parent`, `foster_carer`, `childrens_home_staff`, `school`, `hospital` or
    /// `other` (the default).
    #[schema(example = "childrens_home_staff")]
    pub reporter: Option<String>,
    /// The placement or home the child went missing from.
    pub from_location_id: Option<Uuid>,
    pub circumstances: Option<String>,
    /// The police incident or occurrence reference.
    #[schema(example = "MOR-2611-0042")]
    pub police_reference: Option<String>,
    /// The officer in charge of the investigation (name and collar number), shown on the
    /// missing-now board.
    #[schema(example = "DC 4410 Nia Hughes")]
    pub officer_in_charge: Option<String>,
    /// Read-only: haven works out whether the child is placed out of area from the placing and
    /// host authority on their record, as the pages do. A report that sends it is refused
    /// (422, `out_of_area: read-only`) rather than having it silently ignored, so that a client
    /// that believes it is recording the placement learns that it is not.
    #[schema(read_only, value_type = Option<bool>)]
    pub out_of_area: Option<serde_json::Value>,
    /// `high`, `medium` or `low` (`naira` only where the force has switched it on).
    #[schema(required = true, example = "high")]
    pub risk_grade: Option<String>,
    /// Why this grade: required for every grading.
    #[schema(required = true, example = "Aged 13, out of character, known to an older male")]
    pub risk_rationale: Option<String>,
    /// Risk questionnaire answers: question code (`out_of_character`, `with_whom`…) → `yes`,
    /// `no` or `not_known`.
    pub answers: Option<BTreeMap<String, String>>,
    /// With a `naira` grade for a child with exploitation concerns or a repeat-missing flag:
    /// why deferring the response is safe (required then: `naira_reason:
    /// required-with-concerns`); ignored with other grades.
    pub naira_reason: Option<String>,
}

/// Reports a child missing. The caller's agency must see the whole episode (police, children's
/// services, health, youth justice) and may see the child.
#[utoipa::path(
    post,
    path = "/api/v1/missing-episodes",
    tag = "missing",
    request_body = ReportRequest,
    responses(
        (status = 201, description = "Reported", body = EpisodeResponse,
            headers(("Location" = String, description = "`/api/v1/missing-episodes/{id}`"))),
        (status = 400, description = "Malformed JSON, an unknown field or a wrong type",
            body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy",
            body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body over 1 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused (times out of order, in the future or more than a year \
            before the report, a grade without rationale, a high grade without the questionnaire, a grade \
            the area does not use, an unknown person, a person the area keeps no missing episodes of, a child \
            already missing, `out_of_area` sent); nothing written",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all)]
pub async fn report_episode(State(state): State<AppState>, user: ApiUser, body: JsonBytes) -> ApiResult<Response> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let request: ReportRequest = parse(&body.0)?;
    let answers: Vec<(String, String)> = request.answers.clone().unwrap_or_default().into_iter().collect();
    let report = Report {
        person: request.person_id.map(PersonId),
        reported_at: time(request.reported_at.as_deref()),
        last_seen_at: time(request.last_seen_at.as_deref()),
        last_seen_where: request.last_seen_where.as_deref().unwrap_or(NOT_RECORDED),
        reporter: request.reporter.as_deref().unwrap_or("other"),
        from_location: request.from_location_id.map(LocationId),
        area: Ok(None),
        circumstances: text(&request.circumstances),
        police_reference: text(&request.police_reference),
        officer_in_charge: text(&request.officer_in_charge),
        grading: GradingInput {
            grade: text(&request.risk_grade),
            rationale: text(&request.risk_rationale),
            answers: &answers,
            naira_reason: text(&request.naira_reason),
        },
        refused: if request.out_of_area.is_some() {
            Invalid::one("out_of_area", "read-only")
        } else {
            Invalid::default()
        },
    };
    let Written { episode, view, rules } = caller.report_missing(&report, state.install_rules(), PURPOSE).await?;
    let location =
        HeaderValue::try_from(format!("/api/v1/missing-episodes/{}", episode.id)).map_err(ApiError::internal)?;
    let body = EpisodeResponse::new(episode, view, &agency_codes(store).await?, &rules);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(body)).into_response())
}
