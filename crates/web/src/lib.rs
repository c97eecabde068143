//! haven's web layer: server-rendered pages (GOV.UK Design System, English and Welsh) and the
//! JSON API under `/api/v1`. Handlers are thin: extract, authorise with
//! `haven_domain::policy::can`, call the store, render.

pub mod api;
pub mod auth;
pub mod pages;
pub mod state;

use axum::Router;
pub use state::{AppState, WebConfig};
use tokio::net::TcpListener;

/// The whole application: pages, API and their shared layers.
pub fn app(state: AppState) -> Router {
    Router::new().merge(pages::router(state.clone())).merge(api::router(state))
}

/// Serves the application on a listener the caller has already bound (so tests and the command
/// line can bind port 0 and learn the port), until ctrl-c.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, app(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
