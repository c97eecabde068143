//! Who is calling: `Authorization: Bearer <token>`, looked up by the token's hash. Cookies are
//! never read here, so a browser session cannot be ridden into the API.

use super::error::ApiError;
use crate::AppState;
use crate::auth::token::hash_secret;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use haven_domain::audit::{AuditAction, AuditEvent};
use haven_domain::user::{Actor, User};

/// The user a valid API token belongs to.
#[derive(Debug, Clone)]
pub struct ApiUser(pub User);

impl ApiUser {
    pub fn actor(&self) -> Actor {
        self.0.actor()
    }

    /// An audit event by this user, `purpose` being the API call (`GET /api/v1/people/{id}`).
    pub fn event(&self, action: AuditAction, purpose: &str) -> AuditEvent {
        AuditEvent::by(self.actor(), self.0.username.as_str(), action, purpose, super::access::now())
    }
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer_token(parts)?;
        match state.store.user_by_token(&hash_secret(token), crate::clock::now()).await? {
            Some(user) if !user.disabled => Ok(Self(user)),
            _ => {
                tracing::info!("api request with an unknown or revoked token");
                Err(ApiError::Unauthorised { invalid_token: true })
            }
        }
    }
}

fn bearer_token(parts: &Parts) -> Result<&str, ApiError> {
    let missing = ApiError::Unauthorised { invalid_token: false };
    let value = parts.headers.get(header::AUTHORIZATION).ok_or(missing)?;
    let value = value.to_str().map_err(|_| ApiError::Unauthorised { invalid_token: true })?;
    let (scheme, token) = value.trim().split_once(' ').ok_or(ApiError::Unauthorised { invalid_token: false })?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(ApiError::Unauthorised { invalid_token: false });
    }
    let token = token.trim();
    if token.is_empty() {
        return Err(ApiError::Unauthorised { invalid_token: true });
    }
    Ok(token)
}
