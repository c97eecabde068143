//! The action register: `POST /api/v1/mace/meetings/{id}/actions` (agree one), `POST
//! …/carry` (bring an earlier meeting's live actions onto this one's register), `GET
//! /api/v1/mace/actions?view=` (the caller's agency's part) and `PATCH
//! /api/v1/mace/actions/{id}` (an update).

use super::{ActionResponse, id, text};
use crate::AppState;
use crate::api::access::{agency_codes, caller, uk_today};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiError, ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use haven_app::mace::{ActionForm, Register};
use haven_domain::ids::{MaceActionId, MeetingId};
use haven_domain::mace::action::UpdateInput;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionRequest {
    #[serde(default)]
    #[schema(required = true, example = "Cuckooing visit to the flat on Heol y Parc")]
    pub text: Option<String>,
    #[serde(default)]
    #[schema(required = true, example = "PC Rhys Jones")]
    pub owner_name: Option<String>,
    /// The owning agency's code: one of the meeting's agencies.
    #[serde(default)]
    #[schema(required = true, example = "MORLAIS-POL")]
    pub owner_agency: Option<String>,
    /// `YYYY-MM-DD`, not before the meeting.
    #[serde(default)]
    #[schema(required = true, example = "2027-01-28")]
    pub due_on: Option<String>,
    /// `prepare`, `prevent`, `protect` or `pursue`.
    #[serde(default)]
    pub four_p: Option<String>,
    /// The agenda item it arises from.
    #[serde(default)]
    pub item_id: Option<String>,
}

/// Agrees an action at a meeting: numbered next in the area's register.
#[utoipa::path(post, path = "/api/v1/mace/meetings/{id}/actions", tag = "mace",
    params(("id" = uuid::Uuid, Path, description = "The meeting's id")), request_body = ActionRequest,
    responses(
        (status = 201, description = "The action", body = ActionResponse),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A role that does not run meetings", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting of the caller's agency", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused by field (`due_on: due-before-meeting`, `owner_agency: required`…); \
            nothing written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn agree_action(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    body: JsonBytes,
) -> ApiResult<(StatusCode, Json<ActionResponse>)> {
    let meeting: MeetingId = id("id", &raw)?;
    let r: ActionRequest = parse(&body.0)?;
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let form = ActionForm {
        text: text(&r.text),
        owner_name: text(&r.owner_name),
        owner_agency: text(&r.owner_agency),
        due_on: text(&r.due_on),
        four_p: text(&r.four_p),
        item: text(&r.item_id),
    };
    let a = caller.agree_action(meeting, &form, "POST /api/v1/mace/meetings/{id}/actions").await?;
    Ok((StatusCode::CREATED, Json(ActionResponse::new(&a, &agency_codes(store).await?, uk_today()))))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CarryRequest {
    /// The earlier meeting whose live actions come onto this one's register.
    pub from: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CarryResponse {
    /// How many actions moved.
    pub carried: usize,
}

/// Carries the live actions of an earlier meeting of the same area onto this one's register.
#[utoipa::path(post, path = "/api/v1/mace/meetings/{id}/carry", tag = "mace",
    params(("id" = uuid::Uuid, Path, description = "The meeting that takes the actions")), request_body = CarryRequest,
    responses(
        (status = 200, description = "How many moved", body = CarryResponse),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A role that does not run meetings", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting of the caller's agency", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`meeting: another-area`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn carry_actions(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    body: JsonBytes,
) -> ApiResult<Json<CarryResponse>> {
    let to: MeetingId = id("id", &raw)?;
    let r: CarryRequest = parse(&body.0)?;
    let from: MeetingId = id("from", &r.from)?;
    let caller = caller(state.store.as_ref(), &user).await?;
    let carried = caller.carry_actions(from, to, "POST /api/v1/mace/meetings/{id}/carry").await?;
    Ok(Json(CarryResponse { carried }))
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegisterQuery {
    /// `mine` (live, owned by the caller by name; the default), `agency` (the agency's live
    /// ones), `overdue`, or `all` (done and closed too).
    pub view: Option<String>,
}

/// The caller's agency's part of the register, by number.
#[utoipa::path(get, path = "/api/v1/mace/actions", tag = "mace", params(RegisterQuery),
    responses(
        (status = 200, description = "The actions", body = Vec<ActionResponse>),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A role that does not work with MACE", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "`view: unknown-code`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn register(
    State(state): State<AppState>,
    user: ApiUser,
    Query(q): Query<RegisterQuery>,
) -> ApiResult<Json<Vec<ActionResponse>>> {
    let view =
        Register::parse(q.view.as_deref().unwrap_or("mine")).ok_or(ApiError::bad_field("view", "unknown-code"))?;
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let found = caller.mace_register(view, "GET /api/v1/mace/actions").await?;
    let (codes, today) = (agency_codes(store).await?, uk_today());
    Ok(Json(found.iter().map(|a| ActionResponse::new(a, &codes, today)).collect()))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionUpdateRequest {
    /// The action's `version` as read.
    #[serde(default)]
    pub version: Option<i64>,
    /// `open`, `in_progress`, `done` or `closed`; absent keeps it.
    #[serde(default)]
    pub status: Option<String>,
    /// What was done; closing needs it as the reason (`note: closed-without-reason`).
    #[serde(default)]
    pub note: Option<String>,
}

/// Records an update of an action: its owning agency, or the meeting's chairs.
#[utoipa::path(patch, path = "/api/v1/mace/actions/{id}", tag = "mace",
    params(("id" = uuid::Uuid, Path, description = "The action's id")), request_body = ActionUpdateRequest,
    responses(
        (status = 200, description = "The action as updated", body = ActionResponse),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Another agency's action, or a role that may not", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such action of the caller's meetings", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The action changed since `version`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`note: closed-without-reason`, `status: action-closed`…; nothing written",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn update_action(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    body: JsonBytes,
) -> ApiResult<Json<ActionResponse>> {
    let action: MaceActionId = id("id", &raw)?;
    let r: ActionUpdateRequest = parse(&body.0)?;
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let input = UpdateInput { status: text(&r.status), note: text(&r.note) };
    let a = caller.update_mace_action(action, r.version, &input, "PATCH /api/v1/mace/actions/{id}").await?;
    Ok(Json(ActionResponse::new(&a, &agency_codes(store).await?, uk_today())))
}
