//! haven's web layer: server-rendered pages (GOV.UK Design System, English and Welsh) and the
//! JSON API under `/api/v1`. Handlers are thin: extract, authorise with
//! `haven_domain::policy::can`, call the store, render.

pub mod api;
pub mod assets;
pub mod auth;
pub mod child_summary;
pub mod client_address;
pub mod clock;
pub mod context;
pub mod error;
pub mod figures_words;
pub mod i18n;
pub mod import_runs;
pub mod map_tiles;
pub mod oidc;
pub mod pages;
pub mod priority_words;
pub mod security;
pub mod session;
pub mod state;
pub mod views;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::Response;
pub use state::{AppState, WebConfig};
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;

/// The whole application: pages, API and their shared layers. Layers run from the last added
/// (outermost) to the first: security headers on every response; the trace (method and path
/// only, never the query, which may hold a name); the context (language, session, error
/// pages); CSRF checks on state-changing requests; panics turned into a 500.
pub fn app(state: AppState) -> Router {
    let policy = security::HeaderPolicy::new(state.config.secure_cookies, state.config.map_tiles.as_ref());
    Router::new()
        .merge(pages::router(state.clone()))
        .merge(api::router(state.clone()))
        .fallback(not_found)
        .layer(CatchPanicLayer::new())
        .layer(from_fn(security::csrf))
        .layer(DefaultBodyLimit::max(security::BODY_LIMIT))
        .layer(from_fn_with_state(state, context::context))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request| {
            tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
        }))
        .layer(from_fn_with_state(policy, security::headers))
}

async fn not_found() -> Response {
    error::error_response(error::PageKind::NotFound)
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
