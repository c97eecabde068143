//! Signing in and out: `/sign-in` (GET, POST) and `/sign-out` (POST).

mod create;
mod delete;
mod new;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new().route("/sign-in", get(new::show).post(create::sign_in)).route("/sign-out", post(delete::sign_out))
}
