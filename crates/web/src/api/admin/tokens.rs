//! `/api/v1/admin/users/{username}/tokens`: a user's API tokens, named and expiring, for their
//! agency's admin: listed (never their secrets), issued (the secret shown once) and revoked.

use super::operator;
use crate::AppState;
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use haven_store::ApiToken;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A token as listed: never its secret or its hash.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TokenResponse {
    pub id: Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked: bool,
}

impl From<ApiToken> for TokenResponse {
    fn from(t: ApiToken) -> Self {
        Self { id: t.id.0, name: t.name, created_at: t.created_at, expires_at: t.expires_at, revoked: t.revoked }
    }
}

/// A new token.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct NewTokenRequest {
    /// What it is for.
    #[schema(required = true, example = "case management sync")]
    pub name: String,
    /// The last day it works, `YYYY-MM-DD`; left out, a year from today.
    #[schema(example = "2027-06-30")]
    pub expires_on: String,
}

/// A new token and its secret, shown this once.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NewTokenResponse {
    pub token: TokenResponse,
    /// `Authorization: Bearer <secret>`; stored only as a hash.
    pub secret: String,
}

const LIST: &str = "GET /api/v1/admin/users/{username}/tokens";
const ISSUE: &str = "POST /api/v1/admin/users/{username}/tokens";
const REVOKE: &str = "DELETE /api/v1/admin/users/{username}/tokens/{id}";

/// A user's tokens, newest first.
#[utoipa::path(get, path = "/api/v1/admin/users/{username}/tokens", tag = "admin",
    params(("username" = String, Path, description = "The user's username")),
    responses(
        (status = 200, description = "The tokens", body = [TokenResponse]),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown user (or another agency's)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn list_tokens(
    State(state): State<AppState>,
    user: ApiUser,
    Path(username): Path<String>,
) -> ApiResult<Json<Vec<TokenResponse>>> {
    let tokens = operator(&state, &user).tokens(&username, LIST).await?;
    Ok(Json(tokens.into_iter().map(TokenResponse::from).collect()))
}

/// Issues a token for a user.
#[utoipa::path(post, path = "/api/v1/admin/users/{username}/tokens", tag = "admin", request_body = NewTokenRequest,
    params(("username" = String, Path, description = "The user's username")),
    responses(
        (status = 201, description = "The token and its secret", body = NewTokenResponse),
        (status = 400, description = "Malformed JSON or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown user, no name, or an expiry in the past; nothing written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn issue_token(
    State(state): State<AppState>,
    user: ApiUser,
    Path(username): Path<String>,
    body: JsonBytes,
) -> ApiResult<(StatusCode, Json<NewTokenResponse>)> {
    let r: NewTokenRequest = parse(&body.0)?;
    let (token, secret) = operator(&state, &user).issue_token(&username, &r.name, &r.expires_on, ISSUE).await?;
    Ok((StatusCode::CREATED, Json(NewTokenResponse { token: token.into(), secret })))
}

/// Revokes a token: it opens nothing from now on.
#[utoipa::path(delete, path = "/api/v1/admin/users/{username}/tokens/{id}", tag = "admin",
    params(("username" = String, Path, description = "The user's username"), ("id" = Uuid, Path, description = "The token's id")),
    responses(
        (status = 200, description = "The token, revoked", body = TokenResponse),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown user or token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn revoke_token(
    State(state): State<AppState>,
    user: ApiUser,
    Path((username, id)): Path<(String, String)>,
) -> ApiResult<Json<TokenResponse>> {
    Ok(Json(operator(&state, &user).revoke_token(&username, &id, REVOKE).await?.into()))
}
