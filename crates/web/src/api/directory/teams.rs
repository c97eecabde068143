//! `POST /api/v1/directory/teams` and `PATCH /api/v1/directory/teams/{id}`: a team of the
//! caller's agency added to an area, or changed.

use super::{TeamResponse, text};
use crate::AppState;
use crate::api::access::caller;
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use crate::api::markers::IdPath;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use haven_app::directory::{TeamForm, TeamPatch};
use haven_domain::directory::TeamInput;
use haven_domain::ids::TeamId;
use serde::Deserialize;
use utoipa::ToSchema;

/// A new team.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTeamRequest {
    /// The area's code.
    #[serde(default)]
    #[schema(required = true, example = "CAERWEN")]
    pub area: Option<String>,
    #[serde(default)]
    #[schema(required = true, example = "Caerwen exploitation hub")]
    pub name: Option<String>,
    /// See `TeamResponse.kind`.
    #[serde(default)]
    #[schema(required = true, example = "exploitation_team")]
    pub kind: Option<String>,
    #[serde(default)]
    #[schema(required = true, example = "Multi-agency team for children at risk of criminal or sexual exploitation")]
    pub what: Option<String>,
    #[serde(default)]
    #[schema(required = true, example = "Through the MASH; professionals may ring 01234 567890, 9am to 5pm")]
    pub how_to_refer: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    /// Absent is `true`.
    #[serde(default)]
    pub active: Option<bool>,
}

/// A change to a team: the `version` read, and the fields to change (absent ones are kept).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamChangeRequest {
    #[serde(default)]
    #[schema(required = true)]
    pub version: Option<i64>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub what: Option<String>,
    #[serde(default)]
    pub how_to_refer: Option<String>,
    /// An empty string removes it.
    #[serde(default)]
    pub email: Option<String>,
    /// An empty string removes it.
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub active: Option<bool>,
}

/// Adds a team run by the caller's agency to an area (admins and supervisors).
#[utoipa::path(
    post,
    path = "/api/v1/directory/teams",
    tag = "directory",
    request_body = NewTeamRequest,
    responses(
        (status = 201, description = "The team as added", body = TeamResponse),
        (status = 400, description = "Malformed JSON or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A role that may not (`role-not-permitted`), or an area the agency does not work in",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused by field (`name: required`, `kind: unknown-code`, `email: format`, \
            `area: unknown-area`, `name: duplicate`); nothing written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all)]
pub async fn create_team(
    State(state): State<AppState>,
    user: ApiUser,
    body: JsonBytes,
) -> ApiResult<(StatusCode, Json<TeamResponse>)> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let r: NewTeamRequest = parse(&body.0)?;
    let form = TeamForm {
        area: text(&r.area),
        input: TeamInput {
            name: text(&r.name),
            kind: text(&r.kind),
            what: text(&r.what),
            how_to_refer: text(&r.how_to_refer),
            email: text(&r.email),
            phone: text(&r.phone),
            active: r.active.unwrap_or(true),
        },
    };
    let team = caller.create_team(&form, "POST /api/v1/directory/teams").await?;
    let agencies = store.agencies().await?.into_iter().map(|a| (a.id, a)).collect();
    Ok((StatusCode::CREATED, Json(TeamResponse::new(&team, text(&r.area).trim().to_uppercase().as_str(), &agencies))))
}

/// Changes a team the caller's agency runs (admins and supervisors), from the `version` read.
#[utoipa::path(
    patch,
    path = "/api/v1/directory/teams/{id}",
    tag = "directory",
    params(("id" = uuid::Uuid, Path, description = "The team's id")),
    request_body = TeamChangeRequest,
    responses(
        (status = 200, description = "The team as changed", body = TeamResponse),
        (status = 400, description = "Malformed id or JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Another agency's team (`not-your-team`), or a role that may not",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such team", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The team changed since `version`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused by field; nothing written", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(team_id = %id.0))]
pub async fn update_team(
    State(state): State<AppState>,
    user: ApiUser,
    IdPath(id): IdPath<TeamId>,
    body: JsonBytes,
) -> ApiResult<Json<TeamResponse>> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let r: TeamChangeRequest = parse(&body.0)?;
    let patch = TeamPatch {
        name: r.name.as_deref(),
        kind: r.kind.as_deref(),
        what: r.what.as_deref(),
        how_to_refer: r.how_to_refer.as_deref(),
        email: r.email.as_deref(),
        phone: r.phone.as_deref(),
        active: r.active,
    };
    let purpose = "PATCH /api/v1/directory/teams/{id}";
    let team = caller.update_team(id, r.version, &patch, purpose).await?;
    let area = store.areas().await?.into_iter().find(|a| a.id == team.area_id).map(|a| a.code.to_string());
    let agencies = store.agencies().await?.into_iter().map(|a| (a.id, a)).collect();
    Ok(Json(TeamResponse::new(&team, &area.unwrap_or_default(), &agencies)))
}
