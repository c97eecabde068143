//! `GET|POST /api/v1/mace/meetings` (the caller's agency's meetings; convene one) and
//! `GET /api/v1/mace/meetings/{id}` (one whole, for its agencies only).

use super::{MeetingResponse, MinutesResponse, PersonBody, id, text};
use crate::AppState;
use crate::api::access::{agency_codes, caller, uk_today};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use haven_app::mace::{MeetingForm, PersonForm};
use haven_domain::ids::MeetingId;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MeetingsQuery {
    /// An area's code: only its meetings.
    pub area: Option<String>,
}

/// The meetings the caller's agency is part of, newest first.
#[utoipa::path(get, path = "/api/v1/mace/meetings", tag = "mace", params(MeetingsQuery),
    responses(
        (status = 200, description = "The meetings", body = Vec<MeetingResponse>),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A role that does not work with MACE", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown area (`area: unknown-area`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn list_meetings(
    State(state): State<AppState>,
    user: ApiUser,
    Query(q): Query<MeetingsQuery>,
) -> ApiResult<Json<Vec<MeetingResponse>>> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let (meetings, areas) = caller.meetings(q.area.as_deref(), "GET /api/v1/mace/meetings").await?;
    let codes = agency_codes(store).await?;
    Ok(Json(
        meetings
            .iter()
            .map(|m| {
                let area = areas.iter().find(|a| a.id == m.area_id).map(|a| a.code.to_string()).unwrap_or_default();
                MeetingResponse::new(m, &area, &codes)
            })
            .collect(),
    ))
}

/// A meeting to convene.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingRequest {
    /// The area's code.
    #[serde(default)]
    #[schema(required = true, example = "MOR-N")]
    pub area: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    #[schema(required = true, example = "2027-01-14")]
    pub date: Option<String>,
    /// `HH:MM`, UK time.
    #[serde(default)]
    #[schema(required = true, example = "10:00")]
    pub time: Option<String>,
    #[serde(default)]
    #[schema(required = true)]
    pub chair: Option<PersonBody>,
    /// Each from the convener's agency or one it shares with under an agreement in force
    /// (`attendees.N.agency: outside-agreement` otherwise).
    #[serde(default)]
    pub attendees: Vec<PersonBody>,
    #[serde(default)]
    pub apologies: Vec<PersonBody>,
}

/// Convenes a meeting for the caller's agency.
#[utoipa::path(post, path = "/api/v1/mace/meetings", tag = "mace", request_body = MeetingRequest,
    responses(
        (status = 201, description = "The meeting", body = MeetingResponse),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A role that may not convene", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused by field (`attendees.1.agency: outside-agreement`…); nothing written",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn convene_meeting(
    State(state): State<AppState>,
    user: ApiUser,
    body: JsonBytes,
) -> ApiResult<(StatusCode, Json<MeetingResponse>)> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let r: MeetingRequest = parse(&body.0)?;
    fn person(p: &PersonBody) -> PersonForm<'_> {
        PersonForm { name: p.name.as_str(), agency: p.agency.as_str() }
    }
    let form = MeetingForm {
        area: text(&r.area),
        date: text(&r.date),
        time: text(&r.time),
        chair: r.chair.as_ref().map(person).unwrap_or_default(),
        attendees: r.attendees.iter().map(person).collect(),
        apologies: r.apologies.iter().map(person).collect(),
    };
    let m = caller.convene_meeting(&form, "POST /api/v1/mace/meetings").await?;
    let area = text(&r.area).trim().to_owned();
    Ok((StatusCode::CREATED, Json(MeetingResponse::new(&m, &area, &agency_codes(store).await?))))
}

/// A meeting whole: facts, agenda and minutes, and its register.
#[utoipa::path(get, path = "/api/v1/mace/meetings/{id}", tag = "mace",
    params(("id" = uuid::Uuid, Path, description = "The meeting's id")),
    responses(
        (status = 200, description = "The meeting", body = MinutesResponse),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A role that does not work with MACE", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not one of the caller's agency", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn read_meeting(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<MinutesResponse>> {
    let meeting: MeetingId = id("id", &raw)?;
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let minutes = caller.minutes(meeting, "GET /api/v1/mace/meetings/{id}").await?;
    Ok(Json(MinutesResponse::new(&minutes, &agency_codes(store).await?, uk_today())))
}
