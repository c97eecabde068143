//! `/api/v1/admin/users`: an agency's users, for its admin (every agency's for the install's).

use super::operator;
use crate::AppState;
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use haven_app::admin::UserChange;
use haven_domain::user::User;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A user as an admin sees them.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UserResponse {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub agency_id: Uuid,
    #[schema(example = "practitioner")]
    pub role: String,
    pub disabled: bool,
    /// Who they are at the organisation's identity provider, when linked: they may sign in there.
    #[schema(example = "248289761001")]
    pub identity: Option<String>,
}

impl From<User> for UserResponse {
    fn from(u: User) -> Self {
        Self {
            id: u.id.0,
            username: u.username.to_string(),
            display_name: u.display_name,
            agency_id: u.agency_id.0,
            role: u.role.code().to_owned(),
            disabled: u.disabled,
            identity: u.identity.map(String::from),
        }
    }
}

/// A new user.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct NewUserRequest {
    #[schema(required = true, example = "j.evans")]
    pub username: String,
    /// The code of the user's agency.
    #[schema(required = true, example = "SWP")]
    pub agency: String,
    #[schema(required = true, example = "practitioner")]
    pub role: String,
    /// Defaults to the username.
    pub display_name: String,
}

/// A new user and the one-time password they must change at their first sign-in.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NewUserResponse {
    pub user: UserResponse,
    /// Shown once.
    pub one_time_password: String,
}

/// A change to a user; a field left out stays as it is.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ChangeUserRequest {
    pub role: Option<String>,
    pub display_name: Option<String>,
    /// `true` ends the user's sessions and stops their tokens at once.
    pub disabled: Option<bool>,
    /// Who they are at the organisation's identity provider (its `sub`, or Entra ID's `oid`);
    /// `""` unlinks. A new or removed identity ends the sessions begun at the provider.
    #[schema(example = "248289761001")]
    pub identity: Option<String>,
}

/// A new one-time password.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PasswordResetResponse {
    /// Shown once; to be changed at the next sign-in.
    pub one_time_password: String,
}

const CREATE: &str = "POST /api/v1/admin/users";
const CHANGE: &str = "PATCH /api/v1/admin/users/{username}";
const RESET: &str = "POST /api/v1/admin/users/{username}/password-reset";

/// The users the caller administers, by username.
#[utoipa::path(get, path = "/api/v1/admin/users", tag = "admin",
    responses(
        (status = 200, description = "The users", body = [UserResponse]),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn list_users(State(state): State<AppState>, user: ApiUser) -> ApiResult<Json<Vec<UserResponse>>> {
    let users = operator(&state, &user).users().await?;
    Ok(Json(users.into_iter().map(UserResponse::from).collect()))
}

/// Adds a user to an agency the caller administers.
#[utoipa::path(post, path = "/api/v1/admin/users", tag = "admin", request_body = NewUserRequest,
    responses(
        (status = 201, description = "The user, with a one-time password", body = NewUserResponse),
        (status = 400, description = "Malformed JSON or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of that agency, or a role they may not grant", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused, each by its field; nothing written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn create_user(
    State(state): State<AppState>,
    user: ApiUser,
    body: JsonBytes,
) -> ApiResult<(StatusCode, Json<NewUserResponse>)> {
    let r: NewUserRequest = parse(&body.0)?;
    let made = operator(&state, &user).create_user(&r.username, &r.agency, &r.role, &r.display_name, CREATE).await?;
    let body = NewUserResponse { user: made.user.into(), one_time_password: made.one_time_password };
    Ok((StatusCode::CREATED, Json(body)))
}

/// Changes a user's role, display name or identity at the organisation's identity provider, or
/// disables or enables them.
#[utoipa::path(patch, path = "/api/v1/admin/users/{username}", tag = "admin", request_body = ChangeUserRequest,
    params(("username" = String, Path, description = "The user's username")),
    responses(
        (status = 200, description = "The user as changed", body = UserResponse),
        (status = 400, description = "Malformed JSON or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin, or a role they may not grant", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown user (or another agency's) or a value refused; nothing written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn change_user(
    State(state): State<AppState>,
    user: ApiUser,
    Path(username): Path<String>,
    body: JsonBytes,
) -> ApiResult<Json<UserResponse>> {
    let r: ChangeUserRequest = parse(&body.0)?;
    let change = UserChange {
        role: r.role.as_deref(),
        display_name: r.display_name.as_deref(),
        disabled: r.disabled,
        identity: r.identity.as_deref(),
    };
    let changed = operator(&state, &user).change_user(&username, &change, CHANGE).await?;
    Ok(Json(changed.into()))
}

/// Sets a new one-time password; the user's sessions end.
#[utoipa::path(post, path = "/api/v1/admin/users/{username}/password-reset", tag = "admin",
    params(("username" = String, Path, description = "The user's username")),
    responses(
        (status = 200, description = "The one-time password", body = PasswordResetResponse),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown user (or another agency's)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn reset_password(
    State(state): State<AppState>,
    user: ApiUser,
    Path(username): Path<String>,
) -> ApiResult<Json<PasswordResetResponse>> {
    let one_time_password = operator(&state, &user).reset_password(&username, RESET).await?;
    Ok(Json(PasswordResetResponse { one_time_password }))
}
