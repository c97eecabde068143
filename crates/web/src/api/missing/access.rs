//! The `{id}` of an episode's path. Who may do what to an episode is `haven_app`'s to decide.

use crate::api::error::ApiError;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use haven_domain::ids::EpisodeId;

/// The `{id}` of an episode's path, parsed; a malformed id is `{field: "id", code: "not-an-id"}`.
#[derive(Debug, Clone, Copy)]
pub struct EpisodePath(pub EpisodeId);

impl<S: Send + Sync> FromRequestParts<S> for EpisodePath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::bad_field("id", "not-an-id"))?;
        raw.parse::<EpisodeId>().map(Self).map_err(|code| ApiError::bad_field("id", code))
    }
}
