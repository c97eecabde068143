//! A meeting's agenda: `POST /api/v1/mace/meetings/{id}/agenda/draft` (from the priority list
//! and the markers of concern), `POST …/items` (a theme), `PUT|DELETE …/items/{item}` (its
//! discussion; taking it off).

use super::{ItemResponse, id, text};
use crate::AppState;
use crate::api::access::caller;
use crate::api::auth::ApiUser;
use crate::api::error::{ApiError, ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use crate::api::network::{EdgeResponse, edge};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use haven_app::mace::{MinutesItem, SubjectShown};
use haven_domain::ids::{AgendaItemId, MeetingId};
use haven_domain::mace::meeting::{AgendaItem, Discussion};
use haven_domain::network::MaceLinkInput;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// An item as the API returns it, its subject named as `theme` only (the caller can read the
/// whole meeting for names).
fn item(it: AgendaItem, label: String) -> ItemResponse {
    let subject = SubjectShown {
        kind: it.subject.kind(),
        label,
        date_of_birth: None,
        person: it.subject.person(),
        location: match it.subject {
            haven_domain::mace::meeting::ItemSubject::Location(l) => Some(l),
            _ => None,
        },
    };
    ItemResponse::new(&MinutesItem { item: it, subject, links: Vec::new() })
}

fn paths(raw: &str, raw_item: &str) -> Result<(MeetingId, AgendaItemId), ApiError> {
    Ok((id("id", raw)?, id("item", raw_item)?))
}

/// Drafts the agenda: the top of the area's priority list as the caller sees it, then adults
/// and places with open markers of concern raised by the meeting's agencies; none twice.
#[utoipa::path(post, path = "/api/v1/mace/meetings/{id}/agenda/draft", tag = "mace",
    params(("id" = uuid::Uuid, Path, description = "The meeting's id")),
    responses(
        (status = 200, description = "The items added", body = Vec<ItemResponse>),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A role that does not run meetings", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting of the caller's agency", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn draft_agenda(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<ItemResponse>>> {
    let meeting: MeetingId = id("id", &raw)?;
    let caller = caller(state.store.as_ref(), &user).await?;
    let added =
        caller.draft_agenda(meeting, state.install_rules(), "POST /api/v1/mace/meetings/{id}/agenda/draft").await?;
    Ok(Json(added.into_iter().map(|i| item(i, String::new())).collect()))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeRequest {
    #[serde(default)]
    #[schema(required = true, example = "County lines activity around the bus station")]
    pub theme: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
}

/// Adds a theme at the end of the agenda.
#[utoipa::path(post, path = "/api/v1/mace/meetings/{id}/items", tag = "mace",
    params(("id" = uuid::Uuid, Path, description = "The meeting's id")), request_body = ThemeRequest,
    responses(
        (status = 201, description = "The item", body = ItemResponse),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A role that does not run meetings", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting of the caller's agency", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`theme: required`…; nothing written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn add_theme(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    body: JsonBytes,
) -> ApiResult<(StatusCode, Json<ItemResponse>)> {
    let meeting: MeetingId = id("id", &raw)?;
    let r: ThemeRequest = parse(&body.0)?;
    let caller = caller(state.store.as_ref(), &user).await?;
    let added =
        caller.add_theme(meeting, text(&r.theme), text(&r.reason), "POST /api/v1/mace/meetings/{id}/items").await?;
    let label = text(&r.theme).trim().to_owned();
    Ok((StatusCode::CREATED, Json(item(added, label))))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DiscussionRequest {
    /// The item's `version` as read; when sent, a later change is a conflict.
    #[serde(default)]
    pub version: Option<i64>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub decisions: Option<String>,
    /// `green`, `amber`, `red`, or absent when not assessed.
    #[serde(default)]
    pub risk_after: Option<String>,
}

/// Records what the meeting made of an item.
#[utoipa::path(put, path = "/api/v1/mace/meetings/{id}/items/{item}", tag = "mace",
    params(("id" = uuid::Uuid, Path, description = "The meeting's id"), ("item" = uuid::Uuid, Path, description = "The item's id")),
    request_body = DiscussionRequest,
    responses(
        (status = 200, description = "The item as minuted", body = ItemResponse),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A role that does not run meetings", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting or item", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The item changed since `version`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`risk_after: unknown-code`…; nothing written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn record_discussion(
    State(state): State<AppState>,
    user: ApiUser,
    Path((raw, raw_item)): Path<(String, String)>,
    body: JsonBytes,
) -> ApiResult<Json<ItemResponse>> {
    let (meeting, item_id) = paths(&raw, &raw_item)?;
    let r: DiscussionRequest = parse(&body.0)?;
    let caller = caller(state.store.as_ref(), &user).await?;
    let d = Discussion { summary: text(&r.summary), decisions: text(&r.decisions), risk_after: text(&r.risk_after) };
    let done = caller
        .record_discussion(meeting, item_id, r.version, &d, "PUT /api/v1/mace/meetings/{id}/items/{item}")
        .await?;
    Ok(Json(item(done, String::new())))
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionQuery {
    /// The item's `version` as read.
    pub version: i64,
}

/// Takes an item off the agenda (not one with actions agreed against it).
#[utoipa::path(delete, path = "/api/v1/mace/meetings/{id}/items/{item}", tag = "mace",
    params(("id" = uuid::Uuid, Path, description = "The meeting's id"), ("item" = uuid::Uuid, Path, description = "The item's id"),
        VersionQuery),
    responses(
        (status = 204, description = "Taken off"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A role that does not run meetings", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting or item", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The item changed since `version`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`item: has-actions`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn remove_item(
    State(state): State<AppState>,
    user: ApiUser,
    Path((raw, raw_item)): Path<(String, String)>,
    Query(q): Query<VersionQuery>,
) -> ApiResult<StatusCode> {
    let (meeting, item_id) = paths(&raw, &raw_item)?;
    let caller = caller(state.store.as_ref(), &user).await?;
    caller.remove_item(meeting, item_id, q.version, "DELETE /api/v1/mace/meetings/{id}/items/{item}").await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What a MACE item is linked to: a person's id or a place's id (one of them).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemLinkRequest {
    /// A person the caller sees: on a child's item an adult or another child; on a person of
    /// concern's or a place's item, a child.
    #[serde(default)]
    pub person_id: Option<String>,
    /// A place haven holds, on a child's item.
    #[serde(default)]
    pub location_id: Option<String>,
}

/// Records that the meeting linked a person or a place to an item's subject: an edge of the
/// network (`linked_at_mace`, from `mace`), dated by the meeting, seen by the meeting's
/// agencies only. Audited on the child's trail (`mace.item_link`).
#[utoipa::path(post, path = "/api/v1/mace/meetings/{id}/items/{item}/links", tag = "mace",
    params(("id" = uuid::Uuid, Path, description = "The meeting's id"), ("item" = uuid::Uuid, Path, description = "The item's id")),
    request_body = ItemLinkRequest,
    responses(
        (status = 201, description = "The edge the link draws", body = EdgeResponse),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A role that does not run meetings", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting of the caller's agency, or no such item", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`subject: required`, `person_id: unknown-record`, `person_id: needs-a-child`, `person_id: same-as-subject`, `person_id: duplicate`, `item: no-subject-to-link`…; nothing written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn link_item(
    State(state): State<AppState>,
    user: ApiUser,
    Path((raw, raw_item)): Path<(String, String)>,
    body: JsonBytes,
) -> ApiResult<(StatusCode, Json<EdgeResponse>)> {
    let (meeting, item) = paths(&raw, &raw_item)?;
    let r: ItemLinkRequest = parse(&body.0)?;
    let caller = caller(state.store.as_ref(), &user).await?;
    let input = MaceLinkInput { person: text(&r.person_id), location: text(&r.location_id) };
    let link = caller.link_item(meeting, item, &input, "POST /api/v1/mace/meetings/{id}/items/{item}/links").await?;
    Ok((StatusCode::CREATED, Json(edge(&link))))
}
