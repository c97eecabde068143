//! `POST /api/v1/directory/pathways` and `DELETE /api/v1/directory/pathways/{id}`: a referral
//! pathway added between two teams of an area, or removed.

use super::{PathwayResponse, text};
use crate::AppState;
use crate::api::access::caller;
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use crate::api::markers::IdPath;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use haven_app::directory::PathwayForm;
use haven_domain::ids::PathwayId;
use serde::Deserialize;
use utoipa::ToSchema;

/// A new pathway.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPathwayRequest {
    /// The id of the team that refers.
    #[serde(default)]
    #[schema(required = true)]
    pub from_team: Option<String>,
    /// The id of the team referred to: another team of the same area.
    #[serde(default)]
    #[schema(required = true)]
    pub to_team: Option<String>,
    #[serde(default)]
    #[schema(required = true, example = "Child returns from a missing episode")]
    pub when: Option<String>,
    #[serde(default)]
    #[schema(required = true, example = "Referral form within 24 hours")]
    pub how: Option<String>,
}

/// Adds a pathway from or to a team the caller's agency runs (admins and supervisors).
#[utoipa::path(
    post,
    path = "/api/v1/directory/pathways",
    tag = "directory",
    request_body = NewPathwayRequest,
    responses(
        (status = 201, description = "The pathway as added", body = PathwayResponse),
        (status = 400, description = "Malformed JSON or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Neither team is the caller's agency's (`not-your-team`), or a role that may not",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused by field (`to_team: same-as-from`, `to_team: other-area`, \
            `from_team: unknown-record`, `when: required`, `when: duplicate`); nothing written",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all)]
pub async fn create_pathway(
    State(state): State<AppState>,
    user: ApiUser,
    body: JsonBytes,
) -> ApiResult<(StatusCode, Json<PathwayResponse>)> {
    let caller = caller(state.store.as_ref(), &user).await?;
    let r: NewPathwayRequest = parse(&body.0)?;
    let form = PathwayForm {
        from_team: text(&r.from_team),
        to_team: text(&r.to_team),
        when: text(&r.when),
        how: text(&r.how),
    };
    let p = caller.create_pathway(&form, "POST /api/v1/directory/pathways").await?;
    Ok((StatusCode::CREATED, Json(PathwayResponse::from(&p))))
}

/// Removes a pathway from or to a team the caller's agency runs (admins and supervisors).
#[utoipa::path(
    delete,
    path = "/api/v1/directory/pathways/{id}",
    tag = "directory",
    params(("id" = uuid::Uuid, Path, description = "The pathway's id")),
    responses(
        (status = 200, description = "The pathway, removed", body = PathwayResponse),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Neither team is the caller's agency's, or a role that may not",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such pathway, or one already removed", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(pathway_id = %id.0))]
pub async fn remove_pathway(
    State(state): State<AppState>,
    user: ApiUser,
    IdPath(id): IdPath<PathwayId>,
) -> ApiResult<Json<PathwayResponse>> {
    let caller = caller(state.store.as_ref(), &user).await?;
    let p = caller.remove_pathway(id, "DELETE /api/v1/directory/pathways/{id}").await?;
    Ok(Json(PathwayResponse::from(&p)))
}
