//! `GET /healthz`: whether haven and its store answer. No authentication, no personal data.

use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// `ok`, or `unavailable` when the store does not answer.
    #[schema(example = "ok")]
    pub status: String,
    /// `sqlite` or `postgres`.
    #[schema(example = "sqlite")]
    pub store: String,
}

/// Health of haven and its store, for load balancers and monitoring.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "health",
    responses(
        (status = 200, description = "haven and its store answer", body = Health),
        (status = 503, description = "The store does not answer", body = Health),
    ),
    security(())
)]
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let store = state.store.backend().to_owned();
    match state.store.count_people().await {
        Ok(_) => (StatusCode::OK, Json(Health { status: "ok".into(), store })),
        Err(e) => {
            tracing::error!(error = %e, "health check: the store does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, Json(Health { status: "unavailable".into(), store }))
        }
    }
}
