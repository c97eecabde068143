//! Signing in and out: `/sign-in` (GET, POST) and `/sign-out` (POST); through the
//! organisation's identity provider, `/sign-in/oidc` and its callback (GET).

mod create;
mod delete;
mod new;
mod oidc;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sign-in", get(new::show).post(create::sign_in))
        .route("/sign-out", post(delete::sign_out))
        .route("/sign-in/oidc", get(oidc::start))
        .route("/sign-in/oidc/callback", get(oidc::callback))
}
