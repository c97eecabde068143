//! Server-rendered pages: one module per resource, one file per action. Each module exports
//! its `router()`; this one joins them.

pub mod account;
pub mod admin;
pub mod audit;
pub mod directory;
pub mod disruption;
pub mod figures;
pub mod home;
pub mod imports;
pub mod linking;
pub mod mace;
pub mod markers;
pub mod missing;
pub mod network;
pub mod people;
pub mod priority;
pub mod reports;
pub mod screening;
pub mod sessions;

use crate::AppState;
use axum::Router;

pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(account::router())
        .merge(admin::router())
        .merge(audit::router())
        .merge(home::router())
        .merge(sessions::router())
        .merge(people::router())
        .merge(reports::router())
        .merge(missing::router())
        .merge(screening::router())
        .merge(priority::router())
        .merge(figures::router())
        .merge(linking::router())
        .merge(markers::router())
        .merge(mace::router())
        .merge(directory::router())
        .merge(disruption::router())
        .merge(network::router())
        .merge(imports::router())
        .route("/assets/{*path}", axum::routing::get(crate::assets::serve))
        .with_state(state)
}

pub use crate::clock::uk_today as today_uk;
