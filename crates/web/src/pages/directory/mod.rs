//! The partner directory: `/directory` (an area's teams by kind, what they do and how to refer,
//! and the chart of who refers to whom with the same as a table), `/directory/teams/new`,
//! `/directory/teams/{id}/edit`, `/directory/pathways/new` and `/directory/pathways/{id}/remove`.
//! Who may do what is `haven_app::directory`'s to decide.

mod chart;
mod pathway;
mod show;
mod team;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/directory", get(show::show))
        .route("/directory/teams/new", get(team::new_form).post(team::create))
        .route("/directory/teams/{id}/edit", get(team::edit_form).post(team::update))
        .route("/directory/pathways/new", get(pathway::form).post(pathway::create))
        .route("/directory/pathways/{id}/remove", post(pathway::remove))
}

/// `/directory` for an area.
fn directory_href(area: &str) -> String {
    format!("/directory?{}", serde_urlencoded::to_string([("area", area)]).unwrap_or_default())
}
