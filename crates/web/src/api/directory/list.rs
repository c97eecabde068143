//! `GET /api/v1/directory?area=`: an area's teams and referral pathways.

use super::DirectoryResponse;
use crate::AppState;
use crate::api::access::caller;
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use crate::api::query::QueryParams;
use axum::Json;
use axum::extract::State;

/// An area's directory: its teams and services by kind, what each does and how to refer, and
/// the referral pathways between them. No person data; not audited.
#[utoipa::path(
    get,
    path = "/api/v1/directory",
    tag = "directory",
    params(("area" = Option<String>, Query, description = "The area's code; absent is the caller's agency's area")),
    responses(
        (status = 200, description = "The area's directory", body = DirectoryResponse),
        (status = 400, description = "An unknown parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An area the caller's agency does not work in (`not-in-area`)",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown area (`area: unknown-area`)", body = Problem,
            content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all)]
pub async fn directory(
    State(state): State<AppState>,
    user: ApiUser,
    q: QueryParams,
) -> ApiResult<Json<DirectoryResponse>> {
    q.only(&["area"])?;
    let caller = caller(state.store.as_ref(), &user).await?;
    let found = caller.directory(q.get("area")).await?;
    Ok(Json(DirectoryResponse::from(&found)))
}
