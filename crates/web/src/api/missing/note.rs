//! `POST /api/v1/missing-episodes/{id}/notes`: adds an action, enquiry, sighting, linked person
//! or place, notification or review to an episode. Notes only accumulate, so no version is
//! needed.

use super::access::EpisodePath;
use super::{EpisodeResponse, optional_time, text, time};
use crate::AppState;
use crate::api::access::{agency_codes, caller};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiError, ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use haven_app::Written;
use haven_domain::ids::{LocationId, PersonId};
use haven_domain::missing::input::NoteInput;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

const PURPOSE: &str = "POST /api/v1/missing-episodes/{id}/notes";

/// A note on an episode.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct NoteRequest {
    /// `action`, `enquiry`, `sighting`, `linked_person`, `linked_place`, `notification`,
    /// `supervisor_review` or `inspector_review`.
    #[schema(required = true, example = "sighting")]
    pub kind: Option<String>,
    /// When it happened (a sighting's time, a notification's sending), RFC 3339: not before the
    /// child was last seen, not in the future.
    #[schema(required = true, example = "2026-11-23T23:05:00Z")]
    pub at: Option<String>,
    #[schema(required = true, example = "Seen at the bus station with an older male")]
    pub text: Option<String>,
    /// A linked person (with whom the child may be).
    pub person_id: Option<Uuid>,
    /// A linked place.
    pub location_id: Option<Uuid>,
    /// Required for a notification: `childrens_services`, `placing_authority`,
    /// `host_authority` or `school`.
    pub recipient: Option<String>,
    /// On a `supervisor_review` or `inspector_review`: when the next review of that kind is
    /// due, RFC 3339, if the reviewer sets it (within a week); otherwise the area's interval.
    #[schema(example = "2026-11-24T02:00:00Z")]
    pub next_review_at: Option<String>,
}

/// Adds a note to an episode.
#[utoipa::path(
    post,
    path = "/api/v1/missing-episodes/{id}/notes",
    tag = "missing",
    params(("id" = uuid::Uuid, Path, description = "The episode's id")),
    request_body = NoteRequest,
    responses(
        (status = 201, description = "The episode with the note added, and its new version",
            body = EpisodeResponse,
            headers(("Location" = String, description = "`/api/v1/missing-episodes/{id}`"))),
        (status = 400, description = "Malformed id or JSON, an unknown field or a wrong type",
            body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such episode", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body over 1 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused; nothing written",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(episode_id = %id))]
pub async fn add_note(
    State(state): State<AppState>,
    user: ApiUser,
    EpisodePath(id): EpisodePath,
    body: JsonBytes,
) -> ApiResult<Response> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let request: NoteRequest = parse(&body.0)?;
    let input = NoteInput {
        kind: text(&request.kind),
        at: time(request.at.as_deref()),
        text: text(&request.text),
        person_id: request.person_id.map(PersonId),
        location_id: request.location_id.map(LocationId),
        recipient: text(&request.recipient),
        next_review_at: optional_time(request.next_review_at.as_deref()),
    };
    let Written { episode, view, rules } = caller.add_note(id, &input, state.install_rules(), PURPOSE).await?;
    let location = HeaderValue::try_from(format!("/api/v1/missing-episodes/{id}")).map_err(ApiError::internal)?;
    let body = EpisodeResponse::new(episode, view, &agency_codes(store).await?, &rules);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(body)).into_response())
}
