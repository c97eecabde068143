//! The signed-in user's own account: `/account/password` (GET, POST) to change the password.
//! A new account's password was chosen by an administrator, so the first sign-in leads here
//! and every other page waits until it is changed.

mod password_edit;
mod password_update;

use crate::AppState;
use axum::Router;
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new().route("/account/password", get(password_edit::show).post(password_update::update))
}
