//! The JSON API under `/api/v1`, and `/healthz`.
//!
//! The router is built in one place with [`OpenApiRouter`], so the OpenAPI document served at
//! `/api/v1/openapi.json` is made from the same handlers as the routes and cannot drift from
//! them. Every call authenticates with `Authorization: Bearer <token>` (never a cookie), is
//! authorised by `haven_domain::policy::can`, and fails with an `application/problem+json` body.

pub mod access;
pub mod admin;
pub mod audit;
pub mod auth;
pub mod directory;
pub mod disruption;
pub mod error;
pub mod figures;
pub mod health;
pub mod json;
pub mod mace;
pub mod markers;
pub mod missing;
pub mod network;
pub mod people;
pub mod priority;
pub mod query;
pub mod screenings;

use crate::AppState;
use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::{Extension, Router};
use error::ApiError;
use std::sync::Arc;
use utoipa::openapi::OpenApi as OpenApiDoc;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The document's fixed parts; the paths and schemas come from the routes.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "haven API",
        description = "Shared records of children who go missing or are exploited. Every call \
            is authorised by the access policy and audited. Errors are `application/problem+json` \
            with `errors: [{field, code}]`."
    ),
    modifiers(&BearerScheme),
    tags(
        (name = "people", description = "Children and adults of concern"),
        (name = "missing", description = "Missing episodes, from report to return home interview"),
        (name = "markers", description = "Warning markers on people and places, their approval and reviews"),
        (name = "disruption", description = "Disruption activity under the 4Ps against persons of concern and places: the tactic, its dates, outcome and officer"),
        (name = "nrm", description = "National Referral Mechanism referrals of children and their decisions"),
        (name = "screening", description = "Exploitation screening: the answers, score, tier, judgement and what is due"),
        (name = "priority", description = "An area's children in priority order, each score with its reasons, and the list's make-up against its cohort"),
        (name = "figures", description = "An area's figures for boards, each with its definition and trend, small numbers hidden for scrutiny"),
        (name = "mace", description = "MACE meetings: agenda, minutes and the action register, for the meeting's agencies only"),
        (name = "directory", description = "The partner directory: an area's teams and services, what they do, how to refer, and the referral pathways between them"),
        (name = "network", description = "Associations and hotspots: a person's network of children, adults and places from the structured parts of missing episodes, each edge with its source and date; an area's places ranked by episodes"),
        (name = "audit", description = "Who saw or changed a record"),
        (name = "health", description = "Whether haven answers"),
        (name = "meta", description = "This document"),
    )
)]
struct ApiDoc;

/// Declares the `bearer` security scheme that the operations name.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("haven API token")
                    .description(Some("An API token issued by an admin: `Authorization: Bearer haven_…`"))
                    .build(),
            ),
        );
    }
}

/// The routes and their OpenAPI description, not yet given their state.
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(people::router())
        .merge(missing::router())
        .merge(markers::router())
        .merge(mace::router())
        .merge(disruption::router())
        .merge(screenings::router())
        .merge(priority::router())
        .merge(figures::router())
        .merge(network::router())
        .merge(directory::router())
        .merge(audit::router())
        .merge(admin::router())
        .routes(routes!(health::healthz))
        .routes(routes!(openapi_json))
}

/// The OpenAPI document of every route [`router`] serves.
pub fn openapi() -> OpenApiDoc {
    routes().into_openapi()
}

/// The OpenAPI document as JSON, served from memory.
#[derive(Debug, Clone)]
struct Document(Arc<str>);

/// This API's OpenAPI document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json")),
    security(())
)]
async fn openapi_json(Extension(Document(doc)): Extension<Document>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], doc.to_string()).into_response()
}

/// Any other path under `/api/v1`: a problem body rather than an HTML page.
async fn no_such_route() -> ApiError {
    ApiError::NotFound
}

/// A known path with a method it does not take.
async fn wrong_method() -> ApiError {
    ApiError::MethodNotAllowed
}

pub fn router(state: AppState) -> Router {
    let (router, doc) = routes().with_state(state).split_for_parts();
    let doc = match doc.to_json() {
        Ok(json) => json,
        Err(e) => {
            // Cannot happen with utoipa's own types; serve an empty document rather than panic.
            tracing::error!(error = %e, "could not serialise the OpenAPI document");
            "{}".to_owned()
        }
    };
    router
        .method_not_allowed_fallback(wrong_method)
        .route("/api/v1/{*rest}", any(no_such_route))
        .layer(DefaultBodyLimit::max(json::BODY_LIMIT))
        .layer(Extension(Document(Arc::from(doc))))
}
